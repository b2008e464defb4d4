from django.http import Http404, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core import regions


@require_GET
@cache_control(public=True, max_age=86400)
def children(request, code=""):
    """Public: the regions below `code` (the provinces without one, the towns of a county), for
    the region picker. The list is the same for everyone and holds no personal data. `towns`
    marks a row whose children are towns: a picker that stops at the county stops there."""
    if code and not regions.is_valid(code):
        raise Http404
    rows = []
    for region in regions.children(code):
        below = regions.children(region.code)
        rows.append(
            {
                "code": region.code,
                "name": region.name,
                "leaf": not below,
                "towns": bool(below) and regions.is_town(below[0].code),
            }
        )
    return JsonResponse({"code": code, "children": rows})
