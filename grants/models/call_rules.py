"""The eligibility rules a call chooses (docs/domain.md §3.2), stored as plain fields on the call.

Each field switches one rule of `grants.eligibility` on or sets its parameter; nothing here is a
constant of the programme, every call sets its own.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core import regions
from core.regions.fields import RegionCodesFormField
from orgs.models import Grade, OrgKind


def default_allowed_kinds() -> list[str]:
    return [str(kind) for kind in OrgKind.social_organizations()]


def validate_org_kinds(value) -> None:
    known = set(OrgKind.values)
    if not isinstance(value, list) or not set(value) <= known:
        raise ValidationError(_("组织类型只能从列表中选择"))


class OrgKindListField(models.JSONField):
    """A list of OrgKind values, edited as checkboxes (an empty list admits every kind)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_org_kinds])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=OrgKind.choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


def in_regions(code: str, allowed: list[str]) -> bool:
    return any(regions.within(code, region) for region in allowed)


class RegionCodeListField(models.JSONField):
    """A list of 6-digit region codes, chosen with the region picker."""

    def formfield(self, **kwargs):
        return RegionCodesFormField(
            required=not self.blank, label=capfirst(self.verbose_name), help_text=self.help_text
        )


class EligibilityRules(models.Model):
    allowed_org_kinds = OrgKindListField(
        _("可申报的组织类型"),
        default=default_allowed_kinds,
        blank=True,
        help_text=_("不选表示不限组织类型"),
    )
    require_verified = models.BooleanField(_("须已通过平台认证"), default=True)
    min_years_registered = models.PositiveSmallIntegerField(
        _("成立年限不少于（年）"), null=True, blank=True, help_text=_("留空表示不限")
    )
    min_grade = models.PositiveSmallIntegerField(
        _("评估等级不低于"),
        choices=Grade.choices,
        null=True,
        blank=True,
        help_text=_("按申报时有效的等级评估结果判断；留空表示不限"),
    )
    exclude_sanctioned = models.BooleanField(_("排除处于限制申报期的组织"), default=True)
    exclude_dishonest = models.BooleanField(_("排除列入严重违法失信名单的组织"), default=True)
    max_applications_per_org = models.PositiveSmallIntegerField(
        _("每个组织限报项目数"), default=1, validators=[MinValueValidator(1)]
    )
    previous_call = models.ForeignKey(
        "self",
        verbose_name=_("上一届（批次）征集"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_calls",
    )
    exclude_previously_funded = models.BooleanField(
        _("上一届已获资助的组织不得申报"),
        default=False,
        help_text=_("须同时选择上一届征集"),
    )
    exclude_unfinished_projects = models.BooleanField(
        _("有未结项或被终止项目的组织不得申报"), default=True
    )
    allowed_region_codes = RegionCodeListField(
        _("登记地限于"),
        default=list,
        blank=True,
        help_text=_(
            "依次选择省、市、区县后点“添加”，可添加多个；选到市表示该市全部区县；留空表示不限"
        ),
    )
    admit_incubated = models.BooleanField(
        _("在孵组织不受成立年限和评估等级限制"),
        default=False,
        help_text=_("孵化基地在孵或已出壳的组织可不满足成立年限和等级要求"),
    )

    class Meta:
        abstract = True

    def clean_eligibility(self) -> dict:
        errors = {}
        if self.exclude_previously_funded and not self.previous_call_id:
            errors["previous_call"] = _("启用“上一届已获资助的组织不得申报”时须选择上一届征集")
        if self.previous_call_id and self.previous_call_id == self.pk:
            errors["previous_call"] = _("上一届征集不能是本次征集")
        return errors
