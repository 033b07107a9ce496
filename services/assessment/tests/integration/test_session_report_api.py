"""FR.AK.05 through the real API on PostgreSQL and Kafka: two candidates sit a cashier session,
one recommended K, the other BK. Before the recommendations the report cannot name them; the
session's assessor drafts the report (a gap per BK unit), submits it as version 1; the head of
the session's test site (appointed by the admin) and the LSP's admin read it; another site's
head, another session's assessor, a candidate, a decision maker and another LSP cannot; the
version cannot be edited, a correction is version 2 with its reason and version 1 stays as it
was. What it says of each candidate is sealed under their key (ciphertext in the log, readings
recorded) and reads as erased once registration erases the person. The clock is the test's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from assessment_hall import licensed_assessor, verified_site
from assessment_sitting import (
    KASIR,
    Clock,
    accepted,
    cashier_bank,
    keyed,
    phone,
    planned,
    recommended,
    session_body,
    sit,
)

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.key_store import ScratchKeyStore, fresh_key_store
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
DAY = datetime(2026, 12, 1, 7, tzinfo=UTC)
STARTS = DAY + timedelta(hours=2)
NOTES = {
    "went_well": "Peserta hadir tepat waktu; ujian berjalan tertib.",
    "site_issues": "Dua kalkulator rusak; sinyal lemah di sisi timur aula.",
    "suggestions": "Sediakan kalkulator cadangan.",
}
GAP = "Belum dapat mencocokkan saldo kas dengan buku kas harian."


@dataclass
class Hall:
    api: httpx.AsyncClient
    clock: Clock
    service: AssessmentService
    admin: dict[str, str]
    assessor_id: UUID
    site_id: UUID
    keys: ScratchKeyStore

    def staff(self, role: Role, account_id: UUID | None = None, lsp: UUID = LSP) -> dict[str, str]:
        return bearer_headers(role, account_id=account_id or uuid4(), lsp_id=lsp)


@pytest.fixture
async def hall() -> AsyncIterator[Hall]:
    clock = Clock(DAY)
    async with fresh_schema("ak05") as schema, fresh_key_store() as keys:
        service = AssessmentService(
            load_settings(),
            schema=schema,
            database=TEST_DATABASE,
            source_topic=unique_topic("kompeten.registration.events"),
            topic=unique_topic("kompeten.assessment.events"),
            group_id=f"assessment-{uuid4().hex[:8]}",
            clock=clock,
            key_store=keys.location,
        )
        await service.start()
        try:
            await cashier_bank(service, LSP)
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                admin = bearer_headers(Role.LSP_ADMIN, account_id=uuid4(), lsp_id=LSP)
                assessor = await licensed_assessor(api, admin, uuid4(), STARTS.date())
                site_id = await verified_site(api, admin, STARTS.date())
                yield Hall(api, clock, service, admin, assessor, site_id, keys)
        finally:
            await service.stop()


def errors(response: httpx.Response, status: int) -> list[str]:
    assert response.status_code == status, response.text
    found: list[dict[str, Any]] = response.json()["errors"]
    assert all(e["reason"] and e["reason_en"] for e in found)
    return [e["field"] for e in found]


async def test_the_assessor_reports_to_the_site_head_and_a_submitted_version_stays(
    hall: Hall,
) -> None:
    held, passed = await accepted(hall.service, LSP, 2, DAY)
    await keyed(hall.keys, [held.candidate_id, passed.candidate_id])
    made = await hall.api.post(
        "/sessions", headers=hall.admin, json=session_body(hall.site_id, hall.assessor_id, STARTS)
    )
    session_id = made.json()["session_id"]
    body = {"application_ids": [str(held.application_id), str(passed.application_id)]}
    assigned = await hall.api.post(
        f"/sessions/{session_id}/assignments", json=body, headers=hall.admin
    )
    attempt = {UUID(a["candidate_id"]): a["attempt_id"] for a in assigned.json()}
    hall.clock.now = STARTS - timedelta(minutes=5)
    assessor = hall.staff(Role.ASSESSOR, hall.assessor_id)
    await planned(hall.api, session_id, assessor)
    assert (await hall.api.post(f"/sessions/{session_id}/start", headers=assessor)).is_success
    await sit(hall.service, hall.api, attempt[held.candidate_id], held.candidate_id, False)
    await sit(hall.service, hall.api, attempt[passed.candidate_id], passed.candidate_id, True)

    path = f"/sessions/{session_id}/report"
    lines = [
        {"attempt_id": attempt[passed.candidate_id], "note": "Menguasai semua unit."},
        {"attempt_id": attempt[held.candidate_id], "gaps": {unit: GAP for unit in KASIR}},
    ]
    early = await hall.api.put(path, json={"candidates": lines, "notes": NOTES}, headers=assessor)
    assert errors(early, 422) == ["candidates[0].attempt_id", "candidates[1].attempt_id"]
    head_id = uuid4()
    site_head = hall.staff(Role.TEST_SITE_HEAD, head_id)
    appointed = await hall.api.put(f"/sites/{hall.site_id}/heads", headers=hall.admin,
                                   json={"head_ids": [str(head_id)]})  # fmt: skip
    assert appointed.status_code == 200 and appointed.json()["head_ids"] == [str(head_id)]
    assert errors(await hall.api.get(path, headers=site_head), 404) == ["report"]

    assert (await recommended(hall.api, attempt[held.candidate_id], "K", assessor, hall.admin))[
        "overall"
    ] == "BK"
    assert (await recommended(hall.api, attempt[passed.candidate_id], "K", assessor, hall.admin))[
        "overall"
    ] == "K"

    no_gap = [lines[0], {"attempt_id": attempt[held.candidate_id], "gaps": {}}]
    refused = await hall.api.put(
        path, json={"candidates": no_gap, "notes": NOTES}, headers=assessor
    )
    assert errors(refused, 422) == [f"candidates[1].gaps.{unit}" for unit in KASIR]
    partial = await hall.api.put(
        path, json={"candidates": lines[:1], "notes": NOTES}, headers=assessor
    )
    assert partial.status_code == 200, partial.text
    submission = f"{path}/submission"
    incomplete = await hall.api.post(submission, json={"version": 1}, headers=assessor)
    assert errors(incomplete, 409) == ["candidates"]
    other_assessor = hall.staff(Role.ASSESSOR)
    draft = {"candidates": lines, "notes": NOTES}
    assert errors(await hall.api.put(path, json=draft, headers=other_assessor), 403) == [
        "session_id"
    ]
    written = await hall.api.put(path, json=draft, headers=assessor)
    assert written.status_code == 200, written.text
    drafts = "SELECT count(*) FROM events WHERE event_type = 'ReportDrafted'"
    count = await hall.service.pool.fetchval(drafts)
    again = await hall.api.put(path, json=draft, headers=assessor)  # the same draft re-sent
    assert again.json() == written.json() and await hall.service.pool.fetchval(drafts) == count
    assert errors(await hall.api.get(path, headers=site_head), 404) == ["report"]  # a draft
    first = await hall.api.post(submission, json={"version": 1}, headers=assessor)
    assert first.status_code == 200, first.text
    retry = await hall.api.post(submission, json={"version": 1}, headers=assessor)
    assert retry.json() == first.json()

    read = await hall.api.get(path, headers=site_head)
    assert read.status_code == 200, read.text
    [version] = read.json()["versions"]
    assert read.json()["draft"] is None
    assert (version["version"], version["notes"], version["correction_reason"]) == (1, NOTES, None)
    quoted = {c["candidate_id"]: (c["overall"], c["gaps"]) for c in version["candidates"]}
    assert quoted == {
        str(passed.candidate_id): ("K", {}),
        str(held.candidate_id): ("BK", {unit: GAP for unit in KASIR}),
    }
    assert (await hall.api.get(path, headers=hall.admin)).json() == read.json()
    for outsider, status in (
        (other_assessor, 403),
        (hall.staff(Role.TEST_SITE_HEAD, lsp=uuid4()), 404),
        (hall.staff(Role.DECISION_MAKER), 403),
        (hall.staff(Role.TEST_SITE_HEAD), 403),  # the head of another site
        (phone(held.candidate_id), 403),
    ):
        assert (await hall.api.get(path, headers=outsider)).status_code == status

    edit = await hall.api.put(path, json=draft, headers=assessor)
    assert errors(edit, 422) == ["correction_reason"]
    fixed = {
        **draft,
        "notes": {**NOTES, "suggestions": "Tambah dua kalkulator cadangan."},
        "correction_reason": "Saran ditulis kurang lengkap.",
    }
    assert (await hall.api.put(path, json=fixed, headers=assessor)).status_code == 200
    second = await hall.api.post(submission, json={"version": 2}, headers=assessor)
    assert second.status_code == 200, second.text
    versions = (await hall.api.get(path, headers=site_head)).json()["versions"]
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0] == version
    assert versions[1]["correction_reason"] == "Saran ditulis kurang lengkap."
    assert versions[1]["notes"]["suggestions"] == "Tambah dua kalkulator cadangan."

    # What the report says of each candidate is in the log sealed only; the session's notes
    # (the hall, the site) as written. Every staff reading of a candidate's text is recorded.
    log = "SELECT count(*) FROM events WHERE data::text LIKE $1"
    assert await hall.service.pool.fetchval(log, f"%{GAP}%") == 0
    assert await hall.service.pool.fetchval(log, "%Menguasai semua unit%") == 0
    assert await hall.service.pool.fetchval(log, "%Dua kalkulator rusak%") > 0
    reads = await hall.service.pool.fetch(
        "SELECT candidate_id, actor_id, actor_role, purpose FROM personal_data_reads"
    )
    assert (held.candidate_id, head_id, "test_site_head", "assessment/report-notes") in [
        tuple(r) for r in reads
    ]

    # Registration erases the BK candidate: their lines read as erased in every version, the
    # other candidate's and the session's notes are as they were.
    assert await hall.keys.erase(held.candidate_id)
    for reader in (site_head, hall.admin, assessor):
        after = (await hall.api.get(path, headers=reader)).json()["versions"]
        for v in after:
            shown = {c["candidate_id"]: (c["gaps"], c["note"], c["text_status"])
                     for c in v["candidates"]}  # fmt: skip
            assert shown == {
                str(passed.candidate_id): ({}, "Menguasai semua unit.", "shown"),
                str(held.candidate_id): ({}, "", "erased"),
            }
        assert [v["notes"] for v in after] == [NOTES, fixed["notes"]]


async def sat(hall: Hall) -> tuple[str, dict[UUID, str], UUID, UUID]:
    """Two keyed candidates assigned, the exam started, both sat (the first wrote nothing):
    the session, the attempt per candidate, and the two candidates."""
    held, passed = await accepted(hall.service, LSP, 2, DAY)
    await keyed(hall.keys, [held.candidate_id, passed.candidate_id])
    made = await hall.api.post(
        "/sessions", headers=hall.admin, json=session_body(hall.site_id, hall.assessor_id, STARTS)
    )
    session_id = made.json()["session_id"]
    body = {"application_ids": [str(held.application_id), str(passed.application_id)]}
    assigned = await hall.api.post(
        f"/sessions/{session_id}/assignments", json=body, headers=hall.admin
    )
    attempt = {UUID(a["candidate_id"]): a["attempt_id"] for a in assigned.json()}
    hall.clock.now = STARTS - timedelta(minutes=5)
    assessor = hall.staff(Role.ASSESSOR, hall.assessor_id)
    await planned(hall.api, session_id, assessor)
    assert (await hall.api.post(f"/sessions/{session_id}/start", headers=assessor)).is_success
    await sit(hall.service, hall.api, attempt[held.candidate_id], held.candidate_id, False)
    await sit(hall.service, hall.api, attempt[passed.candidate_id], passed.candidate_id, True)
    return session_id, attempt, held.candidate_id, passed.candidate_id


async def test_the_report_is_drafted_from_the_assessors_capture(hall: Hall) -> None:
    session_id, attempt, held, passed = await sat(hall)
    assessor = hall.staff(Role.ASSESSOR, hall.assessor_id)
    seq = iter(range(1, 100))

    def record(candidate: UUID, kind: str, subject: str = "", **payload: Any) -> dict[str, Any]:
        return {"record_id": str(uuid4()), "device_id": "tab-1",
                "assessor_id": str(hall.assessor_id), "seq": next(seq),
                "candidate_id": str(candidate), "kind": kind, "subject": subject,
                **payload}  # fmt: skip

    cash, daily = KASIR[0], KASIR[1]
    records = [
        record(held, "attendance", presence="present", identity_checked=True),
        record(
            held,
            "observation",
            f"{cash}/1.2",
            outcome="not_yet",
            text="Salah menghitung uang kembalian",
        ),
        record(held, "observation", f"{cash}/1.1", outcome="not_yet"),
        record(held, "observation", f"{daily}/2.1", outcome="not_yet"),
        record(held, "observation", f"{KASIR[2]}/3.1", outcome="competent"),
        record(passed, "observation", f"{cash}/1.2", outcome="competent"),
    ]
    sent = await hall.api.post(f"/sessions/{session_id}/capture", json={"records": records},
                               headers=assessor)  # fmt: skip
    assert sent.status_code == 200, sent.text
    path = f"/sessions/{session_id}/report/findings"
    early = (await hall.api.get(path, headers=assessor)).json()["candidates"]
    assert [c["suggested_line"] for c in early] == [None, None]  # not recommended yet

    await recommended(hall.api, attempt[held], "K", assessor, hall.admin)
    await recommended(hall.api, attempt[passed], "K", assessor, hall.admin)
    found = await hall.api.get(path, headers=assessor)
    assert found.status_code == 200, found.text
    by = {UUID(c["candidate_id"]): c for c in found.json()["candidates"]}
    mine = by[held]
    assert (mine["overall"], mine["units_not_yet"]) == ("BK", KASIR)
    assert (mine["presence"], mine["identity_checked"], mine["settled"]) == ("present", True, True)
    assert mine["observed"] == {"competent": 1, "not_yet": 3, "not_observed": 0}
    assert mine["suggested_line"] == {
        "attempt_id": attempt[held],
        "gaps": {
            cash: "KUK belum kompeten (IA.01): 1.1, 1.2. Catatan: 1.2: Salah menghitung uang "
            "kembalian",
            daily: "KUK belum kompeten (IA.01): 2.1",
        },
        "note": "",
    }
    assert by[passed]["suggested_line"] == {"attempt_id": attempt[passed], "gaps": {}, "note": ""}
    assert (await hall.api.get(path, headers=hall.admin)).json() == found.json()

    # The assessor completes the suggestion (every BK unit needs its gap) and writes the draft.
    line = mine["suggested_line"]
    line["gaps"] |= {unit: GAP for unit in KASIR if unit not in line["gaps"]}
    draft = {"candidates": [line, by[passed]["suggested_line"]], "notes": NOTES}
    written = await hall.api.put(f"/sessions/{session_id}/report", json=draft, headers=assessor)
    assert written.status_code == 200, written.text
    [first, _] = written.json()["draft"]["candidates"]
    assert first["gaps"][daily] == "KUK belum kompeten (IA.01): 2.1"

    for outsider, status in (
        (hall.staff(Role.ASSESSOR), 403),  # another session's assessor
        (hall.staff(Role.LSP_ADMIN, lsp=uuid4()), 404),
        (hall.staff(Role.TEST_SITE_HEAD), 403),
        (phone(held), 403),
    ):
        assert (await hall.api.get(path, headers=outsider)).status_code == status
