"""Tests for core.pdf: CJK text, embedded subset fonts, page furniture, escaping, no network."""

import re
import shutil
import socket
import subprocess
from io import BytesIO

import pytest
from django.conf import settings
from django.template import engines
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from core.pdf import RefusedURL, StaticOnlyFetcher, pdf_response, render_pdf

SAMPLE = """{% extends "pdf/base.html" %}
{% block cover %}
<section class="cover">
  <div class="cover-title">{{ title }}</div>
  <div class="cover-meta">{{ org }}</div>
</section>
{% endblock %}
{% block toc %}
<nav class="toc"><h2>目录</h2><ol>
  <li><a href="#summary">一、项目概况</a></li>
  <li><a href="#budget">二、预算明细</a></li>
</ol></nav>
{% endblock %}
{% block content %}
<h1 id="summary">一、项目概况</h1>
<p>承接机构：{{ org }}</p>
<p>项目名称：{{ project }}</p>
<p>预算合计：{{ total }}元</p>
<h2 id="budget">二、预算明细</h2>
<table>
  <thead><tr><th>序号</th><th>科目</th><th class="num">金额（元）</th></tr></thead>
  <tbody>
  {% for i in rows %}
    <tr><td>{{ i }}</td><td>活动经费第{{ i }}项</td><td class="num">100.00</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endblock %}
"""
CONTEXT = {
    "title": "绩效评价报告",
    "org": "阳光社工服务中心",
    "project": "<script>alert(1)</script><b>粗体</b>",
    "total": "12,345.67",
    "rows": range(1, 81),
}
PAGE_NUMBER = re.compile(r"第\s*(\d+)\s*页\s*/\s*共\s*(\d+)\s*页")


def from_string(source):
    return engines["django"].from_string(source)


def poppler(tool: str, *args: str) -> str:
    """Run a poppler-utils tool on files this test wrote."""
    command = [shutil.which(tool), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def sample_pdf():
    return render_pdf(from_string(SAMPLE), CONTEXT)


@pytest.fixture(scope="module")
def sample_texts(sample_pdf):
    return page_texts(sample_pdf)


@pytest.fixture(scope="module")
def artifacts_dir():
    path = settings.BASE_DIR / "artifacts" / "pdf"
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- content ----------------------------------------------------------------------------


def test_render_pdf_is_an_a4_pdf(sample_pdf):
    assert sample_pdf.startswith(b"%PDF-")
    box = PdfReader(BytesIO(sample_pdf)).pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)


def test_render_pdf_contains_chinese_text(sample_texts):
    text = "\n".join(sample_texts)
    assert "绩效评价报告" in sample_texts[0]
    assert "阳光社工服务中心" in sample_texts[0]
    assert "承接机构：阳光社工服务中心" in text
    assert "预算合计：12,345.67元" in text
    assert "活动经费第80项" in text


def test_render_pdf_escapes_user_input(sample_texts):
    # Were the value not escaped, the script element would print nothing and <b> would vanish.
    assert "项目名称：<script>alert(1)</script><b>粗体</b>" in "\n".join(sample_texts)


def test_render_pdf_accepts_a_template_name():
    texts = page_texts(render_pdf("pdf/base.html", {"title": "立项通知书"}))
    assert len(texts) == 1
    assert "立项通知书" in texts[0]
    assert PAGE_NUMBER.search(texts[0]).groups() == ("1", "1")


# --- page furniture ----------------------------------------------------------------------


def test_render_pdf_numbers_pages_after_the_cover(sample_texts):
    total = len(sample_texts)
    assert total >= 4
    assert PAGE_NUMBER.search(sample_texts[0]) is None  # the cover has no header or footer
    assert "第 2 页 / 共" in sample_texts[1]
    for number, text in enumerate(sample_texts[1:], start=2):
        assert PAGE_NUMBER.search(text).groups() == (str(number), str(total))


def test_render_pdf_repeats_running_title_and_table_header(sample_texts):
    table_pages = [text for text in sample_texts if "活动经费第" in text]
    assert len(table_pages) >= 2
    for text in sample_texts[1:]:
        assert "绩效评价报告" in text
    for text in table_pages:
        assert "序号 科目 金额（元）" in text


def test_render_pdf_table_of_contents_points_at_pages(sample_texts):
    toc = sample_texts[1]
    for heading in ("一、项目概况", "二、预算明细"):
        page = int(re.search(re.escape(heading) + r"\s*\.+\s*(\d+)", toc).group(1))
        assert heading in sample_texts[page - 1]


# --- fonts -------------------------------------------------------------------------------


