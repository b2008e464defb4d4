"""`{% approvals_panel obj "decide,publish" %}`: on a record's staff page, its two-person
proposals (经办人, 审核人, times) and a notice for each listed action whose second person is
switched off, with the reason. `obj` may be a list of records (a project's tranches)."""

from django import template
from django.contrib.contenttypes.models import ContentType

from core import approvals
from core.models import Approval

register = template.Library()


@register.inclusion_tag("core/admin/approvals_panel.html", takes_context=True)
def approvals_panel(context, obj, actions=""):
    from core.approval_views import rows

    objects = [o for o in (obj if isinstance(obj, list | tuple) else [obj]) if o is not None]
    found = Approval.objects.none()
    if objects:
        found = Approval.objects.filter(
            content_type=ContentType.objects.get_for_model(type(objects[0])),
            object_id__in=[str(o.pk) for o in objects],
        ).select_related("proposed_by", "decided_by")
    unchecked = []
    for key in filter(None, (k.strip() for k in actions.split(","))):
        setting = approvals.rule_for(key)
        if not setting.required:
            unchecked.append({"label": approvals.action_label(key), "reason": setting.reason})
    anchor = type(objects[0]).__name__.lower() if objects else "none"
    return {
        "rows": rows(found, context["request"].user),
        "unchecked": unchecked,
        "anchor": anchor,
    }
