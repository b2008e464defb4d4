"""Issue 17: decisions about public money — publication time, review closed before results move,
the review plan frozen at 开始评审, published records kept as published."""

import datetime
import io
from decimal import Decimal
from unittest.mock import patch

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.workflow import TransitionRefused, perform_transition
from grants.models import ApplicationState, Call, CallCategory, CallState
from orgs.roles import Role
from review import archive, plan_freeze
from review.award import award, award_due, award_problems
from review.decisions import decide, finish_review, propose
from review.draw import draw_panel
from review.forms import PlanForm, PublishForm
from review.models import (
    AssignmentState,
    Criterion,
    Publicity,
    PublishedVersion,
    RecommendationLine,
    ReviewAssignment,
    VersionKind,
)
from review.publication import beijing_today, publicity_dates, publish
from review.scoring import save_sheet
from tests.factories import UserFactory
from tests.review.conftest import force_state, make_reviewing_call
from tests.review.test_ranking import set_totals

pytestmark = pytest.mark.django_db

D = datetime.date
# 09:00 on Friday 26 September 2025 in Beijing.
MOMENT = datetime.datetime(2025, 9, 26, 1, 0, tzinfo=datetime.UTC)


def at(moment):
    return patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def scored(staff, experts):
    call, apps = make_reviewing_call(
        staff, n=3, amounts=[Decimal("40000.00")] * 3, min_scores=3, publish_scores=True
    )
    draw_panel(call=call, by=staff, size=3, seed=8)
    for application, score in zip(apps, ["90", "85", "50"], strict=True):
        set_totals(application, [score] * 3)
    return call, apps


@pytest.fixture
def decided(scored, staff):
    call, apps = scored
    finish_review(call, by=staff)
    propose(call, by=staff)
    decide(call, by=staff)
    return call, apps


# --- 1. Publication time is real ------------------------------------------------------------


def test_backdated_start_refused_by_publish(decided, staff):
    call, _apps = decided
    with pytest.raises(ValidationError, match="不能早于发布当天"):
        publish(call, by=staff, start=beijing_today() - datetime.timedelta(days=20), contact="x")
    assert not Publicity.objects.filter(call=call).exists()
    call.refresh_from_db()
    assert call.state == CallState.REVIEWING


def test_backdated_publicity_refused_by_the_model(decided):
    call, _apps = decided
    today = beijing_today()
    with pytest.raises(ValidationError, match="不能早于发布当天"):
        Publicity.objects.create(
            call=call,
            starts_on=today - datetime.timedelta(days=20),
            ends_on=today + datetime.timedelta(days=10),
            objections_until=today + datetime.timedelta(days=10),
            published_at=timezone.now(),
        )
    with pytest.raises(ValidationError, match="不能少于5个工作日"):
        Publicity.objects.create(
            call=call,
            starts_on=D(2025, 9, 29),
            ends_on=D(2025, 9, 30),
            objections_until=D(2025, 9, 30),
            published_at=MOMENT,
        )


def test_publish_form_and_view_refuse_backdated_start(decided, staff, client):
    call, _apps = decided
    yesterday = beijing_today() - datetime.timedelta(days=1)
    form = PublishForm({"start": yesterday.isoformat(), "contact": "0755-1"})
    assert not form.is_valid()
    assert "不能早于发布当天" in form.errors["start"][0]
    client.force_login(staff)
    response = client.post(
        reverse("review_call_action", args=[call.pk, "publish"]),
        {"start": yesterday.isoformat(), "contact": "0755-1", "confirmed": "1"},
        follow=True,
    )
    assert "不能早于发布当天" in response.content.decode()
    assert not Publicity.objects.filter(call=call).exists()


def test_publicity_never_shorter_than_five_working_days(staff):
    call, _apps = make_reviewing_call(staff, n=1)
    Call.objects.filter(pk=call.pk).update(publicity_working_days=2)
    call.refresh_from_db()
    first, last, until, _covered = publicity_dates(call, D(2025, 3, 3))
    assert (first, last, until) == (D(2025, 3, 3), D(2025, 3, 7), D(2025, 3, 7))
    call.publicity_working_days = 3
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "publicity_working_days" in error.value.message_dict


def test_publication_time_stored_shown_and_audited(decided, staff, client):
    call, _apps = decided
    with at(MOMENT):
        publicity = publish(call, by=staff, start=D(2025, 9, 26), contact="0755-1")
    assert publicity.published_at == MOMENT
    assert publicity.snapshot["published_at"] == MOMENT.isoformat()
    html = client.get(reverse("review_public:publicity", args=[publicity.pk])).content.decode()
    assert "发布时间 <time" in html and "2025年9月26日 09:00" in html
    from core.audit import history

    entry = next(e for e in history(call) if str(e.data.get("summary", "")) == "发布公示")
    assert entry.data["published_at"] == MOMENT.isoformat()


