"""The 公示 snapshot and the 立项结果 as signed, registered PDFs (review.archive, core.signing):
a correction replaces the earlier version at /verify/, and the hash beside each link is the
downloaded file's."""

import datetime
import hashlib
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.signing.models import IssuedDocument
from core.signing.pdf import check_signature
from review import archive
from review.award import award
from review.models import PublishedVersion, VersionKind
from review.publication import publish
from tests.review.test_integrity import MOMENT, D, at, decided, scored  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def download(client, version) -> bytes:
    url = reverse("review_public:version_pdf", args=[version.publicity_id, version.pk])
    return b"".join(client.get(url).streaming_content)


def shown_hashes(html: str) -> list[str]:
    return re.findall(r'<code class="sha256">([0-9a-f]{64})</code>', html)


def verify(client, data: bytes) -> str:
    cache.clear()  # the rate limit
    upload = io.BytesIO(data)
    upload.name = "公示.pdf"
    return client.post("/verify/", {"file": upload}).content.decode()


@pytest.fixture
def corrected(decided, staff, django_capture_on_commit_callbacks):  # noqa: F811
    call, _apps = decided
    with django_capture_on_commit_callbacks(execute=True), at(MOMENT):
        publicity = publish(call, by=staff, start=D(2025, 9, 26), contact="0755-1")
    correction_moment = datetime.datetime(2025, 9, 29, 2, 0, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True), at(correction_moment):
        archive.correct(publicity, by=staff, reason="联系电话有误", contact="0755-2")
    return call, publicity


def test_each_publicity_version_is_signed_registered_and_shown_with_its_hash(corrected, client):
    _call, publicity = corrected
    first, second = publicity.versions.filter(kind=VersionKind.PUBLICITY).order_by("number")
    files = [download(client, first), download(client, second)]
    for data in files:
        assert check_signature(data).ours
    digests = [hashlib.sha256(data).hexdigest() for data in files]
    registered = IssuedDocument.objects.filter(kind="review.publicity").order_by("sequence")
    assert [d.sha256 for d in registered] == digests
    assert [d.issued_at for d in registered] == [first.published_at, second.published_at]
    html = client.get(reverse("review_public:publicity", args=[publicity.pk])).content.decode()
    assert shown_hashes(html) == digests


def test_the_corrected_publicity_is_replaced_and_the_correction_is_valid(corrected, client):
    _call, publicity = corrected
    first, second = publicity.versions.filter(kind=VersionKind.PUBLICITY).order_by("number")
    title = publicity.snapshot["title"]
    html = verify(client, download(client, first))
    assert '<h2 id="result-h">已被更正替代</h2>' in html
    page = reverse("review_public:publicity", args=[publicity.pk])
    assert f'<a href="{page}">{title}（第1版）</a>' in html
    assert f'<a href="{page}">{title}（第2版）</a>' in html
    assert "2025年9月26日 09:00" in html  # issued, Beijing time
    assert "2025年9月29日 10:00" in html  # the correction
    html = verify(client, download(client, second))
    assert '<h2 id="result-h">真实有效</h2>' in html


def test_the_result_is_signed_registered_and_shown_with_its_hash(
    corrected, staff, client, django_capture_on_commit_callbacks
):
    call, publicity = corrected
    with django_capture_on_commit_callbacks(execute=True):
        award(call, by=staff, now=datetime.datetime(2025, 10, 10, 2, 0, tzinfo=datetime.UTC))
    result = PublishedVersion.objects.get(publicity=publicity, kind=VersionKind.RESULT)
    data = download(client, result)
    digest = hashlib.sha256(data).hexdigest()
    assert check_signature(data).ours
    document = IssuedDocument.objects.get(kind="review.result")
    assert (document.sha256, document.replaced_by) == (digest, None)
    assert document.public_url == reverse("review_public:result", args=[publicity.pk])
    html = client.get(document.public_url).content.decode()
    assert shown_hashes(html) == [digest]
    assert '<h2 id="result-h">真实有效</h2>' in verify(client, data)
