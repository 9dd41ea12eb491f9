"""The CMS signature of a PAdES B-B signature, written as DER directly (internal).

pyHanko builds the CMS ``SignedData`` through asn1crypto, which re-encodes the certificates'
names over and over (a SET OF is sorted by its members' encodings, re-encoded at every level):
measured at 0.1–0.2 s a signature on an idle machine, ten times the rest of signing a letter.
Here the structure is written from bytes made once per signer — the certificates as they are in
the PKCS#12 file, the signing-certificate attribute — so a signature costs one RSA operation and
some concatenation.  The result is read back by asn1crypto (lazily: its bytes stay these) and
handed to pyHanko, which embeds it; pyHanko's own validator and the tests check it.

The structure (RFC 5652, with the attributes ETSI EN 319 122 asks of a CAdES baseline B-B
signature used by PAdES: content-type, message-digest, signing-certificate-v2; no signing-time,
PAdES puts the time in the signature dictionary)::

    ContentInfo { id-signedData, [0] SignedData {
        version 1, digestAlgorithms { sha256 }, encapContentInfo { id-data },
        certificates [0] { signer, chain… },
        signerInfos { SignerInfo { version 1, issuerAndSerialNumber, sha256,
                      signedAttrs [0] {…}, rsaEncryption, signature } } } }
"""

from __future__ import annotations

import hashlib

#: Object identifiers, DER-encoded (tag 06, length, value).
_OID = {
    "signed_data": "1.2.840.113549.1.7.2",
    "data": "1.2.840.113549.1.7.1",
    "sha256": "2.16.840.1.101.3.4.2.1",
    "rsa": "1.2.840.113549.1.1.1",
    "content_type": "1.2.840.113549.1.9.3",
    "message_digest": "1.2.840.113549.1.9.4",
    "signing_certificate_v2": "1.2.840.113549.1.9.16.2.47",
}


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, content: bytes) -> bytes:
    """One DER element: tag, definite length, content."""
    return bytes([tag]) + _length(len(content)) + content


def oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, bytes(body))


def integer(value: int) -> bytes:
    body = value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True)
    return tlv(0x02, body)


def seq(*items: bytes) -> bytes:
    return tlv(0x30, b"".join(items))


def set_of(*items: bytes) -> bytes:
    """A DER SET OF: members in the order of their encodings."""
    return tlv(0x31, b"".join(sorted(items)))


_NULL = b"\x05\x00"
_SHA256 = seq(oid(_OID["sha256"]))                       # parameters absent (RFC 5754)
_RSA = seq(oid(_OID["rsa"]), _NULL)


class FastCms:
    """Makes CMS SignedData for one signer: certificate DERs and the signing-certificate-v2
    attribute prepared once; :meth:`sign` per document digest."""

    def __init__(self, certificate, chain, sign_raw):
        """``certificate``, ``chain``: asn1crypto certificates; ``sign_raw(data) → bytes`` makes
        the RSA PKCS#1 v1.5 signature (SHA-256) of ``data``."""
        self.sign_raw = sign_raw
        cert_der = certificate.dump()
        tbs = certificate["tbs_certificate"]
        issuer = tbs["issuer"].dump()
        serial = integer(tbs["serial_number"].native)
        self.sid = seq(issuer, serial)
        issuer_serial = seq(seq(tlv(0xA4, issuer)), serial)    # GeneralNames { directoryName }
        ess = seq(seq(seq(tlv(0x04, hashlib.sha256(cert_der).digest()), issuer_serial)))
        self.fixed_attrs = (seq(oid(_OID["content_type"]), set_of(oid(_OID["data"]))),
                            seq(oid(_OID["signing_certificate_v2"]), set_of(ess)))
        seen, certs = set(), []
        for der in [cert_der] + [c.dump() for c in chain]:
            if der not in seen:
                seen.add(der)
                certs.append(der)
        self.certificates = tlv(0xA0, b"".join(sorted(certs)))

    def sign(self, digest: bytes) -> bytes:
        """The DER ContentInfo of a detached signature over content whose SHA-256 is ``digest``."""
        attrs = sorted(self.fixed_attrs + (seq(oid(_OID["message_digest"]), set_of(tlv(0x04, digest))),))
        signature = self.sign_raw(tlv(0x31, b"".join(attrs)))  # signed as a SET OF (RFC 5652 5.4)
        signer_info = seq(integer(1), self.sid, _SHA256, tlv(0xA0, b"".join(attrs)), _RSA, tlv(0x04, signature))
        signed_data = seq(integer(1), set_of(_SHA256), seq(oid(_OID["data"])), self.certificates,
                          set_of(signer_info))
        return seq(oid(_OID["signed_data"]), tlv(0xA0, signed_data))
