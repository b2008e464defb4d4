"""Per-call review settings (评审方案) and the rubric (评分标准).

Kept in review rather than on `grants.Call` so the review stage owns its tables (decisions.md 8).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

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

    class Meta:
        verbose_name = _("评审方案")
        verbose_name_plural = _("评审方案")

    def __str__(self):
        return str(self.call)

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

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分标准")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.dimension}·{self.name}"
