"""``saraban verify FILE.pdf…``: check signed letters — intact, who signed and when, unchanged
since signing, trusted (with ``--trust``), and recorded in the register (where one is configured)."""

from __future__ import annotations

from pathlib import Path

from ._parser import examples


def run(args) -> int:
    import logging

    from ..errors import InputError, Location
    from ..sign.verify import verify_pdf

    # pyHanko logs each failed check with a traceback; the verdict below says it in one line
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).propagate = False
        logging.getLogger(name).addHandler(logging.NullHandler())

    roots = [_load_certificates(p) for p in args.trust or []]
    roots = [c for group in roots for c in group]
    register = _register(args)
    failed = 0
    try:
        for path in args.files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise InputError(f"cannot read: {exc.strerror}", Location(path)) from exc
            verdict = verify_pdf(data, trust_roots=roots, register=register)
            print(f"{path}: {'verified' if verdict.ok else 'NOT VERIFIED'}")
            for line in verdict.dump().splitlines():
                print(f"  {line}")
            failed += not verdict.ok
    finally:
        if register is not None:
            register.close()
    return 1 if failed else 0


def _register(args):
    """The register named by --register, or office.toml's (if there is an office file); None
    when neither is there (the register check is then reported as not done)."""
    from ..register import open_register
    from ..register.config import find_office_file, settings_from

    office = args.office or find_office_file()
    if args.register is None and office is None:
        return None
    if args.office and not args.office.is_file():
        from ..errors import InputError, Location

        raise InputError("no such office file", Location(args.office))
    return open_register(settings_from(office, args.register).url)


def _load_certificates(path: Path):
    from cryptography import x509

    from ..errors import InputError, Location

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(path)) from exc
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise InputError("not a certificate (PEM or DER)", Location(path)) from exc


def register(subparsers) -> None:
    """``saraban verify FILE.pdf... [--trust CA.pem] [--office office.toml | --register URL]``."""
    p = subparsers.add_parser(
        "verify", help="check signed letters: intact, signer, time, unchanged, in the register",
        description="Check the signature of each PDF: intact, who signed (the certificate's subject)\n"
                    "and when, nothing changed after signing, the certificate chains to --trust\n"
                    "(when given), and the file's SHA-256 is the one the register recorded under the\n"
                    "number the signature names (when office.toml or --register names a register).\n"
                    "Exit status 0 only when every check of every file holds.",
        epilog=examples("saraban verify out/TH-50.pdf", "saraban verify out/*.pdf --trust ca.pem",
                        "saraban verify letter.pdf --office office.toml"))
    p.add_argument("files", type=Path, nargs="+", metavar="FILE.pdf", help="the signed PDF files")
    p.add_argument("--trust", type=Path, action="append", metavar="CA.pem",
                   help="a certificate (PEM or DER) the signer's certificate must chain to; repeatable")
    p.add_argument("--office", type=Path, metavar="office.toml",
                   help="the office file naming the register (default: ./office.toml, if there)")
    p.add_argument("--register", metavar="PATH|URL", help="the register to check the hashes against")
    p.set_defaults(run=run)
