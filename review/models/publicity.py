"""The 公示 as published (a frozen snapshot), its later notices, and objections (异议)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from wagtail.search import index

from core.files import private_storage
from core.fsm import WorkflowModel
from core.scoping import ScopedQuerySet
from core.search_fields import SegmentedField
from core.workdays import working_days_between
from review import permissions as perms
from review.models.states import ObjectionState as O

FALLBACK_UNCONFIRMED = _(
    "公示期涉及的年度尚无国务院办公厅节假日安排，结束日期只能按周一至周五（扣除法定节假日）推算，"
    "须由工作人员确认后方可发布"
)


class Publicity(models.Model):
    """One 公示 per call. `snapshot` is written once, when published, and never changed."""

    call = models.OneToOneField(
        "grants.Call", verbose_name=_("征集"), on_delete=models.CASCADE, related_name="publicity"
    )
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示结束日期"))
    objections_until = models.DateField(_("异议受理截止日期"))
    contact = models.CharField(_("异议受理联系方式"), max_length=200, blank=True)
    snapshot = models.JSONField(_("公示内容"), default=dict, editable=False)
    # Counted (partly) without the year's official holiday arrangement (`core.workdays`): only
    # published once a staff member confirmed the fallback dates; the public page says so.
    calendar_uncovered = models.BooleanField(default=False, editable=False)
    calendar_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("推算日期确认人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    calendar_confirmed_at = models.DateTimeField(
        _("推算日期确认时间"), null=True, blank=True, editable=False
    )
    # The moment the 公示 went online (review.publication.publish sets it); starts_on is never
    # before its Beijing date (`save`).
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    result_snapshot = models.JSONField(_("立项结果"), null=True, blank=True, editable=False)
    result_published_at = models.DateTimeField(_("结果发布时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    DEPARTMENT_PATH = "call__department"  # core.scoping

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-published_at"]

    def __str__(self):
        return str(self.snapshot.get("title") or self.call)

    def save(self, *args, **kwargs):
        problems = self.period_problems()
        if problems:
            raise ValidationError(problems)
        super().save(*args, **kwargs)

    def period_problems(self) -> list[str]:
        """docs/domain.md §11: the 公示 runs from the day it is published, no fewer than
        MIN_PUBLICITY_WORKING_DAYS working days; objections are accepted at least as long."""
        from grants.models.calls import MIN_PUBLICITY_WORKING_DAYS

        problems = []
        published_on = timezone.localdate(self.published_at)
        if self.starts_on < published_on:
            problems.append(
                gettext("公示开始日期（%(start)s）不能早于发布当天（%(day)s，北京时间）")
                % {"start": self.starts_on.isoformat(), "day": published_on.isoformat()}
            )
        if working_days_between(self.starts_on, self.ends_on) < MIN_PUBLICITY_WORKING_DAYS:
            problems.append(
                gettext("公示期不能少于%(n)d个工作日") % {"n": MIN_PUBLICITY_WORKING_DAYS}
            )
        if self.objections_until < self.ends_on:
            problems.append(gettext("异议受理截止日期不能早于公示结束日期"))
        # Checked when published: rows from before the confirmation existed stay savable.
        if self._state.adding and self.calendar_uncovered and not self.calendar_confirmed_by_id:
            problems.append(str(FALLBACK_UNCONFIRMED))
        return problems

    @property
    def closes_on(self):
        """The last day of the 公示 or of the objection window, whichever is later."""
        return max(self.ends_on, self.objections_until)

    def accepts_objections(self, today) -> bool:
        return self.starts_on <= today <= self.objections_until and self.result_snapshot is None

    def current_entries(self) -> list[dict]:
        """The published list as amended by later notices (each frozen when published)."""
        entries = {e["application"]: dict(e) for e in self.snapshot.get("entries", [])}
        for notice in self.notices.all():
            entry = notice.entry or {}
            if notice.kind == NoticeKind.CANCELLED and entry.get("application") in entries:
                entries[entry["application"]]["cancelled"] = True
            elif notice.kind == NoticeKind.PROMOTED and entry:
                entries[entry["application"]] = {**entry, "promoted": True}
        return sorted(entries.values(), key=lambda e: e["position"])


class NoticeKind(models.TextChoices):
    CANCELLED = "cancelled", _("取消资助")
    PROMOTED = "promoted", _("递补")
    REJECTED = "rejected", _("异议不成立")


class PublicityNotice(models.Model):
    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("类型"), max_length=16, choices=NoticeKind.choices)
    text = models.TextField(_("公告内容"))
    entry = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    DEPARTMENT_PATH = "publicity__call__department"  # core.scoping

    class Meta:
        verbose_name = _("公示更正公告")
        verbose_name_plural = _("公示更正公告")
        ordering = ["published_at", "pk"]

    def __str__(self):
        return self.text[:50]


class VersionKind(models.TextChoices):
    PUBLICITY = "publicity", _("公示")
    RESULT = "result", _("立项结果")


class PublishedVersion(index.Indexed, models.Model):
    """What went online, as it went online: one row per publication or correction of a 公示 or
    its 立项结果, with the publication time and an archived PDF (laid out after commit,
    review.archive). Never rewritten: a correction is the next number, with its reason."""

    publicity = models.ForeignKey(
        Publicity, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="versions"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=VersionKind.choices)
    number = models.PositiveSmallIntegerField(_("版本"))
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("更正说明"), blank=True)
    content = models.JSONField(_("发布内容"), default=dict)
    pdf = models.FileField(
        _("存档PDF"), storage=private_storage, upload_to="publicity/%Y/", blank=True
    )

    # Site search (cms.search_kinds): the published text of the 公示 or result as it went
    # online (no contact for objections, no scores); only the latest version is shown.
    search_fields = [
        SegmentedField("search_title", boost=3),
        SegmentedField("search_text"),
    ]

    objects = ScopedQuerySet.as_manager()

    DEPARTMENT_PATH = "publicity__call__department"  # core.scoping

    @property
    def published(self) -> dict:
        if self.kind == VersionKind.RESULT:
            return self.content.get("result") or {}
        return self.content.get("snapshot") or {}

    def search_title(self) -> str:
        return self.published.get("title", "")

    def search_text(self) -> str:
        published = self.published
        entries = self.content.get("entries") or published.get("entries") or []
        parts = [published.get("call", ""), published.get("department", "")]
        for entry in entries:
            parts += [entry.get("project", ""), entry.get("organization", "")]
            parts.append(entry.get("category", ""))
        return " ".join(p for p in parts if p)

    class Meta:
        verbose_name = _("公示发布版本")
        verbose_name_plural = _("公示发布版本")
        ordering = ["publicity", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["publicity", "kind", "number"], name="review_one_version_number"
            )
        ]

    def __str__(self):
        return f"{self.publicity} · {self.get_kind_display()} · {self.number}"

    def save(self, *args, **kwargs):
        # Only the archived PDF is added later; what was published stays as it was.
        if not self._state.adding and set(kwargs.get("update_fields") or ()) != {"pdf"}:
            raise ValidationError(gettext("已发布的版本不能修改，更正须发布新版本"))
        super().save(*args, **kwargs)

    @property
    def is_correction(self) -> bool:
        return self.number > 1


class Objection(WorkflowModel):
    state = FSMField(_("状态"), default=O.RECEIVED, choices=O.choices, protected=True)

    @transition(
        field=state,
        source=O.RECEIVED,
        target=O.UPHELD,
        permission=perms.can_settle_objection,
        custom={
            "label": _("异议成立"),
            "confirm": _(
                "异议将认定为成立，该项目的资助将被取消，处理结果将公布；此操作不能撤销。"
            ),
            "needs_reason": True,
        },
    )
    def uphold(self, *, by=None, reason=""):
        self._settle(by, reason)

    @transition(
        field=state,
        source=O.RECEIVED,
        target=O.REJECTED,
        permission=perms.can_settle_objection,
        custom={
            "label": _("异议不成立"),
            "confirm": _("异议将认定为不成立，处理结果将公布；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def reject(self, *, by=None, reason=""):
        self._settle(by, reason)

    publicity = models.ForeignKey(
        Publicity, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="objections"
    )
    application = models.ForeignKey(
        "grants.Application",
        verbose_name=_("异议项目"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    name = models.CharField(_("异议人姓名（或单位）"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    content = models.TextField(_("异议内容"))
    attachment = models.FileField(
        _("附件"), storage=private_storage, upload_to="objections/%Y/%m/", blank=True
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=50, blank=True)
    received_at = models.DateTimeField(_("受理时间"), auto_now_add=True)
    decision = models.TextField(_("处理意见"), blank=True)
    settled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    DEPARTMENT_PATH = "publicity__call__department"  # core.scoping

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.application} · {self.name}"

    def _settle(self, by, reason):
        self.decision = reason
        self.settled_at = timezone.now()
        self.settled_by = by if getattr(by, "pk", None) else None
