"""The project's budget lines (the funded part of the application's budget) and spending on them."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


class ProjectBudgetLine(models.Model):
    project = models.ForeignKey(
        "projects.FundedProject",
        verbose_name=_("资助项目"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    category = models.CharField(_("预算科目"), max_length=50)
    item = models.CharField(_("明细项目"), max_length=200)
    amount = models.DecimalField(
        _("预算金额（元）"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    original_amount = models.DecimalField(_("立项时预算（元）"), editable=False, **MONEY)

    class Meta:
        verbose_name = _("项目预算科目")
        verbose_name_plural = _("项目预算科目")
        ordering = ["project", "position", "pk"]

    def __str__(self):
        return f"{self.category}·{self.item}"