def test_render_pdf_embeds_subset_cjk_fonts(sample_pdf):
    names = set()
    for page in PdfReader(BytesIO(sample_pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font
    assert names
    assert all(re.match(r"^/[A-Z]{6}\+", name) for name in names), names  # subset tags
    assert any("Noto-Serif-CJK-SC" in name for name in names), names
    assert any("Noto-Sans-CJK-SC" in name for name in names), names
    # A full Noto CJK face is over 15 MB; subsets keep the document small.
    assert len(sample_pdf) < 1_500_000


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_render_pdf_fonts_embedded_per_pdffonts(sample_pdf, tmp_path):
    path = tmp_path / "sample.pdf"
    path.write_bytes(sample_pdf)
    lines = poppler("pdffonts", str(path)).splitlines()
    header, rule, *rows = lines
    # Columns are fixed width; the dashed rule under the header gives their spans.
    spans = [m.span() for m in re.finditer(r"-+", rule)]
    columns = [header[a:b].strip() for a, b in spans]
    assert rows
    for row in rows:
        cells = dict(zip(columns, (row[a:b].strip() for a, b in spans), strict=True))
        assert cells["emb"] == "yes", row
        assert cells["sub"] == "yes", row


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_render_pdf_first_page_is_not_blank(sample_pdf, artifacts_dir):
    source = artifacts_dir / "sample.pdf"
    source.write_bytes(sample_pdf)
    prefix = artifacts_dir / "sample-page1"
    poppler(
        "pdftoppm",
        "-r",
        "50",
        "-png",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        str(source),
        str(prefix),
    )
    with Image.open(prefix.with_suffix(".png")) as image:
        gray = image.convert("L")
        dark = sum(gray.histogram()[:128])
        width, height = gray.size
    assert (abs(width - 413), abs(height - 585)) <= (1, 1)  # A4 at 50 dpi, rounded up
    assert 100 < dark < width * height // 10


# --- resources: no network, static files only ---------------------------------------------

REMOTE = """{% extends "pdf/base.html" %}
{% block content %}
<style>@import url("https://example.com/evil.css");</style>
<link rel="stylesheet" href="https://example.com/x.css">
<p>远程资源测试</p><img src="http://example.com/x.png">
{% endblock %}
"""


@pytest.fixture
def network_calls(monkeypatch):
    """Record (and fail) every attempt to resolve or connect."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return calls


def test_network_calls_fixture_detects_weasyprint_default_fetcher(network_calls):
    html = from_string(REMOTE).render({"title": "对照"})
    HTML(string=html, url_fetcher=URLFetcher(timeout=1)).write_pdf()
    assert network_calls  # so the next test's empty list means something


def test_render_pdf_never_fetches_remote_urls(network_calls, caplog):
    texts = page_texts(render_pdf(from_string(REMOTE), {"title": "远程"}))
    assert network_calls == []
    assert "远程资源测试" in texts[0]
    refused = {r.args[0] for r in caplog.records if r.name == "core.pdf"}
    assert refused == {
        "https://example.com/evil.css",
        "https://example.com/x.css",
        "http://example.com/x.png",
    }


def png_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def image_count(pdf: bytes) -> int:
    count = 0
    for page in PdfReader(BytesIO(pdf)).pages:
        for ref in page["/Resources"].get("/XObject", {}).values():
            count += ref.get_object()["/Subtype"] == "/Image"
    return count


IMAGE = """{% extends "pdf/base.html" %}{% block content %}<img src="{{ src }}">{% endblock %}"""


def test_render_pdf_loads_static_files(settings, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "logo.png").write_bytes(png_bytes())
    settings.STATICFILES_DIRS = [static]
    settings.STATIC_ROOT = tmp_path / "collected"
    template = from_string(IMAGE)
    assert image_count(render_pdf(template, {"src": (static / "logo.png").as_uri()})) == 1
    relative = render_pdf(template, {"src": "logo.png"}, base_url=static.as_uri() + "/")
    assert image_count(relative) == 1


def test_render_pdf_refuses_files_outside_static_dirs(settings, tmp_path, caplog):
    static = tmp_path / "static"
    static.mkdir()
    (tmp_path / "secret.png").write_bytes(png_bytes())
    settings.STATICFILES_DIRS = [static]
    traversal = static.as_uri() + "/../secret.png"
    for src in ((tmp_path / "secret.png").as_uri(), traversal):
        assert image_count(render_pdf(from_string(IMAGE), {"src": src})) == 0
    assert len([r for r in caplog.records if r.name == "core.pdf"]) == 2


def test_static_only_fetcher_serves_data_urls_and_refuses_the_rest():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch("data:text/plain;base64,5YWs56S6")
    assert response.read().decode() == "公示"
    for url in (
        "file:///etc/passwd",
        "file://evil.example/etc/passwd",
        "http://127.0.0.1/",
        "ftp://example.com/x",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_static_only_fetcher_refuses_symlinks_out_of_static_dir(settings, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (static / "link.txt").symlink_to(tmp_path / "secret.txt")
    (static / "ok.txt").write_text("ok")
    settings.STATICFILES_DIRS = [("prefix", static)]
    fetcher = StaticOnlyFetcher()
    assert fetcher.fetch((static / "ok.txt").as_uri()).read() == b"ok"
    with pytest.raises(RefusedURL):
        fetcher.fetch((static / "link.txt").as_uri())


# --- response ------------------------------------------------------------------------------


def test_pdf_response_headers():
    response = pdf_response(b"%PDF-1.7 test", "评价报告 2024.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"2024.pdf\"; filename*=UTF-8''"
        "%E8%AF%84%E4%BB%B7%E6%8A%A5%E5%91%8A%202024.pdf"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == "13"
    assert response.content == b"%PDF-1.7 test"


def test_pdf_response_neutralises_header_injection_in_filename():
    response = pdf_response(b"%PDF", 'a"b\r\nSet-Cookie: x/报告.pdf')
    assert response["Content-Disposition"] == (
        'attachment; filename="a_b__Set-Cookie: x_.pdf"; '
        "filename*=UTF-8''a_b__Set-Cookie%3A%20x_%E6%8A%A5%E5%91%8A.pdf"
    )


def test_pdf_response_falls_back_to_ascii_name():
    response = pdf_response(b"%PDF", "绩效评价报告.pdf")
    assert response["Content-Disposition"].startswith('attachment; filename="document.pdf"; ')
