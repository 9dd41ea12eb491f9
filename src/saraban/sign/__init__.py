"""Signed PDFs (public): PAdES signatures made with pyHanko, and their verification.

:mod:`.pades` signs the *final* bytes of a PDF — after every other step, the PDF/A finishing
included, so that the signature is the last change to the file — with a certificate from a
PKCS#12 file; :mod:`.verify` checks a signed file: intact, who signed and when, nothing changed
after signing, and (with a register) the file's hash against what the register recorded.
Nothing here imports the letter pipeline or the command line.
"""

from .pades import SignatureSettings, Signer, load_signer
from .verify import Verdict, verify_pdf

__all__ = ["SignatureSettings", "Signer", "Verdict", "load_signer", "verify_pdf"]
