"""Benchmark: the cost of the register and of signing on the bundled 76-province circular.

    python benchmarks/register.py [--repeat 3]

In one process and in turn, builds the example circular (76 letters, the combined PDF, the
distribution list, the circular: 79 PDFs)

* *unsigned*: as shipped, with its typed number — the baseline;
* *issued + signed*: ``number = { series = "circular" }`` from a fresh SQLite register and every
  PDF signed (PAdES B-B, an RSA-2048 key from a PKCS#12 file made here with cryptography);

and prints each pair's times and the ratio issued+signed / unsigned, and the cost of signing
per document (target of issue 13: signing adds less than the build itself, i.e. ratio < 2).  The
machine is shared, so only a ratio measured within one run means anything.  A first, untimed
build of each kind loads the dictionary, fonts and pyHanko.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / "letters" / "dla-lpa-2563" / "letter.toml"
PASSWORD = "benchmark"


def _pkcs12(folder: Path) -> Path:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "นายประยูร รัตนเสนีย์")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    path = folder / "director.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"director", key, cert, None,
                                                           serialization.BestAvailableEncryption(PASSWORD.encode())))
    return path


def _signed_spec(folder: Path) -> Path:
    """The example in ``folder`` with its number from a series and a certificate to sign with."""
    target = folder / "circular"
    shutil.copytree(EXAMPLE.parent, target)
    _pkcs12(target)
    spec = target / "letter.toml"
    text = spec.read_text("utf-8")
    text = text.replace('number = "มท 0810.7/ว 4419"', 'number = { series = "circular" }')
    text = text.replace('"../../data/provinces.csv"', f'"{EXAMPLE.parents[2] / "data" / "provinces.csv"}"')
    text = text.replace("signatory = { name", 'signatory = { certificate = "director.p12", name')
    spec.write_text(text, "utf-8")
    (target / "office.toml").write_text('[series]\ncircular = "มท 0810.7/ว"\n', "utf-8")
    return spec


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from saraban.letters.build import build_letters
    from saraban.register import open_register

    warnings.simplefilter("ignore")
    os.environ["SARABAN_SIGN_PASSWORD"] = PASSWORD
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        spec = _signed_spec(tmp)
        open_register(spec.parent / "saraban.db", create=True).close()

        def timed(which: str, run: int):
            out = tmp / f"{which}-{run}"
            t0 = time.perf_counter()
            result = build_letters(EXAMPLE if which == "unsigned" else spec, out)
            return time.perf_counter() - t0, result

        timed("unsigned", 0)
        timed("signed", 0)
        ratios = []
        for run in range(1, args.repeat + 1):
            base, result = timed("unsigned", run)
            signed, signed_result = timed("signed", run)
            ratios.append(signed / base)
            files = len(signed_result.files)
            print(f"run {run}: unsigned {result.letters} letters, {len(result.files)} PDFs: {base:.2f} s; "
                  f"issued ที่ {signed_result.number} + signed {files} PDFs: {signed:.2f} s; "
                  f"ratio {signed / base:.2f}; signing ≈ {(signed - base) / files * 1000:.0f} ms per PDF")
        with open_register(spec.parent / "saraban.db") as reg:
            issued = reg.entries()
        print(f"register: {len(issued)} numbers issued, {sum(len(e.documents) for e in issued)} files recorded")
        print(f"issued + signed / unsigned: best {min(ratios):.2f}, median {sorted(ratios)[len(ratios) // 2]:.2f} "
              "(target: < 2, signing costs less than the build)")


if __name__ == "__main__":
    main()
