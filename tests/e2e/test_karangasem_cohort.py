"""The Karangasem cohort, end to end (issue 4's journey). A district operator imports 151 staff of
40 cooperatives from the district's spreadsheet; each person reads the invitation and then their
code from the SMTP server and signs up; on a phone with a weak signal they fill APL-01 and APL-02
(double taps, retried starts, a draft saved and resumed, a late re-send of an answered
submission); two LSP administrators return some applications with reasons per field and accept
the rest; the returned are fixed, resubmitted and accepted. Assessment receives exactly the
accepted applications, once each, with what it needs and no personal data.

Real PostgreSQL, Kafka and SMTP; both services in-process on a fresh schema, topic and group."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from assessment.api.app import create_app as assessment_app
from eventkit.testing.infra import admin_connection
from eventkit.testing.kafka import group_lag, record_count
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from kompeten_contracts.topics import dead_letter_topic
from registration.api.app import create_app as registration_app
from registration.seed import seed
from registration.seed.cohort_file import as_csv, staff_rows
from registration.seed.cooperatives import DEMO_COOPERATIVES
from servicekit.auth import bearer_headers

from ..services import (
    asgi_client,
    assessment_staff_headers,
    lsp_admin_headers,
    running_assessment,
    running_registration,
)
from .phone import Person, Phone

pytestmark = pytest.mark.integration

COHORT = 151
AT_ONCE = 30  # phones active at the same moment
SCHEME_OF_GROUP = {"ketua": "KDMP-PENGURUS", "bendahara": "KOP-BENDAHARA",
                   "juru_tulis": "KOP-JURUTULIS", "pengawas": "KDMP-PENGAWAS",
                   "kasir": "KOP-KASIR"}  # fmt: skip
GROUP_OF_LABEL = {"Ketua": "ketua", "Bendahara": "bendahara", "Juru Tulis": "juru_tulis",
                  "Pengawas": "pengawas", "Kasir": "kasir"}  # fmt: skip
OPERATOR = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",))
LSP_ADMINS = [uuid.uuid4(), uuid.uuid4()]
FIXED_ADDRESS = "Jl. Ngurah Rai 7, RT 02/RW 01, Desa Bugbug"


def returned(i: int) -> bool:
    return i % 8 == 3  # 19 of 151


@pytest.mark.e2e
async def test_karangasem_cohort_from_import_to_assessment(wiring) -> None:
    async with (
        running_registration(wiring) as registration,
        running_assessment(wiring) as assessment,
    ):
        catalogue = registration.catalogues()
        await seed(catalogue)
        reg_api = registration_app(registration)
        async with asgi_client(reg_api, "10.7.0.2") as office, httpx.AsyncClient() as mail:
            schemes = await published_schemes(office)
            people = await import_cohort(office)
            limit = asyncio.Semaphore(AT_ONCE)

            def connect(person: Person) -> httpx.AsyncClient:
                # Even rows share the hall's router; odd rows use their own phone's address.
                address = "10.7.1.1" if person.index % 2 == 0 else f"10.8.{person.index}.9"
                return asgi_client(reg_api, address)

            async def journey(person: Person) -> Phone:
                phone = Phone(person, connect, mail)
                async with limit, phone.online():
                    await apply(phone, schemes)
                return phone

            phones = await asyncio.gather(*[journey(p) for p in people])
            accepted = await verify(office, phones, schemes)
            await progress_shows(office, registered=COHORT, accepted=COHORT, returned=0)

        ass_api = assessment_app(assessment)
        async with asgi_client(ass_api, "10.7.0.3") as ass:
            listed = await arrived_in_assessment(ass, wiring, len(accepted))
    assert {a["application_id"] for a in listed} == set(accepted)
    for entry in listed:
        phone = accepted[entry["application_id"]]
        assert entry["candidate_id"] == phone.candidate_id
        assert entry["cooperative_id"] == phone.person.cooperative_id
        assert entry["occupational_group"] == phone.person.occupational_group
        assert entry["district_code"] == "5107"
        assert phone.person.full_name not in str(entry) and phone.person.nik not in str(entry)
    await assert_once_each(wiring, set(accepted))


async def published_schemes(client: httpx.AsyncClient) -> dict[str, dict[str, Any]]:
    """Each scheme's newest published version, as a phone reads it (units and elements)."""

    async def all_published() -> list[dict[str, Any]] | None:
        found = (await client.get("/schemes")).json()
        return found if {s["scheme_code"] for s in found} >= set(SCHEME_OF_GROUP.values()) else None

    listed = await wait_until(all_published, timeout=30, what="the seeded schemes published")
    schemes = {}
    for entry in listed:
        url = f"/schemes/{entry['scheme_code']}/versions/{entry['version']}"
        schemes[entry["scheme_code"]] = (await client.get(url)).json()
    return schemes


