"""List filters of the screening listing and the call listing (Wagtail's filter drawer).

The call and category options are those of the calls the user may see (`core.scoping`): another
department's call titles are not offered, as its applications are not listed."""

from functools import partial

from django.db.models import Min
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from core.list_filters import RowValuesFilter
from grants.models import Application, Call, CallCategory, CallKind, CallState
from grants.models.states import ApplicationState
from orgs.admin.filters import choice_filter
from orgs.models import OrgKind


def call_options(user=None):
    calls = Call.objects.public().for_user(user)
    return calls.order_by("-opens_at", "pk").values_list("pk", "title")


def category_options(user=None):
    """Service categories by name, in the calls' own order: every edition has its "扶老", and
    the call filter picks the edition (a few names, not one option per call and category)."""
    categories = CallCategory.objects.filter(call__in=Call.objects.for_user(user).values("pk"))
    names = categories.values("name").annotate(first=Min("sort_order"))
    return ((n, n) for n in names.order_by("first", "name").values_list("name", flat=True))


# Drafts are the organization's own work until submitted: the bureau never lists them.
SCREENING_STATES = [(v, label) for v, label in ApplicationState.choices if v != "draft"]


class ApplicationFilterSet(WagtailFilterSet):
    # Every call is an option (hundreds after a few years): read as (id, title) values, not
    # model objects (`core.list_filters`).
    call = RowValuesFilter(label=_("征集"), rows=call_options, empty_label=_("全部"))
    state = choice_filter(_("状态"), SCREENING_STATES)
    category = RowValuesFilter(
        label=_("服务领域"),
        rows=category_options,
        field_name="category__name",
        empty_label=_("全部"),
    )
    organization__kind = choice_filter(_("组织类型"), OrgKind.choices)

    class Meta:
        model = Application
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        self.filters["call"].rows = partial(call_options, user)
        self.filters["category"].rows = partial(category_options, user)


class CallFilterSet(WagtailFilterSet):
    state = choice_filter(_("状态"), CallState.choices)
    kind = choice_filter(_("征集类型"), CallKind.choices)

    class Meta:
        model = Call
        fields = []