def test_longer_objection_window_holds_the_award(staff, experts):
    call, apps = make_reviewing_call(staff, n=2, amounts=[Decimal("40000.00")] * 2, min_scores=3)
    Call.objects.filter(pk=call.pk).update(publicity_working_days=5, objection_window_days=10)
    call.refresh_from_db()
    draw_panel(call=call, by=staff, size=3, seed=8)
    for application in apps:
        set_totals(application, ["90"] * 3)
    finish_review(call, by=staff)
    propose(call, by=staff)
    decide(call, by=staff)
    with at(MOMENT):
        publicity = publish(call, by=staff, start=D(2025, 9, 26), contact="0755-1")
    # 5 working days end on 10/9; 10 working days from 9/26 end on 10/15 (National Day; the
    # make-up Saturday 10/11 counts).
    assert (publicity.ends_on, publicity.objections_until) == (D(2025, 10, 9), D(2025, 10, 15))
    assert publicity.accepts_objections(D(2025, 10, 13))
    assert award_problems(publicity, D(2025, 10, 13)) == ["异议受理期至2025-10-15，尚未结束"]
    with pytest.raises(ValidationError, match="异议受理期至2025-10-15"):
        award(call, by=staff, today=D(2025, 10, 13))
    assert award_due(datetime.datetime(2025, 10, 13, 9, tzinfo=datetime.UTC)) == []
    assert award_due(datetime.datetime(2025, 10, 16, 1, tzinfo=datetime.UTC)) == [
        (call, "conclude_publicity")
    ]


def test_award_refused_while_a_sheet_is_open(decided, staff):
    call, apps = decided
    with at(MOMENT):
        publicity = publish(call, by=staff, start=D(2025, 9, 26), contact="0755-1")
    sheet = ReviewAssignment.objects.filter(application=apps[0]).first()
    ReviewAssignment.objects.filter(pk=sheet.pk).update(state=AssignmentState.SCORING)
    problems = award_problems(publicity, D(2025, 10, 13))
    assert problems == ["尚有1份专家评分表未提交（待声明回避或评分中），评审尚未结束"]


def test_result_page_shows_both_publication_times(decided, staff, client):
    call, _apps = decided
    with at(MOMENT):
        publicity = publish(call, by=staff, start=D(2025, 9, 26), contact="0755-1")
    award(call, by=staff, now=datetime.datetime(2025, 10, 10, 2, 30, tzinfo=datetime.UTC))
    html = client.get(reverse("review_public:result", args=[publicity.pk])).content.decode()
    assert "2025年10月10日 10:30" in html  # the result went online
    assert "公示发布时间 2025年9月26日 09:00" in html
    assert "计分规则：" in html


# --- 2. Review closes before results move ----------------------------------------------------


def test_start_publicity_refused_through_the_door_while_sheets_open(scored, staff):
    call, apps = scored
    sheet = ReviewAssignment.objects.filter(application=apps[0]).first()
    ReviewAssignment.objects.filter(pk=sheet.pk).update(state=AssignmentState.PENDING)
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(call, "start_publicity", by=staff)
    assert refused.value.reasons == [
        "尚有1份专家评分表未提交（待声明回避或评分中），评审尚未结束；"
        "请在评审工作台发布公示（公示内容与发布时间由系统记录）"
    ]
    with pytest.raises(ValidationError, match="评审尚未结束"):
        propose(call, by=staff)


def test_expert_cannot_declare_score_or_submit_after_review(scored, staff, client):
    _call, apps = scored
    sheet = ReviewAssignment.objects.filter(application=apps[0]).select_related("expert").first()
    ReviewAssignment.objects.filter(pk=sheet.pk).update(state=AssignmentState.SCORING)
    force_state(apps[0], ApplicationState.REVIEWED)  # review finished meanwhile
    sheet.refresh_from_db()
    user = sheet.expert.user
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(sheet, "submit", by=user)
    assert "评审已结束，评分表不能再声明、填写或提交" in refused.value.reasons
    with pytest.raises(ValidationError, match="评审已结束"):
        save_sheet(sheet, by=user, points={}, comments={}, opinion="同意")
    ReviewAssignment.objects.filter(pk=sheet.pk).update(state=AssignmentState.PENDING)
    sheet.refresh_from_db()
    with pytest.raises(TransitionRefused):
        perform_transition(sheet, "declare_no_conflict", by=user)
    ReviewAssignment.objects.filter(pk=sheet.pk).update(state=AssignmentState.SCORING)
    client.force_login(user)
    response = client.post(
        reverse("portal:review_sheet_save", args=[sheet.pk]), {"opinion": "x"}, follow=True
    )
    assert "评审已结束，评分表不能再声明、填写或提交" in response.content.decode()