async def import_cohort(office: httpx.AsyncClient) -> list[Person]:
    """The operator uploads the district's file, reads the dry run, commits, waits for done."""

    async def forty() -> list[dict[str, Any]] | None:
        url = "/cooperatives?district_code=5107&limit=500"
        found = (await office.get(url, headers=OPERATOR)).json()
        return found if len(found) == 40 else None

    # People pick their cooperative by name; the operator's file names it by legal number.
    listed = await wait_until(forty, timeout=30, what="40 cooperatives of Karangasem")
    by_name = {c["name"]: c["cooperative_id"] for c in listed}
    by_number = {number: by_name[name] for name, _, number in DEMO_COOPERATIVES}
    rows = staff_rows(COHORT)
    assert len({r[4] for r in rows}) == 40
    upload = await office.post(
        "/cohort-imports", files={"file": ("karangasem.csv", as_csv(rows))}, headers=OPERATOR
    )
    assert upload.status_code == 201, upload.text
    report = upload.json()
    assert (report["valid_rows"], report["invalid_rows"]) == (COHORT, 0), report["errors"]
    import_id = report["import_id"]
    committed = await office.post(f"/cohort-imports/{import_id}/commit", headers=OPERATOR)
    assert committed.status_code == 202, committed.text

    async def done() -> dict[str, Any] | None:
        body = (await office.get(f"/cohort-imports/{import_id}", headers=OPERATOR)).json()
        return body if body["state"] == "done" else None

    finished = await wait_until(done, timeout=120, what="the import done")
    assert (finished["registered"], finished["skipped"]) == (COHORT, 0), finished
    return [
        Person(i, r[0], r[1], r[2], r[3], by_number[r[4]], r[5], GROUP_OF_LABEL[r[6]])
        for i, r in enumerate(rows)
    ]


def forms(phone: Phone, scheme: dict[str, Any], evidence_id: str, address: str) -> dict:
    person = phone.person
    apl01 = {
        "personal": {
            "full_name": person.full_name,
            "nik": person.nik,
            "birth_place": "Amlapura",
            "birth_date": person.birth_date,
            "address": address,
            "phone": person.phone,
            "email": person.email,
        },
        "education": {"level": "SMA", "institution": "SMAN 1 Amlapura", "graduation_year": 2004},
        "employment": phone.employment,
        "scheme_code": scheme["scheme_code"],
        "scheme_version": scheme["version"],
        "purpose": "certification",
        "evidence_ids": [evidence_id],
        "adjustment_needs": ["reading_writing"] if person.index % 50 == 7 else [],
    }
    apl02 = {
        "judgements": [
            {"unit_code": unit["code"], "element_code": element["code"],
             "judgement": "BK" if person.index % 11 == 0 and u == 0 else "K",
             "evidence_ids": [evidence_id]}
            for u, unit in enumerate(scheme["units"]) for element in unit["elements"]
        ]
    }  # fmt: skip
    return {"client_id": str(uuid.uuid4()), "apl01": apl01, "apl02": apl02}


async def apply(phone: Phone, schemes: dict[str, dict[str, Any]]) -> None:
    i = phone.person.index
    await phone.sign_up(typo_first=i % 10 == 4)
    await phone.start(retried=i % 4 == 1)
    evidence_id = await phone.upload_evidence()
    body = forms(phone, schemes[SCHEME_OF_GROUP[phone.employment["occupational_group"]]],
                 evidence_id, "Jl. Ngurah Rai")  # fmt: skip
    if i % 5 == 2:
        body["apl01"] = await phone.save_and_resume_draft(body["apl01"])
    taps = 3 if i % 3 == 0 else 1
    assert await phone.submit(body, taps, late_resend=i % 7 == 5) == 1
    phone.body = body


async def verify(
    office: httpx.AsyncClient, phones: list[Phone], schemes: dict[str, Any]
) -> dict[str, Phone]:
    """Two LSP administrators work the queue, longest waiting first; returned applications are
    fixed by their candidates and accepted once resubmitted."""
    queue = await queue_of(office, COHORT)
    assert [q["waiting_since"] for q in queue] == sorted(q["waiting_since"] for q in queue)
    by_application = {p.application_id: p for p in phones}
    assert {q["application_id"] for q in queue} == set(by_application)
    for n, entry in enumerate(queue):
        phone = by_application[entry["application_id"]]
        if returned(phone.person.index):
            reasons = [{"field": "apl01.personal.address",
                        "reason": "alamat belum lengkap: tulis RT/RW dan desa"}]  # fmt: skip
            await decide(office, phone, "return", n, {"reasons": reasons})
        else:
            await decide(office, phone, "acceptance", n, {}, double_click=n % 9 == 0)
    fixing = [p for p in phones if returned(p.person.index)]
    await progress_shows(office, registered=COHORT, accepted=COHORT - len(fixing),
                         returned=len(fixing))  # fmt: skip
    await asyncio.gather(*[fix(phone) for phone in fixing])
    requeued = await queue_of(office, len(fixing))
    assert {q["application_id"] for q in requeued} == {p.application_id for p in fixing}
    for n, phone in enumerate(fixing):
        await decide(office, phone, "acceptance", n, {})
    return {p.application_id: p for p in phones}


