"""/open-data/: the yearly bulk files and their licence, and the files themselves (anonymous)."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from opendata import bulk


def _years() -> tuple[list[int], set[int]]:
    """Years with something published (newest first), and those with 公益创投 grants."""
    from cms.models import PurchaseAnnouncementPage
    from grants.models import Call, CallKind, CallState
    from projects import figures

    venture, years = set(), set()
    rows = figures.listed_projects().values_list("awarded_at", "call__kind")
    for moment, kind in rows:
        year = timezone.localtime(moment).year
        years.add(year)
        if kind == CallKind.VENTURE:
            venture.add(year)
    calls = Call.objects.filter(kind=CallKind.PURCHASE).exclude(state=CallState.DRAFT)
    years |= {timezone.localtime(m).year for m in calls.values_list("opens_at", flat=True)}
    pages = PurchaseAnnouncementPage.objects.live().values_list("date", flat=True)
    years |= {d.year for d in pages}
    return sorted(years, reverse=True), venture


def index(request):
    years, venture = _years()
    rows = [
        {
            "year": year,
            "files": [
                {
                    "label": kind.label,
                    "url": bulk.file_url(year, key)
                    if key not in ("360giving", "grants-csv") or year in venture
                    else "",
                }
                for key, kind in bulk.KINDS.items()
            ],
        }
        for year in years
    ]
    return render(
        request,
        "opendata/index.html",
        {
            "rows": rows,
            "kinds": bulk.KINDS.values(),
            "license": settings.OPEN_DATA_LICENSE,
            "ocid_prefix": settings.OCDS_OCID_PREFIX,
            "giving_prefix": settings.GIVING360_PREFIX,
        },
    )


def download(request, year, filename):
    kind = bulk.kind_for(year, filename)
    if kind is None or not 1 <= year <= 9999:
        raise Http404
    content = bulk.cached(year, kind.key)
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type=kind.content_type)
    disposition = "inline" if kind.content_type == "application/json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
