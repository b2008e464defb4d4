from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import private_storage
from core.stored_files import StoredFile


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("登记证书（备案证明）")
    CHARTER = "charter", _("章程")
    ANNUAL_REPORT = "annual_report", _("年报")
    OTHER = "other", _("其他")


def document_path(instance, filename):
    return f"orgs/{instance.organization_id}/documents/{instance.sha256[:2]}/{filename}"


def thumbnail_path(instance, filename):
    return f"orgs/{instance.organization_id}/thumbnails/{instance.sha256[:2]}/{filename}"


class OrganizationDocument(StoredFile):
    """A file the organization handed in. Stored privately; served only by a checked view."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("材料类型"), max_length=32, choices=DocumentKind.choices)
    file = models.FileField(
        _("文件"), storage=private_storage, upload_to=document_path, max_length=300
    )
    thumbnail = models.FileField(
        _("缩略图"), storage=private_storage, upload_to=thumbnail_path, max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("组织材料")
        verbose_name_plural = _("组织材料")
        ordering = ["-uploaded_at"]
