"""The applicant's private side of an incubation: its founders and its files."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import private_storage
from core.phones import PhoneField
from core.stored_files import StoredFile
from orgs.models.incubation.states import IncubationDocumentKind


class Founder(models.Model):
    """A founder of a team not yet registered. Private: never shown on public pages."""

    DEPARTMENT_PATH = "incubation__base__department"  # core.scoping

    incubation = models.ForeignKey(
        "orgs.Incubation",
        verbose_name=_("入驻申请"),
        on_delete=models.CASCADE,
        related_name="founders",
    )
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("分工"), max_length=100, blank=True)
    phone = PhoneField(_("联系电话"))
    email = models.EmailField(_("电子邮箱"), blank=True)

    class Meta:
        verbose_name = _("发起人")
        verbose_name_plural = _("发起人")
        ordering = ["pk"]

    def __str__(self):
        return self.name


def document_path(instance, filename):
    return f"incubation/{instance.incubation_id}/{instance.sha256[:2]}/{filename}"


class IncubationDocument(StoredFile):
    """A file of an incubation (application material, the signed agreement …); private."""

    DEPARTMENT_PATH = "incubation__base__department"  # core.scoping

    incubation = models.ForeignKey(
        "orgs.Incubation",
        verbose_name=_("入驻申请"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("材料类型"), max_length=32, choices=IncubationDocumentKind.choices)
    file = models.FileField(
        _("文件"), storage=private_storage, upload_to=document_path, max_length=300
    )

    class Meta:
        verbose_name = _("孵化材料")
        verbose_name_plural = _("孵化材料")
        ordering = ["-uploaded_at"]
