"""The footer's site identity is read once per change, not once per page (cms.SiteIdentity)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.models import SiteIdentity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    settings.PUBLIC_CACHE = False


def _identity_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return sum("cms_siteidentity" in q["sql"] for q in queries)


def test_identity_is_read_once_and_again_after_an_edit(client, site):
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.icp_number = "粤ICP备11111111号"
    identity.save()
    assert "粤ICP备11111111号" in client.get("/").content.decode()
    assert _identity_queries(client) == 0
    identity.icp_number = "粤ICP备22222222号"
    identity.save()
    html = client.get("/").content.decode()
    assert "粤ICP备22222222号" in html and "粤ICP备11111111号" not in html
