"""The payment notice (拨付通知) of a paid tranche, for the finance office: issued when the payment
is registered, its HTML frozen then and its PDF laid out after commit (`projects.notices`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import private_storage
from core.scoping import ScopedQuerySet


def notice_upload_to(instance, filename):
    return f"projects/{instance.tranche.project_id}/notices/{filename}"


class PaymentNotice(models.Model):
    tranche = models.OneToOneField(
        "projects.Tranche",
        verbose_name=_("拨付批次"),
        on_delete=models.PROTECT,
        related_name="payment_notice",
    )
    number = models.CharField(_("通知编号"), max_length=40, unique=True)
    html = models.TextField(_("通知文本（HTML）"), editable=False)
    pdf = models.FileField(
        _("通知文件"),
        storage=private_storage,
        upload_to=notice_upload_to,
        blank=True,
        editable=False,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "tranche__project__call__department"  # core.scoping

    class Meta:
        verbose_name = _("拨付通知")
        verbose_name_plural = _("拨付通知")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.number
