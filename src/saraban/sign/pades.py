"""Stage *sign* (public): final PDF bytes → the same PDF with a PAdES signature appended.

:func:`load_signer` reads the signer's certificate and key from a PKCS#12 file (the password from
an environment variable or a prompt, never from a spec).  :meth:`Signer.sign` adds one PAdES
baseline signature as an incremental update — B-B, or B-T when a timestamp server is configured —
with the reason ``ลงนามหนังสือราชการ`` and the letter's number in the signature's Location (the
free-text field viewers show beside the reason).  On a letter the signature's field covers the
signature block (the space above the name, the name and the position) with a transparent
appearance: what a reader sees there is the letter's printed block, and a click on it opens the
signature in a viewer.  Other files (the distribution list) get an invisible field.  The bytes before the update are untouched, so a PDF/A file stays
what it was and the signature is the last change to the file.

A signature holds its signing time, so signed files differ from run to run; unsigned output stays
byte-identical.
"""

from __future__ import annotations

import getpass
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location
from .cms import FastCms

#: The reason in every signature: "signing an official letter".
REASON = "ลงนามหนังสือราชการ"

#: The environment variable holding the PKCS#12 password unless the spec names another.
PASSWORD_VARIABLE = "SARABAN_SIGN_PASSWORD"

#: The signature field's name (one signature per document).
FIELD_NAME = "saraban-signature"

#: Bytes reserved for the CMS signature: an RSA-4096 chain of three certificates and a timestamp
#: token fit in 16 KiB; pyHanko's default estimate would sign every document twice to find out.
BYTES_RESERVED = 16384


@dataclass(frozen=True)
class SignatureSettings:
    """What the spec says about signing: the PKCS#12 file, the password's variable, a timestamp
    server (PAdES B-T), and where in the spec it was said (for errors)."""

    certificate: Path
    password_variable: str = PASSWORD_VARIABLE
    timestamp_url: str | None = None
    where: Location | None = None


class Signer:
    """A loaded signing key with its certificate, ready to sign any number of documents."""

    def __init__(self, signer, settings: SignatureSettings, timestamper=None):
        self._signer = signer
        self.settings = settings
        self.timestamper = timestamper

    @property
    def subject(self) -> str:
        return self._signer.signing_cert.subject.human_friendly

    def sign(self, data: bytes, number: str | None = None, place: tuple[int, tuple[float, ...]] | None = None) -> bytes:
        """``data`` with a PAdES signature appended; ``number``: the letter's number, recorded in
        the signature; ``place``: (page index, (x1, y1, x2, y2) in points) of a visible signature
        field — over the letter's signature block — or None for an invisible one."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, reason=REASON, location=f"ที่ {number}" if number else None,
            subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
        spec = style = None
        if place is not None:
            page, box = place
            spec = fields.SigFieldSpec(FIELD_NAME, box=tuple(round(v) for v in box), on_page=page)
            style = _blank_style()
        pdf_signer = signers.PdfSigner(meta, signer=self._signer, timestamper=self.timestamper,
                                       new_field_spec=spec, stamp_style=style)
        out = io.BytesIO()
        pdf_signer.sign_pdf(writer, output=out, bytes_reserved=BYTES_RESERVED)
        return out.getvalue()


def _kept_key_signer(private_key, certificate, others):
    """pyHanko's SimpleSigner made fast for many letters: the private key parsed once (SimpleSigner
    parses it again for every signature, and parsing checks an RSA key's consistency — 0.3–0.6 s),
    and a B-B signature's CMS written by :mod:`.cms` (pyHanko's asn1crypto path took ten times
    the rest of signing a letter).  Measured: ~1 s a signature before, ~0.1 s after, on this
    shared machine under load."""
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization as ser
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class KeptKeySigner(signers.SimpleSigner):
        fast: FastCms | None = None

        async def async_sign(self, data_digest: bytes, digest_algorithm: str, dry_run=False, use_pades=False,
                             timestamper=None, signed_attr_settings=None, is_pdf_sig=True,
                             encap_content_info=None):
            # B-B with SHA-256 and an RSA key: the CMS written directly (see .cms); anything else
            # (a timestamp for B-T, another key type) through pyHanko
            if (self.fast is not None and digest_algorithm == "sha256" and use_pades and timestamper is None
                    and is_pdf_sig and encap_content_info is None):
                from asn1crypto import cms

                return cms.ContentInfo.load(self.fast.sign(data_digest))
            return await super().async_sign(data_digest, digest_algorithm, dry_run=dry_run, use_pades=use_pades,
                                            timestamper=timestamper, signed_attr_settings=signed_attr_settings,
                                            is_pdf_sig=is_pdf_sig, encap_content_info=encap_content_info)

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                name = mechanism.signature_algo
            except ValueError:
                name = mechanism["algorithm"].native
            if name != "rsassa_pkcs1v15":
                return super().sign_raw(data, digest_algorithm)
            return private_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))

    def cert(c):
        return x509.Certificate.load(c.public_bytes(ser.Encoding.DER))

    store = SimpleCertificateStore()
    store.register_multiple([cert(c) for c in others])
    key_info = keys.PrivateKeyInfo.load(private_key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8,
                                                                  ser.NoEncryption()))
    signer = KeptKeySigner(signing_cert=cert(certificate), signing_key=key_info, cert_registry=store)
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

    if isinstance(private_key, RSAPrivateKey):
        signer.fast = FastCms(cert(certificate), [cert(c) for c in others],
                              lambda data: private_key.sign(data, PKCS1v15(), hashes.SHA256()))
    return signer


def _blank_style():
    """The widget's appearance: an empty, transparent drawing.  What the reader sees in the field
    is the letter's own signature block under it (typed name, position, signature image); the
    field makes it the place a viewer's click opens the signature.  No text, so no font to embed
    (PDF/A asks every font of an appearance to be embedded)."""
    from dataclasses import dataclass as _dataclass

    from pyhanko.stamp.base import BaseStamp, BaseStampStyle

    class BlankStamp(BaseStamp):
        def _render_inner_content(self):
            return []

    @_dataclass(frozen=True)
    class BlankStyle(BaseStampStyle):
        border_width: int = 0

        def create_stamp(self, writer, box, text_params):
            return BlankStamp(writer, self, box)

    return BlankStyle()


def _password(settings: SignatureSettings) -> bytes | None:
    value = os.environ.get(settings.password_variable)
    if value is not None:
        return value.encode("utf-8")
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"password of {settings.certificate.name}: ").encode("utf-8")
    raise InputError(f"the password of {settings.certificate.name} is read from the environment variable "
                     f"{settings.password_variable} (or typed at a prompt): set it", settings.where)


def load_signer(settings: SignatureSettings, password: bytes | None = None) -> Signer:
    """The signer of a PKCS#12 file; errors name the spec line that named the file."""
    path = settings.certificate
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the certificate file {str(path)!r}: {exc.strerror}", settings.where) from exc
    if password is None:
        password = _password(settings)
    try:
        from cryptography.hazmat.primitives.serialization import pkcs12

        key, certificate, others = pkcs12.load_key_and_certificates(blob, password)
    except ValueError as exc:
        raise InputError(f"{path.name}: not a PKCS#12 file, or the password is wrong", settings.where) from exc
    if key is None or certificate is None:
        raise InputError(f"{path.name}: no signing key and certificate in it", settings.where)
    signer = _kept_key_signer(key, certificate, others)
    timestamper = None
    if settings.timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(settings.timestamp_url)
    return Signer(signer, settings, timestamper)
