"""Status lists as an offline verifier reads them (python -m certificate.verify --status-list):
a downloaded list's signature checked against the saved key set, its validity window, and the
bits of a certificate's index, with no network."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from certificate.issuance.adapters import vc_jose
from certificate.status_lists.domain.bitstring import (
    InvalidStatusList,
    StatusPurpose,
    decode,
    is_set,
)


@dataclass(frozen=True)
class StatusList:
    url: str
    issuer: str
    purpose: StatusPurpose
    bits: bytes
    valid_from: datetime
    valid_until: datetime
    ttl: timedelta
    kid: str

    def stale(self, now: datetime) -> bool:
        """Past its refresh time: still usable until validUntil, but fetch it again."""
        return now > self.valid_from + self.ttl

    def is_set(self, index: int) -> bool:
        return is_set(self.bits, index)


def _when(value: Any) -> datetime:
    if not isinstance(value, str):
        raise InvalidStatusList("a status list without validFrom/validUntil")
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def read_list(jws: str, keys: Mapping[str, Ed25519PublicKey], now: datetime) -> StatusList:
    """A genuine list within its validity; InvalidStatusList or InvalidCredential otherwise."""
    verified = vc_jose.verify(jws, keys)
    credential = verified.credential
    subject = credential.get("credentialSubject")
    if "BitstringStatusListCredential" not in credential.get("type", []) or not isinstance(
        subject, dict
    ):
        raise InvalidStatusList("not a BitstringStatusListCredential")
    try:
        purpose = StatusPurpose(str(subject.get("statusPurpose")))
        valid_from, valid_until = (
            _when(credential.get("validFrom")),
            _when(credential.get("validUntil")),
        )
        ttl = timedelta(milliseconds=int(subject.get("ttl", 0)))
    except ValueError as exc:
        raise InvalidStatusList(f"a status list this verifier cannot read ({exc})") from None
    if now < valid_from or now > valid_until:
        raise InvalidStatusList(
            f"the {purpose.value} list is valid {credential['validFrom']} to "
            f"{credential['validUntil']}: fetch it again"
        )
    return StatusList(str(credential.get("id")), str(credential.get("issuer")), purpose,
                      decode(str(subject.get("encodedList"))), valid_from, valid_until, ttl,
                      verified.kid)  # fmt: skip


def find(lists: Iterable[StatusList], purpose: StatusPurpose, *, url: str | None = None,
         issuer: str | None = None) -> StatusList | None:  # fmt: skip
    """The list of `purpose` named by its URL (a credential's entry) or by its issuer (a QR
    payload names its LSP, not a URL)."""
    for found in lists:
        named = found.url == url if url is not None else found.issuer == issuer
        if found.purpose is purpose and named:
            return found
    return None
