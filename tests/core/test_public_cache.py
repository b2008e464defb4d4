"""The public page cache (core.public_cache): who is served from it, what is kept, the headers,
and the generation token every write replaces. The invalidation of each kind of public page
through its real door is tested beside the page (tests/*/test_public_cache_*.py)."""

import datetime

import pytest
from django.contrib.auth.models import update_last_login
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from cms.models import HomePage, NoticePage
from core.public_cache import generation
from core.public_cache.middleware import HEADER
from tests.cms.conftest import add_page

pytestmark = pytest.mark.django_db


def twice(client, url, **headers):
    client.get(url, **headers)
    return client.get(url, **headers)


def test_anonymous_page_is_kept_and_served_with_headers(client):
    first = client.get("/")
    assert first[HEADER] == "miss"
    second = client.get("/")
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert "Content-Security-Policy" in second  # added again by the outer middleware
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert 'lang="zh-hans"' in second.content.decode()


def test_matching_etag_answers_304(client):
    etag = client.get("/")["ETag"]
    answer = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304
    assert answer.content == b""
    assert answer["ETag"] == etag
    assert client.get("/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_head_is_answered_from_the_kept_page(client):
    client.get("/")
    head = client.head("/")
    assert head.status_code == 200
    assert head[HEADER] == "hit"
    assert head.content == b""


def test_signed_in_visitor_neither_reads_nor_fills_the_cache(client, owner):
    client.force_login(owner)
    mine = client.get("/")
    assert HEADER not in mine
    assert mine["Cache-Control"] == "private, no-store"
    assert "退出" in mine.content.decode()
    assert HEADER not in client.get("/")
    # Nothing of theirs was stored: the anonymous visitor gets a fresh page, signed out.
    anonymous = Client()
    page = anonymous.get("/")
    assert page[HEADER] == "miss"
    assert "退出" not in page.content.decode() and "登录" in page.content.decode()


def test_session_cookie_skips_a_kept_page(client, owner):
    Client().get("/")  # kept
    client.force_login(owner)
    answer = client.get("/")
    assert HEADER not in answer
    assert "退出" in answer.content.decode()


def test_other_cookies_bypass_but_csrf_cookie_does_not(client):
    twice(client, "/")
    client.cookies["csrftoken"] = "x" * 32
    assert client.get("/")[HEADER] == "hit"
    client.cookies["messages"] = "anything"
    assert HEADER not in client.get("/")


def test_query_string_is_part_of_the_key(client):
    twice(client, "/")
    assert client.get("/?page=2")[HEADER] == "miss"
    assert client.get("/?page=2")[HEADER] == "hit"
    assert HEADER not in client.get("/?" + "x" * 300)


def test_language_is_part_of_the_key(client):
    twice(client, "/")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert english[HEADER] == "miss"


def test_post_and_excluded_paths_are_never_kept(client):
    assert HEADER not in client.get(reverse("login"))
    assert HEADER not in client.get(reverse("login"))
    assert HEADER not in client.get("/search/?q=x")


def test_page_with_a_csrf_token_is_not_kept(client, settings):
    settings.PUBLIC_CACHE_EXCLUDED_PATHS = []  # the sign-in page, now looked at by the cache
    first = client.get(reverse("login"))
    assert first[HEADER] == "bypass"
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "Cache-Control" not in first or "public" not in first["Cache-Control"]
    fresh = Client().get(reverse("login"))
    assert fresh[HEADER] == "bypass"
    token = 'name="csrfmiddlewaretoken" value="'
    assert (
        fresh.content.decode().split(token)[1][:20] != first.content.decode().split(token)[1][:20]
    )


def test_csrf_token_endpoint_is_never_kept(client):
    first = client.get(reverse("csrf_token"))
    assert first["Cache-Control"].startswith("max-age=0")
    assert "no-store" in first["Cache-Control"]
    assert len(first.json()["token"]) == 64
    assert HEADER not in first


def test_preview_is_not_kept(client):
    home = HomePage.objects.get()
    twice(client, "/")
    home.title = "预览中的新标题"  # not saved: only the preview shows it
    preview = home.make_preview_request()
    assert HEADER not in preview
    assert "预览中的新标题" in preview.content.decode()
    assert "预览中的新标题" not in client.get("/").content.decode()


def test_any_write_to_a_public_table_replaces_the_token(client):
    twice(client, "/")
    home = HomePage.objects.get()
    before = generation.current()
    HomePage.objects.filter(pk=home.pk).update(seo_title="x")  # no signal is sent
    assert generation.current() != before
    assert client.get("/")[HEADER] == "miss"


def test_private_writes_keep_the_token(client):
    twice(client, "/")
    before = generation.current()
    session = client.session  # a session row, as every visit of somebody signed in writes
    session["seen"] = 1
    session.save()
    assert generation.current() == before
    assert Client().get("/")[HEADER] == "hit"


def test_a_sign_in_keeps_the_token(client, owner):
    twice(client, "/")
    before = generation.current()
    update_last_login(None, owner)  # what every sign-in runs
    owner.refresh_from_db()
    assert owner.last_login is not None
    assert generation.current() == before
    # Any other change to an account still counts: only the sign-in stamp is known private.
    type(owner).objects.filter(pk=owner.pk).update(real_name="x")
    assert generation.current() != before


def test_token_is_replaced_again_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            HomePage.objects.update(seo_title="y")
    assert generation.bump in callbacks
    assert callbacks.count(generation.bump) == 1
    before = generation.current()
    for callback in callbacks:
        callback()
    assert generation.current() != before


def test_lost_token_is_replaced_by_a_fresh_one(client):
    twice(client, "/")
    caches["public_pages"].delete(generation.KEY)
    assert client.get("/")[HEADER] == "miss"


def test_write_detector_reads_the_statements():
    assert generation.is_public_write('UPDATE "grants_call" SET "state" = %s')
    assert generation.is_public_write('INSERT INTO "needs_need" ("title") VALUES (%s)')
    assert generation.is_public_write('DELETE FROM "review_objection" WHERE id = 1')
    assert generation.is_public_write("INSERT OR IGNORE INTO taggit_tag (name) VALUES (1)")
    assert not generation.is_public_write('SELECT * FROM "grants_call"')
    assert not generation.is_public_write('UPDATE "django_session" SET "expire_date" = %s')
    assert not generation.is_public_write('INSERT INTO "wagtailcore_modellogentry" VALUES (1)')
    assert generation.detect_writes in connection.execute_wrappers


def test_page_kept_no_longer_than_its_content_holds(client, rf):
    from core.public_cache import valid_until

    request = rf.get("/")
    soon = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    later = soon + datetime.timedelta(hours=1)
    valid_until(request, later)
    valid_until(request, soon)
    valid_until(request, None)
    assert request._public_cache_until == soon


def test_cache_off_by_setting(client, settings):
    settings.PUBLIC_CACHE = False
    client.get("/")
    assert HEADER not in client.get("/")


def test_edited_notice_is_fresh_at_once(client):
    from cms.models import NoticeIndexPage

    index = NoticeIndexPage.objects.get()
    notice = add_page(
        index,
        NoticePage(
            title="第一版通知",
            issuer="示范市民政局",
            body="<p>正文一</p>",
            date=datetime.date(2026, 1, 5),
        ),
    )
    url = notice.url
    assert "正文一" in twice(client, url).content.decode()
    notice.body = "<p>正文二</p>"
    notice.save_revision().publish()
    assert "正文二" in client.get(url).content.decode()
