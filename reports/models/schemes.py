"""Evaluation schemes (评价指标体系): an indicator tree, bonus/penalty items and grade bands.

The tree is stored flat with dotted codes ("1", "1.2", "1.2.3" for 一级/二级/三级) so staff edit
it as one list in the admin; levels and parents follow from the codes. A scheme is frozen once
an evaluation uses it: results must stay explainable by the rules they were scored under.

A scheme is issued by a department (`department`, 发布部门) or city-wide (no department). A
department uses the schemes issued by itself and by every department above it
(`orgs.departments.issuers_for`); staff also see those of the departments below them. Only the
issuing department changes a scheme (`reports.permissions.can_change_scheme`).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from core.scoping import ScopedQuerySet, scope_of
from reports.models.states import IndicatorKind, IndicatorSource, SchemeMethod, Stage

POINTS = {"max_digits": 6, "decimal_places": 2}
code_validator = RegexValidator(
    r"^([0-9]{1,2}(\.[0-9]{1,2}){0,2}|[BP][0-9]{1,2})$",
    _("编号格式：一级“1”，二级“1.2”，三级“1.2.3”；加分项“B1”，扣分项“P1”"),
)


def _issuers_of_own(found) -> set:
    """The user's own departments and every department above them."""
    from orgs.departments import above, parents_map

    parents = parents_map()
    return {pk for own in found.own for pk in above(parents, own)}


class SchemeQuerySet(ScopedQuerySet):
    def for_user(self, user, *, acting: bool = False):
        """Seen: city-wide schemes, those of the user's departments and below (core.scoping),
        and those issued above them, which they may use. Acted on: their own departments'."""
        found = scope_of(user)
        if found is None or acting:
            return super().for_user(user, acting=acting)
        issuers = _issuers_of_own(found)
        return self.filter(
            Q(department__isnull=True) | Q(department__in=sorted(found.visible | issuers))
        )

    def usable_for(self, user):
        """Schemes a department `user` acts for may evaluate under: city-wide ones and those
        issued by the department or above it (every scheme for a user departments do not
        restrict)."""
        found = scope_of(user)
        if found is None:
            return self.all()
        issuers = _issuers_of_own(found)
        return self.filter(Q(department__isnull=True) | Q(department__in=sorted(issuers)))


class EvaluationScheme(ClusterableModel):
    name = models.CharField(_("方案名称"), max_length=200)
    department = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("发布部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_schemes",
        limit_choices_to={"kind": "government"},
        help_text=_("留空表示全市通用；下级部门可选用上级部门发布的方案"),
    )
    stage = models.CharField(
        _("适用阶段"), max_length=16, choices=Stage.choices, blank=True, help_text=_("留空表示通用")
    )
    method = models.CharField(
        _("计分方式"), max_length=16, choices=SchemeMethod.choices, default=SchemeMethod.POINTS
    )
    description = models.TextField(_("方案说明"), blank=True)
    bonus_cap = models.DecimalField(
        _("加分上限"), **POINTS, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    penalty_cap = models.DecimalField(
        _("扣分上限"), **POINTS, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    is_active = models.BooleanField(_("可供选用"), default=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("复制自"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SchemeQuerySet.as_manager()
    DEPARTMENT_PATH = "department"  # core.scoping
    DEPARTMENT_SHARED_WHEN_EMPTY = True

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("department"),
                FieldRowPanel([FieldPanel("stage"), FieldPanel("method")]),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("bonus_cap"), FieldPanel("penalty_cap")]),
                FieldPanel("is_active"),
            ],
            heading=_("方案"),
        ),
        InlinePanel(
            "indicators",
            heading=_("指标（一级“1”、二级“1.1”、三级“1.1.1”；加分项B1、扣分项P1）"),
            label=_("指标"),
            max_num=300,
        ),
        InlinePanel("bands", heading=_("等级区间"), label=_("等级"), min_num=1, max_num=10),
    ]

    class Meta:
        verbose_name = _("评价方案")
        verbose_name_plural = _("评价方案")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_frozen(self) -> bool:
        """Used by an evaluation: its rules may no longer change (copy it instead)."""
        return self.pk is not None and self.evaluations.exists()

    def ordered_indicators(self) -> list:
        return sorted(self.indicators.all(), key=lambda i: (i.kind != IndicatorKind.NORMAL, i.key))

    def ordered_bands(self) -> list:
        return sorted(self.bands.all(), key=lambda b: b.min_score, reverse=True)


class Indicator(Orderable):
    scheme = ParentalKey(EvaluationScheme, related_name="indicators", on_delete=models.CASCADE)
    code = models.CharField(_("编号"), max_length=12, validators=[code_validator])
    name = models.CharField(_("指标名称"), max_length=200)
    kind = models.CharField(
        _("类别"), max_length=16, choices=IndicatorKind.choices, default=IndicatorKind.NORMAL
    )
    max_points = models.DecimalField(
        _("分值"),
        **POINTS,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("末级指标、加分项、扣分项的满分（按分值计分时）"),
    )
    weight = models.DecimalField(
        _("权重（%）"),
        **POINTS,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("末级指标的权重（按权重计分时）"),
    )
    guidance = models.TextField(_("评价要点/评分标准"), blank=True)
    evidence = models.TextField(_("佐证材料要求"), blank=True)
    source = models.CharField(
        _("得分来源"),
        max_length=32,
        choices=IndicatorSource.choices,
        default=IndicatorSource.MANUAL,
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("max_points"), FieldPanel("weight"), FieldPanel("source")]),
        FieldPanel("guidance"),
        FieldPanel("evidence"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="indicator_code_per_scheme")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def key(self) -> tuple:
        """Sort key: codes compared part by part, so 1.10 follows 1.9."""
        if self.kind != IndicatorKind.NORMAL:
            return (self.code[0], int(self.code[1:] or 0))
        return tuple(int(p) for p in self.code.split("."))

    @property
    def level(self) -> int:
        return self.code.count(".") + 1 if self.kind == IndicatorKind.NORMAL else 0

    @property
    def parent_code(self) -> str:
        return self.code.rsplit(".", 1)[0] if "." in self.code else ""

    @property
    def top_code(self) -> str:
        return self.code.split(".", 1)[0]