async def fix(phone: Phone) -> None:
    """The candidate opens the app again, reads the LSP's reason, fixes the field, resubmits."""
    async with phone.online():
        seen = await phone.read_own()
        assert seen["status"] == "returned", seen
        assert [r["field"] for r in seen["returned"]["reasons"]] == ["apl01.personal.address"]
        fixed: dict[str, Any] = {**phone.body, "client_id": str(uuid.uuid4())}
        personal = {**fixed["apl01"]["personal"], "address": FIXED_ADDRESS}
        fixed["apl01"] = {**fixed["apl01"], "personal": personal}
        assert await phone.submit(fixed, taps=2, late_resend=False) == 2


async def decide(office: httpx.AsyncClient, phone: Phone, what: str, n: int,
                 extra: dict[str, Any], double_click: bool = False) -> None:  # fmt: skip
    admin = LSP_ADMINS[n % 2]
    headers = lsp_admin_headers(admin)
    body = {"client_id": str(uuid.uuid4()), **extra}
    url = f"/applications/{phone.application_id}/{what}"
    answers = [await office.post(url, json=body, headers=headers)
               for _ in range(2 if double_click else 1)]  # fmt: skip
    assert {a.status_code for a in answers} == {200}, [a.text for a in answers]
    assert len({a.text for a in answers}) == 1


async def queue_of(office: httpx.AsyncClient, n: int) -> list[dict[str, Any]]:
    lsp = lsp_admin_headers(LSP_ADMINS[0])

    async def holds() -> list[dict[str, Any]] | None:
        found = (await office.get("/verification/queue?district_code=5107&limit=500",
                                  headers=lsp)).json()  # fmt: skip
        return found if len(found) == n else None

    return await wait_until(holds, timeout=60, what=f"{n} applications queued")


async def progress_shows(office: httpx.AsyncClient, **expected: int) -> None:
    async def matches() -> dict[str, Any] | None:
        body = (await office.get("/progress/districts/5107", headers=OPERATOR)).json()
        return body if all(body[k] == v for k, v in expected.items()) else None

    await wait_until(matches, timeout=60, what=f"district progress {expected}")
    per_coop = (await office.get("/progress/districts/5107/cooperatives",
                                 headers=OPERATOR)).json()  # fmt: skip
    assert len(per_coop) == 40
    assert {k: sum(c[k] for c in per_coop) for k in expected} == expected


async def arrived_in_assessment(
    ass: httpx.AsyncClient, wiring: Any, n: int
) -> list[dict[str, Any]]:
    url = "/applications?district_code=5107&limit=1000"

    async def all_there() -> list[dict[str, Any]] | None:
        found = (await ass.get(url, headers=assessment_staff_headers())).json()
        return found if len(found) >= n else None

    await wait_until(all_there, timeout=90, what=f"{n} accepted applications in assessment")

    async def caught_up() -> bool:
        lag = await group_lag(wiring.settings.kafka_bootstrap, wiring.group, wiring.topic)
        return lag == 0

    await wait_until(caught_up, timeout=60, what="assessment caught up with the topic")
    listed: list[dict[str, Any]] = (await ass.get(url, headers=assessment_staff_headers())).json()
    return listed


async def assert_once_each(wiring: Any, accepted: set[str]) -> None:
    conn = await admin_connection()
    try:
        rows = await conn.fetch(
            "SELECT application_id, count(*) AS n "
            f'FROM "{wiring.assessment_schema}".accepted_applications GROUP BY application_id'
        )
        deciders = await conn.fetch(
            "SELECT DISTINCT metadata->>'actor' AS actor "
            f'FROM "{wiring.registration_schema}".events '
            "WHERE event_type IN ('ApplicationAccepted', 'ApplicationReturned')"
        )
    finally:
        await conn.close()
    assert {str(r["application_id"]) for r in rows} == accepted
    assert {r["n"] for r in rows} == {1}
    assert {r["actor"] for r in deciders} == {str(a) for a in LSP_ADMINS}
    dead = await record_count(wiring.settings.kafka_bootstrap, dead_letter_topic(wiring.group))
    assert dead == 0
