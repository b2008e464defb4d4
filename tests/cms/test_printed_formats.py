"""The scanner that tells an amount or a date printed outside the money filters
(docs/development.md, "Money and dates") in a page's text: an amount before 元 / 万元 that is not
written 120,000.00, a decimal of four or more integer digits without separators, and an ISO date
on a page for the public or an applicant. With the demo seeded, the public site, the portal (as
the demo applicant) and the back office (as the demo officer) are crawled, a few pages per URL
pattern, and every finding is reported with its page."""

import html
import io
import re
from collections import Counter, deque

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.cms.admin_crawl import pattern_of

# Written amounts: 120,000.00 — separators, two decimals.
WRITTEN = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")
# A number right before 元 / 万元 (not part of a longer number or a word like 2026年).
# (\w would also match Chinese characters, so the letters are spelled out.)
BEFORE_UNIT = re.compile(r"(?<![\d,.A-Za-z_])(-?\d[\d,]*(?:\.\d+)?)\s*(万元|元)")
# A decimal whose integer part has four digits or more and no separator: 120000.00.
BARE_DECIMAL = re.compile(r"(?<![\d,.])\d{4,}\.\d+(?![\d])")
ISO_DATE = re.compile(r"(?<![\d-])20\d\d-[01]\d-[0-3]\d(?![\d])")


SKIP_TEXT = re.compile(
    r"<(script|style|textarea|template)\b.*?</\1>|<!--.*?-->", re.DOTALL | re.IGNORECASE
)
TAG = re.compile(r"<[^>]+>")
HREF = re.compile(r'href="(/[^"#]*)"')
# Downloads, exports, forms that change things and endless calendars are not pages to read.
NOT_A_PAGE = re.compile(
    r"\.(pdf|xlsx|csv|docx|zip|png|jpe?g|svg|js|css)$|/(static|media|documents|images|logout|"
    r"sign-out|download|file|files|photo|export|pdf|scan|preview|delete|edit|add|create|copy|"
    r"move|unpublish|revisions|history|usage|workflow|chooser|lock|unlock|approve|reject|"
    r"transition|jsi18n|password|2fa|two-factor|account|login|logout)(/|$)|/admin/(reports|"
    r"settings|sites|users|groups|locales|redirects|searchpicks|forms|collections|workflows|"
    r"workflow-tasks|pages/search)/",
    re.IGNORECASE,
)
PER_PATTERN = 3  # pages read per URL pattern (/portal/messages/#/)


def problems_in(text: str, *, iso_dates_allowed: bool) -> list[str]:
    """What in the stripped text of one page is not printed the platform's way."""
    found = []
    for match in BEFORE_UNIT.finditer(text):
        number, unit = match.groups()
        if not WRITTEN.fullmatch(number):
            found.append(f"amount not written 120,000.00 before {unit}: {match.group()!r}")
    for match in BARE_DECIMAL.finditer(text):
        found.append(f"amount without thousands separators: {match.group()!r}")
    if not iso_dates_allowed:
        for match in ISO_DATE.finditer(text):
            found.append(f"ISO date where 2026年12月7日 is the style: {match.group()!r}")
    return found


def test_the_scanner_catches_each_way_of_printing_money_wrongly():
    bad = {
        "资助金额 120000.00 元": 2,  # no separators (as an amount and as a bare decimal)
        "已拨付60000 元": 1,
        "合计 82,000 元": 1,  # no decimals
        "拟资助 8.2 万元": 1,
        "120000.00": 1,
        "2026-12-07 发布": 1,
    }
    for text, count in bad.items():
        assert len(problems_in(text, iso_dates_allowed=False)) == count, text
    good = "资助金额 120,000.00 元，合计 12.00 万元，2026年12月7日，第3号，0755-26600001，2026年度"
    assert problems_in(good, iso_dates_allowed=False) == []
    assert problems_in("2026-12-07 14:30", iso_dates_allowed=True) == []


def page_text(body: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", SKIP_TEXT.sub(" ", body))))


def crawl(client: Client, start: str) -> dict[str, str]:
    """The HTML pages under `start` reachable from it, at most PER_PATTERN per URL pattern."""
    seen, pages, queue, per_pattern = {start}, {}, deque([start]), Counter()
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        pages[url] = body
        for link in HREF.findall(body):
            link = html.unescape(link).split("?")[0]
            if not link.startswith(start) or link in seen or NOT_A_PAGE.search(link):
                continue
            seen.add(link)
            if per_pattern[pattern_of(link)] < PER_PATTERN:
                per_pattern[pattern_of(link)] += 1
                queue.append(link)
    return pages


@pytest.fixture
def demo(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_demo_pages_print_money_and_dates_one_way(demo):
    users = get_user_model().objects
    applicant, staff = Client(), Client()
    applicant.force_login(users.get(email="applicant@demo.gongyi.cn"))
    staff.force_login(users.get(email="staff@demo.gongyi.cn"))
    # (audience, client, where, ISO dates allowed: only the back office prints 2026-12-07)
    audiences = [
        ("public", Client(), "/", False),
        ("applicant", applicant, "/portal/", False),
        ("staff", staff, "/admin/", True),
    ]
    report, counts = [], {}
    for name, client, start, iso_ok in audiences:
        pages = crawl(client, start)
        counts[name] = len(pages)
        for url, body in pages.items():
            for problem in problems_in(page_text(body), iso_dates_allowed=iso_ok):
                report.append(f"{name} {url}: {problem}")
    # The crawl reached the pages that print money: the 公示, projects and the portal's lists.
    assert counts["public"] >= 20 and counts["applicant"] >= 8 and counts["staff"] >= 15, counts
    assert not report, f"{len(report)} findings:\n" + "\n".join(sorted(set(report)))
