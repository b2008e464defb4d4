"""Messages in the platform (站内信, core.inbox): kept with every notification, read in the portal
and the back office, links after the configured site address; the BASE_URL deploy check."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.checks import run_checks
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from core import inbox
from core.checks import DEFAULT_BASE_URL, check_base_url
from core.models import InboxMessage
from core.notifications import MAIL_ONLY, Message, notify, render_message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://gongyi.example.gov.cn"
HREF = re.compile(r"""href=["']([^"']*)["']""")


def _notify(recipients, path="/portal/applications/7/", kind=Message.TRANSITION):
    notify(
        kind,
        recipients=recipients,
        context={
            "kind_label": "组织认证",
            "object_label": "阳光社工服务中心",
            "state_label": "已认证",
            "path": path,
        },
    )


def _message(user, subject="【组织认证】阳光社工服务中心：已认证", **extra):
    return InboxMessage.objects.create(
        recipient=user, kind="transition", subject=subject, body="正文", **extra
    )


# --- kept with every notification -----------------------------------------------------------


def test_notify_keeps_one_message_per_account_in_two_queries(
    owner, member, staff, django_assert_num_queries, django_capture_on_commit_callbacks
):
    gone = UserFactory(email="left@example.cn", is_active=False)
    recipients = ["OWNER@example.cn", member.email, staff.email, gone.email, "nobody@example.cn"]
    with django_assert_num_queries(2):  # the accounts in one query, the messages in one insert
        _notify(recipients)
    kept = InboxMessage.objects.order_by("recipient__email")
    assert [m.recipient for m in kept] == sorted([owner, member, staff], key=lambda u: u.email)
    message = kept[0]
    assert message.kind == "transition"
    assert message.subject == "【组织认证】阳光社工服务中心：已认证"
    assert "阳光社工服务中心" in message.body
    assert message.link == "/portal/applications/7/"
    assert message.read_at is None
    # The mail still goes to every address (with or without an account), after commit.
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        _notify(["nobody@example.cn"])
    assert mail.outbox[-1].to == ["nobody@example.cn"]


def test_a_rolled_back_change_leaves_no_message_and_no_mail(
    owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _notify([owner.email])
            assert InboxMessage.objects.filter(recipient=owner).count() == 1
            raise RuntimeError("the business change failed")
    assert not InboxMessage.objects.exists()
    assert mail.outbox == []


def test_the_verification_link_is_mailed_only(owner):
    assert Message.EMAIL_VERIFICATION in MAIL_ONLY
    notify(
        Message.EMAIL_VERIFICATION,
        recipients=[owner.email],
        context={"name": "张伟", "path": "/accounts/verify/x/y/", "days": 3},
    )
    assert not InboxMessage.objects.exists()


# --- links after the configured site address --------------------------------------------------

# Every variable any e-mail template reads; a link's path is the only one that matters here.
CONTEXT = {
    "path": "/portal/somewhere/1/",
    "org_name": "阳光社工服务中心",
    "project_name": "长者关爱",
    "call_title": "2026年公益创投",
    "state_label": "已认证",
    "transition_label": "退回补正",
    "reason": "请补充材料",
    "actor": "赵科员",
    "next_step": "请补正",
    "kind_label": "组织认证",
    "object_label": "阳光社工服务中心",
    "name": "张伟",
    "days": 3,
    "inviter": "张伟",
    "role_label": "成员",
    "expires": "2026-12-31 12:00",
    "title": "助老需求",
    "report_title": "第1季度报告",
    "count": 1,
    "reports": [{"project": "p", "organization": "o", "title": "t", "due": "2026-01-01"}],
    "expert_name": "孙教授",
    "outstanding": 2,
    "agency": "评估中心",
    "projects": ["长者关爱"],
    "stage": "中期评估",
    "due_on": "2026-12-31",
    "project": "长者关爱",
    "state": "已退回",
    "grade": "良好",
}


@pytest.mark.parametrize("kind", list(Message))
def test_every_kind_links_only_to_the_configured_site(kind, settings, owner):
    settings.WAGTAILADMIN_BASE_URL = SITE + "/"  # a trailing slash must not double up
    _subject, text, html = render_message(kind, CONTEXT)
    hrefs = HREF.findall(html)
    assert hrefs, f"{kind}: the HTML mail has no link"
    for href in hrefs:
        assert href.startswith(SITE + "/") and not href.startswith(SITE + "//"), (kind, href)
    for url in re.findall(r"https?://\S+", text):
        assert url.startswith(SITE + "/"), (kind, url)
    assert SITE + CONTEXT["path"] in text
    if kind in MAIL_ONLY:
        return
    # The kept message's link button points at the same address.
    InboxMessage.objects.all().delete()
    notify(kind, recipients=[owner.email], context=CONTEXT)
    message = InboxMessage.objects.get(recipient=owner)
    client = Client()
    client.force_login(owner)
    page = client.get(reverse("portal:message", args=[message.pk])).content.decode()
    assert f'href="{SITE}{CONTEXT["path"]}"' in page


def test_no_mail_template_hard_codes_a_host_or_a_relative_link():
    root = Path(django_settings.BASE_DIR) / "templates"
    mails = [*(root / "emails").iterdir(), *(root / "orgs/incubation/emails").iterdir()]
    for template in mails:
        source = template.read_text()
        for href in HREF.findall(source):
            assert href.startswith("{{ base_url }}"), (template.name, href)
        assert "://" not in source, template.name


def test_incubation_reminder_and_password_reset_use_the_site_address(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE
    html = render_to_string(
        "orgs/incubation/emails/reminder.html",
        {"base": {"pk": 1, "name": "基地"}, "base_url": SITE, "path": "/portal/incubation/1/"},
    )
    assert HREF.findall(html) == [SITE + "/portal/incubation/1/"]
    reset = render_to_string(
        "orgs/accounts/password_reset_email.txt",
        {"uid": "MQ", "token": "abc-123", "protocol": "http", "domain": "evil.example"},
    )
    assert f"{SITE}/accounts/password/reset/MQ/abc-123/" in reset
    assert "evil.example" not in reset


def test_message_urls_accept_site_paths_and_absolute_addresses_only(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE
    assert inbox.absolute_url("/portal/x/") == SITE + "/portal/x/"
    assert inbox.absolute_url("https://other.example/x") == "https://other.example/x"
    for bad in ("", "//evil.example/x", "javascript:alert(1)", "portal/x"):
        assert inbox.absolute_url(bad) == ""


# --- the portal inbox -------------------------------------------------------------------------


def test_portal_list_detail_marks_read_and_header_count(owner, settings):
    settings.WAGTAILADMIN_BASE_URL = SITE
    first = _message(owner, subject="第一条", link="/portal/applications/1/")
    _message(owner, subject="第二条")
    client = Client()
    client.force_login(owner)
    page = client.get(reverse("portal:messages")).content.decode()
    assert "第一条" in page and "第二条" in page
    assert "2条未读" in page  # the header badge
    detail = client.get(reverse("portal:message", args=[first.pk]))
    assert detail.status_code == 200
    assert f'href="{SITE}/portal/applications/1/"' in detail.content.decode()
    first.refresh_from_db()
    assert first.read_at is not None
    assert "1条未读" in detail.content.decode()  # the count after opening it
    read_at = first.read_at
    client.get(reverse("portal:message", args=[first.pk]))
    first.refresh_from_db()
    assert first.read_at == read_at  # the first reading time is kept
    unread = client.get(reverse("portal:messages"), {"unread": "1"}).content.decode()
    assert "第二条" in unread and "第一条" not in unread


def test_another_persons_message_is_a_404_and_stays_unread(owner, outsider):
    theirs = _message(outsider)
    client = Client()
    client.force_login(owner)
    assert client.get(reverse("portal:message", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert theirs.subject not in client.get(reverse("portal:messages")).content.decode()


def test_mark_all_read_is_a_post_with_csrf_and_touches_only_ones_own(owner, outsider):
    mine = [_message(owner) for _ in range(3)]
    theirs = _message(outsider)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    url = reverse("portal:messages_read_all")
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403  # no CSRF token
    assert InboxMessage.objects.filter(read_at__isnull=True).count() == 4
    client.get(reverse("portal:messages"))
    response = client.post(url, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 302
    assert all(InboxMessage.objects.get(pk=m.pk).read_at for m in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_portal_inbox_is_paginated(owner):
    for i in range(25):
        _message(owner, subject=f"消息{i:02d}")
    client = Client()
    client.force_login(owner)
    first = client.get(reverse("portal:messages")).content.decode()
    second = client.get(reverse("portal:messages"), {"page": "2"}).content.decode()
    assert "消息24" in first and "消息05" in first and "消息04" not in first
    assert "消息04" in second and "消息00" in second and "消息24" not in second


def test_portal_inbox_needs_sign_in():
    response = Client().get(reverse("portal:messages"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unread_count_is_one_query_per_request(owner, django_assert_num_queries):
    _message(owner)
    request = RequestFactory().get("/")
    request.user = owner
    with django_assert_num_queries(1):
        assert inbox.unread_count(request) == 1
        assert inbox.unread_count(request) == 1


# --- the back office ----------------------------------------------------------------------


def _shows(label, html) -> bool:
    """The sidebar menu is JSON inside the page: its Chinese may be written as \\u escapes."""
    return label in html or json.dumps(label)[1:-1] in html


def test_admin_inbox_menu_badge_list_detail_and_read_all(staff, owner):
    mine = _message(staff, subject="员工的消息", link="/admin/projects/dashboard/")
    theirs = _message(owner, subject="别人的消息")
    client = Client()
    client.force_login(staff)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert _shows("站内信（1条未读）", home)
    listing = client.get(reverse("inbox")).content.decode()
    assert "员工的消息" in listing and "别人的消息" not in listing
    assert client.get(reverse("inbox_message", args=[theirs.pk])).status_code == 404
    detail = client.get(reverse("inbox_message", args=[mine.pk]))
    assert detail.status_code == 200
    mine.refresh_from_db()
    assert mine.read_at is not None
    after = client.get(reverse("inbox")).content.decode()
    assert _shows("站内信", after) and not _shows("站内信（1条未读）", after)
    _message(staff)
    assert client.get(reverse("inbox_read_all")).status_code == 405
    assert client.post(reverse("inbox_read_all")).status_code == 302
    assert not InboxMessage.objects.filter(recipient=staff, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


# --- the BASE_URL deploy check -------------------------------------------------------------


def test_the_default_is_the_one_settings_use():
    base = (Path(django_settings.BASE_DIR) / "config/settings/base.py").read_text()
    assert f'env_str("BASE_URL", "{DEFAULT_BASE_URL}")' in base


@pytest.mark.parametrize(
    "value",
    [DEFAULT_BASE_URL, DEFAULT_BASE_URL + "/", "http://localhost:8000", "https://127.0.0.1"],
)
def test_deploy_check_warns_about_a_default_or_local_base_url(settings, value):
    settings.WAGTAILADMIN_BASE_URL = value
    warnings = check_base_url(None)
    assert [w.id for w in warnings] == ["core.W001"]
    assert "core.W001" in {w.id for w in run_checks(include_deployment_checks=True)}
    assert "core.W001" not in {w.id for w in run_checks()}  # a deploy check only


def test_deploy_check_is_quiet_for_the_public_address(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE
    assert check_base_url(None) == []
