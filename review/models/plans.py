"""Per-call review settings (评审方案) and the rubric (评分标准).

Kept in review rather than on `grants.Call` so the review stage owns its tables (decisions.md 8).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet
from review.models.states import ScoringRule

# docs/domain.md §4: a reasonable default when the call publishes no rubric of its own.
DEFAULT_RUBRIC = [
    ("需求分析与目标", "需求分析充分、目标明确可衡量", 20),
    ("项目设计与活动", "活动设计与目标匹配、进度安排合理", 25),
    ("创新性", "服务内容或方式有创新", 15),
    ("可行性与可持续性", "实施条件具备、风险可控、可持续", 10),
    ("预算合理性", "预算科学合理、与活动匹配", 15),
    ("组织与团队能力", "机构经验与团队专业能力", 15),
]


# Settings of the plan frozen at 开始评审 with the rubric, the budget and the quotas. Presentation
# settings (publishing scores or expert names, the spread warning, the panel size) stay editable.
FROZEN_FIELDS = (
    "scoring_rule",
    "trim_threshold",
    "min_score_to_fund",
    "blind",
    "min_scores",
    "allow_halves",
    "comment_below_share",
)


class ReviewPlan(models.Model):
    call = models.OneToOneField(
        "grants.Call", verbose_name=_("征集"), on_delete=models.CASCADE, related_name="review_plan"
    )
    blind = models.BooleanField(
        _("匿名评审"), default=False, help_text=_("专家看不到申报单位名称、代码和人员信息")
    )
    scoring_rule = models.CharField(
        _("计分规则"), max_length=16, choices=ScoringRule.choices, default=ScoringRule.TRIMMED
    )
    trim_threshold = models.PositiveSmallIntegerField(
        _("去掉最高最低分的最少评分数"), default=5, validators=[MinValueValidator(3)]
    )
    allow_halves = models.BooleanField(_("允许0.5分"), default=True)
    comment_below_share = models.DecimalField(
        _("须填写评语的得分比例"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("某项得分低于该项满分的此比例时，须填写评语"),
    )
    min_score_to_fund = models.DecimalField(
        _("拟资助最低分"), max_digits=5, decimal_places=2, default=Decimal("60.00")
    )
    disagreement_spread = models.DecimalField(
        _("分歧提示分差"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("20.0"),
        help_text=_("专家最高分与最低分之差超过此值时提示"),
    )
    panel_size = models.PositiveSmallIntegerField(
        _("评审组人数"), default=5, validators=[MinValueValidator(1)]
    )
    min_scores = models.PositiveSmallIntegerField(
        _("每份申报书最少评分数"), default=3, validators=[MinValueValidator(1)]
    )
    publish_scores = models.BooleanField(_("公示评审得分"), default=False)
    publish_expert_names = models.BooleanField(_("公示评审专家名单"), default=True)
    rubric_frozen_at = models.DateTimeField(_("评分标准锁定时间"), null=True, blank=True)
    # The plan in force (docs/domain.md §4 "rules before results"): written at 开始评审 and by a
    # 重新评审 only (review.plan_freeze); a frozen field changed otherwise is refused on save.
    frozen_at = models.DateTimeField(_("评审方案锁定时间"), null=True, blank=True, editable=False)
    frozen_rules = models.JSONField(_("锁定的评审规则"), null=True, blank=True, editable=False)
    version = models.PositiveSmallIntegerField(_("评审方案版本"), default=1, editable=False)
    # A 重新评审 asked for and not yet performed: the new values, applied by the transition.
    pending_rules = models.JSONField(_("待重新评审的规则"), null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    DEPARTMENT_PATH = "call__department"  # core.scoping

    class Meta:
        verbose_name = _("评审方案")
        verbose_name_plural = _("评审方案")

    def __str__(self):
        return str(self.call)

    def save(self, *args, **kwargs):
        changed = self.frozen_changes()
        if changed:
            raise ValidationError(self.frozen_message(changed))
        super().save(*args, **kwargs)

    @property
    def frozen(self) -> bool:
        return self.frozen_rules is not None

    def rule_values(self) -> dict:
        """The frozen settings of the plan itself, as stored in `frozen_rules`."""
        return {name: self.stored_value(name, getattr(self, name)) for name in FROZEN_FIELDS}

    def stored_value(self, name, value) -> str:
        """`value` of field `name` as `frozen_rules` keeps it ("60.00", "True", "trimmed")."""
        field = self._meta.get_field(name)
        if isinstance(field, models.DecimalField) and value is not None:
            return str(Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places)))
        return str(value)

    def frozen_changes(self) -> list[str]:
        """Labels of the frozen settings that differ from the plan in force."""
        if not self.frozen:
            return []
        values = self.rule_values()
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in FROZEN_FIELDS
            if values[name] != self.frozen_rules.get(name, values[name])
        ]

    def frozen_message(self, changed) -> str:
        return gettext(
            "评审方案已于%(day)s锁定，%(fields)s不能直接修改，须经“重新评审”并说明理由"
        ) % {
            "day": self.frozen_day(),
            "fields": "、".join(changed),
        }

    def frozen_day(self) -> str:
        local = timezone.localtime(self.frozen_at) if self.frozen_at else None
        return f"{local.year}年{local.month}月{local.day}日" if local else "—"

    def statement(self) -> str:
        """The plan a ranking, export, 公示 or result was computed with, in one line."""
        rules = self.frozen_rules or self.rule_values()
        rule = ScoringRule(rules["scoring_rule"]).label
        text = gettext(
            "计分规则：%(rule)s；去极值阈值：%(threshold)s份评分；拟资助最低分：%(minimum)s"
        ) % {
            "rule": rule,
            "threshold": rules["trim_threshold"],
            "minimum": rules["min_score_to_fund"],
        }
        if self.frozen:
            text += gettext("；评审方案第%(version)s版，锁定于%(day)s") % {
                "version": self.version,
                "day": self.frozen_day(),
            }
        else:
            text += gettext("；评审方案尚未锁定")
        return text

    def clean(self):
        if self.panel_size % 2 == 0:
            raise ValidationError({"panel_size": _("评审组人数须为奇数")})
        if self.min_scores > self.panel_size:
            raise ValidationError({"min_scores": _("最少评分数不能超过评审组人数")})

    @property
    def rubric_frozen(self) -> bool:
        return self.rubric_frozen_at is not None

    def total_points(self) -> Decimal:
        return sum((c.max_points for c in self.criteria.all()), Decimal("0"))


class Criterion(models.Model):
    plan = models.ForeignKey(ReviewPlan, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    dimension = models.CharField(_("评分维度"), max_length=50)
    name = models.CharField(_("评分项"), max_length=100)
    guidance = models.TextField(_("评分说明"), blank=True)
    max_points = models.DecimalField(
        _("满分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )

    objects = ScopedQuerySet.as_manager()

    DEPARTMENT_PATH = "plan__call__department"  # core.scoping

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分标准")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.dimension}·{self.name}"

    def save(self, *args, **kwargs):
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def _refuse_if_frozen(self):
        plan = ReviewPlan.objects.filter(pk=self.plan_id).only("rubric_frozen_at").first()
        if plan is not None and plan.rubric_frozen_at is not None:
            raise ValidationError(_("评审已开始，评分标准已锁定，不能修改"))
