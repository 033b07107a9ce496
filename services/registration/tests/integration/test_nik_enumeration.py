"""A candidate's account cannot be used to test whose NIK is registered: a refusal names no
holder, and after three refusals in a day the account's next registration is refused 429
whether its NIK is free or taken, so the answer stops telling the two apart."""

from __future__ import annotations

import uuid

import pytest

from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

from .conftest import bearer, events, http, new_email, running, signed_in

pytestmark = pytest.mark.integration
TAKEN = "5107014506910001"
FREE = ["5107014506910002", "5107014506910003"]


def registration(nik: str) -> dict[str, str]:
    return {"client_id": str(uuid.uuid4()), "full_name": "I Made Coba", "nik": nik,
            "district_code": "5107"}  # fmt: skip


async def test_nik_refusals_name_no_holder_and_stop_telling_free_from_taken(schema: str) -> None:
    async with running(schema) as service, http(service) as api:
        holder = await api.post(
            "/candidates",
            json={**registration(TAKEN), "full_name": "Ni Luh Pemilik", "email": new_email()},
            headers=bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",)),
        )
        assert holder.status_code == 201, holder.text
        prober = bearer((await signed_in(api, new_email("penguji"), sign_up=True))["token"])
        for _ in range(3):
            refused = await api.post("/candidates", json=registration(TAKEN), headers=prober)
            assert refused.status_code == 409, refused.text
            assert refused.json()["errors"][0]["field"] == "nik"
            assert holder.json()["candidate_id"] not in refused.text
            assert "Pemilik" not in refused.text
        taken = await api.post("/candidates", json=registration(TAKEN), headers=prober)
        free = await api.post("/candidates", json=registration(FREE[0]), headers=prober)
        for answer in (taken, free):
            assert answer.status_code == 429, answer.text
            assert answer.json()["errors"][0]["field"] == "nik"
        assert taken.json() == free.json()

        honest = bearer((await signed_in(api, new_email("jujur"), sign_up=True))["token"])
        mine = await api.post("/candidates", json=registration(FREE[1]), headers=honest)
        assert mine.status_code == 201, mine.text  # another account is not held back
    assert len(await events(schema, "CandidateRegistered")) == 2
