"""A whole hall's cohort printed together on the real stack (issue 11): 151 candidates, from
assessment's recommendation events on Kafka to one merged print file.

148 recommendations arrive (the 3 others are late), every holder's name sealed under their own
key on the internal personal-data topic; a decision maker decides the session, the holders sign
their agreements, and 2 of them appeal afterwards. The LSP's admin asks for the session's print
batch, naming the 3 expected: 146 certificates are printed in one merged file (read with a PDF
reader: one page each, each number once), and the batch lists the 3 with no result yet and the
2 with an appeal open. Running it again prints nothing. The 3 late recommendations arrive, are
decided and signed: the follow-up batches the service opens itself print exactly them (in one
or more: each becomes ready on its own). The 2 appeals are dismissed: follow-ups print exactly
those 2. Over every file, each of the 151
certificates is printed once."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator, Iterable
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from certificate_cases import recommendation
from certificate_stack import (
    api_of,
    candidate,
    decision_maker,
    lsp_admin,
    publish,
    running_certificate,
    vault_of,
)
from printing_cases import PROFILE, scheme_version
from pypdf import PdfReader

from certificate.agreements.domain.agreement import VERSION
from certificate.bootstrap import CertificateService
from certificate.printing.adapters.holds import PostgresHolds
from eventkit.testing.infra import admin_connection
from eventkit.testing.waiting import wait_until
from kompeten_contracts.assessment import (
    AppealDecidedV1,
    AppealLodgedV1,
    AppealOutcomeV1,
    RecommendationPublishedV1,
)
from kompeten_contracts.internal import HolderDetailsSealedV1

pytestmark = pytest.mark.integration
LSP = uuid4()
ADMIN = lsp_admin(LSP)
COHORT, LATE, APPEALING = 151, 3, 2
NUMBER = re.compile(r"Nomor: (\S+)")
Started = tuple[CertificateService, httpx.AsyncClient]


@pytest.fixture(scope="module")
async def started() -> AsyncIterator[Started]:
    async with running_certificate(follow_up_interval=0.2) as service:
        async with api_of(service) as api:
            yield service, api


async def named(service: CertificateService, events: Iterable[RecommendationPublishedV1]) -> None:
    """Each holder's details sealed under their own key, as registration's acceptance publishes
    them on the internal topic; back once certification holds them all."""
    wanted = list(events)
    vault, conn = vault_of(service), await admin_connection()
    try:
        sealed = [HolderDetailsSealedV1(
            candidate_id=e.candidate_id, application_id=e.application_id, lsp_id=LSP,
            sealed=await vault.seal(conn, e.candidate_id, {
                "full_name": f"Peserta {n:03d}", "birth_place": "Amlapura",
                "birth_date": "1990-01-31"}),
            accepted_at=e.recommended_at) for n, e in enumerate(wanted)]  # fmt: skip
    finally:
        await conn.close()
    await publish(service.personal_data_topic, sealed)
    holders = service.features().holders

    async def received() -> bool:
        found = await holders.sealed([e.candidate_id for e in wanted])
        return len(found) == len(wanted)

    await wait_until(received, timeout=30, what=f"{len(wanted)} holders' sealed details")


async def decided_and_signed(
    service: CertificateService, api: httpx.AsyncClient, session: UUID,
    events: list[RecommendationPublishedV1],
) -> None:  # fmt: skip
    """The recommendations published by assessment, the session decided as recommended, every
    holder's agreement signed; back once the register shows the certificates released."""
    await publish(service.source_topic, events)
    listing = service.features().listing

    async def awaiting() -> bool:
        return len(await listing.of_session(LSP, session, 1000)) == len(events)

    await wait_until(awaiting, timeout=30, what=f"{len(events)} recommendations received")
    answer = await api.post(f"/sessions/{session}/decisions", headers=decision_maker(LSP))
    assert answer.status_code == 200 and len(answer.json()) == len(events), answer.text
    assert all(item["judgement"]["decision"] == "K" for item in answer.json()), answer.text
    mine = {e.candidate_id for e in events}
    register = service.features().register

    async def certificates(status: str) -> list[dict[str, Any]] | None:
        rows = [r for r in await register.of_lsp(LSP, session, 1000) if r["candidate_id"] in mine]
        return rows if len(rows) == len(mine) and all(r["status"] == status for r in rows) else None

    for row in await wait_until(lambda: certificates("awaiting_agreement"), timeout=30,
                                what="the certificates issued"):  # fmt: skip
        signed = await api.post(f"/certificates/{row['certificate_id']}/agreement",
                                json={"agreement_version": VERSION, "agree": True},
                                headers=candidate(row["candidate_id"]))  # fmt: skip
        assert signed.status_code == 200, signed.text
    await wait_until(lambda: certificates("valid"), timeout=30, what="the agreements signed")


