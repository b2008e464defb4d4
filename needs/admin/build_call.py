"""Build a call from needs: tick published needs on the 服务需求 listing, then

* 由所选需求生成征集: a draft call pre-filled from them (introduction listing the needs, one
  服务领域 per category, budget suggested from their ranges), which staff complete and publish;
* 纳入已有征集或购买公告: link them to an existing call or a purchase announcement page.

Either way each need moves to 已纳入征集 through the one door and its page links the call; all or
nothing (`needs.actions`). Wagtail bulk actions at `/admin/bulk/needs/need/<name>/`.

Departments (issue 21): only needs of the departments the user acts for are taken (another id is
left out, as if never selected), and the call is bought by — or already belongs to — one of those
departments; the form offers no other, and `needs.actions` refuses any other again.
"""

from decimal import Decimal

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.models import Page

from core.choices import row_id
from core.scoping import for_user
from core.workflow import TransitionRefused
from grants.models import Call, CallKind, CallState
from needs import actions
from needs.models import Need, NeedState
from orgs.departments import departments_for
from orgs.models import Organization, OrgKind
from orgs.roles import is_programme_staff

CENT = Decimal("0.01")
# cms.PurchaseAnnouncementPage, named by its content type: needs may not import cms.
ANNOUNCEMENT_MODEL = ("cms", "purchaseannouncementpage")


class BuildCallForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("征集名称"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("征集类型"), choices=CallKind.choices)
    department = forms.ModelChoiceField(
        label=gettext_lazy("购买主体（主办部门）"),
        queryset=Organization.objects.filter(kind=OrgKind.GOVERNMENT),
    )
    total_budget = forms.DecimalField(
        label=gettext_lazy("资金总额（元）"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(CENT)],
    )
    per_project_cap = forms.DecimalField(
        label=gettext_lazy("单个项目资助上限（元）"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(CENT)],
    )
    project_period_months = forms.IntegerField(
        label=gettext_lazy("项目周期上限（月）"), min_value=1, max_value=36, initial=10
    )

    def clean(self):
        data = super().clean()
        cap, total = data.get("per_project_cap"), data.get("total_budget")
        if cap and total and cap > total:
            self.add_error("per_project_cap", _("单个项目资助上限不能超过资金总额"))
        return data


def announcement_pages():
    try:
        content_type = ContentType.objects.get_by_natural_key(*ANNOUNCEMENT_MODEL)
    except ContentType.DoesNotExist:
        return Page.objects.none()
    return Page.objects.filter(content_type=content_type).order_by("-first_published_at")


class LinkNeedsForm(forms.Form):
    call = forms.ModelChoiceField(
        label=gettext_lazy("征集"),
        queryset=Call.objects.exclude(state=CallState.ARCHIVED).order_by("-opens_at"),
        required=False,
    )
    announcement_page = forms.ModelChoiceField(
        label=gettext_lazy("购买公告"), queryset=Page.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["announcement_page"].queryset = announcement_pages()

    def clean(self):
        data = super().clean()
        if not data.get("call") and not data.get("announcement_page"):
            raise ValidationError(_("请选择征集或购买公告"))
        return data


class NeedsBulkAction(BulkAction):
    models = [Need]
    template_name = "needs/admin/bulk_build_call.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_programme_staff(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [i for i in map(row_id, object_ids) if i]
        return Need.objects.filter(pk__in=ids).select_related("organization").order_by("pk")

    def get_actionable_objects(self):
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            ids = self.get_all_objects_in_listing_query(self.request.GET.get("childOf"))
        acting = Need.objects.for_user(self.request.user, acting=True)
        needs = self.get_queryset(self.model, ids).filter(pk__in=acting.values("pk"))
        return list(needs), {"items_with_no_access": []}

    def get_all_objects_in_listing_query(self, parent_id):
        return (
            Need.objects.for_user(self.request.user, acting=True)
            .filter(state=NeedState.PUBLISHED)
            .values_list("pk", flat=True)
        )

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        user = self.request.user
        if "department" in form.fields:
            form.fields["department"].queryset = departments_for(user).order_by("name")
        if "call" in form.fields:
            form.fields["call"].queryset = for_user(form.fields["call"].queryset, user, acting=True)
        return form

    def object_context(self, need):
        return {"item": need, "applies": need.state == NeedState.PUBLISHED}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "label": self.display_name}

    def form_valid(self, form):
        needs, _without_access = self.get_actionable_objects()
        try:
            target = self.perform(needs, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        except (PermissionDenied, TransitionRefused) as refused:
            form.add_error(None, "；".join(getattr(refused, "reasons", [str(refused)])))
            return self.form_invalid(form)
        return target


class BuildCallBulkAction(NeedsBulkAction):
    action_type = "build_call"
    display_name = gettext_lazy("由所选需求生成征集")
    aria_label = gettext_lazy("由所选需求生成征集草稿")
    form_class = BuildCallForm
    action_priority = 10

    def get_initial(self):
        needs, _without_access = self.get_actionable_objects()
        total, cap = actions.suggested_budget(needs)
        own = list(departments_for(self.request.user)[:2])
        return {
            "department": own[0] if len(own) == 1 else None,
            "title": _("%(first)s等需求服务项目征集") % {"first": needs[0].title} if needs else "",
            "kind": CallKind.VENTURE,
            "total_budget": total,
            "per_project_cap": cap,
            "project_period_months": 10,
        }

    def perform(self, needs, data):
        call = actions.build_call_from_needs(needs=needs, by=self.request.user, **data)
        messages.success(
            self.request,
            _("已生成征集草稿“%(title)s”，%(n)d条需求已纳入征集。请完善申报时间和资格后发布。")
            % {"title": call.title, "n": len(needs)},
        )
        return redirect(reverse("calls:edit", args=[call.pk]))


class LinkNeedsBulkAction(NeedsBulkAction):
    action_type = "link_call"
    display_name = gettext_lazy("纳入已有征集或购买公告")
    aria_label = gettext_lazy("将所选需求纳入已有征集或购买公告")
    form_class = LinkNeedsForm
    action_priority = 20

    def perform(self, needs, data):
        actions.link_needs(
            needs=needs,
            by=self.request.user,
            call=data.get("call"),
            announcement_page=data.get("announcement_page"),
        )
        messages.success(self.request, _("%(n)d条需求已纳入征集。") % {"n": len(needs)})
        return redirect(self.next_url)


BULK_ACTIONS = [BuildCallBulkAction, LinkNeedsBulkAction]
