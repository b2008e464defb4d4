"""Signed public PDFs (core.signing): pyHanko validates our signature, the register answers
/verify/, a changed byte or a foreign file is not authentic, a correction replaces."""

import datetime
import hashlib
import io

import pytest
from django.core.cache import cache
from django.template import engines
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from core.pdf import render_pdf
from core.signing import keys
from core.signing.models import IssuedDocument
from core.signing.pdf import check_signature, sign_pdf
from core.signing.register import Verdict, issue, issued_hashes, verify
from tests.factories import UserFactory
from tests.hostile_files import make_pdf

pytestmark = pytest.mark.django_db

ISSUED = datetime.datetime(2026, 3, 2, 1, 30, tzinfo=datetime.UTC)  # 09:30 in Beijing


@pytest.fixture(scope="module")
def document() -> bytes:
    template = engines["django"].from_string("<h1>测试公示</h1><p>拟资助项目名单</p>")
    return sign_pdf(render_pdf(template, {}), reason="测试公示（第1版）")


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def post(client, data: bytes, name="公示.pdf"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post("/verify/", {"file": upload})


def changed_byte(data: bytes) -> bytes:
    """One byte of the page content changed, inside the signed range."""
    changed = bytearray(data)
    changed[len(data) // 3] ^= 0x01
    return bytes(changed)


def test_signature_validates_with_pyhanko_trusting_the_dev_certificate(document):
    folder = keys.ensure_dev_certificate()
    root = load_cert_from_pemder(str(folder / keys.DEV_CERT))
    reader = PdfFileReader(io.BytesIO(document))
    (signature,) = reader.embedded_signatures
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
    assert status.bottom_line
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.docmdp_ok  # certified: no later change allowed
    assert "开发用自签名证书" in status.signing_cert.subject.human_friendly
    assert signature.sig_object["/Reason"] == "测试公示（第1版）"


def test_signing_and_checking_work_inside_a_running_event_loop(document):
    """A browser-driving test or an ASGI server has an event loop running in the thread; pyHanko's
    synchronous calls start their own, so they must not run in it."""
    import asyncio

    async def inside():
        return sign_pdf(make_pdf(), reason="回执"), check_signature(document)

    signed, check = asyncio.run(inside())
    assert check_signature(signed).present and check.ours


def test_another_certificate_is_not_ours(document, settings, tmp_path):
    settings.SIGNING_DEV_DIR = tmp_path / "other"
    foreign = sign_pdf(make_pdf())
    settings.SIGNING_DEV_DIR = tmp_path / "other-again"  # a new certificate: ours now
    check = check_signature(foreign)
    assert (check.present, check.intact, check.ours) == (True, True, False)


def test_registered_document_is_authentic_with_its_record_and_beijing_time(document, client):
    record = UserFactory()
    issue(
        document,
        record=record,
        kind="test",
        title="测试公示（第1版）",
        issued_at=ISSUED,
        public_url="/publicity/1/",
    )
    response = post(client, document)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="result-h">真实有效</h2>' in html
    assert '<a href="/publicity/1/">测试公示（第1版）</a>' in html
    assert "2026年3月2日 09:30" in html
    assert hashlib.sha256(document).hexdigest() in html
    assert not IssuedDocument.objects.exclude(sha256=hashlib.sha256(document).hexdigest())


def test_one_changed_byte_is_not_authentic(document, client):
    issue(document, record=UserFactory(), kind="test", title="测试公示", issued_at=ISSUED)
    response = post(client, changed_byte(document))
    html = response.content.decode()
    assert response.status_code == 200
    assert "无法验证（非本平台文件或已被改动）" in html
    assert "真实有效" not in html
    assert "签名之后内容已被改动" in html
    assert verify(changed_byte(document)).verdict == Verdict.UNKNOWN


def test_appended_bytes_are_not_authentic_though_the_signed_part_is_intact(document, client):
    issue(document, record=UserFactory(), kind="test", title="测试公示", issued_at=ISSUED)
    html = post(client, document + b"\n%% appended\n").content.decode()
    assert "无法验证（非本平台文件或已被改动）" in html
    assert "签名之后文件又被追加或修改过" in html


def test_our_signature_without_a_record_is_not_a_published_document(document, client):
    html = post(client, document).content.decode()
    assert "无法验证（非本平台文件或已被改动）" in html
    assert "不在本平台的发布记录中" in html


def test_unsigned_pdf_is_not_ours(client):
    html = post(client, make_pdf()).content.decode()
    assert "无法验证（非本平台文件或已被改动）" in html
    assert "文件没有数字签名" in html


def test_not_a_pdf_is_refused_and_nothing_is_kept(client):
    response = post(client, b"GIF89a not a pdf", name="图片.pdf")
    assert response.status_code == 400
    assert "文件内容与扩展名不符" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_too_large_is_refused(client, settings):
    settings.VERIFY_MAX_BYTES = 100
    response = post(client, make_pdf())
    assert response.status_code == 400
    assert "文件过大" in response.content.decode()


def test_verification_is_rate_limited(client, settings):
    settings.VERIFY_RATE_LIMIT = 2
    assert post(client, make_pdf()).status_code == 200
    assert post(client, make_pdf()).status_code == 200
    response = post(client, make_pdf())
    assert response.status_code == 429
    assert "验证次数过多" in response.content.decode()


def test_a_correction_replaces_the_earlier_version_whatever_order_they_are_registered(client):
    record = UserFactory()
    first, second, third = (sign_pdf(make_pdf()) for _ in range(3))
    common = {"record": record, "kind": "test", "series": "test.1"}
    v2 = issue(second, title="第2版", issued_at=ISSUED, sequence=2, public_url="/p/", **common)
    v1 = issue(first, title="第1版", issued_at=ISSUED, sequence=1, **common)
    assert v1.replaced_by == v2  # laid out late, already replaced
    v3 = issue(third, title="第3版", issued_at=ISSUED, sequence=3, **common)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.replaced_by, v2.replaced_by, v3.replaced_by) == (v3, v3, None)
    html = post(client, second).content.decode()
    assert '<h2 id="result-h">已被更正替代</h2>' in html
    assert "第3版" in html
    assert verify(third).verdict == Verdict.VALID
    assert issue(third, title="x", issued_at=ISSUED, **common) == v3  # idempotent


def test_issued_hashes_one_query(django_assert_num_queries):
    records = [UserFactory(), UserFactory()]
    data = [sign_pdf(make_pdf()) for _ in records]
    for record, pdf in zip(records, data, strict=True):
        issue(pdf, record=record, kind="test", title="t", issued_at=ISSUED)
    with django_assert_num_queries(1):
        hashes = issued_hashes(records)
    assert hashes == {
        r.pk: hashlib.sha256(d).hexdigest() for r, d in zip(records, data, strict=True)
    }


def test_verify_page_reads_chinese(client):
    html = client.get("/verify/").content.decode()
    assert "<h1>验证文件</h1>" in html
    assert 'accept=".pdf,application/pdf"' in html
    assert "文件只用于本次验证，不会保存。" in html