async def appeal(service: CertificateService, events: list[RecommendationPublishedV1],
                 appeal_ids: list[UUID], dismissed: bool) -> None:  # fmt: skip
    """Each candidate appeals (or their appeal is dismissed), as assessment publishes it; back
    once printing's holds say so."""
    records: list[Any] = []
    for event, appeal_id in zip(events, appeal_ids, strict=True):
        fields = {"appeal_id": appeal_id, "attempt_id": event.attempt_id, "attempt_no": 1,
                  "candidate_id": event.candidate_id, "application_id": event.application_id,
                  "lsp_id": LSP}  # fmt: skip
        records.append(AppealDecidedV1(**fields, outcome=AppealOutcomeV1.DISMISSED,
                                       decided_at=event.recommended_at) if dismissed
                       else AppealLodgedV1(**fields, lodged_at=event.recommended_at))  # fmt: skip
    await publish(service.source_topic, records)
    holds = PostgresHolds(service.pool, service.schema)
    attempts = [e.attempt_id for e in events]

    async def known() -> bool:
        still_open = await holds.appeals_open(attempts)
        return not still_open if dismissed else set(still_open) == set(attempts)

    await wait_until(known, timeout=30, what="the appeals' state known to printing")


async def batch(api: httpx.AsyncClient, batch_id: str) -> dict[str, Any]:
    found: dict[str, Any] = (await api.get(f"/print-batches/{batch_id}", headers=ADMIN)).json()
    return found


async def printed(api: httpx.AsyncClient, batch_id: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        found = await batch(api, batch_id)
        return found if found["state"] == "printed" else None

    return await wait_until(probe, timeout=60, what=f"print batch {batch_id} printed")


async def numbers_in(api: httpx.AsyncClient, found: dict[str, Any]) -> list[str]:
    """The certificate number on each page of the batch's merged file, page by page."""
    answer = await api.get(f"/print-batches/{found['batch_id']}/file.pdf", headers=ADMIN)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(answer.content)).pages
    numbers = [NUMBER.findall(page.extract_text()) for page in pages]
    assert all(len(n) == 1 for n in numbers), numbers[:3]
    return [found[0] for found in numbers]


def members(found: dict[str, Any]) -> dict[str, set[tuple[UUID, str | None]]]:
    out: dict[str, set[tuple[UUID, str | None]]] = {}
    for m in found["members"]:
        out.setdefault(m["status"], set()).add((UUID(m["candidate_id"]), m["reason"]))
    return out


async def follow_ups_printing(api: httpx.AsyncClient, session: UUID, seen: set[str],
                              pages: int) -> list[dict[str, Any]]:  # fmt: skip
    """The new batches of the session (follow-ups the service opened itself) once they have
    printed `pages` pages between them. Members become ready one at a time (each agreement,
    each appeal's decision is its own event), so the service may print them in one follow-up
    or several: the cohort waits for none of them."""

    async def printed_pages() -> list[dict[str, Any]] | None:
        listed = (await api.get("/print-batches", params={"session_id": str(session)},
                                headers=ADMIN)).json()  # fmt: skip
        fresh = [b for b in listed if b["batch_id"] not in seen]
        done = all(b["state"] == "printed" for b in fresh)
        return fresh if done and sum(b["pages"] or 0 for b in fresh) == pages else None

    fresh = await wait_until(printed_pages, timeout=60, what=f"follow-ups printing {pages}")
    seen.update(b["batch_id"] for b in fresh)
    assert all(b["follow_up_of"] is not None for b in fresh)
    return [await batch(api, b["batch_id"]) for b in fresh if b["pages"]]


def ready_in(batches: list[dict[str, Any]]) -> list[UUID]:
    return [c for b in batches for c, _ in members(b).get("ready", set())]


