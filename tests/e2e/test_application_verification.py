"""A cohort applies and is verified by the LSP; assessment receives exactly the accepted
applications, once each. Real PostgreSQL and Kafka, both services in-process, the real
scheme catalogue and cooperative registry (seeded through their own handlers)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any
from uuid import uuid5

import httpx
import pytest

from assessment.api.app import create_app as assessment_app
from eventkit.testing.infra import admin_connection
from eventkit.testing.kafka import group_lag, record_count
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from kompeten_contracts.topics import dead_letter_topic
from registration.api.app import create_app as registration_app
from registration.seed import NAMESPACE, seed
from registration.seed.cooperatives import DEMO_COOPERATIVES
from servicekit.auth import Principal, bearer_headers, issue_token

from ..services import (
    asgi_client,
    assessment_staff_headers,
    lsp_admin_headers,
    running_assessment,
    running_registration,
)

pytestmark = pytest.mark.integration

COHORT = 12
RETURNED = range(0, 4)
REJECTED = 11
STAFF_TOKEN = assessment_staff_headers()
PDF = b"%PDF-1.4\n% surat keterangan kerja\n"


def candidate_headers(candidate_id: str) -> dict[str, str]:
    token = issue_token(Principal(uuid.uuid4(), Role.CANDIDATE, uuid.UUID(candidate_id)))
    return {"Authorization": f"Bearer {token}"}


def forms(i: int, scheme: Any, evidence_id: str, address: str) -> dict[str, Any]:
    cooperative = uuid5(NAMESPACE, DEMO_COOPERATIVES[i % len(DEMO_COOPERATIVES)][2])
    apl01 = {
        "personal": {
            "full_name": f"Peserta Karangasem {i}",
            "nik": f"510701{i + 1:02d}0190{i + 1:04d}",
            "birth_place": "Amlapura",
            "birth_date": f"1990-01-{i + 1:02d}",
            "address": address,
            "phone": f"0812000000{i:02d}",
            "email": f"peserta{i}@example.id",
        },
        "education": {"level": "SMK", "institution": "SMKN 1 Amlapura", "graduation_year": 2008},
        "employment": {
            "cooperative_id": str(cooperative),
            "role": "karyawan",
            "occupational_group": "kasir",
        },
        "scheme_code": scheme.scheme_code,
        "scheme_version": scheme.version,
        "purpose": "certification",
        "evidence_ids": [evidence_id],
        "adjustment_needs": ["vision"] if i == 5 else [],
    }
    apl02 = {
        "judgements": [
            {
                "unit_code": u.code,
                "element_code": e.code,
                "judgement": "K",
                "evidence_ids": [evidence_id],
            }
            for u in scheme.units
            for e in u.elements
        ]
    }
    return {"client_id": str(uuid.uuid4()), "apl01": apl01, "apl02": apl02}


@pytest.mark.e2e
async def test_the_cohort_is_verified_and_assessment_gets_exactly_the_accepted(wiring) -> None:
    async with (
        running_registration(wiring) as registration,
        running_assessment(wiring) as assessment,
    ):
        catalogue = registration.catalogues()
        await seed(catalogue)
        scheme = await wait_until(
            lambda: catalogue.scheme_catalogue.published_version("KOP-KASIR", 1),
            timeout=30,
            what="the seeded scheme in the catalogue",
        )
        last_cooperative = uuid5(NAMESPACE, DEMO_COOPERATIVES[COHORT - 1][2])
        await wait_until(lambda: catalogue.cooperative_directory.get(last_cooperative), timeout=30)
        ass_api = assessment_app(assessment)
        async with asgi_client(registration_app(registration)) as reg, asgi_client(ass_api) as ass:
            applications = await asyncio.gather(*[apply(reg, i, scheme) for i in range(COHORT)])
            accepted = await verify(reg, applications, scheme)

            async def all_arrived() -> bool:
                found = await ass.get(
                    "/applications?district_code=5107&limit=1000", headers=STAFF_TOKEN
                )
                return len(found.json()) >= len(accepted)

            await wait_until(all_arrived, timeout=60, what="accepted applications in assessment")
            await wait_until(
                lambda: _zero(
                    group_lag(wiring.settings.kafka_bootstrap, wiring.group, wiring.topic)
                ),
                timeout=60,
                what="assessment caught up",
            )
            listed = (
                await ass.get("/applications?district_code=5107&limit=1000", headers=STAFF_TOKEN)
            ).json()
            assert {a["application_id"] for a in listed} == accepted
            assert all("Peserta" not in str(a) and "example.id" not in str(a) for a in listed)
            needs = [
                a["adjustment_needs"] for a in listed if a["application_id"] == applications[5][0]
            ]
            assert needs == [["vision"]]

    conn = await admin_connection()
    try:
        rows = await conn.fetch(
            "SELECT application_id, count(*) AS n "
            f'FROM "{wiring.assessment_schema}".accepted_applications GROUP BY application_id'
        )
    finally:
        await conn.close()
    assert {str(r["application_id"]) for r in rows} == accepted and {r["n"] for r in rows} == {1}
    assert await record_count(wiring.settings.kafka_bootstrap, dead_letter_topic(wiring.group)) == 0


async def _zero(lag: Any) -> bool:
    return await lag == 0


async def apply(
    reg: httpx.AsyncClient, i: int, scheme: Any
) -> tuple[str, dict[str, str], dict[str, Any]]:
    registered = await reg.post(
        "/candidates",
        json={
            "client_id": str(uuid.uuid4()),
            "full_name": f"Peserta Karangasem {i}",
            "nik": f"510701{i + 1:02d}0190{i + 1:04d}",
            "email": f"peserta{i}@example.id",
            "district_code": "5107",
        },
        headers=bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",)),
    )
    assert registered.status_code == 201, registered.text
    me = candidate_headers(registered.json()["candidate_id"])
    start = {"client_id": str(uuid.uuid4())}
    started = [await reg.post("/applications", json=start, headers=me) for _ in range(1 + (i % 2))]
    assert len({s.json()["application_id"] for s in started}) == 1  # a retried start opens one
    application_id = started[0].json()["application_id"]
    url = f"/applications/{application_id}"
    upload = await reg.post(f"{url}/evidence", files={"file": (f"surat {i}.pdf", PDF)}, headers=me)
    body = forms(i, scheme, upload.json()["evidence_id"], "Jl. Ngurah Rai")
    times = 3 if i % 3 == 0 else 1  # a double tap and a retry after a dropped answer
    answers = await asyncio.gather(
        *[reg.post(f"{url}/submission", json=body, headers=me) for _ in range(times)]
    )
    assert {a.status_code for a in answers} == {200}, [a.text for a in answers]
    assert {a.json()["submission"] for a in answers} == {1}
    return application_id, me, body


async def verify(reg: httpx.AsyncClient, applications: list[Any], scheme: Any) -> set[str]:
    lsp = lsp_admin_headers()

    async def queue_holds(n: int) -> list[dict[str, Any]] | None:
        found = (
            await reg.get("/verification/queue?district_code=5107&limit=500", headers=lsp)
        ).json()
        return found if len(found) == n else None

    queue = await wait_until(
        lambda: queue_holds(COHORT), timeout=30, what="the whole cohort queued"
    )
    assert sorted(q["waiting_since"] for q in queue) == [q["waiting_since"] for q in queue]
    ids = [a[0] for a in applications]
    accepted: set[str] = set()
    for i, (application_id, _, _) in enumerate(applications):
        url = f"/applications/{application_id}"
        if i in RETURNED:
            reasons = [{"field": "apl01.personal.address", "reason": "alamat tanpa RT/RW dan desa"}]
            decided = await reg.post(
                f"{url}/return",
                json={"client_id": str(uuid.uuid4()), "reasons": reasons},
                headers=lsp,
            )
        elif i == REJECTED:
            decided = await reg.post(
                f"{url}/rejection",
                json={"client_id": str(uuid.uuid4()), "reason": "bukan karyawan koperasi"},
                headers=lsp,
            )
        else:
            decision = {"client_id": str(uuid.uuid4())}
            answers = [
                await reg.post(f"{url}/acceptance", json=decision, headers=lsp) for _ in range(2)
            ]
            decided = answers[-1]
            accepted.add(application_id)
        assert decided.status_code == 200, decided.text
    for i in RETURNED:
        application_id, me, body = applications[i]
        seen = (await reg.get(f"/applications/{application_id}", headers=me)).json()
        assert (
            seen["status"] == "returned"
            and seen["returned"]["reasons"][0]["field"] == "apl01.personal.address"
        )
        fixed = {**body, "client_id": str(uuid.uuid4())}
        fixed["apl01"] = {
            **body["apl01"],
            "personal": {
                **body["apl01"]["personal"],
                "address": "Jl. Ngurah Rai 7, RT 02/RW 01, Desa Bugbug",
            },
        }
        answers = await asyncio.gather(
            *[
                reg.post(f"/applications/{application_id}/submission", json=fixed, headers=me)
                for _ in range(2)
            ]
        )
        assert {a.json()["submission"] for a in answers} == {2}
    requeued = await wait_until(
        lambda: queue_holds(len(RETURNED)), timeout=30, what="resubmissions queued"
    )
    assert {q["application_id"] for q in requeued} == {ids[i] for i in RETURNED}
    for i in RETURNED:
        decided = await reg.post(
            f"/applications/{ids[i]}/acceptance", json={"client_id": str(uuid.uuid4())}, headers=lsp
        )
        assert decided.json()["status"] == "accepted"
        accepted.add(ids[i])
    assert len(accepted) == COHORT - 1
    return accepted
