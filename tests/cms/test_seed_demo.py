"""seed_demo carries last year's edition through the real review path: screened applications, a
drawn panel's score sheets, the decision, a published 公示 with a rejected objection, the award
(each proposed by staff@ and approved by approver@, 经办/审核), funded projects and the result; a
second run changes nothing."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from core.audit import TRANSITION, history
from grants.models import Application, Call
from projects.models import FundedProject, Tranche
from review.models import Objection, Publicity, PublicityNotice, ReviewAssignment, Score

pytestmark = pytest.mark.django_db

EDITION = "2025年南山区第四届公益创投大赛"
SILVER = "“银龄同行”独居长者关爱计划"
RAINBOW = "“彩虹桥”困境儿童成长陪伴"
FUNDED_PATH = [
    "submit",
    "start_screening",
    "pass_screening",
    "start_review",
    "finish_review",
    "recommend",
    "start_publicity",
    "award",
]
MODELS = [
    Call,
    Application,
    ReviewAssignment,
    Score,
    Publicity,
    PublicityNotice,
    Objection,
    FundedProject,
    Tranche,
    ModelLogEntry,
]


@pytest.fixture
def seeded(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())
    return Call.objects.get(title=EDITION)


def _transitions(obj) -> list[tuple[str, str | None]]:
    entries = history(obj).filter(action=TRANSITION).order_by("timestamp", "pk")
    return [(e.data["transition"], e.user.email if e.user else None) for e in entries]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_awards_last_years_edition_through_the_review_once(seeded):
    call = seeded
    states = dict(call.applications.values_list("project_name", "state"))
    assert states == {
        SILVER: "funded",
        RAINBOW: "funded",
        "“向阳而行”残障青年就业支持": "not_selected",
        "“四点半课堂”学科辅导提升计划": "screening_failed",
    }
    staff, applicant = "staff@demo.gongyi.cn", "applicant@demo.gongyi.cn"
    approver = "approver@demo.gongyi.cn"
    assert _transitions(call) == [
        ("publish", staff),
        ("close", staff),
        ("start_review", staff),
        ("start_publicity", approver),
        ("conclude_publicity", approver),
        ("archive", staff),
    ]
    silver = call.applications.get(project_name=SILVER)
    # The applicant hands in, staff screen and review; the decision, the 公示 and the award are
    # proposed by staff@ and carried out by approver@'s approval (经办/审核).
    assert _transitions(silver) == [
        ("submit", applicant),
        *((name, staff) for name in FUNDED_PATH[1:-3]),
        *((name, approver) for name in FUNDED_PATH[-3:]),
    ]
    award_entry = history(silver).filter(action=TRANSITION).order_by("timestamp", "pk").last()
    assert (award_entry.data["proposed_by"], award_entry.data["approved_by"]) == (
        "赵敏（民政局）",
        "钱审核（民政局）",
    )
    paid = Tranche.objects.get(project__name=SILVER, position=1)
    # Paid in March; seeded later, the overdue reports make it the approver's override.
    pay_entry = history(paid).filter(action=TRANSITION, data__to="paid").get()
    assert (pay_entry.user.email, pay_entry.data["proposed_by"]) == (approver, "赵敏（民政局）")
    assert [n for n, _by in _transitions(call.applications.get(project_name=RAINBOW))] == (
        FUNDED_PATH
    )
    # Every drawn expert declared and submitted a sheet for each of the three reviewed.
    sheets = ReviewAssignment.objects.filter(application__call=call)
    assert set(sheets.values_list("state", flat=True)) == {"submitted"}
    assert sheets.count() == 15
    assert {
        (p.name, p.organization.name, p.amount, p.application.project_name)
        for p in FundedProject.objects.filter(call=call).select_related("organization")
    } == {
        (SILVER, "南山区阳光长者综合服务中心", Decimal("120000.00"), SILVER),
        (RAINBOW, "南山区彩虹社会工作服务中心", Decimal("90000.00"), RAINBOW),
    }
    project = FundedProject.objects.get(name=SILVER)
    assert [t.title for t in project.tranches.order_by("position")] == ["首期", "二期", "尾款"]
    assert history(project).last().data["summary"] == "立项，生成资助项目"

    publicity = Publicity.objects.get(call=call)
    entries = [
        (e["project"], e["organization"], e["amount"]) for e in publicity.snapshot["entries"]
    ]
    funded = [
        (SILVER, "南山区阳光长者综合服务中心", "120000.00"),
        (RAINBOW, "南山区彩虹社会工作服务中心", "90000.00"),
    ]
    assert entries == funded
    assert publicity.snapshot["title"] == "2025年南山区第四届公益创投大赛拟资助项目公示"
    assert publicity.result_snapshot["title"] == "2025年南山区第四届公益创投大赛立项结果"
    result = [
        (e["project"], e["organization"], e["amount"]) for e in publicity.result_snapshot["entries"]
    ]
    assert (result, publicity.result_snapshot["total"]) == (funded, "210000.00")
    # The 公示 ran last winter; the award is recorded the morning after it ended.
    assert timezone.localdate(publicity.published_at) == publicity.starts_on < publicity.ends_on
    assert publicity.ends_on < timezone.localdate() - timedelta(days=30)
    decided = publicity.ends_on + timedelta(days=1)
    assert publicity.result_snapshot["decided_on"] == decided.isoformat()
    assert timezone.localdate(publicity.result_published_at) == decided
    objection = Objection.objects.get(publicity=publicity)
    assert (objection.state, objection.application.project_name) == ("rejected", RAINBOW)
    assert [n.kind for n in publicity.notices.all()] == ["rejected"]
    # The review demo's own call, handed in the same way, is still at scoring: the demo expert
    # has work waiting.
    micro = Call.objects.get(title="2026年南山区社区治理微创投（专家评审演示）")
    assert [n for n, _by in _transitions(micro)] == ["publish", "close", "start_review"]
    for application in micro.applications.all():
        assert [n for n, _by in _transitions(application)] == FUNDED_PATH[:4]
    assert (
        ReviewAssignment.objects.filter(
            expert__user__email="expert@demo.gongyi.cn", state="pending", application__call=micro
        ).count()
        == 4
    )

    counts = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == counts
