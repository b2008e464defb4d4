"""The demo shows the whole cycle without signing in: last year's edition ends with a published
performance report, found by crawling the public pages as an anonymous visitor, and its public
figures agree with the lists they link to."""

import io
import re
from collections import deque
from io import BytesIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from projects.models import FundedProject
from reports.models import PerformanceReport
from tests.projects.test_figures import STAT_ROW, amount, listed

pytestmark = pytest.mark.django_db

CLOSED = "“彩虹桥”困境儿童成长陪伴"
LINK = re.compile(r'href="([^"]+)"')
# Not pages a visitor reads: sign-in and portal, the back office, downloads other than reports,
# and the filtered variants of lists (the unfiltered list is crawled).
SKIP = ("/admin", "/portal", "/accounts", "/static", "/media", "/documents", "/photos")
MAX_PAGES = 400


@pytest.fixture
def seeded(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())


def crawl(client) -> tuple[dict[str, str], set[str]]:
    """Every public page reachable from the home page ({url: html}) and every PDF link seen."""
    pages, pdfs = {}, set()
    queue = deque(["/"])
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        pages[url] = html = response.content.decode()
        for href in LINK.findall(html):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/"):
                continue
            if parts.path.endswith(".pdf"):
                pdfs.add(href)
            elif not href.startswith(SKIP) and not parts.query and href not in pages:
                queue.append(href)
    return pages, pdfs


def test_anonymous_crawl_finds_the_published_report_pdf(client, seeded):
    project = FundedProject.objects.get(name=CLOSED)
    report = PerformanceReport.objects.get(evaluation__project=project)
    assert (project.state, report.state, report.evaluation.state) == (
        "closed",
        "published",
        "published",
    )
    pages, pdfs = crawl(client)
    link = f"/evaluations/reports/{report.pk}/public.pdf"
    assert link in pdfs
    # Linked from the project's public page and from its call's evaluation results.
    assert link in pages[f"/projects/{project.pk}/"]
    assert link in pages[f"/evaluations/calls/{project.call_id}/"]
    response = client.get(link)
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages)
    assert "彩虹桥" in text and "困境儿童成长陪伴" in text
    assert "公开版（已隐去个人信息）" in text

    # The demo's figures agree with the lists they link to.
    stats = pages["/evaluations/figures/"]
    head = re.search(
        r'<a href="(/projects/[^"]*)">资助项目 (\d+) 个，资助组织 \d+ 家，资助金额 ([\d,.]+) 元',
        stats,
    )
    assert listed(client, head[1]) == (int(head[2]), amount(head[3]))
    # ...and with the published 立项结果 of the demo's departments (南山区's last edition: 2
    # projects, 210,000; with 福田区's and 南头街道's: 6 projects, 455,000).
    assert (int(head[2]), amount(head[3])) == (6, amount("455000.00"))
    for url, total, n in STAT_ROW.findall(stats):
        assert listed(client, url) == (int(n), amount(total)), url

    # A second run adds no evaluation, report or version.
    counts = (PerformanceReport.objects.count(), report.versions.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (PerformanceReport.objects.count(), report.versions.count()) == counts
