from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import private_storage


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("登记证书（备案证明）")
    CHARTER = "charter", _("章程")
    ANNUAL_REPORT = "annual_report", _("年报")
    OTHER = "other", _("其他")


def document_path(instance, filename):
    return f"orgs/{instance.organization_id}/documents/{instance.sha256[:2]}/{filename}"


def thumbnail_path(instance, filename):
    return f"orgs/{instance.organization_id}/thumbnails/{instance.sha256[:2]}/{filename}"


class OrganizationDocument(models.Model):
    """A file the organization handed in. Stored privately; served only by a checked view."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("材料类型"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(
        _("文件"), storage=private_storage, upload_to=document_path, max_length=300
    )
    thumbnail = models.FileField(
        _("缩略图"), storage=private_storage, upload_to=thumbnail_path, max_length=300, blank=True
    )
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("组织材料")
        verbose_name_plural = _("组织材料")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
