"""The back office reads as the bureau's own: every admin page of the demo, crawled as staff and
as the administrator, shows no raw `None`/`True`, no Wagtail mistranslation and no English left
over (`tests/cms/admin_crawl.py` says what counts)."""

import io
import time
from collections import Counter, deque

import pytest
from django.core.management import call_command

from orgs.models import User
from tests.cms.admin_crawl import offences, pattern_of, read, same_site_admin_link

PER_PATTERN = 2  # pages visited per URL pattern (/admin/grants/application/#/edit/)
SKIPPED = ("/admin/logout/",)
# A download or a page that only makes sense as the target of a form.
SKIPPED_QUERIES = ("export=",)


@pytest.fixture
def demo(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())


# What only the administrator's pages still show: nothing (the role groups read by their labels,
# Wagtail's seeded rows are renamed by cms 0009, its untranslated labels by cms.wagtail_labels).
ADMINISTRATOR_KNOWN = ()


def crawl(client, *, start="/admin/", budget_seconds=300.0, allowed_text=()):
    """Follow every same-site admin link (GET only); return {url: [offences]}, the number of
    pages visited and the number left unvisited when the time ran out (a safety stop only)."""
    seen_paths: set[str] = set()
    per_pattern: Counter = Counter()
    queue = deque([start])
    found: dict[str, list[str]] = {}
    visited = 0
    deadline = time.monotonic() + budget_seconds
    while queue and time.monotonic() < deadline:
        url = queue.popleft()
        path = url.split("?")[0]
        response = client.get(url)
        visited += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if getattr(response, "streaming", False):
            continue
        page = read(response.content.decode())
        problems = offences(page, allowed_text=allowed_text)
        if problems:
            found[url] = problems
        for href in page.links:
            link = same_site_admin_link(href)
            if not link or link.startswith(SKIPPED) or any(q in link for q in SKIPPED_QUERIES):
                continue
            link_path = link.split("?")[0]
            if link_path in seen_paths or link_path == path:
                continue
            pattern = pattern_of(link_path)
            if per_pattern[pattern] >= PER_PATTERN:
                continue
            seen_paths.add(link_path)
            per_pattern[pattern] += 1
            queue.append(link)
    return found, visited, len(queue)


def _report(found):
    return "\n".join(f"{url}\n    " + "\n    ".join(problems) for url, problems in found.items())


@pytest.mark.django_db
def test_every_admin_page_reads_chinese(demo, client):
    """Staff see the programme's pages; the administrator also Wagtail's settings and users.
    One seeded demo serves both (seeding is most of the test's time)."""
    found, counts, left = {}, {}, {}
    for email, allowed in (
        ("staff@demo.gongyi.cn", ()),
        ("admin@demo.gongyi.cn", ADMINISTRATOR_KNOWN),
    ):
        client.force_login(User.objects.get(email=email))
        problems, counts[email], left[email] = crawl(client, allowed_text=allowed)
        found.update({f"{email} {url}": p for url, p in problems.items()})
    assert min(counts.values()) > 40, counts
    assert not any(left.values()), f"crawl stopped early: {left}"
    assert not found, f"{len(found)} admin pages ({counts}):\n" + _report(found)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<title>检查: 阳光社工 - 平台</title>", "title begins 检查"),
        ("<title>征集 - 征集</title>", "title repeats"),
        ("<td>None</td>", "raw value"),
        ('<span class="w-sr-only">True</span>', "raw value"),
        ('<input placeholder="Enter password">', "English"),
        ('<a aria-label="(2 new items in this menu)">', "English badge"),
        ("<p>Sort by '状态' in ascending order.</p>", "English"),
    ],
)
def test_the_reader_catches_what_reviewers_found(html, expected):
    assert any(o.startswith(expected) for o in offences(read(html))), offences(read(html))


@pytest.mark.parametrize(
    "html",
    [
        "<p>下载 PDF 或 XLSX</p><p>staff@demo.gongyi.cn</p>",
        "<script>var x = None;</script><style>.a{}</style>",
        "<div hidden>None</div>",
        "<p>统一社会信用代码（USCC）：52440305MJL123456X</p>",
    ],
)
def test_the_reader_leaves_data_and_hidden_text_alone(html):
    assert offences(read(html)) == []
