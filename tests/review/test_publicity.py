"""公示: working-day dates, frozen snapshot, objections (window, spam, limit), promotion, award."""

import datetime
from decimal import Decimal
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from grants.models import Application, ApplicationState, CallState
from grants.signals import application_awarded
from review import spam
from review.award import award, award_due
from review.decisions import decide, finish_review, propose
from review.draw import draw_panel
from review.models import ObjectionState, RecommendationLine
from review.publication import file_objection, publicity_dates, publish, reject, uphold
from tests.factories import CallFactory
from tests.review.conftest import make_reviewing_call
from tests.review.test_ranking import set_totals

pytestmark = pytest.mark.django_db

D = datetime.date


# --- Working days -------------------------------------------------------------------------------


def test_publicity_across_national_day_2025():
    # 2025: 10/1–10/8 off; Sunday 9/28 and Saturday 10/11 are make-up working days.
    call = CallFactory(publicity_working_days=5)
    first, last, until, covered = publicity_dates(call, D(2025, 9, 26))  # Friday
    # Counted: 9/26, 9/28 (make-up Sunday), 9/29, 9/30, then 10/9 after the holiday.
    assert (first, last, covered) == (D(2025, 9, 26), D(2025, 10, 9), True)
    assert until == last  # no separate objection window
    first, last, _until, _c = publicity_dates(call, D(2025, 9, 27))  # Saturday, not working
    assert first == D(2025, 9, 28)
    assert last == D(2025, 10, 10)


def test_publicity_across_spring_festival_2025():
    # 2025 春节: 1/28–2/4 off; Sunday 1/26 and Saturday 2/8 are make-up working days.
    call = CallFactory(publicity_working_days=7)
    first, last, _until, covered = publicity_dates(call, D(2025, 1, 23))
    # 1/23, 1/24, 1/26 (Sun, make-up), 1/27, 2/5, 2/6, 2/7
    assert (first, last, covered) == (D(2025, 1, 23), D(2025, 2, 7), True)
    call.publicity_working_days = 8
    assert publicity_dates(call, D(2025, 1, 23))[1] == D(2025, 2, 8)  # make-up Saturday


def test_separate_objection_window():
    # Objections are accepted until the later of the 公示's end and the call's own window.
    call = CallFactory(publicity_working_days=7, objection_window_days=5)
    first, last, until, _c = publicity_dates(call, D(2025, 3, 3))
    assert (first, until, last) == (D(2025, 3, 3), D(2025, 3, 11), D(2025, 3, 11))
    call.objection_window_days = 9
    first, last, until, _c = publicity_dates(call, D(2025, 3, 3))
    assert (first, last, until) == (D(2025, 3, 3), D(2025, 3, 11), D(2025, 3, 13))


@pytest.mark.calendar_coverage
def test_uncovered_year_falls_back_and_says_so():
    call = CallFactory(publicity_working_days=5)
    first, last, _until, covered = publicity_dates(call, D(2099, 9, 28))  # a Monday
    assert covered is False
    # 9-29 中秋 and 10/1–10/3 are statutory days (core.workdays.statutory_days)
    assert (first, last) == (D(2099, 9, 28), D(2099, 10, 7))


# --- A call in 公示 -------------------------------------------------------------------------------


@pytest.fixture
def decided(staff, experts):
    call, apps = make_reviewing_call(
        staff,
        n=4,
        amounts=[Decimal("40000.00")] * 4,
        min_scores=3,
        publish_expert_names=True,
        total_budget=Decimal("80000.00"),
    )
    draw_panel(call=call, by=staff, size=3, seed=8)
    for application, score in zip(apps, ["90", "85", "80", "50"], strict=True):
        set_totals(application, [score] * 3)
    finish_review(call, by=staff)
    propose(call, by=staff)
    decide(call, by=staff)
    return call, apps


@pytest.fixture
def running(decided, staff):
    call, apps = decided
    # Published at 09:00 on 26 September 2025 (Beijing): a 公示 starts no earlier than that day.
    moment = datetime.datetime(2025, 9, 26, 1, tzinfo=datetime.UTC)
    with patch("django.utils.timezone.now", return_value=moment):
        publicity = publish(call, by=staff, start=D(2025, 9, 26), contact="电话0755-12345678")
    return call, apps, publicity


