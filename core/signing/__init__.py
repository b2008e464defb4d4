"""Signed public documents: every PDF the platform publishes carries a PAdES signature made with
the bureau's certificate, and its SHA-256 is kept in a register anyone can check at /verify/.

* `keys`: the signer from settings (a key and certificate, or a PKCS#12 file), or in development a
  self-signed certificate generated on first need under ``SIGNING_DEV_DIR`` (git-ignored).
* `pdf`: `sign_pdf(bytes) -> bytes` (a certification signature: no later change is allowed) and
  `check_signature(bytes)`, pyHanko's validation against our certificate.
* `register`: `issue(...)` records a signed document (`core.IssuedDocument`) and marks the one it
  replaces; `verify(bytes)` answers the public check; `issued_hashes(records)` for download links.

Domain apps call these with their own records (`review.archive`, `grants.receipt_pdf`,
`reports.publication`); core knows no record kind. docs/deploy.md explains a real certificate.
"""
