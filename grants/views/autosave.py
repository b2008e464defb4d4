"""Autosave for the application form: the page's script POSTs the whole form every ~20 s and
when the tab is hidden; the answer is JSON. Signed-out users get 401 (the script keeps the typed
text in localStorage and restores it after sign-in), a draft changed by another member since the
page loaded gets 409, so nobody's work is silently overwritten by an old tab.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.money import figures
from grants import actions
from grants import permissions as perms
from grants.completeness import submission_problems
from grants.forms.applications import ApplicationForm, budget_formset, team_formset
from grants.models import ApplicationState
from grants.views.portal import get_application_for_user

FORM_BODIES = ("multipart/form-data", "application/x-www-form-urlencoded")


def omitted_fields(request, form, *formsets) -> list[str]:
    """Labels of the fields the body does not carry. The page's script sends the whole form; a
    body without a field (JSON, empty, cut short) would otherwise blank it in the draft. Unticked
    checkboxes are never sent, and Django's widgets know it (`value_omitted_from_data`)."""
    if request.content_type not in FORM_BODIES:
        return [str(_("表单内容"))]
    missing = [
        str(field.label or name)
        for name, field in form.fields.items()
        if field.widget.value_omitted_from_data(request.POST, request.FILES, form.add_prefix(name))
    ]
    for formset in formsets:
        if f"{formset.prefix}-TOTAL_FORMS" not in request.POST:
            missing.append(formset.prefix)
    return missing


@require_POST
def application_autosave(request, pk):
    if not request.user.is_authenticated:
        return JsonResponse(
            {
                "saved": False,
                "error": _("登录已过期，请重新登录。已填写的内容暂存在本机浏览器中。"),
            },
            status=401,
        )
    try:
        application = get_application_for_user(request, pk, perms.can_edit_application)
    except PermissionDenied as exc:
        return JsonResponse({"saved": False, "error": str(exc)}, status=403)
    except Http404:  # say no more than to an outsider
        return JsonResponse({"saved": False, "error": str(perms.NOT_APPLICANT_MEMBER)}, status=404)
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        revision = None
    form = ApplicationForm(request.POST, instance=application, call=application.call)
    team = team_formset(application, request.POST)
    budget = budget_formset(application, request.POST)
    if missing := omitted_fields(request, form, team, budget):
        return JsonResponse(
            {
                "saved": False,
                "error": _("自动保存的内容不完整（缺少：%(fields)s），未保存。请刷新页面后重试。")
                % {"fields": "、".join(missing[:5])},
            },
            status=400,
        )
    try:
        result = actions.save_draft(
            application=application,
            form=form,
            team=team,
            budget=budget,
            by=request.user,
            expected_revision=revision,
        )
    except actions.StaleDraft:
        return JsonResponse(
            {
                "saved": False,
                "error": _(
                    "其他成员在您打开本页后修改了申报书，自动保存已暂停。"
                    "点击“保存草稿”将以本页内容为准，或刷新页面查看最新内容。"
                ),
            },
            status=409,
        )
    except PermissionDenied as exc:
        return JsonResponse({"saved": False, "error": str(exc)}, status=403)
    saved = result.application
    totals = saved.budget_totals()
    return JsonResponse(
        {
            "saved": True,
            "revision": saved.revision,
            "saved_at": timezone.localtime(saved.updated_at).strftime("%H:%M:%S"),
            "updated_at": saved.updated_at.timestamp(),  # the page's local copy compares it
            "errors": result.errors,
            "totals": {k: figures(v) for k, v in totals.items()},
            "problems": submission_problems(
                saved, resubmission=saved.state == ApplicationState.RETURNED
            ),
        }
    )