def test_publish_freezes_snapshot(running, client):
    call, apps, publicity = running
    assert publicity.ends_on == D(2025, 10, 9)
    assert [e["application"] for e in publicity.snapshot["entries"]] == [apps[0].pk, apps[1].pk]
    assert len(publicity.snapshot["experts"]) == 3
    call.refresh_from_db()
    assert call.state == CallState.PUBLICITY
    # A later edit does not change the public page.
    apps[0].organization.name = "改名后的机构"
    apps[0].organization.save()
    RecommendationLine.objects.filter(application=apps[0]).update(amount=Decimal("1.00"))
    html = client.get(reverse("review_public:publicity", args=[publicity.pk])).content.decode()
    assert "第1号测试社工服务中心" in html
    assert "改名后的机构" not in html
    assert "<td>40,000.00</td>" in html
    assert "2025年10月9日" in html and "2025-10-09" not in html
    assert "电话0755-12345678" in html


def test_objection_window_closed_refused(running):
    _call, apps, publicity = running
    with pytest.raises(ValidationError, match="不在受理期内"):
        file_objection(
            publicity,
            application_id=apps[0].pk,
            name="张三",
            contact="13800000000",
            content="材料不实",
            today=D(2025, 10, 10),
        )
    with pytest.raises(ValidationError, match="请选择公示名单中的项目"):
        file_objection(
            publicity,
            application_id=apps[3].pk,
            name="张三",
            contact="13800000000",
            content="材料不实",
            today=D(2025, 9, 30),
        )


def test_objection_upheld_promotes_next_and_updates_page(running, staff, client):
    _call, apps, publicity = running
    objection = file_objection(
        publicity,
        application_id=apps[0].pk,
        name="张三",
        contact="13800000000",
        content="团队成员与另一项目重复",
        today=D(2025, 9, 29),
    )
    uphold(objection, by=staff, reason="经核实属实")
    objection.refresh_from_db()
    assert objection.state == ObjectionState.UPHELD
    apps[0].refresh_from_db()
    apps[2].refresh_from_db()
    assert apps[0].state == ApplicationState.CANCELLED
    assert apps[2].state == ApplicationState.PUBLICITY  # next ranked, fits the freed money
    html = client.get(reverse("review_public:publicity", args=[publicity.pk])).content.decode()
    assert "<del>测试项目1</del>" in html
    assert "按评审排名递补“测试项目3”" in html
    assert "取消其拟资助资格" in html
    publicity.refresh_from_db()
    assert publicity.snapshot["entries"][0]["application"] == apps[0].pk  # snapshot untouched


def test_objection_rejected_summary_published(running, staff, client):
    _call, apps, publicity = running
    Application.objects.filter(pk=apps[1].pk).update(project_name="“彩虹桥”测试项目2")
    objection = file_objection(
        publicity,
        application_id=apps[1].pk,
        name="李四",
        contact="lisi@example.cn",
        content="预算偏高",
        today=D(2025, 9, 29),
    )
    reject(objection, by=staff, reason="内部意见", summary="预算经专家审核合理")
    html = client.get(reverse("review_public:publicity", args=[publicity.pk])).content.decode()
    assert "对“‘彩虹桥’测试项目2”的异议经核查不成立：预算经专家审核合理" in html
    assert "李四" not in html  # objectors stay private


def test_award_after_publicity_with_signal(running, staff):
    call, apps, publicity = running
    received = []

    def listener(sender, application, amount, by, **kwargs):
        received.append((application.pk, amount, by))

    application_awarded.connect(listener)
    try:
        with pytest.raises(ValidationError, match="尚未结束"):
            award(call, by=staff, today=D(2025, 10, 9))
        objection = file_objection(
            publicity,
            application_id=apps[1].pk,
            name="王五",
            contact="13800000001",
            content="疑问",
            today=D(2025, 10, 9),
        )
        with pytest.raises(ValidationError, match="尚有异议未处理完毕"):
            award(call, by=staff, today=D(2025, 10, 13))
        reject(objection, by=staff, reason="不成立")
        award(call, by=staff, today=D(2025, 10, 13))
    finally:
        application_awarded.disconnect(listener)
    assert received == [
        (apps[0].pk, Decimal("40000.00"), staff),
        (apps[1].pk, Decimal("40000.00"), staff),
    ]
    call.refresh_from_db()
    assert call.state == CallState.DECIDED
    publicity.refresh_from_db()
    assert [e["project"] for e in publicity.result_snapshot["entries"]] == [
        "测试项目1",
        "测试项目2",
    ]


