"""The public needs board, the public need form and published meeting results."""

from datetime import date

import pytest
from django.core.cache import cache

from core.audit import TRANSITION, history
from core.workflow import TransitionRefused, perform_transition
from needs.models import MeetingMatch, Need, RecommendationMeeting
from tests.factories import ApplicationFactory, CallFactory, NeedFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

BOARD = "/needs/"
SUBMIT = "/needs/submit/"

CONTACTS = ("黄主任", "0755-26000001", "hongjuwei@example.cn")


def _public_form(**overrides):
    data = {
        "title": "小区加装电梯后老人出行协助",
        "description": "老旧小区老人下楼难，希望有志愿者协助就医出行。",
        "affected_group": "高龄老人",
        "affected_count": "30",
        "region_code": "440305",
        "street": "南头街道",
        "community": "星海名城社区",
        "category": "elderly",
        "urgency": "normal",
        "contact_name": "林女士",
        "contact_phone": "13900000000",
        "contact_email": "lin@example.cn",
        "website": "",
    }
    return {**data, **overrides}


# --- the board ----------------------------------------------------------------------------------


def test_board_shows_published_needs_never_contacts(client, community, published_need):
    NeedFactory(organization=community, state="submitted", title="尚未审核的需求")
    NeedFactory(organization=community, state="rejected", title="不予采纳的需求")
    html = client.get(BOARD).content.decode()
    assert "社区长者助餐服务" in html
    assert "尚未审核的需求" not in html
    assert "不予采纳的需求" not in html
    detail = client.get(f"/needs/{published_need.pk}/").content.decode()
    assert "红花园社区高龄长者就餐困难" in detail
    for text in (html, detail):
        for contact in CONTACTS:
            assert contact not in text


def test_unpublished_need_page_is_404(client, submitted_need):
    assert client.get(f"/needs/{submitted_need.pk}/").status_code == 404


def test_board_filters(client, community):
    NeedFactory(organization=community, state="published", title="助残康复", category="disability")
    NeedFactory(
        organization=community,
        state="in_call",
        title="儿童托管",
        category="children",
        urgency="critical",
        region_code="440304",
    )
    html = client.get(BOARD, {"category": "disability"}).content.decode()
    assert "助残康复" in html and "儿童托管" not in html
    html = client.get(BOARD, {"state": "in_call"}).content.decode()
    assert "儿童托管" in html and "助残康复" not in html
    html = client.get(BOARD, {"urgency": "critical"}).content.decode()
    assert "儿童托管" in html and "助残康复" not in html
    html = client.get(BOARD, {"region": "440304"}).content.decode()
    assert "儿童托管" in html and "助残康复" not in html


def test_board_chinese_search(client, community):
    NeedFactory(
        organization=community,
        state="published",
        title="居家养老上门服务",
        description="为失能长者提供上门照护",
    )
    NeedFactory(organization=community, state="published", title="青少年课后托管")
    NeedFactory(organization=community, state="published", title="社会工作站建设")
    html = client.get(BOARD, {"q": "上门养老"}).content.decode()  # words in another order
    assert "居家养老上门服务" in html and "青少年课后托管" not in html
    html = client.get(BOARD, {"q": "社工"}).content.decode()  # a short form of 社会工作
    assert "社会工作站建设" in html and "居家养老上门服务" not in html
    html = client.get(BOARD, {"q": "托管的"}).content.decode()  # stop word dropped
    assert "青少年课后托管" in html and "社会工作站建设" not in html


def test_board_queries_do_not_grow_with_needs(client, community, django_assert_max_num_queries):
    call = CallFactory()
    for i in range(15):
        NeedFactory(organization=community, state="in_call", call=call, title=f"需求{i}")
    with django_assert_max_num_queries(8):
        response = client.get(BOARD)
    assert response.content.decode().count(call.title) == 15


def test_need_page_shows_what_became_of_it(client, community, org_a):
    call = CallFactory(title="2026年社区需求回应征集")
    application = ApplicationFactory(
        call=call, organization=org_a, project_name="幸福食堂", state="funded"
    )
    need = NeedFactory(
        organization=community, state="satisfied", call=call, answered_by=application
    )
    html = client.get(f"/needs/{need.pk}/").content.decode()
    assert "2026年社区需求回应征集" in html
    assert "已由阳光社工服务中心的项目《幸福食堂》承接" in html


# --- the public form ----------------------------------------------------------------------------


def test_public_submission_waits_for_moderation(client):
    response = client.post(SUBMIT, _public_form())
    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.state, need.source, need.organization) == ("submitted", "public", None)
    assert history(need).filter(action=TRANSITION).first().data["to_label"] == "已提交"
    assert "小区加装电梯后老人出行协助" not in client.get(BOARD).content.decode()


def test_honeypot_refuses_and_keeps_nothing(client):
    response = client.post(SUBMIT, _public_form(website="http://spam.example"))
    assert response.status_code == 400
    assert "提交未被接受" in response.content.decode()
    assert not Need.objects.exists()


def test_rate_limit_refuses_and_keeps_nothing(client, settings):
    settings.NEEDS_PUBLIC_RATE_LIMIT = 2
    for i in range(2):
        assert client.post(SUBMIT, _public_form(title=f"需求{i}")).status_code == 302
    response = client.post(SUBMIT, _public_form(title="第三条"))
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert list(Need.objects.values_list("title", flat=True).order_by("title")) == [
        "需求0",
        "需求1",
    ]
    # Another address is not affected.
    other = client.post(SUBMIT, _public_form(title="另一网络"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    cache.clear()


def test_invalid_submission_shows_errors_and_keeps_nothing(client):
    response = client.post(SUBMIT, _public_form(contact_phone="", contact_email=""))
    assert response.status_code == 200
    assert "请至少填写联系电话或联系邮箱" in response.content.decode()
    assert not Need.objects.exists()


def test_form_hides_the_honeypot_from_people(client):
    html = client.get(SUBMIT).content.decode()
    assert '<div class="visually-hidden" aria-hidden="true">' in html
    assert 'name="website"' in html


# --- recommendation meetings --------------------------------------------------------------------


def test_only_published_meeting_results_are_public(client, staff, published_need):
    provider = OrganizationFactory(name="南山区长者服务社")
    meeting = RecommendationMeeting.objects.create(
        title="2026年南头街道项目推荐会",
        department=published_need.department,  # staff's own: only it publishes the result
        held_on=date(2026, 3, 12),
        place="南头街道党群服务中心",
    )
    meeting.needs.add(published_need)
    meeting.save()  # a ParentalManyToManyField writes on save
    MeetingMatch.objects.create(
        meeting=meeting, organization=provider, need=published_need, funder="南头街道办事处"
    )
    assert client.get(f"/needs/meetings/{meeting.pk}/").status_code == 404
    with pytest.raises(TransitionRefused, match="请先填写推荐会结果摘要"):
        perform_transition(meeting, "publish", by=staff)
    RecommendationMeeting.objects.filter(pk=meeting.pk).update(result_summary="达成对接3项")
    perform_transition(meeting, "publish", by=staff)
    html = client.get(f"/needs/meetings/{meeting.pk}/").content.decode()
    assert "达成对接3项" in html
    assert "南山区长者服务社" in html and "南头街道办事处" in html
    assert "2026年南头街道项目推荐会" in client.get("/needs/meetings/").content.decode()
    assert "2026年南头街道项目推荐会" in client.get(f"/needs/{published_need.pk}/").content.decode()
