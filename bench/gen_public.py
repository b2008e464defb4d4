"""What the public pages show that the other generators do not write: incubation bases with the
organizations they admitted (some graduated, some funded afterwards), the needs board (需求库,
needs in every public state, some taken into a call or answered by a funded project), and the
home page's notices and purchase announcements (Wagtail pages).

--scale 1 makes 5 bases with 200 incubated organizations, 2,000 needs, 100 notices and 100
purchase announcements; at least one of each at any scale, so every kind of row exists.
"""

import datetime
from decimal import Decimal

BASES = 5
INCUBATED = 200
NEEDS = 2_000
PAGES = 100
# (state, share): the public states of a need, and a few still waiting for moderation.
NEED_STATES = (
    ("published", 0.4),
    ("in_call", 0.25),
    ("satisfied", 0.2),
    ("closed", 0.1),
    ("submitted", 0.05),
)


def _count(volume, scale) -> int:
    return max(1, int(volume * scale))


def bases(n):
    """`n` incubation bases, each run by an operator organization of its own."""
    from bench.generate import _uscc
    from orgs.models import IncubationBase, Organization, OrgKind

    made = []
    for i in range(n):
        operator = Organization.objects.create(
            name=f"bench-南山区第{i}社会组织孵化中心",
            kind=OrgKind.INCUBATOR_OPERATOR,
            uscc=_uscc(9_980_000 + i),
            registration_authority="深圳市南山区民政局",
            region_code="440305",
            legal_representative="陈静",
            address="深圳市南山区南头街道",
            contact_name="陈静",
            contact_phone="13800138002",
            contact_email=f"bench-incubator{i}@example.cn",
            state="verified",
        )
        made.append(
            IncubationBase.objects.create(
                operator=operator,
                name=f"bench-南山区第{i}社会组织孵化基地",
                address="深圳市南山区深南大道1号",
                desks=60,
                rooms=10,
                services="导师辅导\n财务代账\n能力建设培训",
                how_to_apply="在线提交入驻申请，基地审核后通知面谈。",
            )
        )
    return made


