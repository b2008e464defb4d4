"""What the public may know about a need: plain dicts of public facts, never its contact,
attachments, owner's members or the organizations that offered to serve it."""

from functools import cache

from django.urls import reverse

from grants.models import ApplicationState


def call_url(call) -> str:
    """The call's public page when cms gave it one, else its portal page."""
    page = getattr(call, "public_page", None)
    if page is not None and page.live:
        return page.url or ""
    return reverse("portal:call_detail", args=[call.pk])


def outcome(need) -> dict:
    """What became of the need: the call or announcement it joined, the funded project."""
    application = need.answered_by
    funded = application is not None and application.state == ApplicationState.FUNDED
    return {
        "call_title": need.call.title if need.call_id else "",
        "call_url": call_url(need.call) if need.call_id else "",
        "announcement_title": need.announcement_page.title if need.announcement_page_id else "",
        "announcement_url": (need.announcement_page.url or "") if need.announcement_page_id else "",
        "project_title": application.project_name if funded else "",
        "project_org": application.organization.name if funded else "",
    }


def summary(need) -> dict:
    page = need.catalogue_item_page if need.catalogue_item_page_id else None
    catalogue = page if page is not None and page.live else None
    return {
        "id": need.pk,
        "title": need.title,
        "description": need.description,
        "affected_group": need.affected_group,
        "affected_count": need.affected_count,
        "region_code": need.region_code,
        "street": need.street,
        "community": need.community,
        "location": need.location,
        "category": str(need.get_category_display()),
        "catalogue_item": catalogue.title if catalogue else "",
        "catalogue_url": (catalogue.url or "") if catalogue else "",
        "urgency": need.urgency,
        "urgency_label": str(need.get_urgency_display()),
        "state": need.state,
        "state_label": str(need.get_state_display()),
        "expected_start": need.expected_start,
        "expected_end": need.expected_end,
        "budget_min": need.budget_min,
        "budget_max": need.budget_max,
        "source_label": str(need.get_source_display()),
        "raised_by": need.organization.name if need.organization_id else "",
        "published_at": need.published_at,
        "url": reverse("needs_public:detail", args=[need.pk]),
        "outcome": outcome(need),
    }


@cache
def public_related() -> tuple[str, ...]:
    """What to select_related with public needs (one query for a page of them)."""
    from grants.models import Call

    related = [
        "organization",
        "call",
        "announcement_page",
        "catalogue_item_page",
        "answered_by__organization",
    ]
    # cms gives calls a public page (a reverse one-to-one named "public_page"); load it with the
    # need when it exists, without needs importing cms.
    if any(rel.name == "public_page" for rel in Call._meta.related_objects):
        related.append("call__public_page")
    return tuple(related)
