"""A certificate's verifiable credential as an offline verifier checks it, once its signature
is (issuance.adapters.vc_jose): a verifiable credential, within its validity, and the status
list entries it names (purpose, list URL, index) for the lists to be looked up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from certificate.issuance.adapters.vc_jose import InvalidCredential
from certificate.status_lists.domain.bitstring import StatusPurpose


def _when(credential: dict[str, Any], name: str) -> datetime | None:
    value = credential.get(name)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InvalidCredential(f"{name} is not a date and time") from None


def check_credential(credential: dict[str, Any], now: datetime) -> None:
    """InvalidCredential when it is not a verifiable credential valid at `now`."""
    if "VerifiableCredential" not in credential.get("type", []):
        raise InvalidCredential("not a verifiable credential")
    valid_from, valid_until = _when(credential, "validFrom"), _when(credential, "validUntil")
    if valid_from is not None and now < valid_from:
        raise InvalidCredential(f"genuine, but not valid before {credential['validFrom']}")
    if valid_until is not None and now > valid_until:
        raise InvalidCredential(f"genuine, but expired on {credential['validUntil']}")


def status_entries_of(credential: dict[str, Any]) -> list[tuple[StatusPurpose, str | None, int]]:
    found = credential.get("credentialStatus") or []
    entries = found if isinstance(found, list) else [found]
    wanted: list[tuple[StatusPurpose, str | None, int]] = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            continue
        try:
            purpose = StatusPurpose(str(entry.get("statusPurpose")))
            index = int(entry["statusListIndex"])
        except (ValueError, KeyError, TypeError):
            raise InvalidCredential("a credentialStatus entry this verifier cannot read") from None
        wanted.append((purpose, str(entry.get("statusListCredential")), index))
    return wanted
