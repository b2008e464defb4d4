"""The public needs board (/needs/), the public need form and published meeting results.

Anyone may see these pages. Needs reach the templates only through `needs.public`, so contacts,
attachments and offers cannot leak; the form refuses bots (honeypot) and floods (rate limit per
address) before anything is stored.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core import regions
from core.messages import flash_errors
from core.workflow import TransitionRefused
from needs import actions, public, throttle
from needs.forms import BoardFilterForm, PublicNeedForm
from needs.models import Need, RecommendationMeeting
from needs.models.states import MeetingState
from needs.search import search_needs
from orgs.public_departments import PurchaserFilter

PAGE_SIZE = 20


def board(request):
    form = BoardFilterForm(request.GET or None)
    needs = Need.objects.public().select_related(*public.public_related())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["category"]:
            needs = needs.filter(category=data["category"])
        if data["state"]:
            needs = needs.filter(state=data["state"])
        if data["urgency"]:
            needs = needs.filter(urgency=data["urgency"])
        if data["region"]:
            needs = needs.filter(region_code__startswith=regions.prefix(data["region"]))
        if data["q"]:
            needs = search_needs(needs, data["q"])
    purchaser = PurchaserFilter(request.GET)
    if purchaser.active:
        needs = needs.filter(purchaser_q(purchaser))
    page = Paginator(needs.order_by("-published_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "needs": [public.summary(n) for n in page.object_list],
        "query": query.urlencode(),
        "purchaser_filter": purchaser,
    }
    return render(request, "needs/public/board.html", context)


def purchaser_q(purchaser) -> Q:
    """The needs a 购买主体/地区 filter keeps: those taken into a call of a kept department, and
    those not (yet) in a call whose place lies in a kept department's 辖区 (the departments that
    would buy the service)."""
    kept = purchaser.kept()
    places = Q(pk__in=[])
    for prefix in sorted({regions.prefix(d.code) for d in kept if d.code}):
        places |= Q(region_code__startswith=prefix)
    if purchaser.area:
        places &= Q(region_code__startswith=regions.prefix(purchaser.area))
    return Q(call__department__in=[d.pk for d in kept]) | (Q(call__isnull=True) & places)


def detail(request, pk):
    need = get_object_or_404(Need.objects.public().select_related(*public.public_related()), pk=pk)
    meetings = need.meetings.filter(state=MeetingState.PUBLISHED)
    return render(
        request,
        "needs/public/detail.html",
        {"need": public.summary(need), "meetings": meetings},
    )


@require_http_methods(["GET", "POST"])
def submit(request):
    """Anyone. A refused submission (honeypot, rate limit, bad data) stores nothing."""
    if request.method == "POST":
        form = PublicNeedForm(request.POST)
        if form.is_spam():
            # Tell a bot nothing useful; a person never sees the hidden field.
            return render(request, "needs/public/refused.html", status=400)
        if form.is_valid():
            # Only complete submissions count: a person correcting a typo is not a flood.
            if throttle.over_limit(request):
                return render(
                    request,
                    "needs/public/refused.html",
                    {"rate_limited": True, "minutes": throttle.window() // 60},
                    status=429,
                )
            try:
                actions.submit_public_need(form=form)
            except (ValidationError, TransitionRefused) as error:
                flash_errors(request, error)
            else:
                return redirect("needs_public:submitted")
    else:
        form = PublicNeedForm()
    return render(request, "needs/public/submit.html", {"form": form})


def submitted(request):
    return render(request, "needs/public/submitted.html")


def meetings(request):
    items = RecommendationMeeting.objects.filter(state=MeetingState.PUBLISHED)
    return render(request, "needs/public/meetings.html", {"meetings": items})


def meeting_detail(request, pk):
    meeting = get_object_or_404(RecommendationMeeting, pk=pk, state=MeetingState.PUBLISHED)
    matches = meeting.matches.select_related("organization", "need")
    context = {
        "meeting": meeting,
        "participants": meeting.participants.all(),
        "needs": [
            public.summary(n)
            for n in meeting.needs.public().select_related(*public.public_related())
        ],
        "matches": [
            {
                "organization": m.organization.name,
                "need_title": m.need.title,
                "need_url": public.summary(m.need)["url"] if m.need.is_public else "",
                "funder": m.funder,
                "amount": m.amount,
            }
            for m in matches
        ],
    }
    return render(request, "needs/public/meeting_detail.html", context)
