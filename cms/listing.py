"""Listing pages: pagination and GET filters that keep each other's parameters."""

from django.core.paginator import Paginator

PER_PAGE = 15


def paginate(request, queryset, *, per_page=PER_PAGE):
    """The requested page of `queryset`; a missing or bad page number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def filter_form_context(request, form) -> dict:
    """The filter form plus the query string (without `page`) for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "filter_form": form,
        "filter_query": params.urlencode(),
        "is_filtered": any(v for k, v in params.items()),
    }
