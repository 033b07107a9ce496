"""A hall ready for a session, through assessment's own API as an LSP admin prepares one: a test
site verified and equipped for the scheme, and assessors licensed for it."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import httpx


async def verified_site(
    api: httpx.AsyncClient, admin: dict[str, str], on: date, scheme_code: str = "KOP-KASIR",
    district_code: str = "5107", capacity: int = 200,
) -> UUID:  # fmt: skip
    body = {"kind": "sewaktu", "training_centre": "blk_bpvp", "name": "BLK Karangasem",
            "address": "Jl. Ngurah Rai No. 1, Amlapura", "district_code": district_code,
            "capacity": capacity}  # fmt: skip
    created = await api.post("/sites", json=body, headers=admin)
    assert created.status_code == 201, created.text
    site_id = created.json()["site_id"]
    items = {"items": ["Meja", "Kalkulator", "Uang mainan"]}
    equipped = await api.put(f"/sites/{site_id}/equipment/{scheme_code}", json=items,
                             headers=admin)  # fmt: skip
    assert equipped.status_code == 200, equipped.text
    validity = {"verified_on": str(on - timedelta(days=30)),
                "valid_until": str(on + timedelta(days=365))}  # fmt: skip
    verified = await api.post(f"/sites/{site_id}/verification", json=validity, headers=admin)
    assert verified.status_code == 200, verified.text
    return UUID(site_id)


async def licensed_assessor(
    api: httpx.AsyncClient, admin: dict[str, str], account_id: UUID, on: date,
    scheme_code: str = "KOP-KASIR", cooperative_id: UUID | None = None,
) -> UUID:  # fmt: skip
    body = {"account_id": str(account_id), "met_number": "MET.000.001234 2019",
            "licence_valid_until": str(on + timedelta(days=700)), "scheme_codes": [scheme_code],
            "district_code": "5107"}  # fmt: skip
    if cooperative_id is not None:
        body["cooperative_id"] = str(cooperative_id)
    created = await api.post("/assessors", json=body, headers=admin)
    assert created.status_code in (200, 201), created.text
    return account_id
