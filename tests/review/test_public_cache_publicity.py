"""The 公示 and result pages, kept by the public page cache: fresh at once after publication,
an objection's outcome and public summary, and the award; the objection form keeps working on
the kept page, with and without the script that fetches a CSRF token (core.public_cache)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from core.public_cache.middleware import HEADER
from review import spam
from review.award import award
from review.publication import file_objection, publish, reject, uphold
from tests.review.test_publicity import decided, open_publicity, running  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

D = datetime.date


def kept(client, url) -> str:
    client.get(url)
    answer = client.get(url)
    assert answer[HEADER] == "hit"
    return answer.content.decode()


def test_publication_shows_on_kept_index_and_home(client, decided, staff):  # noqa: F811
    call, _apps = decided
    index = reverse("review_public:index")
    assert call.title not in kept(client, index)
    kept(client, "/")
    from review.publication import beijing_today

    publicity = publish(call, by=staff, start=beijing_today(), contact="0755-1")
    assert f"/publicity/{publicity.pk}/" in client.get(index).content.decode()
    assert f"/publicity/{publicity.pk}/" in client.get("/").content.decode()


def test_objection_outcomes_show_at_once(client, running, staff):  # noqa: F811
    _call, apps, publicity = running
    url = reverse("review_public:publicity", args=[publicity.pk])
    assert "<del>测试项目1</del>" not in kept(client, url)
    first = file_objection(
        publicity,
        application_id=apps[1].pk,
        name="李四",
        contact="lisi@example.cn",
        content="预算偏高",
        today=D(2025, 9, 29),
    )
    kept(client, url)
    reject(first, by=staff, reason="内部意见", summary="预算经专家审核合理")
    assert "预算经专家审核合理" in kept(client, url)
    second = file_objection(
        publicity,
        application_id=apps[0].pk,
        name="张三",
        contact="13800000000",
        content="团队成员与另一项目重复",
        today=D(2025, 9, 29),
    )
    uphold(second, by=staff, reason="经核实属实")
    assert "<del>测试项目1</del>" in client.get(url).content.decode()


def test_award_shows_the_result_on_the_kept_page(client, running, staff):  # noqa: F811
    call, _apps, publicity = running
    url = reverse("review_public:publicity", args=[publicity.pk])
    result = reverse("review_public:result", args=[publicity.pk])
    assert result not in kept(client, url)
    award(call, by=staff, today=D(2025, 10, 13))
    assert result in client.get(url).content.decode()
    assert "测试项目1" in kept(client, result)


def _entries(application):
    return {
        "application": application.pk,
        "name": "赵六",
        "contact": "13800000002",
        "content": "申报材料与实际不符",
        "website": "",
        "token": spam.form_token(now=1),
    }


def test_kept_page_carries_no_token_and_the_form_still_files(open_publicity):  # noqa: F811
    _call, apps, publicity = open_publicity
    url = reverse("review_public:publicity", args=[publicity.pk])
    browser = Client(enforce_csrf_checks=True)
    html = kept(browser, url)
    assert 'name="csrfmiddlewaretoken" value=""' in html
    assert f'data-csrf-url="{reverse("csrf_token")}"' in html
    assert "js/csrf-token.js" in html
    # The script: a token of one's own, then the submission.
    token = browser.get(reverse("csrf_token")).json()["token"]
    answer = browser.post(url, {**_entries(apps[0]), "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    assert publicity.objections.get().content == "申报材料与实际不符"
    # Another visitor's kept page never carries that token.
    assert token not in Client().get(url).content.decode()


def test_without_script_the_form_comes_back_with_the_entries(open_publicity):  # noqa: F811
    _call, apps, publicity = open_publicity
    url = reverse("review_public:publicity", args=[publicity.pk])
    browser = Client(enforce_csrf_checks=True)
    kept(browser, url)
    again = browser.post(url, {**_entries(apps[0]), "csrfmiddlewaretoken": ""})
    html = again.content.decode()
    assert again.status_code == 200
    assert HEADER not in again or again[HEADER] != "hit"
    assert not publicity.objections.exists()
    assert "请核对以下内容后再次点击" in html
    assert "申报材料与实际不符" in html and 'value="赵六"' in html
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token
    answer = browser.post(url, {**_entries(apps[0]), "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    assert publicity.objections.count() == 1
