"""List filters of the needs listing in the admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from core.regions.filters import RegionFilter
from needs.models import Need, NeedSource, NeedState, ServiceCategory, Urgency
from orgs.admin.filters import choice_filter

# Drafts are the owner's own work until submitted: staff never list them.
LISTED_STATES = [(v, label) for v, label in NeedState.choices if v != NeedState.DRAFT]


class NeedFilterSet(WagtailFilterSet):
    state = choice_filter(_("状态"), LISTED_STATES)
    category = choice_filter(_("服务领域"), ServiceCategory.choices)
    urgency = choice_filter(_("紧急程度"), Urgency.choices)
    source = choice_filter(_("需求来源"), NeedSource.choices)
    region_code = RegionFilter()

    class Meta:
        model = Need
        fields = []
