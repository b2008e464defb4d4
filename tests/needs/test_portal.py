"""Needs in the portal: recording, editing, submitting, private attachments, access by id."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from needs.models import Need, NeedAttachment
from tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "title": "社区心理疏导",
        "description": "疫情后居民心理压力大，需要心理咨询与团体辅导。",
        "affected_group": "社区居民",
        "affected_count": "300",
        "region_code": "440305",
        "street": "南头街道",
        "community": "红花园社区",
        "category": "health",
        "urgency": "normal",
        "expected_start": "2026-03-01",
        "expected_end": "2026-12-31",
        "budget_min": "20000",
        "budget_max": "50000",
        "contact_name": "黄主任",
        "contact_phone": "0755-26000001",
        "contact_email": "",
    }
    return {**data, **overrides}


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("现场照片.png", buffer.getvalue(), content_type="image/png")


def test_member_records_and_submits_a_need(client, clerk, community):
    client.force_login(clerk)
    response = client.post("/portal/needs/new/", _form(organization=community.pk))
    need = Need.objects.get()
    assert response.url == f"/portal/needs/{need.pk}/"
    assert (need.organization, need.state, need.created_by) == (community, "draft", clerk)
    page = client.get(response.url).content.decode()
    assert "提交需求" in page
    client.post(f"/portal/needs/{need.pk}/transition/submit/")
    assert Need.objects.get(pk=need.pk).state == "submitted"


def test_bad_input_shows_chinese_errors_and_saves_nothing(client, clerk, community):
    client.force_login(clerk)
    response = client.post(
        "/portal/needs/new/",
        _form(budget_min="90000", budget_max="10000", region_code="4403"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "预算上限不能低于预算下限" in html
    assert "行政区划代码应为6位数字" in html
    assert not Need.objects.exists()


def test_social_organization_may_not_record_needs(client, owner):
    client.force_login(owner)
    response = client.get("/portal/needs/new/")
    assert response.status_code == 403
    assert "社会组织可在已公开的需求上表达承接意向" in response.content.decode()


def test_edit_only_while_draft_or_returned(client, clerk, draft_need, published_need):
    client.force_login(clerk)
    response = client.post(f"/portal/needs/{draft_need.pk}/edit/", _form(title="改过的标题"))
    assert response.status_code == 302
    assert Need.objects.get(pk=draft_need.pk).title == "改过的标题"
    response = client.post(f"/portal/needs/{published_need.pk}/edit/", _form(title="x"))
    assert response.status_code == 403
    assert "不能修改" in response.content.decode()


def test_outsider_cannot_see_an_unpublished_need(client, outsider, draft_need):
    client.force_login(outsider)
    response = client.get(f"/portal/needs/{draft_need.pk}/")
    assert response.status_code == 403
    assert "该需求尚未审核公开" in response.content.decode()


def test_attachments_are_private(client, clerk, outsider, staff, community):
    need = NeedFactory(organization=community)
    client.force_login(clerk)
    client.post(
        f"/portal/needs/{need.pk}/attachments/upload/", {"title": "现场照片", "file": _png()}
    )
    attachment = NeedAttachment.objects.get()
    url = f"/portal/needs/{need.pk}/attachments/{attachment.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    Need.objects.filter(pk=need.pk).update(state="published", published_at="2026-01-01T00:00Z")
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 403
    assert "仅对需求提出单位和民政工作人员可见" in response.content.decode()
    client.force_login(staff)
    assert client.get(f"/admin/needs/attachment/{need.pk}/{attachment.pk}/").status_code == 200


def test_bad_upload_stores_nothing(client, clerk, community, private_dir):
    need = NeedFactory(organization=community)
    client.force_login(clerk)
    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    response = client.post(
        f"/portal/needs/{need.pk}/attachments/upload/", {"title": "", "file": fake}, follow=True
    )
    assert "文件内容与扩展名不符" in response.content.decode()
    assert not NeedAttachment.objects.exists()
    assert not list(private_dir.rglob("*.*"))


def test_my_needs_list(client, clerk, draft_need, django_assert_max_num_queries):
    NeedFactory(title="别的社区的需求")
    client.force_login(clerk)
    # 15 on the first request of a session: the footer's site identity (and its site lookup)
    # and the session's first write come with every page.
    with django_assert_max_num_queries(15):
        html = client.get("/portal/needs/").content.decode()
    assert "独居长者上门探访" in html
    assert "别的社区的需求" not in html


def test_stale_edit_cannot_undo_a_submission(clerk, director, draft_need):
    from django.core.exceptions import PermissionDenied

    from core.workflow import perform_transition
    from needs import actions
    from needs.forms import NeedForm

    stale = Need.objects.get(pk=draft_need.pk)  # the clerk opened the form while a draft
    perform_transition(draft_need, "submit", by=director)
    form = NeedForm(_form(title="迟到的修改"), instance=stale)
    assert form.is_valid()
    with pytest.raises(PermissionDenied, match="不能修改"):
        actions.save_need(form=form, by=clerk)
    need = Need.objects.get(pk=draft_need.pk)
    assert (need.state, need.title) == ("submitted", "独居长者上门探访")


def test_admin_edit_keeps_the_state(client, staff, submitted_need):
    stale_state = submitted_need.state
    from core.workflow import perform_transition

    client.force_login(staff)
    page = client.get(f"/admin/needs/edit/{submitted_need.pk}/")
    assert page.status_code == 200
    perform_transition(submitted_need, "publish", by=staff)  # meanwhile, another tab publishes
    response = client.post(
        f"/admin/needs/edit/{submitted_need.pk}/",
        {
            "title": "困境儿童课后托管（修订）",
            "description": "修订后的描述",
            "category": "children",
            "urgency": "normal",
            "catalogue_item_page": "",
            "answered_by": "",
            "department": submitted_need.department_id,
        },
    )
    assert response.status_code == 302
    need = Need.objects.get(pk=submitted_need.pk)
    assert (need.title, need.state) == ("困境儿童课后托管（修订）", "published")
    assert stale_state == "submitted"