# --- 3. The rules in force are frozen --------------------------------------------------------


def test_plan_frozen_at_start_review_through_the_generic_door(staff):
    call = make_reviewing_call(staff, n=1)[0]
    plan = call.review_plan
    assert plan.frozen and plan.frozen_at is not None and plan.version == 1
    assert plan.frozen_rules["scoring_rule"] == "trimmed"
    assert plan.frozen_rules["budget"]["total_budget"] == "1000000.00"
    other = make_reviewing_call(staff, n=1)[0]
    from review.draw import plan_for

    closed = Call.objects.get(pk=other.pk)
    Call.objects.filter(pk=closed.pk).update(state=CallState.CLOSED)
    type(plan).objects.filter(call=closed).update(frozen_rules=None, frozen_at=None)
    plan_for(closed)
    closed = perform_transition(Call.objects.get(pk=closed.pk), "start_review", by=staff)
    assert type(plan).objects.get(call=closed).frozen


def test_frozen_plan_refuses_changes_in_the_model_and_the_form(scored, staff):
    call, _apps = scored
    plan = call.review_plan
    plan.scoring_rule = "mean"
    with pytest.raises(ValidationError, match="须经“重新评审”"):
        plan.save()
    plan.refresh_from_db()
    plan.publish_scores = False  # presentation settings stay editable
    plan.save()
    form = PlanForm(
        {**{f: getattr(plan, f) for f in PlanForm.Meta.fields}, "min_score_to_fund": "50"},
        instance=plan,
    )
    assert not form.is_valid()
    assert "拟资助最低分" in form.non_field_errors()[0]
    with pytest.raises(ValidationError, match="评分标准已锁定"):
        Criterion.objects.create(plan=plan, dimension="x", name="x", max_points=5)
    call = Call.objects.get(pk=call.pk)
    call.total_budget = Decimal("2000000.00")
    with pytest.raises(ValidationError, match="资金总额"):
        call.save()
    with pytest.raises(ValidationError):
        call.full_clean()
    category = CallCategory.objects.filter(call=call).first()
    category.quota_count = 1
    with pytest.raises(ValidationError, match="服务领域配额"):
        category.save()


def test_rereview_discards_decisions_and_records_the_new_plan(decided, staff):
    call, apps = decided
    assert RecommendationLine.objects.filter(call=call).exists()
    with pytest.raises(TransitionRefused, match="请先在评审方案页面"):
        perform_transition(call, "rereview", by=staff, reason="x")
    with pytest.raises(TransitionRefused, match="请填写原因"):
        plan_freeze.rereview(call, by=staff, reason="", changes={"min_score_to_fund": "95"})
    plan_freeze.rereview(
        call,
        by=staff,
        reason="领导小组决定提高最低分",
        changes={"min_score_to_fund": "88", "total_budget": "500000"},
    )
    plan = call.review_plan
    plan.refresh_from_db()
    assert plan.version == 2 and plan.min_score_to_fund == Decimal("88.00")
    assert plan.frozen_rules["min_score_to_fund"] == "88.00"
    assert plan.frozen_rules["budget"]["total_budget"] == "500000.00"
    assert plan.pending_rules is None
    assert not RecommendationLine.objects.filter(call=call).exists()
    for application in apps:
        application.refresh_from_db()
        assert application.state == ApplicationState.REVIEWED
    call.refresh_from_db()
    assert call.total_budget == Decimal("500000.00")
    lines = propose(call, by=staff)
    assert [line.proposed for line in lines] == [True, False, False]  # 90 ≥ 88 > 85
    assert "评审方案第2版" in plan.statement()


