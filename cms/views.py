"""Public views outside the page tree: the site search."""

from django.shortcuts import render

from cms import search_kinds
from cms.forms import SearchForm
from cms.listing import paginate
from cms.search import query_words


def search(request):
    """Anyone: one list of every public kind (cms.search_kinds), 10 a page."""
    form = SearchForm(request.GET or None)
    query, kind, year, page_obj, words = "", "", None, None, []
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        kind = form.cleaned_data["kind"]
        year = form.cleaned_data["year"]
        hits = search_kinds.search(query, kind, year) if query else None
        if hits is not None:
            words = query_words(query)
            page_obj = paginate(request, hits, per_page=10)
            page_obj.object_list = search_kinds.load(list(page_obj.object_list))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "cms/search.html",
        {
            "form": form,
            "query": query,
            "kind": kind,
            "year": year,
            "year_rule": search_kinds.YEAR_RULE,
            "page_obj": page_obj,
            "words": words,
            "filter_query": params.urlencode(),
        },
    )
