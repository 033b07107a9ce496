"""Offline capture through the real API on PostgreSQL. The assessor's tablet records a day's
work in the hall with no network (attendance, observations per criterion, an interview, essay
and oral marks, notes, a photo's and a recorded answer's reference) and syncs later: the same
records delivered in order to one service, and to another re-sent three times, shuffled and
split differently, end in the same state, compared whole. Two devices editing the same
criterion are reported as a conflict, kept until the assessor settles it. Only the session's
assessor for their own candidates, or the LSP's admin, may record; another LSP's staff find no
session."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from assessment_bank import FixedBank
from assessment_hall import licensed_assessor, verified_site

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import AcceptedApplication
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
STARTS = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
ADMIN_ID = uuid4()
ADMIN = bearer_headers(Role.LSP_ADMIN, account_id=ADMIN_ID, lsp_id=LSP)
ASSESSOR, SECOND = uuid4(), uuid4()


def as_assessor(account_id: UUID = ASSESSOR, lsp_id: UUID = LSP) -> dict[str, str]:
    return bearer_headers(Role.ASSESSOR, account_id=account_id, lsp_id=lsp_id)


@asynccontextmanager
async def hall() -> AsyncIterator[tuple[AssessmentService, httpx.AsyncClient]]:
    async with fresh_schema("capture") as schema:
        service = AssessmentService(
            load_settings(), schema=schema, database=TEST_DATABASE, run_relay=False,
            source_topic=unique_topic("kompeten.registration.events"),
            group_id=f"assessment-{uuid4().hex[:8]}", bank=FixedBank(),
        )  # fmt: skip
        await service.start()
        try:
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                yield service, api
        finally:
            await service.stop()


def applications(n: int) -> list[AcceptedApplication]:
    return [
        AcceptedApplication(
            uuid4(), uuid4(), "KOP-KASIR", 1, "kasir", uuid4(), "5107", [], STARTS, LSP
        )
        for _ in range(n)
    ]


async def scheduled(
    service: AssessmentService, api: httpx.AsyncClient, accepted: list[AcceptedApplication],
    assessors: list[UUID],
) -> str:  # fmt: skip
    async with service.pool.acquire() as conn, conn.transaction():
        for application in accepted:
            await service.accepted().add(conn, application)
    site_id = await verified_site(api, ADMIN, STARTS.date())
    for assessor in assessors:
        await licensed_assessor(api, ADMIN, assessor, STARTS.date())
    body = {"scheme_code": "KOP-KASIR", "scheme_version": 1, "site_id": str(site_id),
            "district_code": "5107", "starts_at": STARTS.isoformat(),
            "ends_at": (STARTS + timedelta(hours=3)).isoformat(), "exam_minutes": 60,
            "capacity": 40, "assessor_ids": [str(a) for a in assessors]}  # fmt: skip
    session = await api.post("/sessions", json=body, headers=ADMIN)
    assert session.status_code == 201, session.text
    session_id: str = session.json()["session_id"]
    ids = [str(a.application_id) for a in accepted]
    assigned = await api.post(f"/sessions/{session_id}/assignments",
                              json={"application_ids": ids}, headers=ADMIN)  # fmt: skip
    assert assigned.status_code == 200, assigned.text
    return session_id


class Tablet:
    """A device's records: its own sequence, the assessor's account."""

    def __init__(self, device_id: str, assessor: UUID = ASSESSOR) -> None:
        self.device_id, self.assessor, self.seq = device_id, assessor, 0

    def record(self, candidate: UUID, kind: str, subject: str = "",
               based_on: str | None = None, **payload: Any) -> dict[str, Any]:  # fmt: skip
        self.seq += 1
        written_at = (STARTS + timedelta(minutes=self.seq)).isoformat()
        return {"record_id": str(uuid4()), "device_id": self.device_id,
                "assessor_id": str(self.assessor), "seq": self.seq, "candidate_id": str(candidate),
                "kind": kind, "subject": subject, "based_on": based_on,
                "written_at": written_at, **payload}  # fmt: skip


def a_days_work(tablet: Tablet, candidates: list[UUID]) -> list[dict[str, Any]]:
    records = []
    for n, candidate in enumerate(candidates):
        present = tablet.record(candidate, "attendance", presence="late" if n else "present",
                                identity_checked=True)  # fmt: skip
        first = tablet.record(candidate, "observation", "1.1", outcome="not_observed")
        seen = tablet.record(
            candidate,
            "observation",
            "1.1",
            first["record_id"],
            outcome="competent",
            text="Menghitung uang kembalian dengan tepat",
        )
        records += [present, first, seen,
            tablet.record(candidate, "observation", "1.2", outcome="not_yet", text="Belum rapi"),
            tablet.record(candidate, "interview", "IA09-1", text="Tugas bendahara: kas harian"),
            tablet.record(candidate, "essay_mark", "essay-1", points=70 + n, text="Cukup"),
            tablet.record(candidate, "oral_mark", "IA07-1", points=80),
            tablet.record(candidate, "note", "n-1", text="Peserta tenang"),
            tablet.record(candidate, "photo", "p-1", photo={"content_hash": "ab" * 32,
                          "media_type": "image/jpeg", "size_bytes": 120_000}),
            tablet.record(candidate, "audio", "IA09-1", audio={"content_hash": "cd" * 32,
                          "media_type": "audio/webm", "size_bytes": 240_000})]  # fmt: skip
        mark = records[-5]
        records.append(tablet.record(candidate, "essay_mark", "essay-1", mark["record_id"],
                                     points=75 + n))  # fmt: skip
    return records


def state_of(body: dict[str, Any]) -> dict[str, Any]:
    """The whole state the server holds, without what differs between the two services."""
    candidates = sorted(
        ({k: v for k, v in c.items() if k != "attempt_id"} for c in body["candidates"]),
        key=lambda c: c["candidate_id"],
    )
    return {"held_through": body["held_through"], "candidates": candidates}


async def test_batches_resent_out_of_order_and_split_differently_end_in_the_same_state() -> None:
    accepted = applications(3)
    candidates = [a.candidate_id for a in accepted]
    records = a_days_work(Tablet("tab-1"), candidates)

    async with hall() as (service, api):
        session_id = await scheduled(service, api, accepted, [ASSESSOR])
        sent = await api.post(f"/sessions/{session_id}/capture", json={"records": records},
                              headers=as_assessor())  # fmt: skip
        assert sent.status_code == 200, sent.text
        assert {r["outcome"] for r in sent.json()["receipts"]} == {"applied"}
        in_order = (await api.get(f"/sessions/{session_id}/capture", headers=as_assessor())).json()

    assert in_order["held_through"] == {"tab-1": len(records)}
    first = in_order["candidates"][0]
    assert first["criteria_observed"] == 2 and first["conflicts"] == []
    assert len(first["records"]) == len(records) // 3

    rng = random.Random(10)
    async with hall() as (service, api):
        session_id = await scheduled(service, api, accepted, [ASSESSOR])
        url = f"/sessions/{session_id}/capture"
        outcomes: list[str] = []
        for _ in range(3):  # the whole day re-sent three times, shuffled, cut differently
            shuffled = rng.sample(records, len(records))
            cuts = sorted(rng.sample(range(1, len(shuffled)), 5))
            for lo, hi in zip([0, *cuts], [*cuts, len(shuffled)], strict=True):
                body = {"records": shuffled[lo:hi]}
                sent = await api.post(url, json=body, headers=as_assessor())
                assert sent.status_code == 200, sent.text
                outcomes += [r["outcome"] for r in sent.json()["receipts"]]
        assert "conflict" not in outcomes and outcomes.count("duplicate") >= 2 * len(records)
        resynced = (await api.get(f"/sessions/{session_id}/capture", headers=as_assessor())).json()
        assert state_of(resynced) == state_of(in_order)

        one = candidates[1]
        alone = await api.get(f"/sessions/{session_id}/capture/{one}", headers=ADMIN)
        assert alone.json() == next(
            c for c in resynced["candidates"] if c["candidate_id"] == str(one)
        )

        async def roster() -> list[dict[str, Any]] | None:
            rows = (await api.get(f"/sessions/{session_id}/capture/roster", headers=ADMIN)).json()
            return rows if sum(r["records"] for r in rows) == len(records) else None

        rows = await wait_until(roster, timeout=20, what="the roster following the log")
        by_candidate = {r["candidate_id"]: r for r in rows}
        assert by_candidate[str(one)]["presence"] == "late"
        assert by_candidate[str(one)]["criteria_observed"] == 2
        assert {r["conflicts"] for r in rows} == {0}
        applied = await service.pool.fetchval(
            "SELECT sum(jsonb_array_length(data->'records')) "
            f"FROM \"{service.schema}\".events WHERE event_type = 'CaptureRecorded'"
        )
        assert applied == len(records)  # each record applied once, whatever was re-sent


async def test_a_conflicting_edit_from_two_devices_is_reported_until_settled() -> None:
    accepted = applications(4)
    async with hall() as (service, api):
        session_id = await scheduled(service, api, accepted, [ASSESSOR, SECOND])
        url = f"/sessions/{session_id}/capture"
        held = (await api.get(url, headers=ADMIN)).json()["candidates"]
        mine = UUID(next(c for c in held if c["assessor_id"] == str(ASSESSOR))["candidate_id"])
        tab_a, tab_b = Tablet("tab-A"), Tablet("tab-B")
        first = tab_a.record(mine, "observation", "1.1", outcome="not_observed")
        synced = await api.post(url, json={"records": [first]}, headers=as_assessor())
        assert synced.status_code == 200, synced.text

        # Offline, each tablet edits the criterion from the same record.
        edit_a = tab_a.record(mine, "observation", "1.1", first["record_id"], outcome="not_yet")
        edit_b = tab_b.record(mine, "observation", "1.1", first["record_id"],
                              outcome="competent", text="Diamati ulang")  # fmt: skip
        a = await api.post(url, json={"records": [edit_a]}, headers=as_assessor())
        b = await api.post(url, json={"records": [edit_b]}, headers=as_assessor())
        assert [r["outcome"] for r in a.json()["receipts"]] == ["applied"]
        assert [r["outcome"] for r in b.json()["receipts"]] == ["conflict"]
        again = await api.post(url, json={"records": [edit_a, edit_b]}, headers=as_assessor())
        assert [r["outcome"] for r in again.json()["receipts"]] == ["duplicate", "duplicate"]

        candidate = (await api.get(f"{url}/{mine}", headers=as_assessor())).json()
        [reported] = candidate["conflicts"]
        assert reported["subject"] == "1.1"
        assert set(reported["current"]) == {edit_a["record_id"], edit_b["record_id"]}
        assert len(candidate["records"]) == 3  # both edits kept, neither overwritten
        events = await service.pool.fetchval(
            f'SELECT count(*) FROM "{service.schema}".events '
            "WHERE event_type = 'CaptureConflictDetected'"
        )
        assert events == 1

        async def roster_conflict() -> bool:
            rows = (await api.get(f"{url}/roster", headers=as_assessor())).json()
            return [r["conflicts"] for r in rows if r["candidate_id"] == str(mine)] == [1]

        await wait_until(roster_conflict, timeout=20, what="the roster reporting the conflict")

        settle = tab_a.record(mine, "observation", "1.1", edit_b["record_id"],
                              outcome="competent", settles=[edit_a["record_id"]])  # fmt: skip
        settled = await api.post(url, json={"records": [settle]}, headers=as_assessor())
        assert [r["outcome"] for r in settled.json()["receipts"]] == ["applied"]
        after = settled.json()["candidates"][0]
        assert after["conflicts"] == [] and after["criteria_observed"] == 1
        subject = next(s for s in after["subjects"] if s["subject"] == "1.1")
        assert subject["current"] == [settle["record_id"]]


async def test_only_the_sessions_assessor_for_their_own_candidates_or_the_admin_records() -> None:
    accepted = applications(4)
    async with hall() as (service, api):
        session_id = await scheduled(service, api, accepted, [ASSESSOR, SECOND])
        url = f"/sessions/{session_id}/capture"
        held = (await api.get(url, headers=ADMIN)).json()["candidates"]
        mine = UUID(next(c for c in held if c["assessor_id"] == str(ASSESSOR))["candidate_id"])
        theirs = UUID(next(c for c in held if c["assessor_id"] == str(SECOND))["candidate_id"])
        tablet = Tablet("tab-A")

        def batch(candidate: UUID, **fields: Any) -> dict[str, Any]:
            record = tablet.record(candidate, "attendance", presence="present",
                                   identity_checked=True) | fields  # fmt: skip
            return {"records": [record]}

        other = await api.post(url, json=batch(theirs), headers=as_assessor())
        assert one_error(other, 403) == "records[0].candidate_id"
        stranger = await api.post(url, json=batch(mine), headers=as_assessor(uuid4()))
        assert one_error(stranger, 403) == "session_id"
        other_lsp = bearer_headers(Role.LSP_ADMIN, lsp_id=uuid4())
        assert one_error(await api.post(url, json=batch(mine), headers=other_lsp), 404) == (
            "session_id"
        )
        assert one_error(await api.get(url, headers=other_lsp), 404) == "session_id"
        impostor = await api.post(url, json=batch(mine, assessor_id=str(SECOND)),
                                  headers=as_assessor())  # fmt: skip
        assert one_error(impostor, 403) == "records[0].assessor_id"
        bad_essay = tablet.record(mine, "essay_mark", "IA07-1", points=50)
        refused = await api.post(url, json={"records": [bad_essay]}, headers=as_assessor())
        assert one_error(refused, 422) == "records[0].subject"
        unseen = await api.get(f"{url}/{theirs}", headers=as_assessor())
        assert one_error(unseen, 404) == "candidate_id"
        assert all(c["records"] == [] for c in (await api.get(url, headers=ADMIN)).json()[
            "candidates"])  # fmt: skip

        standing_in = tablet.record(theirs, "note", "n-1", text="Dicatat admin")
        standing_in["assessor_id"] = str(ADMIN_ID)
        done = await api.post(url, json={"records": [standing_in]}, headers=ADMIN)
        assert [r["outcome"] for r in done.json()["receipts"]] == ["applied"]
        seen = (await api.get(url, headers=as_assessor(SECOND))).json()["candidates"]
        assert len(seen) == 2 and {c["assessor_id"] for c in seen} == {str(SECOND)}
        assert [r["record_id"] for c in seen for r in c["records"]] == [standing_in["record_id"]]


def one_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert errors and all(e["reason"] != e["reason_en"] for e in errors), errors
    field: str = errors[0]["field"]
    return field
