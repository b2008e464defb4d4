"""What grants shows on the public home page, through the cms's home-page hooks."""

from django.urls import reverse

from grants.models import Call

HOME_CALLS = 6


def open_calls_section(request):
    calls = list(
        Call.objects.accepting().select_related("department").order_by("closes_at")[:HOME_CALLS]
    )
    if not calls:
        return None
    return {
        "slot": "open_calls",
        "template": "grants/home/open_calls.html",
        "context": {"items": calls},
        "more_url": reverse("portal:call_list"),
    }
