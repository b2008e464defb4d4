"""Issuing signed documents and answering "is this ours?" (/verify/).

`issue` is called by the app that stored a signed PDF, after commit of the change that made it
(never under a transition's lock, `docs/development.md`). It is idempotent: the SHA-256 is unique,
a second call for the same bytes returns the same row.
"""

import hashlib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.signing.models import IssuedDocument
from core.signing.pdf import SignatureCheck, check_signature


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def issue(
    pdf: bytes,
    *,
    record,
    kind: str,
    title: str,
    issued_at,
    public_url: str = "",
    series: str = "",
    sequence: int = 1,
) -> IssuedDocument:
    """Register the signed `pdf` of `record`. Side effect: in its `series`, every document with a
    lower `sequence` is marked replaced by this one (or by a later one already registered), and
    this one is marked replaced when a later document is already there."""
    digest = sha256(pdf)
    existing = IssuedDocument.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            later = None
            if series:
                later = (
                    IssuedDocument.objects.select_for_update()
                    .filter(series=series, sequence__gt=sequence)
                    .order_by("-sequence")
                    .first()
                )
            document = IssuedDocument.objects.create(
                sha256=digest,
                kind=kind,
                title=title[:300],
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
                public_url=public_url,
                issued_at=issued_at,
                size=len(pdf),
                series=series,
                sequence=sequence,
                replaced_by=later,
            )
            if series:
                newest = later or document
                IssuedDocument.objects.filter(series=series, sequence__lt=sequence).filter(
                    Q(replaced_by__isnull=True) | Q(replaced_by__sequence__lt=newest.sequence)
                ).exclude(pk=newest.pk).update(replaced_by=newest)
    except IntegrityError:  # the same bytes registered meanwhile
        return IssuedDocument.objects.get(sha256=digest)
    return document


def issued_hashes(records) -> dict[int, str]:
    """{record pk: SHA-256} of the documents issued for `records` (one model), in one query."""
    records = [r for r in records if r is not None]
    if not records:
        return {}
    content_type = ContentType.objects.get_for_model(records[0])
    rows = IssuedDocument.objects.filter(
        content_type=content_type, object_id__in=[r.pk for r in records]
    ).order_by("issued_at", "pk")
    return dict(rows.values_list("object_id", "sha256"))


class Verdict:
    VALID = "valid"  # 真实有效
    REPLACED = "replaced"  # 已被更正替代
    UNKNOWN = "unknown"  # 无法验证（非本平台文件或已被改动）


@dataclass(frozen=True)
class Verification:
    verdict: str
    sha256: str
    document: IssuedDocument | None
    replacement: IssuedDocument | None
    signature: SignatureCheck

    @property
    def explanation(self) -> str:
        """Why a file is unknown, from what its signature says (empty for a known file)."""
        if self.document is not None:
            return ""
        sig = self.signature
        if sig.unreadable:
            return _("无法读取文件中的签名信息。")
        if not sig.present:
            return _("文件没有数字签名：不是本平台签发的文件，或签名已被去除。")
        if not sig.intact:
            return _("文件带有签名，但签名之后内容已被改动。")
        if not sig.ours:
            return _("文件的签名不是本平台的证书所签。")
        if not sig.whole_file:
            return _("本平台签名的内容未变，但签名之后文件又被追加或修改过。")
        return _("文件带有本平台的有效签名，但不在本平台的发布记录中（例如未公开的草稿）。")


def verify(data: bytes) -> Verification:
    """The answer for an uploaded file: found in the register by its SHA-256 (valid, or replaced
    by a later correction), else unknown — with what pyHanko says of its signature, which tells a
    changed copy of our document from a file that is not ours."""
    digest = sha256(data)
    document = IssuedDocument.objects.select_related("replaced_by").filter(sha256=digest).first()
    signature = check_signature(data)
    if document is None:
        return Verification(Verdict.UNKNOWN, digest, None, None, signature)
    replacement = document.replaced_by
    verdict = Verdict.REPLACED if replacement else Verdict.VALID
    return Verification(verdict, digest, document, replacement, signature)
