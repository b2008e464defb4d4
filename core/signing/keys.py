"""The bureau's signing key and certificate, from settings (docs/deploy.md).

Either ``SIGNING_PKCS12_FILE`` (with ``SIGNING_PASSPHRASE``) or ``SIGNING_KEY_FILE`` and
``SIGNING_CERT_FILE`` (the key optionally encrypted with ``SIGNING_PASSPHRASE``), plus
``SIGNING_CHAIN_FILES`` for intermediate and root certificates. With none of them set — a fresh
clone, the tests — a self-signed development certificate is generated on first need into
``SIGNING_DEV_DIR`` and used from then on, so no manual step is needed.
"""

import datetime
import functools
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

DEV_KEY = "dev-key.pem"
DEV_CERT = "dev-cert.pem"


def configured() -> bool:
    """True when a real certificate is configured (not the generated development one)."""
    return bool(settings.SIGNING_PKCS12_FILE or settings.SIGNING_CERT_FILE)


def _settings_key() -> tuple:
    return (
        settings.SIGNING_PKCS12_FILE,
        settings.SIGNING_KEY_FILE,
        settings.SIGNING_CERT_FILE,
        tuple(settings.SIGNING_CHAIN_FILES),
        settings.SIGNING_PASSPHRASE,
        str(settings.SIGNING_DEV_DIR),
        settings.WAGTAIL_SITE_NAME,
    )


def signer():
    """The pyHanko `SimpleSigner` of the current settings (loaded once per process)."""
    return _signer(_settings_key())


@functools.lru_cache(maxsize=4)
def _signer(key: tuple):
    from pyhanko.sign import signers

    passphrase = settings.SIGNING_PASSPHRASE.encode() if settings.SIGNING_PASSPHRASE else None
    chain = list(settings.SIGNING_CHAIN_FILES) or None
    if settings.SIGNING_PKCS12_FILE:
        loaded = signers.SimpleSigner.load_pkcs12(
            settings.SIGNING_PKCS12_FILE, ca_chain_files=chain, passphrase=passphrase
        )
    elif settings.SIGNING_CERT_FILE:
        loaded = signers.SimpleSigner.load(
            settings.SIGNING_KEY_FILE,
            settings.SIGNING_CERT_FILE,
            ca_chain_files=chain,
            key_passphrase=passphrase,
        )
    else:
        folder = ensure_dev_certificate()
        loaded = signers.SimpleSigner.load(str(folder / DEV_KEY), str(folder / DEV_CERT))
    if loaded is None:  # pyHanko logs the reason and returns None
        raise ValueError("The signing key or certificate could not be loaded (docs/deploy.md).")
    return loaded


def trust_roots() -> list:
    """Certificates a signature of ours chains to: the signing certificate and its chain."""
    s = signer()
    return [s.signing_cert, *s.cert_registry]


def ensure_dev_certificate() -> Path:
    """The folder holding the development key and certificate, generated when missing.

    Several processes may start at once (test workers, the server and a task worker): each builds
    a complete pair in a temporary folder and renames it into place; the first rename wins and the
    others throw theirs away, so a reader never sees a key without its certificate.
    """
    folder = Path(settings.SIGNING_DEV_DIR)
    if (folder / DEV_CERT).is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".signing-", dir=folder.parent))
    try:
        key_pem, cert_pem = self_signed(settings.WAGTAIL_SITE_NAME)
        (scratch / DEV_KEY).write_bytes(key_pem)
        os.chmod(scratch / DEV_KEY, 0o600)
        (scratch / DEV_CERT).write_bytes(cert_pem)
        try:
            scratch.rename(folder)
        except OSError:  # another process was first
            pass
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder


def self_signed(name: str) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{name}（开发用自签名证书）"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    # Key usage as a document-signing certificate has it: pyHanko's validator requires
    # non-repudiation (content commitment) by default.
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)