def test_rereview_needs_a_second_person(decided, staff, approver, monkeypatch):
    """重新评审 is proposed by one person and carried out only on another's approval; until then
    the plan in force and the decisions stand, and the door refuses the bare transition."""
    from core import approvals
    from core.models import Approval, TwoPersonRule

    call, _apps = decided  # built by one person; from here on 重新评审 needs a second
    monkeypatch.setattr(
        approvals, "rule_for", lambda key: TwoPersonRule(action=key, required=key == "rereview")
    )
    approval, done = plan_freeze.rereview(
        call, by=approver, reason="最低分设置有误", changes={"min_score_to_fund": "88"}
    )
    assert done is None and approval.action == "rereview"
    plan = call.review_plan
    plan.refresh_from_db()
    assert (plan.version, plan.pending_rules) == (1, {"min_score_to_fund": "88.00"})
    assert RecommendationLine.objects.filter(call=call).exists()
    with pytest.raises(PermissionDenied, match="此操作须经审核人批准"):
        perform_transition(call, "rereview", by=approver, reason="绕过审核")
    with pytest.raises(PermissionDenied, match="审核人不能是经办人本人"):
        approvals.approve(approval, by=approver)
    with pytest.raises(PermissionDenied, match="只有审核人可以审批"):
        approvals.approve(Approval.objects.get(pk=approval.pk), by=staff)
    second = UserFactory(email="approver2@example.cn", roles=[Role.STAFF, Role.APPROVER])
    approvals.approve(Approval.objects.get(pk=approval.pk), by=second)
    plan.refresh_from_db()
    assert plan.version == 2 and plan.min_score_to_fund == Decimal("88.00")
    assert not RecommendationLine.objects.filter(call=call).exists()


def test_rereview_from_the_workbench(decided, staff, client):
    call, _apps = decided
    client.force_login(staff)
    data = {
        "scoring_rule": "mean",
        "trim_threshold": "5",
        "min_score_to_fund": "60",
        "min_scores": "3",
        "total_budget": "1000000",
        "per_project_cap": str(call.per_project_cap),
        "reason": "",
        "confirmed": "1",
    }
    url = reverse("review_call_action", args=[call.pk, "rereview"])
    client.post(url, data, follow=True)
    call.review_plan.refresh_from_db()
    assert call.review_plan.version == 1  # no reason, no re-review
    unconfirmed = {k: v for k, v in data.items() if k != "confirmed"}
    response = client.post(url, {**unconfirmed, "reason": "计分规则有误"})
    assert "评审方案将按新的设置生成新版本" in response.content.decode()  # confirm first
    response = client.post(url, {**data, "reason": "计分规则有误"}, follow=True)
    assert "已重新评审" in response.content.decode()
    call.review_plan.refresh_from_db()
    assert call.review_plan.scoring_rule == "mean" and call.review_plan.version == 2


def test_plan_stated_on_ranking_exports_and_publicity(decided, staff, client):
    call, _apps = decided
    statement = call.review_plan.statement()
    assert statement.startswith("计分规则：去掉一个最高分和一个最低分后平均；去极值阈值：5份评分")
    assert "拟资助最低分：60.00；评审方案第1版，锁定于" in statement
    client.force_login(staff)
    html = client.get(reverse("review_call", args=[call.pk])).content.decode()
    assert statement in html
    response = client.get(reverse("review_export", args=[call.pk, "ranking.xlsx"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == statement
    with at(MOMENT):
        publicity = publish(call, by=staff, start=D(2025, 9, 26), contact="0755-1")
    assert publicity.snapshot["plan"] == statement


# --- 7. Published records are kept as published -----------------------------------------------


def test_versions_archived_with_pdf_and_corrections_dated(
    decided, staff, client, django_capture_on_commit_callbacks
):
    call, _apps = decided
    with django_capture_on_commit_callbacks(execute=True), at(MOMENT):
        publicity = publish(call, by=staff, start=D(2025, 9, 26), contact="0755-1")
    first = publicity.versions.get()
    assert (first.kind, first.number, first.published_at) == (VersionKind.PUBLICITY, 1, MOMENT)
    assert first.pdf  # laid out after commit
    with pytest.raises(ValidationError, match="已发布的版本不能修改"):
        first.save()
    correction_moment = datetime.datetime(2025, 9, 29, 2, 0, tzinfo=datetime.UTC)
    with at(correction_moment):
        second = archive.correct(publicity, by=staff, reason="联系电话有误", contact="0755-2")
    assert (second.number, second.reason) == (2, "联系电话有误")
    first.refresh_from_db()
    assert first.content["snapshot"]["contact"] == "0755-1"  # the old text is kept
    publicity.refresh_from_db()
    assert publicity.snapshot["contact"] == "0755-1"  # the snapshot is never rewritten
    html = client.get(reverse("review_public:publicity", args=[publicity.pk])).content.decode()
    assert "更正：</strong>" in html and "2025年9月29日" in html and "联系电话有误" in html
    assert "0755-2" in html
    url = reverse("review_public:version_pdf", args=[publicity.pk, second.pk])
    assert url in html
    response = client.get(url)  # laid out on first download if the task has not run
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    award(call, by=staff, now=datetime.datetime(2025, 10, 10, 2, 0, tzinfo=datetime.UTC))
    result = PublishedVersion.objects.get(publicity=publicity, kind=VersionKind.RESULT)
    assert result.content["result"]["published_at"] == "2025-10-10T02:00:00+00:00"
