"""Stage *verify* (public): a signed PDF → a :class:`Verdict` listing each check and its result.

The checks, each of which must hold for the verdict to pass:

* ``signed`` — the file has a signature;
* ``intact`` — the signed bytes hash to the digest in the signature, and the signature over it is
  valid for the signer's key;
* ``unchanged`` — the signature covers the whole file: nothing was appended after signing (an
  incremental update that changes a word leaves the signature intact but not covering the file);
* ``trusted`` — only with trust roots given: the signer's certificate chains to one of them;
* ``register`` — only with a register: the file's SHA-256 is one the register recorded, under
  the number the signature names.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

PASS, FAIL, SKIPPED = "ok", "FAILED", "not checked"


@dataclass(frozen=True)
class Check:
    name: str
    state: str
    detail: str = ""


@dataclass(frozen=True)
class Verdict:
    """The checks of one file and what the signature says (signer, time, reason, location)."""

    checks: tuple[Check, ...]
    signer: str = ""
    signed_at: str = ""
    reason: str = ""
    location: str = ""
    timestamped: bool = False
    number: str | None = None            # the register's number for this file, if found
    sha256: str = ""
    facts: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return all(c.state != FAIL for c in self.checks)

    def dump(self) -> str:
        lines = [f"{c.name:<10} {c.state}{': ' + c.detail if c.detail else ''}" for c in self.checks]
        return "\n".join(lines + list(self.facts))


def _human(name) -> str:
    return name.human_friendly if name is not None else "?"


def verify_pdf(data: bytes, *, trust_roots=(), register=None) -> Verdict:
    """Check the signature of ``data`` (the PDF's bytes).  ``trust_roots``: certificates
    (asn1crypto or cryptography objects) the signer must chain to; ``register``: an open
    :class:`saraban.register.Register` to check the file's hash against."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    sha = hashlib.sha256(data).hexdigest()
    checks: list[Check] = []
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # noqa: BLE001 - a damaged file fails in many ways
        return Verdict((Check("signed", FAIL, f"cannot read the PDF: {exc}"),), sha256=sha)
    if not signatures:
        return Verdict((Check("signed", FAIL, "the file has no signature"),), sha256=sha)
    sig = signatures[-1]
    checks.append(Check("signed", PASS, f"{len(signatures)} signature{'s' * (len(signatures) != 1)}"))
    roots = [_asn1(c) for c in trust_roots]
    # no roots given: none trusted (never the operating system's TLS list), and "trusted" is
    # reported as not checked
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    signer = signed_at = reason = location = ""
    timestamped = False
    try:
        status = validate_pdf_signature(sig, context, skip_diff=True)
    except Exception as exc:  # noqa: BLE001 - a tampered signature fails in many ways
        checks.append(Check("intact", FAIL, f"the signature cannot be checked: {exc}"))
        return Verdict(tuple(checks), sha256=sha)
    signer = _human(status.signing_cert.subject) if status.signing_cert is not None else "?"
    if status.signer_reported_dt is not None:
        signed_at = status.signer_reported_dt.isoformat()
    if status.timestamp_validity is not None:
        timestamped = True
        signed_at = status.timestamp_validity.timestamp.isoformat() + " (timestamp)"
    sig_dict = sig.sig_object
    reason = str(sig_dict.get("/Reason", ""))
    location = str(sig_dict.get("/Location", ""))
    intact = status.intact and status.valid
    checks.append(Check("intact", PASS if intact else FAIL,
                        "" if intact else "the signed bytes do not match the signature"))
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    checks.append(Check("unchanged", PASS if whole else FAIL,
                        "" if whole else "the file was changed after it was signed (bytes added after the signature)"))
    if roots:
        checks.append(Check("trusted", PASS if status.trusted else FAIL,
                            "" if status.trusted else "the certificate does not chain to the given trust roots"))
    else:
        checks.append(Check("trusted", SKIPPED, "no trust roots given (--trust CA.pem)"))
    number = None
    if register is not None:
        found = register.by_hash(sha)
        if not found:
            checks.append(Check("register", FAIL, f"no file with this SHA-256 in the register ({register.location})"))
        else:
            entry, doc = found[0]
            number = entry.number
            named = location.removeprefix("ที่ ").strip()
            from ..register.model import CANCELLED, normal_number

            if named and normal_number(named) != entry.number:
                checks.append(Check("register", FAIL, f"the register has this file under {entry.number!r}, "
                                                      f"the signature names {named!r}"))
            elif entry.status == CANCELLED:
                checks.append(Check("register", FAIL, f"number {entry.number!r} was cancelled: {entry.reason}"))
            else:
                to = f", to {doc.recipient}" if doc.recipient else ""
                checks.append(Check("register", PASS, f"ที่ {entry.number} ({entry.series} {entry.seq}/{entry.year}), "
                                                      f"file {doc.file}{to}"))
    else:
        checks.append(Check("register", SKIPPED, "no register configured"))
    facts = (f"signer     {signer}", f"signed at  {signed_at or '?'}", f"reason     {reason}",
             f"location   {location}", f"sha256     {sha}")
    return Verdict(tuple(checks), signer, signed_at, reason, location, timestamped, number, sha, facts)


def _asn1(cert):
    """An asn1crypto certificate from a cryptography one (or as it is)."""
    from asn1crypto import x509

    if isinstance(cert, x509.Certificate):
        return cert
    from cryptography.hazmat.primitives.serialization import Encoding

    return x509.Certificate.load(cert.public_bytes(Encoding.DER))