async def test_a_hall_of_151_prints_146_at_once_and_the_late_and_appealed_in_follow_ups(
    started: Started,
) -> None:
    service, api = started
    session = uuid4()
    cohort = [recommendation(lsp_id=LSP, session_id=session) for _ in range(COHORT)]
    on_time, late = cohort[:-LATE], cohort[-LATE:]
    appealing = on_time[:APPEALING]
    await publish(service.registration_topic, [scheme_version(LSP)])
    await named(service, cohort)
    await wait_until(lambda: service.features().schemes.get_many({("KOP-KASIR", 1)}),
                     timeout=30, what="the scheme version received")  # fmt: skip
    await decided_and_signed(service, api, session, on_time)
    appeal_ids = [uuid4() for _ in appealing]
    await appeal(service, appealing, appeal_ids, dismissed=False)
    assert (await api.put("/print-profile", json=PROFILE, headers=ADMIN)).status_code == 200
    numbers = {r["candidate_id"]: r["number"]
               for r in await service.features().register.of_lsp(LSP, session, 1000)}  # fmt: skip

    asked = await api.post("/print-batches", headers=ADMIN, json={
        "session_id": str(session),
        "expected_candidate_ids": [str(e.candidate_id) for e in late]})  # fmt: skip
    assert asked.status_code == 201, asked.text
    first = await printed(api, asked.json()["batch_id"])
    ready = {e.candidate_id for e in on_time[APPEALING:]}
    assert len(ready) == 146
    assert members(first) == {
        "ready": {(c, None) for c in ready},
        "missing": {(e.candidate_id, "no_result") for e in late}
        | {(e.candidate_id, "appeal_open") for e in appealing},
    }  # fmt: skip
    assert (first["pages"], first["counts"]["carried"]) == (146, LATE + APPEALING)
    in_first = await numbers_in(api, first)
    assert len(in_first) == 146 and sorted(in_first) == sorted(numbers[c] for c in ready)

    # Run again: everyone printed is printed before; no page, no file.
    again = await api.post(f"/print-batches/{first['batch_id']}/rerun", json={}, headers=ADMIN)
    assert again.status_code == 201, again.text
    rerun = await printed(api, again.json()["batch_id"])
    assert {c for c, _ in members(rerun)["printed_before"]} == ready
    assert (rerun["pages"], rerun["sha256"]) == (0, None)
    seen = {first["batch_id"], rerun["batch_id"]}

    # The 3 late recommendations arrive, are decided and signed: a follow-up prints them.
    await decided_and_signed(service, api, session, late)
    numbers |= {r["candidate_id"]: r["number"]
                for r in await service.features().register.of_lsp(LSP, session, 1000)}  # fmt: skip
    for_late = await follow_ups_printing(api, session, seen, LATE)
    assert sorted(ready_in(for_late)) == sorted(e.candidate_id for e in late)
    for b in for_late:  # the appeals still hold those 2 back
        assert {(e.candidate_id, "appeal_open") for e in appealing} <= members(b)["missing"]
    in_late = [n for b in for_late for n in await numbers_in(api, b)]
    assert sorted(in_late) == sorted(numbers[e.candidate_id] for e in late)

    # The 2 appeals dismissed: they become ready and follow-ups print exactly them.
    await appeal(service, appealing, appeal_ids, dismissed=True)
    for_appealed = await follow_ups_printing(api, session, seen, APPEALING)
    assert sorted(ready_in(for_appealed)) == sorted(e.candidate_id for e in appealing)
    in_appealed = [n for b in for_appealed for n in await numbers_in(api, b)]

    # Every one of the 151 printed once over all the files; nothing else of the session did.
    every = in_first + in_late + in_appealed
    assert len(every) == len(set(every)) == COHORT
    assert set(every) == {numbers[e.candidate_id] for e in cohort}
    listed = (await api.get("/print-batches", params={"session_id": str(session)},
                            headers=ADMIN)).json()  # fmt: skip
    assert sum(b["pages"] or 0 for b in listed) == COHORT
    last = await api.post(f"/print-batches/{first['batch_id']}/rerun", json={}, headers=ADMIN)
    assert last.status_code == 201, last.text
    nothing_left = await printed(api, last.json()["batch_id"])
    assert members(nothing_left) == {"printed_before": {(e.candidate_id, None) for e in cohort}}
    assert nothing_left["pages"] == 0