def test_award_job_idempotent(running, monkeypatch):
    call, apps, _publicity = running
    now = datetime.datetime(2025, 10, 10, 9, tzinfo=datetime.UTC)
    assert award_due(datetime.datetime(2025, 10, 9, 9, tzinfo=datetime.UTC)) == []
    assert award_due(now) == [(call, "conclude_publicity")]
    assert award_due(now) == []
    apps[0].refresh_from_db()
    assert apps[0].state == ApplicationState.FUNDED


def test_result_page_lists_funded(running, staff, client):
    call, _apps, publicity = running
    award(call, by=staff, today=D(2025, 10, 13))
    html = client.get(reverse("review_public:result", args=[publicity.pk])).content.decode()
    assert "立项结果" in html
    assert "测试项目1" in html and "测试项目2" in html
    assert "<td>80,000.00</td>" in html


# --- The public form ------------------------------------------------------------------------------


def _post(client, publicity, application, **extra):
    data = {
        "application": application.pk,
        "name": "赵六",
        "contact": "13800000002",
        "content": "申报材料与实际不符",
        "website": "",
        "token": spam.form_token(now=1),  # shown long ago
        **extra,
    }
    return client.post(reverse("review_public:publicity", args=[publicity.pk]), data)


@pytest.fixture
def open_publicity(decided, staff):
    call, apps = decided
    from review.publication import beijing_today

    return call, apps, publish(call, by=staff, start=beijing_today(), contact="0755-1")


def test_public_objection_form_files_objection(open_publicity, client):
    _call, apps, publicity = open_publicity
    response = _post(client, publicity, apps[0])
    assert response.status_code == 302
    objection = publicity.objections.get()
    assert (objection.name, objection.content) == ("赵六", "申报材料与实际不符")


def test_public_form_honeypot_and_too_fast_refused(open_publicity, client):
    _call, apps, publicity = open_publicity
    response = _post(client, publicity, apps[0], website="http://spam.example")
    assert response.status_code == 400
    assert "提交过快或页面已过期" in response.content.decode()
    response = _post(client, publicity, apps[0], token=spam.form_token())
    assert response.status_code == 400
    assert not publicity.objections.exists()


def test_public_form_rate_limited(open_publicity, client, settings):
    cache.clear()
    settings.REVIEW_OBJECTION_RATE_LIMIT = 2
    _call, apps, publicity = open_publicity
    for _i in range(2):
        _post(client, publicity, apps[0])
    response = _post(client, publicity, apps[0])
    assert publicity.objections.count() == 2
    assert response.status_code == 302
    cache.clear()


def test_home_section_lists_running_publicity(open_publicity, rf):
    from review.home import publicity_section

    _call, _apps, publicity = open_publicity
    section = publicity_section(rf.get("/"))
    assert section["slot"] == "publicity"
    assert section["context"]["items"] == [publicity]


def test_run_schedule_ends_publicity(running):
    from unittest.mock import patch

    from grants.schedule import run_due_transitions

    call, apps, _publicity = running
    moment = datetime.datetime(2025, 10, 10, 9, tzinfo=datetime.UTC)
    with patch("django.utils.timezone.now", return_value=moment):
        assert (call, "conclude_publicity") in run_due_transitions()
        assert run_due_transitions() == []
    apps[1].refresh_from_db()
    assert apps[1].state == ApplicationState.FUNDED


def test_objection_attachment_private_to_staff(open_publicity, client, staff, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.hostile_files import make_pdf

    cache.clear()
    call, apps, publicity = open_publicity
    upload = SimpleUploadedFile("证据.pdf", make_pdf(), content_type="application/pdf")
    _post(client, publicity, apps[0], attachment=upload)
    objection = publicity.objections.get()
    assert objection.attachment_name == "证据.pdf"
    url = reverse("review_objection_attachment", args=[call.pk, objection.pk])
    client.force_login(owner)
    assert client.get(url).status_code in (302, 403)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_workbench_ids_are_unique_with_several_objections(running, staff, client):
    """Two objections, the correction form and the settling forms each carry a 'reason' field:
    every id on the page is its own, so every label names one field."""
    import re
    from collections import Counter

    call, apps, publicity = running
    for application in apps[:2]:
        file_objection(
            publicity,
            application_id=application.pk,
            name="王五",
            contact="wangwu@example.cn",
            content="请核实",
            today=D(2025, 9, 29),
        )
    client.force_login(staff)
    html = client.get(reverse("review_call", args=[call.pk])).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    assert html.count('name="reason"') >= 3
