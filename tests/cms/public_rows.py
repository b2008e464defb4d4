"""Rows of every kind the public pages show, added `n` at a time (issue 20: queries per page do not
grow with the data). States are written directly: the transitions are tested elsewhere."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from cms.models import NoticePage, PurchaseAnnouncementPage
from cms.search import deferred_indexing
from grants.models import CallState
from orgs.models import Incubation
from projects.models import FundedProject, ProgressReport
from reports.models import Evaluation, EvaluationScheme
from review.models import Publicity, PublicityNotice
from tests.cms.conftest import entry, make_catalogue
from tests.factories import (
    CallFactory,
    CommunityFactory,
    NeedFactory,
    OrganizationFactory,
    UserFactory,
    make_funded_project,
)
from tests.orgs.incubation_support import make_base


def make_world(site):
    """What the rows hang on: a decided call with its 公示, a base, a catalogue, an agency."""
    call = CallFactory(title="2026年南山区公益创投")
    type(call).objects.filter(pk=call.pk).update(state=CallState.PUBLICITY)
    today = timezone.localdate()
    publicity = Publicity.objects.create(
        call=call,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=14),
        objections_until=today + datetime.timedelta(days=14),
        contact="0755-12345678",
        snapshot={"title": f"{call.title}拟资助项目公示", "call": call.title, "entries": []},
    )
    catalogue = make_catalogue(site)
    group = entry(entry(catalogue, "A", "公共服务"), "A-1", "养老服务")
    item = entry(group, "A-1-1", "社区养老服务", service_content="居家探访。")
    return SimpleNamespace(
        site=site,
        call=call,
        publicity=publicity,
        base=make_base(),
        applicant=UserFactory(),
        community=CommunityFactory(),
        item=item,
        scheme=EvaluationScheme.objects.filter(stage="midterm").first(),
        agency=OrganizationFactory(name="深圳市公益评估中心", kind="evaluation_agency"),
        staff=UserFactory(),
        projects=[],
        made=0,
    )


def add_rows(world, n, *, projects=None):
    """`n` more rows of every kind (`projects` funded projects, default `n`)."""
    start, world.made = world.made, world.made + n
    _incubated(world, n, start)
    for k in range(projects if projects is not None else n):
        _project(world, start + k)
    if world.projects:
        _reports(world.projects[0], n, start)
    with deferred_indexing():
        _more(world, start, n)
    _publicity(world, n)


def _more(world, start, n):
    for k in range(start, start + n):
        NeedFactory(
            organization=world.community,
            state="published" if k % 2 else "in_call",
            call=world.call if k % 2 == 0 else None,
            published_at=timezone.now(),
            catalogue_item_page=world.item,
        )
        CallFactory(title=f"2026年第{k}批社区服务项目征集")
        entry(world.item, f"A-1-1-{k + 1}", f"四级条目{k + 1}")
        _pages(world, k)


def _incubated(world, n, start):
    today = timezone.localdate()
    orgs = [OrganizationFactory(name=f"孵化中的第{k}社工服务中心") for k in range(start, start + n)]
    Incubation.objects.bulk_create(
        Incubation(
            base=world.base,
            applicant=world.applicant,
            organization=org,
            service_field="社区养老",
            state="graduated" if k % 2 else "incubating",
            admitted_on=today - datetime.timedelta(days=100),
            graduated_on=today if k % 2 else None,
        )
        for k, org in enumerate(orgs)
    )
    world.incubated = [*getattr(world, "incubated", []), *orgs]


def _project(world, k):
    # Every other project is carried out by an incubated organization (the home's "funded after
    # incubation" figure counts those).
    org = world.incubated[k] if k % 2 == 0 and k < len(world.incubated) else None
    project = make_funded_project(call=world.call, organization=org)
    FundedProject.objects.filter(pk=project.pk).update(
        state="in_progress", agreement_confirmed_at=timezone.now()
    )
    Evaluation.objects.bulk_create(
        [
            Evaluation(
                project=project,
                stage="midterm",
                scheme=world.scheme,
                agency=world.agency,
                due_on=timezone.localdate(),
                commissioned_by=world.staff,
                state="published",
                total_score=Decimal("85.00"),
                grade="良好",
                passed=True,
                published_at=timezone.now(),
            )
        ]
    )
    world.projects.append(project)


def _reports(project, n, start):
    today = timezone.localdate()
    ProgressReport.objects.bulk_create(
        ProgressReport(
            project=project,
            kind="quarterly",
            # One report per period end: (project, kind, period_end) is unique; a period
            # never ends before it starts.
            period_start=today - datetime.timedelta(days=91 + start + k),
            period_end=today - datetime.timedelta(days=1 + start + k),
            due_on=today,
            state="approved",
            reviewed_at=timezone.now(),
        )
        for k in range(n)
    )


def _pages(world, k):
    day = timezone.localdate()
    world.site.notices.add_child(
        instance=NoticePage(
            title=f"关于第{k}批项目的通知", slug=f"notice-{k}", issuer="民政局", body="<p>正文</p>"
        )
    )
    world.site.announcements.add_child(
        instance=PurchaseAnnouncementPage(
            title=f"第{k}批社区养老服务购买公告",
            slug=f"purchase-{k}",
            date=day,
            purchaser="示范市民政局",
            service_content="为辖区独居长者提供探访服务。",
            budget=Decimal("100000.00"),
            catalogue_entry=world.item,
            purchase_method="competitive_consultation",
            term_start=day,
            term_end=day + datetime.timedelta(days=365),
        )
    )


def _publicity(world, n):
    """The 公示 lists every project so far; `n` more notices (异议不成立) follow it."""
    entries = [
        {
            "application": p.application_id,
            "position": k + 1,
            "project": p.name,
            "organization": p.organization.name,
            "category": "扶老",
            "amount": str(p.amount),
        }
        for k, p in enumerate(world.projects)
    ]
    Publicity.objects.filter(pk=world.publicity.pk).update(
        snapshot={**world.publicity.snapshot, "entries": entries}
    )
    PublicityNotice.objects.bulk_create(
        PublicityNotice(publicity=world.publicity, kind="rejected", text="经核查，异议不成立。")
        for _k in range(n)
    )


def public_urls(world) -> dict[str, str]:
    return {
        "home": "/",
        "catalogue entry": world.item.url,
        "公示": f"/publicity/{world.publicity.pk}/",
        "project directory": "/projects/",
        "project page": f"/projects/{world.projects[0].pk}/",
        "evaluation results": f"/evaluations/calls/{world.call.pk}/",
        "needs board": "/needs/",
    }
