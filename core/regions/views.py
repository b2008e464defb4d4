from django.http import Http404, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core import regions


@require_GET
@cache_control(public=True, max_age=86400)
def children(request, code=""):
    """Public: the regions below `code` (the provinces without one), for the region picker. The
    list is the same for everyone and holds no personal data."""
    if code and not regions.is_valid(code):
        raise Http404
    rows = [
        {"code": r.code, "name": r.name, "leaf": not regions.children(r.code)}
        for r in regions.children(code)
    ]
    return JsonResponse({"code": code, "children": rows})
