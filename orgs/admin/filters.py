"""List filters of the back office (django-filter FilterSets in Wagtail's filter drawer)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from core.regions.filters import RegionFilter
from orgs.models import (
    CreditStatus,
    Grade,
    Organization,
    OrgKind,
    OrgStatus,
    ProgrammeScope,
    Sanction,
    SanctionState,
    VerificationState,
)

ALL = _("全部")


def choice_filter(label, choices, **kwargs):
    return django_filters.ChoiceFilter(
        label=label, choices=choices, widget=forms.RadioSelect, empty_label=ALL, **kwargs
    )


class OrganizationFilterSet(WagtailFilterSet):
    kind = choice_filter(_("组织类型"), OrgKind.choices)
    state = choice_filter(_("认证状态"), VerificationState.choices)
    status = choice_filter(_("登记状态"), OrgStatus.choices)
    grade = choice_filter(_("评估等级"), Grade.choices)
    region_code = RegionFilter()
    credit_status = choice_filter(_("信用状态"), CreditStatus.choices)

    class Meta:
        model = Organization
        fields = []  # all declared above, in display order


class SanctionStatus:
    """What staff filter by: the state (已解除) first, then the dates (not states: a sanction in
    force is 尚未开始, 生效中 or 已到期 depending on the day)."""

    ACTIVE = "active"
    PENDING = "pending"
    EXPIRED = "expired"
    LIFTED = "lifted"
    CHOICES = [
        (ACTIVE, _("生效中")),
        (PENDING, _("尚未开始")),
        (EXPIRED, _("已到期")),
        (LIFTED, _("已解除")),
    ]
    LABELS = dict(CHOICES)

    @classmethod
    def of(cls, sanction, today=None) -> str:
        today = today or timezone.localdate()
        if sanction.state == SanctionState.LIFTED:
            return cls.LIFTED
        if sanction.starts_on > today:
            return cls.PENDING
        if sanction.ends_on and sanction.ends_on < today:
            return cls.EXPIRED
        return cls.ACTIVE


def filter_sanction_status(queryset, name, value):
    today = timezone.localdate()
    not_lifted = queryset.filter(state=SanctionState.IN_FORCE)
    if value == SanctionStatus.LIFTED:
        return queryset.filter(state=SanctionState.LIFTED)
    if value == SanctionStatus.PENDING:
        return not_lifted.filter(starts_on__gt=today)
    if value == SanctionStatus.EXPIRED:
        return not_lifted.filter(ends_on__lt=today)
    if value == SanctionStatus.ACTIVE:
        return not_lifted.filter(starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
    return queryset


class SanctionFilterSet(WagtailFilterSet):
    status = choice_filter(_("状态"), SanctionStatus.CHOICES, method=filter_sanction_status)
    scope = choice_filter(_("限制范围"), ProgrammeScope.choices)
    organization__name = django_filters.CharFilter(label=_("组织名称"), lookup_expr="icontains")

    class Meta:
        model = Sanction
        fields = []
