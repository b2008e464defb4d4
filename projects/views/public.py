"""The public directory of funded projects (/projects/): anyone may read it.

Only `projects.public` facts reach these pages: no budget lines, spending, contacts, team members,
internal comments or reasons. Photos appear only when staff marked them public.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from core.files import serve_private
from core.workflow import without_nul
from grants.models import Call
from orgs.models import OrgKind
from orgs.public_departments import PurchaserFilter
from projects import figures
from projects.models import FundedProject, ProjectState, ReportPhoto
from projects.models.states import PUBLIC_STATES
from projects.public import milestones, project_year, public_documents, public_projects

PAGE_SIZE = 20
# A primary key fits a signed 64-bit integer on both databases; a longer number names no row.
MAX_ID = 2**63 - 1


def _row_id(text: str) -> int | None:
    # (int() also refuses a string of more than 4,300 digits)
    return int(text) if text.isdecimal() and len(text) <= 19 and int(text) <= MAX_ID else None


def directory(request):
    """Every funded project from its award on, as the 立项结果 published it; the detail page
    opens once the agreement is signed (`PUBLIC_STATES`). Filters: year (the award year,
    `projects.figures`), call, category (服务领域), region (区划代码 prefix), kind (组织类型),
    state, department and area (the purchasing department and the region it serves,
    `orgs.public_departments`). The figures of the public pages link here and count
    `figures.counted` — this list."""
    # NUL cannot be typed, and PostgreSQL refuses it even in a query parameter (a server error).
    filters = {
        k: without_nul(request.GET.get(k, "")).strip()
        for k in ("year", "call", "category", "region", "kind", "state")
    }
    # isdecimal, not isdigit: "²" is a digit that int() refuses; dates only know years 1-9999.
    year = _row_id(filters["year"])
    chosen = {
        "call": _row_id(filters["call"]),
        "category": filters["category"],
        "region": filters["region"] if filters["region"].isdigit() else "",
        "kind": filters["kind"] if filters["kind"] in OrgKind.values else "",
        "state": filters["state"] if filters["state"] in ProjectState.values else "",
    }
    year = year if year and 1 <= year <= 9999 else None
    purchaser = PurchaserFilter(request.GET)
    chosen["department"] = purchaser.department.pk if purchaser.department else None
    chosen["area"] = purchaser.area
    projects = (
        figures.counted(year, **chosen)
        .select_related("organization", "call__department", "application__category")
        .order_by("-awarded_at", "-pk")
    )
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    for project in page.object_list:
        project.has_page = project.state in PUBLIC_STATES
    calls = Call.objects.filter(funded_projects__isnull=False).distinct().order_by("-pk")
    categories = sorted(
        set(
            FundedProject.objects.exclude(application__category=None).values_list(
                "application__category__name", flat=True
            )
        )
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/public/directory.html",
        {
            "page": page,
            "total": figures.award_total(year, **chosen).value,
            "year_rule": figures.YEAR_RULE,
            "filters": filters,
            "calls": calls,
            "years": figures.award_years(),
            "categories": categories,
            "kinds": OrgKind.choices,
            "states": ProjectState.choices,
            "query": query.urlencode(),
            "purchaser_filter": purchaser,
        },
    )


def detail(request, pk):
    project = get_object_or_404(public_projects(), pk=pk)
    photos = ReportPhoto.objects.filter(report__project=project, is_public=True).order_by(
        "uploaded_at"
    )
    return render(
        request,
        "projects/public/detail.html",
        {
            "project": project,
            "year": project_year(project),
            "milestones": milestones(project),
            "photos": photos,
            "documents": public_documents(project),
            "category": project.application.category,
            "region": "".join(
                x
                for x in (
                    project.application.region_name,
                    project.application.street,
                    project.application.community,
                )
                if x
            ),
        },
    )


def photo(request, pk):
    """A photo staff marked public, of a project shown publicly; anything else is 404."""
    item = get_object_or_404(
        ReportPhoto.objects.select_related("report__project"), pk=pk, is_public=True
    )
    if not item.report.project.is_public:
        raise Http404
    return serve_private(
        item.image, filename=f"photo-{item.pk}.jpg", content_type=item.content_type, inline=True
    )
