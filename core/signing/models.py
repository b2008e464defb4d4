"""The register of issued documents: one row per signed PDF the platform published."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuedDocument(models.Model):
    """A signed public PDF as issued: its SHA-256 (of the final signed bytes), the record it
    belongs to, when it was issued and, once a correction replaced it, the document that did.

    `series` groups the versions of one document (a 公示's versions, a report's versions);
    within a series a higher `sequence` replaces a lower one (`core.signing.register.issue`).
    Never deleted: a document once published stays checkable."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    kind = models.CharField(_("类型"), max_length=40)
    title = models.CharField(_("文件名称"), max_length=300)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    # The record's public page when it has one (a 申报回执 has none).
    public_url = models.CharField(_("公开页面"), max_length=300, blank=True)
    issued_at = models.DateTimeField(_("发布时间"))
    size = models.PositiveIntegerField(_("大小（字节）"))
    series = models.CharField(max_length=100, blank=True)
    sequence = models.PositiveIntegerField(default=1)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("更正后的文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        app_label = "core"
        verbose_name = _("已发布文件")
        verbose_name_plural = _("已发布文件")
        ordering = ["-issued_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="core_issued_record"),
            models.Index(fields=["series", "sequence"], name="core_issued_series"),
        ]

    def __str__(self):
        return self.title