class GradeBand(Orderable):
    scheme = ParentalKey(EvaluationScheme, related_name="bands", on_delete=models.CASCADE)
    label = models.CharField(_("等级"), max_length=20)
    min_score = models.DecimalField(
        _("最低分（含）"), **POINTS, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    passing = models.BooleanField(
        _("视为通过"), default=True, help_text=_("中期评估按此判断是否拨付下一期资金")
    )

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("min_score"), FieldPanel("passing")])]

    class Meta(Orderable.Meta):
        verbose_name = _("等级区间")
        verbose_name_plural = _("等级区间")

    def __str__(self):
        return f"{self.label} ≥ {self.min_score}"


DEFAULT_BANDS = (
    ("优", Decimal("90"), True),
    ("良", Decimal("80"), True),
    ("中", Decimal("60"), True),
    ("差", Decimal("0"), False),
)
MIDTERM_BANDS = (("合格", Decimal("60"), True), ("不合格", Decimal("0"), False))


def validate_scheme_rows(method: str, indicators: list[dict], bands: list[dict]) -> list[str]:
    """Problems with a scheme's rows (dicts of field values), as Chinese messages.

    Checked at the admin boundary before saving, so a scheme that cannot compute a grade is
    never stored.
    """
    problems = []
    normal = [i for i in indicators if i.get("kind", IndicatorKind.NORMAL) == IndicatorKind.NORMAL]
    codes = [i["code"] for i in indicators]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        problems.append(_("指标编号重复：%(codes)s") % {"codes": "、".join(duplicates)})
    normal_codes = {i["code"] for i in normal}
    for row in indicators:
        code, kind = row["code"], row.get("kind", IndicatorKind.NORMAL)
        is_extra = code[:1] in "BP"
        if kind == IndicatorKind.NORMAL and is_extra:
            problems.append(_("指标 %(code)s：B/P 编号只用于加分项和扣分项") % {"code": code})
        if kind != IndicatorKind.NORMAL and not is_extra:
            problems.append(
                _("指标 %(code)s：加分项编号以 B 开头，扣分项以 P 开头") % {"code": code}
            )
        if kind == IndicatorKind.NORMAL and "." in code:
            parent = code.rsplit(".", 1)[0]
            if parent not in normal_codes:
                problems.append(
                    _("指标 %(code)s 缺少上级指标 %(parent)s") % {"code": code, "parent": parent}
                )
        if kind != IndicatorKind.NORMAL and not row.get("max_points"):
            problems.append(_("%(code)s：加分项和扣分项须填写分值") % {"code": code})
    leaves = [i for i in normal if not any(c.startswith(i["code"] + ".") for c in normal_codes)]
    if not normal:
        problems.append(_("至少需要一个评价指标"))
    field = "max_points" if method == SchemeMethod.POINTS else "weight"
    missing = [i["code"] for i in leaves if i.get(field) in (None, "")]
    if missing:
        label = _("分值") if method == SchemeMethod.POINTS else _("权重")
        problems.append(
            _("末级指标须填写%(what)s：%(codes)s") % {"what": label, "codes": "、".join(missing)}
        )
    elif leaves:
        total = sum(Decimal(i[field]) for i in leaves)
        if total != Decimal("100"):
            problems.append(
                _("末级指标的%(what)s合计应为100，当前为%(total)s")
                % {
                    "what": _("分值") if method == SchemeMethod.POINTS else _("权重"),
                    "total": format(total.normalize(), "f"),
                }
            )
    if not bands:
        problems.append(_("至少需要一个等级区间"))
    elif min(Decimal(b["min_score"]) for b in bands) != 0:
        problems.append(_("最低的等级区间应从0分起"))
    labels = [b["label"] for b in bands]
    if len(set(labels)) != len(labels):
        problems.append(_("等级名称重复"))
    floors = [Decimal(b["min_score"]) for b in bands]
    if len(set(floors)) != len(floors):
        problems.append(_("等级区间的最低分重复"))
    return [str(p) for p in problems]


def check_scheme(scheme: EvaluationScheme) -> None:
    """Raise ValidationError if the saved scheme cannot compute a grade."""
    problems = validate_scheme_rows(
        scheme.method,
        [
            {"code": i.code, "kind": i.kind, "max_points": i.max_points, "weight": i.weight}
            for i in scheme.indicators.all()
        ],
        [{"label": b.label, "min_score": b.min_score} for b in scheme.bands.all()],
    )
    if problems:
        raise ValidationError(problems)
