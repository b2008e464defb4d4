"""公示 and their 立项结果 as the public pages show them (`review.views.public`): the frozen
snapshot with its later notices and corrections, never live data. A call has a 公示 only once it
was published (`review.publication.publish`); the result appears only once published.
Fields: what `templates/review/public/publicity_detail.html` and `result_detail.html` print."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grants.models import CallCategory
from opendata.api.listing import Endpoint
from opendata.api.values import day, moment, money, newest
from review.models import Publicity, PublicityNotice, PublishedVersion, VersionKind

STATES = {"publicity": _("公示中（尚未公布立项结果）"), "decided": _("已公布立项结果")}


def records(*, year=None, department=None, category=None, state=None):
    publicities = (
        Publicity.objects.select_related("call__department")
        .prefetch_related(
            Prefetch("notices", queryset=PublicityNotice.objects.order_by("published_at", "pk")),
            Prefetch(
                "versions",
                queryset=PublishedVersion.objects.order_by("kind", "number"),
                to_attr="published_versions",
            ),
        )
        .order_by("-published_at", "-pk")
    )
    if year:
        publicities = publicities.filter(published_at__year=year)
    if department:
        publicities = publicities.filter(call__department__name=department)
    if category:
        calls = CallCategory.objects.filter(name=category).values("call_id")
        publicities = publicities.filter(call__in=calls)
    if state:
        publicities = publicities.filter(result_snapshot__isnull=state == "publicity")
    return publicities


def _entry(entry: dict, show_scores: bool) -> dict:
    row = {
        "position": entry.get("position"),
        "project": entry.get("project", ""),
        "organization": entry.get("organization", ""),
        "category": entry.get("category", ""),
        "amount": money(entry.get("amount")),
        "cancelled": bool(entry.get("cancelled")),
        "promoted": bool(entry.get("promoted")),
    }
    if show_scores:
        row["score"] = entry.get("score") or None
    if entry.get("promoted"):
        row["starts_on"] = day(entry.get("starts_on"))
        row["ends_on"] = day(entry.get("ends_on"))
    return row


def _versions(publicity, kind) -> list:
    return [v for v in publicity.published_versions if v.kind == kind]


def _documents(publicity, versions) -> list[dict]:
    return [
        {
            "number": v.number,
            "published_at": moment(v.published_at),
            "correction": v.reason if v.is_correction else "",
            "url": reverse("review_public:version_pdf", args=[publicity.pk, v.pk]),
        }
        for v in versions
    ]


def _result(publicity) -> dict | None:
    result = publicity.result_snapshot
    if result is None:
        return None
    return {
        "title": result.get("title", ""),
        "decided_on": day(result.get("decided_on")),
        "published_at": moment(publicity.result_published_at),
        "entries": [
            {
                "project": e.get("project", ""),
                "organization": e.get("organization", ""),
                "category": e.get("category", ""),
                "amount": money(e.get("amount")),
            }
            for e in result.get("entries", [])
        ],
        "total": money(result.get("total")),
        "documents": _documents(publicity, _versions(publicity, VersionKind.RESULT)),
        "url": reverse("review_public:result", args=[publicity.pk]),
    }


def row(publicity, request) -> dict:
    snap = publicity.snapshot
    versions = _versions(publicity, VersionKind.PUBLICITY)
    contact = snap.get("contact", "")
    if versions:  # a correction of the contact is a later version (as the page reads it)
        contact = versions[-1].content.get("snapshot", {}).get("contact", contact)
    show_scores = bool(snap.get("show_scores"))
    return {
        "id": publicity.pk,
        "title": snap.get("title", ""),
        "call": snap.get("call", ""),
        "department": snap.get("department", ""),
        "working_days": snap.get("working_days"),
        "starts_on": day(snap.get("starts_on")),
        "ends_on": day(snap.get("ends_on")),
        "objections_until": day(snap.get("objections_until")),
        "published_at": moment(publicity.published_at),
        "plan": snap.get("plan", ""),
        "contact": contact,
        "show_scores": show_scores,
        "entries": [_entry(e, show_scores) for e in publicity.current_entries()],
        "experts": list(snap.get("experts") or []),
        "notices": [
            {"published_at": moment(n.published_at), "text": n.text}
            for n in publicity.notices.all()
        ],
        "documents": _documents(publicity, versions),
        "result": _result(publicity),
        "url": reverse("review_public:publicity", args=[publicity.pk]),
    }


def stamp(publicities):
    return newest(
        *(
            newest(
                p.published_at,
                p.result_published_at,
                *(n.published_at for n in p.notices.all()),
                *(v.published_at for v in p.published_versions),
            )
            for p in publicities
        )
    )


ENDPOINT = Endpoint(
    records=records,
    row=row,
    filters=("year", "department", "category", "state"),
    states=STATES,
    stamp=stamp,
)
