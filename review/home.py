"""What review shows on the public home page: running 公示 and recent results (slot "publicity")."""

from django.urls import reverse

from grants.models import CallState
from review.models import Publicity

HOME_ITEMS = 6


def publicity_section(request):
    items = list(
        Publicity.objects.filter(call__state__in=(CallState.PUBLICITY, CallState.DECIDED))
        .select_related("call__department")
        .order_by("-published_at")[:HOME_ITEMS]
    )
    if not items:
        return None
    return {
        "slot": "publicity",
        "template": "review/home/publicity.html",
        "context": {"items": items},
        "more_url": reverse("review_public:index"),
    }
