"""A decision document's Ed25519 signature inside its own PDF, the way a PDF signature's byte
range works: the PDF is made with fixed-width blanks where the signature goes (its footer on
every page and the document's metadata), hashed (SHA-256) and signed, and the signature then
fills the blanks byte for byte, so no offset in the file moves. A checker blanks the signature
out again, hashes, and verifies against the key set. The document is drawn uncompressed so the
footer's text is found in the bytes. What is signed is a domain-separated message (a prefix
and the hash), never a bare hash, so a signature here can never pass for a certificate's COSE
signature made with the same key, nor the other way round."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from certificate.decision_documents.application.ports import PdfCheck, SignedPdf
from certificate.issuance.adapters.signing_keys import KeyRing

SIGNATURE_MARK = "KOMPETEN-SIG:"
KID_MARK = "KOMPETEN-KID:"
PLACEHOLDER = "#" * 86  # an Ed25519 signature (64 bytes) in unpadded base64url
DOMAIN = b"kompeten/decision-document/v1:"
_SIGNATURE = re.compile(re.escape(SIGNATURE_MARK.encode()) + rb"([A-Za-z0-9_-]{86})")
_KID = re.compile(re.escape(KID_MARK.encode()) + rb"([A-Za-z0-9_-]{1,16})")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class PdfSigner:
    keys: KeyRing

    @property
    def kid(self) -> str:
        return self.keys.signing_kid

    def sign(self, unsigned: bytes) -> SignedPdf:
        blank = (SIGNATURE_MARK + PLACEHOLDER).encode()
        if blank not in unsigned:
            raise ValueError("the PDF has no place for its signature")
        digest = hashlib.sha256(unsigned).digest()
        signature = _b64(self.keys.private[self.kid].sign(DOMAIN + digest))
        signed = unsigned.replace(blank, (SIGNATURE_MARK + signature).encode())
        return SignedPdf(signed, digest.hex(), self.kid, signature)

    def check(self, pdf: bytes) -> PdfCheck:
        return check_pdf(pdf, self.keys.public())


def check_pdf(pdf: bytes, keys: Mapping[str, Ed25519PublicKey]) -> PdfCheck:
    """A PDF's own signature against a set of public keys (the service's, or the key set a
    verifier saved from GET /keys: the offline verifier uses this too)."""
    signatures = {m.group(1).decode() for m in _SIGNATURE.finditer(pdf)}
    kids = {m.group(1).decode() for m in _KID.finditer(pdf)}
    if len(signatures) != 1 or len(kids) != 1:
        return PdfCheck(None, None, None, False)  # none, or two that disagree
    [signature], [kid] = signatures, kids
    blanked = pdf.replace((SIGNATURE_MARK + signature).encode(),
                          (SIGNATURE_MARK + PLACEHOLDER).encode())  # fmt: skip
    digest = hashlib.sha256(blanked).digest()
    key = keys.get(kid)
    if key is None:
        return PdfCheck(digest.hex(), kid, signature, False)
    try:
        key.verify(_unb64(signature), DOMAIN + digest)
    except (InvalidSignature, ValueError):
        return PdfCheck(digest.hex(), kid, signature, False)
    return PdfCheck(digest.hex(), kid, signature, True)
