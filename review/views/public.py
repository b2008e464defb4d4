"""The public 公示 and result pages (/publicity/): no sign-in, what was published and nothing more.

Who: anybody. They read only the frozen snapshots (`Publicity.snapshot`, notices, result), never
live data, so a later edit in the database cannot change what the public sees — internal scores,
comments and personal data never reach these pages unless the call chose to publish scores and
expert names. The 公示 is generated data frozen at publication, so it is served by these views
rather than authored as a Wagtail page (see docs/decisions.md).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from core.files import serve_private
from core.formats import beijing_time
from core.messages import flash_errors
from core.signing.register import issued_hashes
from orgs.public_departments import PurchaserFilter
from review.archive import store_version_pdf
from review.forms import ObjectionForm
from review.models import Publicity, PublishedVersion, VersionKind
from review.publication import beijing_today, file_objection
from review.spam import form_token, over_limit


def with_hashes(versions) -> list:
    """The versions, each with the SHA-256 of its signed PDF (`sha256`, '' until it is laid
    out), printed beside its download link."""
    versions = list(versions)
    hashes = issued_hashes(versions)
    for version in versions:
        version.sha256 = hashes.get(version.pk, "")
    return versions


@require_GET
def publicity_index(request):
    """Every 公示 and its result, newest first; filtered by 购买主体 and its region."""
    chosen = PurchaserFilter(request.GET)
    publicities = chosen.apply(
        Publicity.objects.select_related("call__department"), "call__department"
    ).order_by("-published_at")
    return render(
        request,
        "review/public/publicity_index.html",
        {"publicities": publicities, "purchaser_filter": chosen},
    )


def purchaser_name(publicity) -> str:
    """The 购买主体 as the 公示 published it; the call's department for one frozen without it."""
    return publicity.snapshot.get("department") or publicity.call.department.name


def _context(publicity, form=None, *, csrf_in_page=False):
    today = beijing_today()
    entries = publicity.current_entries()
    open_ = publicity.accepts_objections(today)
    versions = with_hashes(publicity.versions.filter(kind=VersionKind.PUBLICITY).order_by("number"))
    snap = dict(publicity.snapshot)
    if versions:  # a correction (更正) of the contact is a later version, never a rewrite
        latest = versions[-1].content.get("snapshot", {})
        snap["contact"] = latest.get("contact", snap.get("contact", ""))
    return {
        "publicity": publicity,
        "snap": snap,
        "purchaser": purchaser_name(publicity),
        "published": beijing_time(publicity.published_at),
        "versions": versions,
        "corrections": [v for v in versions if v.reason and v.is_correction],
        "entries": entries,
        "notices": publicity.notices.all(),
        "accepting": open_,
        "form": form
        or (ObjectionForm(entries=entries, initial={"token": form_token()}) if open_ else None),
        "calendar_fallback": publicity.calendar_uncovered,
        # The page is cached for everybody (core.public_cache), so its form carries no token;
        # static/js/csrf-token.js fetches one before submitting. Answers to a POST carry their own.
        "csrf_in_page": csrf_in_page,
    }


def _csrf_refused(request) -> bool:
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None


@csrf_exempt  # checked below: a submission without a valid token only shows the form again
@require_http_methods(["GET", "POST"])
def publicity_detail(request, pk):
    """The frozen 公示, later notices, and the objection form while the window is open.

    Without JavaScript the cached page's form has no CSRF token: the submission is then not
    taken but answered with the form again, the entries kept (not the attachment, which a
    browser cannot be given back) and a token, so a second click files it.
    """
    publicity = get_object_or_404(Publicity.objects.select_related("call__department"), pk=pk)
    if request.method == "GET":
        return render(request, "review/public/publicity_detail.html", _context(publicity))
    if _csrf_refused(request):
        return _ask_again(request, publicity)
    if not publicity.accepts_objections(beijing_today()):
        messages.error(request, _("异议受理期已结束，不再受理异议"))
        return redirect("review_public:publicity", pk=pk)
    if over_limit(request):
        messages.error(request, _("提交次数过多，请一小时后再试"))
        return redirect("review_public:publicity", pk=pk)
    form = ObjectionForm(request.POST, request.FILES, entries=publicity.current_entries())
    if not form.is_valid():
        form.data = form.data.copy()
        form.data["token"] = form_token()
        return render(
            request,
            "review/public/publicity_detail.html",
            _context(publicity, form, csrf_in_page=True),
            status=400,
        )
    data = form.cleaned_data
    try:
        file_objection(
            publicity,
            application_id=data["application"],
            name=data["name"],
            contact=data["contact"],
            content=data["content"],
            upload=data.get("attachment"),
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("review_public:publicity", pk=pk)
    messages.success(request, _("异议已提交，我们将在核查后通过您留下的联系方式反馈处理结果。"))
    return redirect("review_public:publicity", pk=pk)


def _ask_again(request, publicity):
    entries = publicity.current_entries()
    if not publicity.accepts_objections(beijing_today()):
        messages.error(request, _("异议受理期已结束，不再受理异议"))
        return redirect("review_public:publicity", pk=publicity.pk)
    kept = {k: v for k, v in request.POST.items() if k in ObjectionForm.base_fields}
    kept.pop("website", None)
    # The token keeps the time the form was first shown (review.spam): no second wait.
    form = ObjectionForm(entries=entries, initial={"token": form_token(), **kept})
    context = _context(publicity, form, csrf_in_page=True)
    context["confirm_again"] = True
    return render(request, "review/public/publicity_detail.html", context)


@require_GET
def result_detail(request, pk):
    publicity = get_object_or_404(
        Publicity.objects.select_related("call__department"), pk=pk, result_snapshot__isnull=False
    )
    return render(
        request,
        "review/public/result_detail.html",
        {
            "publicity": publicity,
            "purchaser": purchaser_name(publicity),
            "result": publicity.result_snapshot,
            "published": beijing_time(publicity.result_published_at),
            "publicity_published": beijing_time(publicity.published_at),
            "versions": with_hashes(
                publicity.versions.filter(kind=VersionKind.RESULT).order_by("number")
            ),
        },
    )


@require_GET
def version_pdf(request, pk, version_pk):
    """The archived PDF of a published version of a 公示 or result (public, as the page is);
    laid out now if the task after publication has not stored it yet."""
    version = get_object_or_404(
        PublishedVersion.objects.select_related("publicity"), pk=version_pk, publicity=pk
    )
    if not version.pdf:
        store_version_pdf(version.pk)
        version.refresh_from_db(fields=["pdf"])
    name = _("%(title)s（第%(n)d版）.pdf") % {
        "title": version.publicity.snapshot.get("title", ""),
        "n": version.number,
    }
    if version.kind == VersionKind.RESULT:
        name = _("%(title)s（第%(n)d版）.pdf") % {
            "title": (version.publicity.result_snapshot or {}).get("title", ""),
            "n": version.number,
        }
    return serve_private(version.pdf, filename=name, content_type="application/pdf")