def incubations(n, bases_, rng):
    """`n` admitted organizations spread over the bases: two thirds inside, a third graduated.
    The organizations are bench organizations with a funded project first (so the "funded after
    incubation" figure counts), then others."""
    from orgs.models import Incubation, Organization, User
    from projects.models import FundedProject

    applicant = User.objects.get(email="bench-applicant@example.cn")
    funded = list(
        FundedProject.objects.filter(number__startswith="bench-")
        .order_by("organization_id")
        .values_list("organization_id", flat=True)
        .distinct()[: n // 2]
    )
    others = Organization.objects.filter(name__startswith="bench-深圳市第").exclude(pk__in=funded)
    org_ids = funded + list(others.order_by("pk").values_list("pk", flat=True)[: n - len(funded)])
    today = datetime.date.today()
    rows = []
    for k, org_id in enumerate(org_ids):
        admitted = today - datetime.timedelta(days=rng.randint(30, 900))
        graduated = k % 3 == 2
        rows.append(
            Incubation(
                base=bases_[k % len(bases_)],
                applicant=applicant,
                organization_id=org_id,
                service_field=rng.choice(["社区养老", "青少年服务", "助残服务", "社区治理"]),
                mission="让社区居民互助共融。",
                planned_services="长者探访、助餐、课后托管。",
                team="社工3人，志愿者20人。",
                needs=["space", "mentoring"],
                placement=rng.choice(["physical", "virtual"]),
                state="graduated" if graduated else rng.choice(["incubating", "midterm"]),
                submitted_at=datetime.datetime.combine(
                    admitted - datetime.timedelta(days=20), datetime.time(10), datetime.UTC
                ),
                admitted_on=admitted,
                started_on=admitted,
                planned_end_on=admitted + datetime.timedelta(days=365),
                graduated_on=admitted + datetime.timedelta(days=365) if graduated else None,
            )
        )
    Incubation.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _need_state(rng) -> str:
    x, acc = rng.random(), 0.0
    for state, share in NEED_STATES:
        acc += share
        if x < acc:
            return state
    return NEED_STATES[0][0]


def needs(n, rng):
    """`n` needs of bench communities; those taken into a call name one, satisfied ones the
    funded application that answered them, some a catalogue item."""
    from django.utils import timezone

    from bench.generate import _uscc
    from cms.models import CatalogueEntryPage
    from grants.models import Application, Call
    from needs.models import Need
    from orgs.models import Organization, OrgKind

    communities = [
        Organization.objects.create(
            name=f"bench-南山区第{i}社区居委会",
            kind=OrgKind.OTHER,  # 社区居委会, as the demo registers them
            uscc=_uscc(9_970_000 + i),
            registration_authority="深圳市南山区民政局",
            region_code="440305",
            legal_representative="黄伟",
            address="深圳市南山区南头街道",
            contact_name="黄伟",
            contact_phone="13800138003",
            contact_email=f"bench-community{i}@example.cn",
            state="verified",
        )
        for i in range(10)
    ]
    calls = list(Call.objects.filter(title__startswith="bench-").order_by("pk")[:20])
    answers = list(
        Application.objects.filter(project_name__startswith="bench-", state="funded")
        .order_by("pk")
        .values_list("pk", flat=True)[:n]
    )
    items = list(
        CatalogueEntryPage.objects.filter(live=True, numchild=0)
        .order_by("path")
        .values_list("pk", flat=True)[:50]
    )
    now = timezone.now()
    rows = []
    for k in range(n):
        state = _need_state(rng)
        published = now - datetime.timedelta(days=rng.randint(1, 600))
        rows.append(
            Need(
                organization=communities[k % len(communities)],
                title=f"bench-独居长者上门探访服务{k}",
                description="辖区内独居长者较多，缺少日常探访和应急照护。",
                affected_group="独居长者",
                affected_count=rng.randint(20, 300),
                region_code="440305001",
                community=f"第{k % 30}社区",
                category=rng.choice(["elderly", "disability", "children"]),
                catalogue_item_page_id=items[k % len(items)] if items and k % 4 == 0 else None,
                urgency=rng.choice(["urgent", "normal"]),
                budget_min=Decimal("30000.00"),
                budget_max=Decimal("80000.00"),
                contact_name="黄主任",
                contact_phone="0755-26000001",
                state=state,
                submitted_at=published - datetime.timedelta(days=3),
                published_at=None if state == "submitted" else published,
                call_id=calls[k % len(calls)].pk
                if calls and state in ("in_call", "satisfied")
                else None,
                answered_by_id=answers[k % len(answers)]
                if answers and state == "satisfied"
                else None,
            )
        )
    Need.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def pages(n):
    """`n` notices and `n` purchase announcements under the site's indexes (published)."""
    from cms.models import (
        AnnouncementIndexPage,
        CatalogueEntryPage,
        NoticeIndexPage,
        NoticePage,
        PurchaseAnnouncementPage,
    )
    from cms.search import deferred_indexing

    notices, announcements = NoticeIndexPage.objects.get(), AnnouncementIndexPage.objects.get()
    item = (
        CatalogueEntryPage.objects.filter(live=True, numchild=0, depth__gte=7)
        .order_by("path")
        .values_list("pk", flat=True)
        .first()
    )
    today = datetime.date.today()
    with deferred_indexing():
        for k in range(n):
            day = today - datetime.timedelta(days=k * 3)
            notices.add_child(
                instance=NoticePage(
                    title=f"bench-关于开展第{k}批社区服务项目的通知",
                    slug=f"bench-notice-{k}",
                    date=day,
                    issuer="示范市民政局",
                    summary="各区民政局：现就有关事项通知如下。",
                    body="<p>各区民政局：现就有关事项通知如下。</p>",
                )
            )
            announcements.add_child(
                instance=PurchaseAnnouncementPage(
                    title=f"bench-第{k}批社区养老服务项目购买公告",
                    slug=f"bench-purchase-{k}",
                    date=day,
                    purchaser="示范市民政局",
                    budget=Decimal("200000.00"),
                    service_content="为辖区独居长者提供探访服务。",
                    catalogue_entry_id=item,
                    purchase_method="competitive_consultation",
                    term_start=day,
                    term_end=day + datetime.timedelta(days=365),
                )
            )
    return 2 * n


def reset():
    """Remove what `generate` wrote (before the organizations it points to go)."""
    from wagtail.models import Page

    from needs.models import Need
    from orgs.models import Incubation, IncubationBase

    Need.objects.filter(title__startswith="bench-").delete()
    Incubation.objects.filter(base__name__startswith="bench-").delete()
    IncubationBase.objects.filter(name__startswith="bench-").delete()
    for page in Page.objects.filter(slug__regex=r"^bench-(notice|purchase)-"):
        page.delete()


def generate(scale, rng):
    """EXTRA_GENERATORS entry (after projects, so incubated organizations can be funded)."""
    made_bases = bases(BASES if scale >= 1 else max(1, round(BASES * scale)))
    return [
        ("incubation bases", len(made_bases)),
        ("incubated organizations", incubations(_count(INCUBATED, scale), made_bases, rng)),
        ("needs", needs(_count(NEEDS, scale), rng)),
        ("notices and purchase announcements", pages(_count(PAGES, scale))),
    ]
