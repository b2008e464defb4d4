"""Two-person approvals (经办/审核): a proposal waiting for a second person, and the per-action
setting that says whether a second person is required (`core.approvals`); each year's official
holiday arrangement as entered by an administrator (`core.workdays`)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from core import permissions as perms
from core.fsm import WorkflowModel
from core.scoping import ScopedQuerySet


class ApprovalState(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")


S = ApprovalState


class Approval(WorkflowModel):
    """One proposal of a money or publication action and its approval by a second person.

    Approving runs the action in the same transaction with the approver as the actor; the audit
    entries of the transitions it makes name the proposer too (`core.workflow`)."""

    state = FSMField(_("状态"), default=S.PENDING, choices=S.choices, protected=True)

    @transition(
        field=state,
        source=S.PENDING,
        target=S.APPROVED,
        permission=perms.can_decide_approval,
        custom={
            "label": _("批准"),
            "confirm": _(
                "批准后该事项将以您的名义立即执行，经办人和审核人记入审计记录；此操作不能撤销。"
            ),
        },
    )
    def approve(self, *, by=None, reason=""):
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision_reason = reason

    @transition(
        field=state,
        source=S.PENDING,
        target=S.REJECTED,
        permission=perms.can_decide_approval,
        custom={
            "label": _("退回"),
            "confirm": _("该事项将退回经办人，不会执行，退回原因记入审计记录；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def reject(self, *, by=None, reason=""):
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision_reason = reason

    @transition(
        field=state,
        source=S.PENDING,
        target=S.WITHDRAWN,
        permission=perms.can_withdraw_approval,
        custom={
            "label": _("撤回"),
            "confirm": _("该审核申请将被撤回，事项不会执行；如需办理须重新提交。"),
        },
    )
    def withdraw(self, *, by=None, reason=""):
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision_reason = reason

    action = models.CharField(_("事项"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    target_label = models.CharField(_("对象"), max_length=300)
    data = models.JSONField(_("提交内容"), default=dict, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    proposal_reason = models.TextField(_("经办说明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_reason = models.TextField(_("审核意见"), blank=True)
    result = models.TextField(_("执行结果"), blank=True)
    # The department of the target when proposed (`core.scoping.department_id_of`): a plain id,
    # since core knows no departments. Empty for a target no department owns: shared by all.
    department_ref = models.PositiveIntegerField(
        _("所属部门"), null=True, blank=True, editable=False
    )

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "department_ref"  # core.scoping
    DEPARTMENT_SHARED_WHEN_EMPTY = True

    class Meta:
        verbose_name = _("双人审核事项")
        verbose_name_plural = _("双人审核事项")
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "action"],
                condition=models.Q(state="pending"),
                name="one_pending_approval_per_action",
            )
        ]

    def __str__(self):
        return f"{self.action_label}：{self.target_label}"

    @property
    def action_label(self) -> str:
        from core.approvals import action_label

        return action_label(self.action)


class TwoPersonRule(models.Model):
    """Whether an action needs a second person. No row means it does (the default); a bureau with
    a single officer may switch one off, with the reason recorded and audited."""

    action = models.CharField(_("事项"), max_length=40, unique=True)
    required = models.BooleanField(_("须经审核人批准"), default=True)
    reason = models.TextField(_("关闭原因"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    changed_at = models.DateTimeField(_("修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("双人审核设置")
        verbose_name_plural = _("双人审核设置")

    def __str__(self):
        from core.approvals import action_label

        return action_label(self.action)


class DayKind(models.TextChoices):
    OFF = "off", _("休")
    WORK = "work", _("班")


class HolidayArrangement(ClusterableModel):
    """One year's official holiday arrangement (国务院办公厅关于某年部分节假日安排的通知),
    entered by an administrator each November. It takes precedence over the calendar library
    for its year (`core.workdays`): days not listed follow Monday–Friday."""

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(
        _("通知标题"), max_length=200, help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知")
    )
    number = models.CharField(
        _("文号"), max_length=60, blank=True, help_text=_("如：国办发明电〔2026〕X号")
    )
    issued_on = models.DateField(_("发布日期"))

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["-year"]

    def __str__(self):
        return str(_("%(year)s年节假日安排") % {"year": self.year})


class HolidayArrangementDay(Orderable):
    arrangement = ParentalKey(HolidayArrangement, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类别"), max_length=8, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=40, help_text=_("如：元旦、春节"))

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("安排日期")
        verbose_name_plural = _("安排日期")
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "date"], name="core_one_row_per_day")
        ]

    def __str__(self):
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}"


class InboxMessage(models.Model):
    """One notification kept for one person (站内信): the e-mail's subject and text, and a link
    to what it is about. Written by `core.notifications.notify` in the business transaction;
    read through `core.inbox`."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="inbox_messages",
    )
    kind = models.CharField(_("类别"), max_length=40)
    subject = models.CharField(_("标题"), max_length=255)
    body = models.TextField(_("内容"))
    # A site path ("/portal/applications/3/"), shown with the configured BASE_URL in front, so
    # links follow the site address when it changes; or an absolute address kept as written.
    link = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内信")
        verbose_name_plural = _("站内信")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="core_inbox_recent"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="core_inbox_unread",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def url(self) -> str:
        from core.inbox import absolute_url

        return absolute_url(self.link)


from core.signing.models import IssuedDocument  # noqa: E402, F401 (the register lives with signing)
