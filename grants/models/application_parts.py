"""The repeated parts of an application: team members, budget lines and attachments."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.files import private_storage
from core.phones import PhoneField
from core.stored_files import StoredFile
from grants.models.calls import MONEY


class Qualification(models.TextChoices):
    """社会工作者职业资格 (社工证)."""

    NONE = "none", _("无")
    ASSISTANT = "assistant", _("助理社会工作师")
    SOCIAL_WORKER = "social_worker", _("社会工作师")
    SENIOR = "senior", _("高级社会工作师")


class TeamMember(models.Model):
    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="team_members"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("姓名"), max_length=50)
    education = models.CharField(_("学历"), max_length=50, blank=True)
    major = models.CharField(_("专业"), max_length=100, blank=True)
    qualification = models.CharField(
        _("社工证"), max_length=16, choices=Qualification.choices, default=Qualification.NONE
    )
    role = models.CharField(_("项目分工"), max_length=100, blank=True)
    phone = PhoneField(_("联系电话"), blank=True)

    class Meta:
        verbose_name = _("项目团队成员")
        verbose_name_plural = _("项目团队成员")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class FundingSource(models.TextChoices):
    REQUESTED = "requested", _("申请资助")
    OWN = "own", _("自筹")
    OTHER = "other", _("其他来源")


def exact_amount(unit_price: Decimal, quantity: Decimal) -> Decimal | None:
    """unit price × quantity, if it is a whole number of cents (money is never rounded)."""
    amount = unit_price * quantity
    if amount != amount.quantize(Decimal("0.01")):
        return None
    return amount.quantize(Decimal("0.01"))


class BudgetLine(models.Model):
    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="budget_lines"
    )
    position = models.PositiveSmallIntegerField(default=0)
    category = models.CharField(_("预算科目"), max_length=50, help_text=_("如：人员费、活动费"))
    item = models.CharField(_("明细项目"), max_length=200)
    unit_price = models.DecimalField(
        _("单价（元）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    quantity = models.DecimalField(_("数量"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    funding_source = models.CharField(
        _("资金来源"),
        max_length=16,
        choices=FundingSource.choices,
        default=FundingSource.REQUESTED,
    )

    class Meta:
        verbose_name = _("预算明细")
        verbose_name_plural = _("预算明细")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_price__gte=0) & Q(quantity__gt=0) & Q(amount__gte=0),
                name="budget_line_not_negative",
            )
        ]

    def __str__(self):
        return f"{self.category}：{self.item}"


class AttachmentKind(models.TextChoices):
    REQUIRED = "required", _("申报附件")
    COMMITMENT = "commitment", _("承诺书")
    QUESTION = "question", _("补充问题附件")


def attachment_path(instance, filename):
    return f"grants/applications/{instance.application_id}/{instance.sha256[:2]}/{filename}"


class ApplicationAttachment(StoredFile):
    """An uploaded file of an application. Stored privately; served only by a checked view."""

    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("附件类型"), max_length=16, choices=AttachmentKind.choices)
    requirement = models.ForeignKey(
        "grants.RequiredAttachment",
        verbose_name=_("对应的附件要求"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploads",
    )
    question_key = models.CharField(_("补充问题"), max_length=64, blank=True)
    file = models.FileField(
        _("文件"), storage=private_storage, upload_to=attachment_path, max_length=300
    )

    class Meta:
        verbose_name = _("申报附件")
        verbose_name_plural = _("申报附件")
        ordering = ["uploaded_at", "pk"]
