"""What a status list credential and a certificate's status entries say (W3C Bitstring Status
List v1.0, VC Data Model 2.0): one list per LSP and purpose at
{public_url}/status-lists/{lsp_id}/{purpose}, its subject the GZIP'd bitstring with a `ttl`
(milliseconds) telling verifiers when to fetch it again; each certificate's entries point at
its index in both lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from certificate.status_lists.domain.bitstring import StatusPurpose

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
REFRESH = timedelta(minutes=5)  # the list's ttl: how long a verifier may keep using it
LIFETIME = timedelta(days=1)  # validUntil: past this an offline verifier must not rely on it


def utc_timestamp(at: datetime) -> str:
    """An XML Schema dateTimeStamp in UTC, to the second."""
    return at.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_id(lsp_id: UUID) -> str:
    """The LSP as issuer: the opaque id its public events carry."""
    return f"urn:uuid:{lsp_id}"


def status_list_url(public_url: str, lsp_id: UUID, purpose: StatusPurpose) -> str:
    return f"{public_url.rstrip('/')}/status-lists/{lsp_id}/{purpose.value}"


def status_entries(public_url: str, lsp_id: UUID, index: int) -> list[dict[str, str]]:
    """A certificate's credentialStatus: its index in the LSP's list of each purpose."""
    entries = []
    for purpose in StatusPurpose:
        url = status_list_url(public_url, lsp_id, purpose)
        entries.append({
            "id": f"{url}#{index}", "type": "BitstringStatusListEntry",
            "statusPurpose": purpose.value, "statusListIndex": str(index),
            "statusListCredential": url,
        })  # fmt: skip
    return entries


def list_credential(public_url: str, lsp_id: UUID, purpose: StatusPurpose, encoded_list: str,
                    valid_from: datetime) -> dict[str, Any]:  # fmt: skip
    url = status_list_url(public_url, lsp_id, purpose)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(lsp_id),
        "validFrom": utc_timestamp(valid_from),
        "validUntil": utc_timestamp(valid_from + LIFETIME),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose.value,
            "encodedList": encoded_list,
            "ttl": int(REFRESH.total_seconds() * 1000),
        },
    }
