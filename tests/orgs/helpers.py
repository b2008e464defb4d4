from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from core.audit import TRANSITION
from tests.hostile_files import make_pdf


def transitions_logged(obj) -> list[dict]:
    return list(
        ModelLogEntry.objects.filter(
            content_type__model=obj._meta.model_name, object_id=str(obj.pk), action=TRANSITION
        )
        .order_by("timestamp", "pk")
        .values_list("data", flat=True)
    )


def pdf_upload(name="登记证书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(), "application/pdf")
