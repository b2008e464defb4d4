"""The public site's own figures (catalogue, purchase announcements): one function per figure,
each returning the value and the public list it counts, filtered to exactly those pages. The
funded-project figures are `projects.figures`.

年度 of an announcement is its 发布日期 (a Beijing date); the announcement index filters by it.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Sum

from cms.models import AnnouncementIndexPage, PurchaseAnnouncementPage
from cms.public_pages import public, section
from projects.figures import Figure


def purchase_announcements(index, year: int, request=None):
    """The live, public purchase announcements of `year` under `index` (the list shown by
    the index filtered to 购买公告 of that year)."""
    pages = public(PurchaseAnnouncementPage.objects.live(), request)
    return pages.child_of(index).filter(date__year=year)


def _announcement_list(index, year: int, request) -> str:
    return f"{index.get_url(request)}?{urlencode({'kind': 'purchase', 'year': year})}"


def purchase_announcement_count(year: int, request=None) -> Figure | None:
    index = section(AnnouncementIndexPage, request)
    if index is None:
        return None
    pages = purchase_announcements(index, year, request)
    return Figure(pages.count(), _announcement_list(index, year, request))


def purchase_count_and_budget(year: int, request=None) -> tuple[Figure, Figure] | None:
    """`purchase_announcement_count` and `purchase_budget` in two queries (the home shows both)."""
    index = section(AnnouncementIndexPage, request)
    if index is None:
        return None
    found = purchase_announcements(index, year, request).aggregate(n=Count("pk"), s=Sum("budget"))
    url = _announcement_list(index, year, request)
    return Figure(found["n"], url), Figure(found["s"] or Decimal("0.00"), url)


def purchase_budget(year: int, request=None) -> Figure | None:
    """预算金额 (元) of the same announcements."""
    index = section(AnnouncementIndexPage, request)
    if index is None:
        return None
    total = purchase_announcements(index, year, request).aggregate(s=Sum("budget"))["s"]
    return Figure(total or Decimal("0.00"), _announcement_list(index, year, request))
