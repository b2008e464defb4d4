"""Records for the API tests, as the platform publishes them: calls with a live public page, 公示
frozen as `review.publication.publish` freezes them (with a 立项结果 or not), evaluations
published with a grade; and the records that are NOT public (a draft call whose page was
published by mistake, a call under review without a 公示, evaluations not yet published)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cms.models import CallIndexPage, CallPage
from core.workdays import working_day_span
from orgs.models import OrgKind
from reports.models import Evaluation, EvaluationScheme, Stage
from review.models import Publicity, PublicityNotice, PublishedVersion, VersionKind
from tests.cms.conftest import add_page
from tests.factories import CallFactory, GovernmentFactory, OrganizationFactory, UserFactory
from tests.reports.conftest import MIDTERM_SCHEME, make_running_project

DEPARTMENT = "示范市民政局"


def department():
    from orgs.models import Organization

    found = Organization.objects.filter(name=DEPARTMENT).first()
    return found or GovernmentFactory(name=DEPARTMENT)


def public_call(title: str, *, state="published", opens_at=None, page=True, **fields):
    """A call with its public page (published), as staff publish them."""
    opens_at = opens_at or timezone.now() - datetime.timedelta(days=1)
    call = CallFactory(
        title=title,
        state=state,
        department=fields.pop("department", None) or department(),
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=30),
        completion_deadline=opens_at + datetime.timedelta(days=37),
        edition=fields.pop("edition", "第一届"),
        description=fields.pop("description", "面向社区的公益服务项目征集。"),
        categories=fields.pop("categories", ["养老服务", "助残服务"]),
        **fields,
    )
    if page:
        add_page(
            CallIndexPage.objects.get(),
            CallPage(
                title=title,
                slug=f"call-{call.pk}",
                call=call,
                summary=f"{title}的摘要。",
                guidelines="<p>请在线填写申报书。</p>",
            ),
        )
    return call


def publicity(call, *, result=False, scores=False, notice=False):
    """The 公示 of `call` as published: snapshot, first archived version, optional result."""
    first, last = working_day_span(timezone.localdate(), 5)
    entries = [
        {
            "application": 10_000 + i,
            "position": i + 1,
            "project": f"{call.title}·项目{i + 1}",
            "organization": f"阳光社工服务中心{i + 1}",
            "category": "养老服务",
            "amount": "50000.00",
            **({"score": "88.50"} if scores else {}),
        }
        for i in range(2)
    ]
    snapshot = {
        "title": f"{call.title}拟资助项目公示",
        "call": call.title,
        "edition": call.edition,
        "department": call.department.name,
        "working_days": 5,
        "published_at": timezone.now().isoformat(),
        "plan": "专家评审，按平均分排序。",
        "starts_on": first.isoformat(),
        "ends_on": last.isoformat(),
        "objections_until": last.isoformat(),
        "contact": "0755-12345678",
        "show_scores": scores,
        "entries": entries,
        "total": "100000.00",
        "experts": [],
    }
    item = Publicity.objects.create(
        call=call,
        starts_on=first,
        ends_on=last,
        objections_until=last,
        contact="0755-12345678",
        snapshot=snapshot,
    )
    PublishedVersion.objects.create(
        publicity=item,
        kind=VersionKind.PUBLICITY,
        number=1,
        published_at=item.published_at,
        content={"snapshot": snapshot, "entries": entries},
    )
    if notice:
        PublicityNotice.objects.create(
            publicity=item,
            kind="cancelled",
            text=f"经核查，取消{entries[1]['project']}的拟资助资格。",
            entry=entries[1],
        )
    if result:
        item.result_snapshot = {
            "title": f"{call.title}立项结果",
            "decided_on": last.isoformat(),
            "entries": [
                {k: e[k] for k in ("project", "organization", "category", "amount")}
                for e in entries
            ],
            "total": "100000.00",
            "publicity_period": [first.isoformat(), last.isoformat()],
            "objections_until": last.isoformat(),
        }
        item.result_published_at = timezone.now()
        item.save(update_fields=["result_snapshot", "result_published_at"])
    return item


def evaluation(call, *, name: str, published=True, grade="优", score="91.50"):
    """A midterm evaluation of a new project of `call`; published (已公开) or only accepted."""
    from reports.actions import commission_evaluations

    agency = OrganizationFactory(name="深圳市公益评估中心", kind=OrgKind.EVALUATION_AGENCY)
    staff = UserFactory(roles=["staff"], departments=[call.department])
    project = make_running_project(call=call, name=name)
    made = commission_evaluations(
        [project],
        stage=Stage.MIDTERM,
        agency=agency,
        scheme=EvaluationScheme.objects.get(name=MIDTERM_SCHEME),
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        by=staff,
    )[0]
    Evaluation.objects.filter(pk=made.pk).update(
        state="published" if published else "accepted",
        published_at=timezone.now() if published else None,
        total_score=Decimal(score),
        grade=grade,
        internal_notes="内部备注：仅供内部。",
    )
    return Evaluation.objects.get(pk=made.pk)
