"""One list endpoint = what it lists (`Endpoint`) + the shared steps: throttle, validate the query,
page in a stable order, answer with cache validators."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from opendata.api.filters import FILTERS, PAGING, ListQuery
from opendata.api.http import data_response, error, throttled

MAX_ID = 2**63 - 1  # the largest id a bigint column holds


@dataclass(frozen=True)
class Endpoint:
    """`records(filters)` returns the public records, already in a stable order (a queryset, or
    a list for the mapped standards); `row(record, request)` the public fields of one;
    `stamp(records)` the newest publication time among those served, or None."""

    records: Callable
    row: Callable
    filters: tuple[str, ...]
    states: dict[str, str] = field(default_factory=dict)
    stamp: Callable = lambda records: None
    prepare: Callable = lambda records: None  # fetch related data of one page in a few queries
    # Keys of a row whose value is the moment of the request (360Giving's dateModified): left
    # out of the ETag, or no client copy would ever be current.
    volatile: tuple[str, ...] = ()

    def record(self, pk: int):
        """The public record with id `pk`, or None (also for an id no database could hold)."""
        if not 0 < pk <= MAX_ID:
            return None
        return self.records().filter(pk=pk).first()


def bad_query(problems: dict[str, str]) -> HttpResponse:
    first = next(iter(problems))
    return error(
        400,
        _("参数“%(name)s”有误：%(message)s") % {"name": first, "message": problems[first]},
        errors=problems,
    )


def page_of(request, endpoint: Endpoint) -> HttpResponse:
    """The answer of a list endpoint for this request (429, 400, 304 or 200)."""
    refused = throttled(request)
    if refused:
        return refused
    query = ListQuery(request.GET, allowed=endpoint.filters, states=endpoint.states)
    query.is_valid()
    problems = query.problems()
    if problems:
        return bad_query(problems)
    number, size = query.paging()
    records = endpoint.records(**query.filters())
    count = len(records) if isinstance(records, list) else records.count()
    pages = max(1, -(-count // size))
    if number > pages:
        return error(404, _("页码超出范围：共%(pages)d页") % {"pages": pages})
    rows = list(records[(number - 1) * size : number * size])
    endpoint.prepare(rows)
    data = {
        "count": count,
        "page": number,
        "page_size": size,
        "pages": pages,
        "next": _link(request, number + 1) if number < pages else None,
        "previous": _link(request, number - 1) if number > 1 else None,
        "results": [endpoint.row(record, request) for record in rows],
    }
    tag_data = None
    if endpoint.volatile:
        stable = [
            {k: v for k, v in r.items() if k not in endpoint.volatile} for r in data["results"]
        ]
        tag_data = {**data, "results": stable}
    return data_response(request, data, last_modified=endpoint.stamp(rows), tag_data=tag_data)


def one(request, endpoint: Endpoint, record) -> HttpResponse:
    """The answer of a detail endpoint; `record` is None when no public record has the id."""
    refused = throttled(request)
    if refused:
        return refused
    if record is None:
        return error(404, _("没有该编号的公开记录"))
    endpoint.prepare([record])
    return data_response(
        request, endpoint.row(record, request), last_modified=endpoint.stamp([record])
    )


def _link(request, number: int) -> str:
    # Only known parameters are repeated (the query was validated, so they are clean); a path,
    # not an absolute address, so the answer does not depend on the Host header.
    kept = {k: v for k, v in request.GET.items() if v != "" and k in (*FILTERS, *PAGING)}
    kept["page"] = number
    return request.path + "?" + urlencode(kept)
