"""Calls (征集) as their public page shows them: only calls with a live public page, never a draft
(`cms.models.calls.public_call_pages`). Fields: what `templates/cms/call_page.html` prints."""

from django.db.models import Prefetch

from cms.models.calls import public_call_pages
from grants.models import Call, CallCategory, CallState
from opendata.api.listing import Endpoint
from opendata.api.values import moment, money, newest

STATES = {value: str(label) for value, label in CallState.choices if value != CallState.DRAFT}


def records(*, year=None, department=None, category=None, state=None):
    calls = (
        Call.objects.public()
        .filter(pk__in=public_call_pages().values("call_id"))
        .select_related("department", "public_page")
        .prefetch_related(
            Prefetch("categories", queryset=CallCategory.objects.order_by("sort_order", "pk"))
        )
        .order_by("-opens_at", "-pk")
    )
    if year:
        calls = calls.filter(opens_at__year=year)  # Beijing year: TIME_ZONE is Asia/Shanghai
    if department:
        calls = calls.filter(department__name=department)
    if category:
        calls = calls.filter(pk__in=CallCategory.objects.filter(name=category).values("call_id"))
    if state:
        calls = calls.filter(state=state)
    return calls


def row(call, request) -> dict:
    page = call.public_page
    return {
        "id": call.pk,
        "title": call.title,
        "kind": call.kind,
        "kind_label": call.get_kind_display(),
        "edition": call.edition,
        "state": call.state,
        "state_label": call.get_state_display(),
        "department": call.department.name,
        "summary": page.summary or call.description,
        "opens_at": moment(call.opens_at),
        "closes_at": moment(call.closes_at),
        "completion_deadline": moment(call.completion_deadline),
        "review_ends_at": moment(call.review_ends_at),
        "publicity_working_days": call.publicity_working_days,
        "total_budget": money(call.total_budget),
        "per_project_cap": money(call.per_project_cap),
        "project_period_months": call.project_period_months,
        "categories": [
            {
                "name": c.name,
                "description": c.description,
                "quota_count": c.quota_count,
                "quota_budget": money(c.quota_budget),
            }
            for c in call.categories.all()
        ],
        "url": page.get_url(request),
    }


def stamp(calls):
    return newest(*(newest(c.updated_at, c.public_page.last_published_at) for c in calls))


ENDPOINT = Endpoint(
    records=records,
    row=row,
    filters=("year", "department", "category", "state"),
    states=STATES,
    stamp=stamp,
)
