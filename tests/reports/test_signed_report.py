"""The public performance report as a signed PDF, registered when published: its hash on the
project page and the evaluation results equals the served file's; /verify/ links the project."""

import hashlib
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.signing.models import IssuedDocument
from core.signing.pdf import check_signature
from core.workflow import perform_transition
from tests.reports.test_report_pdf import accepted, generated  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def shown_hashes(html: str) -> list[str]:
    return re.findall(r'<code class="sha256">([0-9a-f]{64})</code>', html)


def test_published_report_is_signed_registered_and_shown_with_its_hash(
    generated,  # noqa: F811
    staff,
    client,
    django_capture_on_commit_callbacks,
):
    report = generated
    assert check_signature(report.current_version.public_file.read()).ours  # signed when made
    assert not IssuedDocument.objects.exists()  # issued only once published
    report = perform_transition(report, "review", by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        report = perform_transition(report, "publish", by=staff)
    evaluation = perform_transition(report.evaluation, "publish", by=staff)
    document = IssuedDocument.objects.get()
    data = b"".join(client.get(f"/evaluations/reports/{report.pk}/public.pdf").streaming_content)
    digest = hashlib.sha256(data).hexdigest()
    assert (document.sha256, document.kind) == (digest, "reports.performance_report")
    assert document.issued_at == report.published_at
    project = evaluation.project
    assert document.public_url == reverse("projects_public:detail", args=[project.pk])
    assert shown_hashes(client.get(document.public_url).content.decode()) == [digest]
    results = client.get(f"/evaluations/calls/{project.call_id}/").content.decode()
    assert shown_hashes(results) == [digest]
    cache.clear()
    upload = io.BytesIO(data)
    upload.name = "报告.pdf"
    html = client.post("/verify/", {"file": upload}).content.decode()
    assert '<h2 id="result-h">真实有效</h2>' in html
    assert f'<a href="{document.public_url}">' in html
