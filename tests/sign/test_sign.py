"""Signed letters: the tests make their own CA, a signer certificate with a Thai name and its
PKCS#12 file (cryptography), build the seed circular signed and numbered from the register, and
check every one of the 76 letters with pyHanko's validator (intact, valid, trusted, covering the
whole file) and its hash against the register; ``saraban verify`` passes them and catches a
flipped byte, an appended incremental update that changes a word, a file the register does not
know, and a file signed under another number."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
from pathlib import Path

import pytest

from saraban.cli import main
from saraban.errors import InputError
from saraban.letters.build import build_letters
from saraban.register import open_register

from helpers import EXAMPLE_LETTER, letter_variant

PASSWORD = "ความลับ-secret"
SIGNER_NAME = "นายประยูร รัตนเสนีย์"


def _pki(folder: Path) -> dict:
    """A CA, a signer certificate issued by it, their PKCS#12 file and a timestamp authority."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "TH"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "กรมส่งเสริมการปกครองท้องถิ่น"),
                          x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)

    def issue(subject, key, issuer, issuer_key, ca=False, usage=None, serial=1):
        b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
             .serial_number(serial).not_valid_before(start).not_valid_after(start + dt.timedelta(days=365))
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
             # a signing certificate asserts non-repudiation (pyHanko's validator requires it)
             .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=not ca,
                                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                                          key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False),
                            critical=True))
        if usage:
            b = b.add_extension(x509.ExtendedKeyUsage(usage), critical=True)
        return b.sign(issuer_key, hashes.SHA256())

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = issue(name("saraban test CA"), ca_key, name("saraban test CA"), ca_key, ca=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = issue(name(SIGNER_NAME), key, ca.subject, ca_key, serial=2)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = issue(name("saraban test TSA"), tsa_key, ca.subject, ca_key, usage=[ExtendedKeyUsageOID.TIME_STAMPING],
                serial=3)
    p12 = folder / "director.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"director", key, cert, [ca], serialization.BestAvailableEncryption(PASSWORD.encode())))
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return {"ca": ca, "p12": p12, "tsa": tsa, "tsa_key": tsa_key}


@pytest.fixture(scope="module")
def signed_circular(tmp_path_factory):
    """The seed circular, numbered from a register and signed: built once for the module."""
    folder = tmp_path_factory.mktemp("signed")
    target = folder / "circular"
    shutil.copytree(EXAMPLE_LETTER.parent, target)
    pki = _pki(target)
    spec = target / "letter.toml"
    text = spec.read_text("utf-8")
    text = text.replace('number = "มท 0810.7/ว 4419"', 'number = { series = "circular" }')
    data = EXAMPLE_LETTER.parent.parent.parent / "data" / "provinces.csv"
    text = text.replace('"../../data/provinces.csv"', f'"{data}"')
    text = text.replace('signatory = { name = "นายประยูร  รัตนเสนีย์",',
                        'signatory = { certificate = "director.p12", name = "นายประยูร  รัตนเสนีย์",')
    assert 'certificate = "director.p12"' in text and "series" in text
    spec.write_text(text, "utf-8")
    (target / "office.toml").write_text('[series]\ncircular = "มท 0810.7/ว"\n', "utf-8")
    assert main(["register", "init", "--office", str(target / "office.toml"), "--next", "circular=4419",
                 "--year", "2564"]) == 0
    saved = os.environ.get("SARABAN_SIGN_PASSWORD")
    os.environ["SARABAN_SIGN_PASSWORD"] = PASSWORD
    try:
        result = build_letters(spec, target / "out")
    finally:
        if saved is None:
            del os.environ["SARABAN_SIGN_PASSWORD"]
        else:
            os.environ["SARABAN_SIGN_PASSWORD"] = saved
    return target, result, pki


def test_each_of_the_76_letters_passes_pyhanko_validation(signed_circular):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from saraban.sign.verify import _asn1

    target, result, pki = signed_circular
    context = ValidationContext(trust_roots=[_asn1(pki["ca"])], allow_fetching=False)
    letters = sorted((target / "out").glob("TH-*.pdf"))
    assert len(letters) == 76 and result.number == "มท 0810.7/ว 4419"
    for path in letters:
        [sig] = PdfFileReader(io.BytesIO(path.read_bytes())).embedded_signatures
        status = validate_pdf_signature(sig, context)
        assert status.intact and status.valid and status.trusted, path.name
        assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE, path.name
        assert status.signing_cert.subject.native["common_name"] == SIGNER_NAME
        assert str(sig.sig_object["/Reason"]) == "ลงนามหนังสือราชการ"
        assert str(sig.sig_object["/Location"]) == "ที่ มท 0810.7/ว 4419"
        assert str(sig.sig_object["/SubFilter"]) == "/ETSI.CAdES.detached"      # PAdES


def test_the_register_lists_the_76_signed_files_with_their_hashes(signed_circular):
    target, _, _ = signed_circular
    with open_register(target / "saraban.db") as reg:
        [entry] = reg.entries()
    assert entry.number == "มท 0810.7/ว 4419" and len(entry.recipients) == 76
    for doc in entry.documents:
        data = (target / "out" / doc.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == doc.sha256, doc.file
        assert b"/ETSI.CAdES.detached" in data, doc.file                 # every PDF is signed


def test_saraban_verify_passes_the_letters_and_says_who_and_what(signed_circular, capsys, monkeypatch):
    target, _, _ = signed_circular
    monkeypatch.chdir(target)
    files = [str(target / "out" / n) for n in ("TH-50.pdf", "TH-96.pdf", "circular.pdf")]
    assert main(["verify", *files, "--trust", "ca.pem"]) == 0
    out = capsys.readouterr().out
    assert out.count(": verified") == 3
    assert SIGNER_NAME in out and "ลงนามหนังสือราชการ" in out
    assert "register   ok: ที่ มท 0810.7/ว 4419 (circular 4419/2564), file TH-50.pdf, to ผู้ว่าราชการจังหวัดเชียงใหม่" in out
    assert "trusted    ok" in out and "unchanged  ok" in out and "intact     ok" in out


def test_verify_catches_a_flipped_byte(signed_circular, tmp_path, capsys, monkeypatch):
    target, _, _ = signed_circular
    monkeypatch.chdir(target)
    data = bytearray((target / "out" / "TH-50.pdf").read_bytes())
    data[len(data) // 3] ^= 0x01                       # inside the signed bytes
    bad = tmp_path / "flipped.pdf"
    bad.write_bytes(bytes(data))
    assert main(["verify", str(bad), "--trust", "ca.pem"]) == 1
    out = capsys.readouterr().out
    assert "NOT VERIFIED" in out and "intact     FAILED" in out
    assert "register   FAILED: no file with this SHA-256" in out


def test_verify_catches_an_incremental_update_that_changes_a_word(signed_circular, tmp_path, capsys, monkeypatch):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    target, _, _ = signed_circular
    monkeypatch.chdir(target)
    original = (target / "out" / "TH-50.pdf").read_bytes()
    # an edited copy: a white box over part of the first page and a word of one's own on it,
    # appended as an incremental update (the signed bytes stay as they were)
    writer = IncrementalPdfFileWriter(io.BytesIO(original))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    patch = writer.add_object(generic.StreamObject(
        stream_data=b"q 1 1 1 rg 80 700 200 30 re f Q BT /F1 12 Tf 85 710 Td (EDITED) Tj ET"))
    contents = page["/Contents"]
    parts = list(contents) if isinstance(contents, generic.ArrayObject) else [page.raw_get("/Contents")]
    page["/Contents"] = generic.ArrayObject(parts + [patch])
    writer.update_container(page)
    edited = io.BytesIO()
    writer.write(edited)
    edited = edited.getvalue()
    assert edited[:len(original)] == original and len(edited) > len(original)
    bad = tmp_path / "edited.pdf"
    bad.write_bytes(edited)
    assert main(["verify", str(bad), "--trust", "ca.pem"]) == 1
    out = capsys.readouterr().out
    assert "intact     ok" in out and "unchanged  FAILED: the file was changed after it was signed" in out


def test_verify_without_a_register_or_trust_says_what_it_did_not_check(signed_circular, tmp_path, capsys,
                                                                       monkeypatch):
    target, _, _ = signed_circular
    monkeypatch.chdir(tmp_path)                        # no office.toml here
    assert main(["verify", str(target / "out" / "TH-50.pdf")]) == 0
    out = capsys.readouterr().out
    assert "trusted    not checked: no trust roots given" in out
    assert "register   not checked: no register configured" in out


def test_a_letter_signed_with_the_wrong_password_is_not_built(tmp_path, monkeypatch):
    pki = _pki(tmp_path)
    spec = letter_variant(tmp_path, {'signatory = {': 'signatory = { certificate = "director.p12",'})
    monkeypatch.setenv("SARABAN_SIGN_PASSWORD", "wrong")
    with pytest.raises(InputError, match="password is wrong") as caught:
        build_letters(spec, tmp_path / "letter.pdf")
    assert caught.value.location.file == spec and caught.value.location.line
    assert not (tmp_path / "letter.pdf").exists()
    monkeypatch.delenv("SARABAN_SIGN_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))   # not a terminal: no prompt
    with pytest.raises(InputError, match="SARABAN_SIGN_PASSWORD"):
        build_letters(spec, tmp_path / "letter.pdf")
    assert pki["p12"].exists()


def test_a_timestamp_makes_pades_b_t(tmp_path):
    """With a timestamp server (here pyHanko's in-process test authority), the signature carries
    a timestamp token that verifies."""
    from asn1crypto import keys
    from cryptography.hazmat.primitives import serialization as ser
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from saraban.sign.pades import SignatureSettings, load_signer
    from saraban.sign.verify import _asn1, verify_pdf

    pki = _pki(tmp_path)
    signer = load_signer(SignatureSettings(pki["p12"]), PASSWORD.encode())
    signer.timestamper = DummyTimeStamper(
        tsa_cert=_asn1(pki["tsa"]),
        tsa_key=keys.PrivateKeyInfo.load(pki["tsa_key"].private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8,
                                                                       ser.NoEncryption())))
    spec = letter_variant(tmp_path)
    build_letters(spec, tmp_path / "letter.pdf")
    signed = signer.sign((tmp_path / "letter.pdf").read_bytes(), "มท 0810.7/ว 4419")
    verdict = verify_pdf(signed, trust_roots=[pki["ca"]])
    assert verdict.ok and verdict.timestamped and verdict.signed_at.endswith("(timestamp)")


def test_the_signature_field_covers_the_signature_block_below_the_closing(signed_circular):
    """On each letter the signature's widget lies over the space for the signature, "(name)" and
    the position, below the closing; printable (PDF/A) and with an appearance; the distribution
    list's signature has no widget area."""
    import pypdf

    from helpers import CM, find_line, pdf_lines

    target, _, _ = signed_circular
    for name in ("TH-50.pdf", "circular.pdf"):
        path = target / "out" / name
        reader = pypdf.PdfReader(str(path))
        widgets = [(k, a.get_object()) for k, page in enumerate(reader.pages)
                   for a in page.get("/Annots") or [] if a.get_object().get("/FT") == "/Sig"]
        assert len(widgets) == 1, name
        k, widget = widgets[0]
        x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
        height = float(reader.pages[k].mediabox.height)
        lines = pdf_lines(path, k + 1)
        for text in ("(นายประยูร", "อธิบดีกรมส่งเสริม"):
            line = find_line(lines, text)
            baseline = height - line["baseline"] * CM
            assert x1 <= line["x0"] * CM and line["x1"] * CM <= x2 and y1 < baseline < y2, (name, text)
        closing = height - find_line(lines, "ขอแสดงความนับถือ")["baseline"] * CM
        assert y2 <= closing and y2 - y1 > 2 * CM            # the signature space, under the closing
        assert int(widget["/F"]) & 4 and "/AP" in widget       # printed (PDF/A), with an appearance
    reader = pypdf.PdfReader(str(target / "out" / "distribution-list.pdf"))
    [sig] = [a.get_object() for p in reader.pages for a in p.get("/Annots") or []]
    assert [float(v) for v in sig["/Rect"]] == [0, 0, 0, 0]
