"""The 申报回执 as a signed, registered PDF: made on first download after submission, checkable
at /verify/ (no public page), its hash on the application page."""

import hashlib
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.signing.models import IssuedDocument
from core.signing.pdf import check_signature
from core.workflow import perform_transition

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_receipt_is_signed_registered_and_its_hash_shown(draft, owner, client):
    application = perform_transition(draft, "submit", by=owner)
    receipt = application.receipts.get()
    client.force_login(owner)
    url = reverse("portal:application_receipt", args=[application.pk, 1])
    data = body(client.get(url))
    digest = hashlib.sha256(data).hexdigest()
    assert check_signature(data).ours
    document = IssuedDocument.objects.get(sha256=digest)
    assert (document.kind, document.record, document.public_url) == ("grants.receipt", receipt, "")
    assert document.issued_at == receipt.submitted_at
    assert body(client.get(url)) == data  # kept, not signed again
    detail = client.get(reverse("portal:application_detail", args=[application.pk]))
    assert re.findall(r'<code class="sha256">([0-9a-f]{64})</code>', detail.content.decode()) == [
        digest
    ]
    client.logout()
    cache.clear()
    upload = io.BytesIO(data)
    upload.name = "回执.pdf"
    html = client.post("/verify/", {"file": upload}).content.decode()
    assert '<h2 id="result-h">真实有效</h2>' in html
    assert f"申报回执 {receipt.number}（第1次提交）" in html
    assert "该文件不在公开网站发布" in html
