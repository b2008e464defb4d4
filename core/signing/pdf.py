"""Signing a finished PDF and checking a signature, with pyHanko.

`sign_pdf` adds an invisible PAdES certification signature (DocMDP "no changes"): readers such as
Adobe Reader show the document as certified by the bureau and flag any later edit. It appends an
incremental update to WeasyPrint's bytes, so the layout is untouched; the SHA-256 the platform
publishes is of the bytes it returns. With ``SIGNING_TSA_URL`` a timestamp authority adds the time
(PAdES B-T); without one the signing time is the server's (B-B).
"""

import asyncio
import concurrent.futures
import io
import logging
from dataclasses import dataclass

from django.conf import settings

from core.signing import keys

logger = logging.getLogger("core.signing")

FIELD = "PlatformSignature"


def sign_pdf(pdf: bytes, *, reason: str = "") -> bytes:
    """`pdf` with the platform's signature. Fast (tens of milliseconds) unless a TSA is asked;
    like the layout, it is done after commit, never under a transition's row lock."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason=reason or None,
        name=settings.WAGTAIL_SITE_NAME,
    )
    timestamper = HTTPTimeStamper(settings.SIGNING_TSA_URL) if settings.SIGNING_TSA_URL else None
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = _outside_event_loop(
        signers.sign_pdf, writer, meta, signer=keys.signer(), timestamper=timestamper
    )
    return out.getvalue()


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous calls run `asyncio.run`, which refuses to start inside a running
    event loop (an ASGI server, a test driving a browser): there they run in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


@dataclass(frozen=True)
class SignatureCheck:
    """What pyHanko says about the first signature of a file."""

    present: bool = False  # a signature at all
    ours: bool = False  # made with our certificate (it chains to our trust roots) and valid
    intact: bool = False  # the signed bytes are unchanged
    whole_file: bool = False  # the signature covers the file, nothing was added after it
    signer: str = ""
    signed_at: object = None  # aware datetime the signer reported
    unreadable: bool = False  # not a PDF pyHanko can read


def check_signature(data: bytes) -> SignatureCheck:
    """Validate the first embedded signature of `data` against our certificate. Never raises:
    an uploaded file may be anything."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = keys.trust_roots()  # outside the try: a broken configuration must show
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
        if not signatures:
            return SignatureCheck()
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = _outside_event_loop(validate_pdf_signature, signatures[0], context)
    except Exception as exc:  # any malformed upload
        logger.info("Uploaded file: signature could not be read (%s)", type(exc).__name__)
        return SignatureCheck(unreadable=True)
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return SignatureCheck(
        present=True,
        ours=bool(status.intact and status.valid and status.trusted),
        intact=bool(status.intact and status.valid),
        whole_file=whole and bool(status.docmdp_ok or status.modification_level is None),
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signed_at=status.signer_reported_dt,
    )
