"""The needs board and a need's page, kept by the public page cache, are fresh at once after a
moderation transition or a plain save of the need (core.public_cache)."""

import pytest

from core.public_cache.middleware import HEADER
from core.workflow import perform_transition
from needs.models import Need
from tests.factories import NeedFactory

pytestmark = pytest.mark.django_db

BOARD = "/needs/"


def kept(client, url) -> str:
    client.get(url)
    answer = client.get(url)
    assert answer[HEADER] == "hit"
    return answer.content.decode()


def test_published_need_appears_on_the_kept_board(client, staff, submitted_need):
    assert "困境儿童课后托管" not in kept(client, BOARD)
    perform_transition(submitted_need, "publish", by=staff)
    assert "困境儿童课后托管" in client.get(BOARD).content.decode()


def test_closed_need_leaves_the_kept_pages(client, staff, published_need):
    url = f"/needs/{published_need.pk}/"
    assert "社区长者助餐服务" in kept(client, BOARD)
    assert "社区长者助餐服务" in kept(client, url)
    perform_transition(published_need, "close", by=staff, reason="需求已由街道解决")
    published_need.refresh_from_db()
    assert published_need.state == "closed"
    page = client.get(url)
    assert page[HEADER] == "miss"
    assert "已关闭" in page.content.decode()


def test_edited_need_fields_show_at_once(client, community):
    need = NeedFactory(organization=community, state="published", title="助浴服务")
    url = f"/needs/{need.pk}/"
    kept(client, url)
    Need.objects.filter(pk=need.pk).update(title="上门助浴服务")  # no signal, no transition
    assert "上门助浴服务" in client.get(url).content.decode()
    need.refresh_from_db()
    need.title = "长者上门助浴服务"
    need.save()
    assert "长者上门助浴服务" in client.get(BOARD).content.decode()
