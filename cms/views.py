"""Public views outside the page tree: the site search."""

from django.shortcuts import render

from cms.forms import SearchForm
from cms.listing import paginate
from cms.models.catalogue import CATALOGUE_DEPTH, CataloguePage
from cms.search import load_pages, query_words, site_search


def _attach_catalogues(results):
    """Give each catalogue entry in `results` its catalogue's label, in one query."""
    prefixes = {
        r.path[: CATALOGUE_DEPTH * r.steplen]
        for r in results
        if r.depth > CATALOGUE_DEPTH and r.specific_class.__name__ == "CatalogueEntryPage"
    }
    catalogues = {c.path: c for c in CataloguePage.objects.filter(path__in=prefixes)}
    for r in results:
        r.catalogue_found = catalogues.get(r.path[: CATALOGUE_DEPTH * r.steplen])


def search(request):
    form = SearchForm(request.GET or None)
    query, kind, page_obj, words = "", "", None, []
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        kind = form.cleaned_data["kind"]
        ids = site_search(query, kind) if query else None
        if ids is not None:
            words = query_words(query)
            page_obj = paginate(request, ids, per_page=10)
            page_obj.object_list = load_pages(list(page_obj.object_list))
            _attach_catalogues(page_obj.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "cms/search.html",
        {
            "form": form,
            "query": query,
            "kind": kind,
            "page_obj": page_obj,
            "words": words,
            "filter_query": params.urlencode(),
        },
    )
