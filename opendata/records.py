"""The public records both exports read, each in one query whatever the data size.

Funded projects are exactly those the public figures count (`projects.figures.counted`: every
project from its award on, the year being the award year), so a total in the open data equals
the total printed on the public pages for the same year and filters.
"""

from django.db.models import Prefetch
from django.urls import reverse

from opendata import identifiers as ids

# What the exports read: loading whole rows (budgets, frozen agreement HTML …) of thousands of
# projects cost most of a yearly file's time (bench/open_data.py).
FIELDS = (
    *("name", "amount", "state", "public_summary", "starts_on", "ends_on", "created_at"),
    *("agreement_confirmed_at", "final_decided_at", "final_grade", "final_passed"),
    *("organization__name", "organization__uscc"),
    *("call__title", "call__kind", "call__catalogue_item_page", "call__department"),
    *("call__department__name", "call__department__uscc"),
    *("call__publicity__result_published_at", "call__publicity__call"),
    *("application__region_code", "application__category", "application__category__name"),
)


def funded_projects(kind, *, year=None, department=None, region=None, category=None, state=None):
    """Funded projects of calls of `kind` (grants.CallKind) as `projects.figures.counted`
    counts them, with what the exports print loaded alongside (constant queries)."""
    from projects import figures
    from projects.models import Tranche, TrancheState

    projects = figures.counted(year, region=region, category=category, state=state).filter(
        call__kind=kind
    )
    if department:
        projects = projects.filter(call__department_id=department)
    paid = Tranche.objects.filter(state=TrancheState.PAID).order_by("position", "pk")
    return list(
        projects.select_related(
            "organization",
            "call__department",
            "call__publicity",
            "application__category",
        )
        .prefetch_related(Prefetch("tranches", queryset=paid, to_attr="paid_tranches"))
        .only(*FIELDS)
        .order_by("awarded_at", "pk")
    )


def purchase_projects(**filters):
    from grants.models import CallKind

    return funded_projects(CallKind.PURCHASE, **filters)


def venture_projects(**filters):
    from grants.models import CallKind

    return funded_projects(CallKind.VENTURE, **filters)


def catalogue_entries(page_ids) -> dict[int, dict]:
    """{page id: {code, title}} of the live 指导性目录 entries among `page_ids` (one query)."""
    from cms.models import CatalogueEntryPage

    wanted = {pk for pk in page_ids if pk}
    if not wanted:
        return {}
    rows = CatalogueEntryPage.objects.live().filter(pk__in=wanted).values("pk", "code", "title")
    return {r["pk"]: {"code": r["code"] or str(r["pk"]), "title": r["title"]} for r in rows}


def final_reports(project_ids) -> dict[int, list[dict]]:
    """{project id: [published final performance report]} (one query): what the project's public
    page links as 终期评估绩效评价报告."""
    from reports.models import PerformanceReport, ReportState, Stage

    if not project_ids:
        return {}
    rows = PerformanceReport.objects.filter(
        state=ReportState.PUBLISHED,
        published_version__isnull=False,
        evaluation__stage=Stage.FINAL,
        evaluation__project_id__in=project_ids,
    ).values("pk", "published_at", "evaluation__project_id")
    found: dict[int, list[dict]] = {}
    for r in rows:
        found.setdefault(r["evaluation__project_id"], []).append(
            {
                "id": r["pk"],
                "title": "终期评估绩效评价报告",
                "url": ids.public_url(reverse("evaluations_public:report_pdf", args=[r["pk"]])),
                "published_at": r["published_at"],
            }
        )
    return found


def org_party(org, role: str) -> dict:
    """An OCDS party for an `orgs.Organization`: its name and 统一社会信用代码 only (no address,
    contact, representative or bank details)."""
    party = {"id": ids.org_identifier(org), "name": org.name, "roles": [role]}
    if org.uscc:
        party["identifier"] = {"scheme": ids.USCC_SCHEME, "id": org.uscc, "legalName": org.name}
    return party


def page_url(page) -> str:
    """The absolute public URL of a Wagtail page (site root paths are cached by Wagtail)."""
    url = page.get_url() or page.url_path
    return url if url.startswith("http") else ids.public_url(url)
