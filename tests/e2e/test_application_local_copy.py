"""Issue 19, point 9: the application form's local (browser) copy. After typing and uploading an
attachment no phantom "本机浏览器中有一份尚未保存" warning may appear; a copy the server really
lacks is still offered back and restores."""

import re

import pytest
from django.db.models import F
from playwright.sync_api import expect

from tests.e2e import flows

DEMO_DRAFT = "“银龄守望”独居长者探访关爱计划"  # the demo applicant's draft (grants/demo.py)
WARNING = "本机浏览器中有一份尚未保存"


def _open_draft(page, base):
    from grants.models import Application

    application = Application.objects.get(project_name=DEMO_DRAFT)
    flows.sign_in(page, base, flows.APPLICANT_EMAIL)
    edit_url = f"{base}/portal/applications/{application.pk}/edit/"
    page.goto(edit_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("申报书")
    return application, edit_url


def _local_copy(page):
    return page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('gongyi:application:'))"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_phantom_local_copy_warning_after_autosave_and_upload(demo_site, page, tmp_path):
    from grants.models import Application

    application, edit_url = _open_draft(page, demo_site)
    page.get_by_label("项目概述").fill("第一段：自动保存的内容。")
    # The 20 s timer sends it; the status line confirms the server has it.
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存", timeout=30_000)
    assert _local_copy(page) == []

    # Typed just before uploading, before the next autosave: the upload must not leave a copy
    # behind that the next visit calls unsaved.
    page.get_by_label("项目概述").fill("第二段：紧接着上传附件。")
    flows.upload_attachment(page, "承诺书", flows.pdf_file(tmp_path, "承诺书.pdf"))
    expect(page.locator("#local-copy")).to_be_hidden()
    expect(page.get_by_label("项目概述")).to_have_value("第二段：紧接着上传附件。")
    assert Application.objects.get(pk=application.pk).summary == "第二段：紧接着上传附件。"

    page.goto(edit_url)
    expect(page.get_by_label("项目概述")).to_have_value("第二段：紧接着上传附件。")
    page.wait_for_load_state("load")
    expect(page.get_by_text(WARNING)).to_be_hidden()
    expect(page.locator("#autosave-status")).not_to_contain_text("已恢复")
    assert _local_copy(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unsaved_local_copy_is_offered_and_restores(demo_site, page):
    from grants.models import Application

    application, edit_url = _open_draft(page, demo_site)
    page.route(re.compile(r"/autosave/$"), lambda route: route.abort())
    # Another member saves after this page loaded, before the typing below.
    Application.objects.filter(pk=application.pk).update(revision=F("revision") + 1)
    Application.objects.get(pk=application.pk).save(update_fields=["updated_at"])
    page.wait_for_timeout(1000)
    page.get_by_label("项目概述").fill("只在本机浏览器里的内容。")

    page.goto(edit_url)
    expect(page.get_by_text(WARNING)).to_be_visible()
    expect(page.get_by_label("项目概述")).not_to_have_value("只在本机浏览器里的内容。")
    page.get_by_role("button", name="用本机内容覆盖页面").click()
    expect(page.get_by_label("项目概述")).to_have_value("只在本机浏览器里的内容。")
    expect(page.get_by_text(WARNING)).to_be_hidden()
