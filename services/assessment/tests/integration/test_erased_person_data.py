"""A person's evidence files and appeal grounds are sealed under a key derived from their key in
registration's key store (here a fresh one, as registration's vault keeps it), on the real
stack: before the erasure the assessor, the admin and the candidate read them (the staff's
readings recorded), and neither is kept in the clear (the log and the file store hold
ciphertext); after registration erases the person, the file answers 410 "erased" and the
appeal its grounds as erased, for everyone, while the appeal itself still goes on (decided then,
its reasons are not kept at all)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import httpx
import pytest
from assessment_hall import licensed_assessor, verified_site
from assessment_sitting import (
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
from assessment.evidence.adapters.filesystem_store import FilesystemEvidenceStore
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.key_store import ScratchKeyStore, fresh_key_store
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
DAY = datetime(2026, 12, 1, 7, tzinfo=UTC)
STARTS = DAY + timedelta(hours=2)
GROUNDS = "Jaringan di aula terputus 20 menit sehingga jawaban saya tidak terkirim."
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(100_000)


@dataclass
class Hall:
    api: httpx.AsyncClient
    clock: Clock
    service: AssessmentService
    keys: ScratchKeyStore
    folder: Path
    admin: dict[str, str]
    assessor_id: UUID
    site_id: UUID


@pytest.fixture
async def hall(tmp_path: Path) -> AsyncIterator[Hall]:
    clock = Clock(DAY)
    async with fresh_schema("erased") as schema, fresh_key_store() as keys:
        service = AssessmentService(
            load_settings(),
            schema=schema,
            database=TEST_DATABASE,
            run_relay=False,
            source_topic=unique_topic("kompeten.registration.events"),
            group_id=f"assessment-{uuid4().hex[:8]}",
            clock=clock,
            key_store=keys.location,
            evidence_store=FilesystemEvidenceStore(tmp_path / "evidence"),
        )
        await service.start()
        try:
            await cashier_bank(service, LSP)
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                admin = bearer_headers(Role.LSP_ADMIN, account_id=uuid4(), lsp_id=LSP)
                assessor = await licensed_assessor(api, admin, uuid4(), STARTS.date())
                site_id = await verified_site(api, admin, STARTS.date())
                yield Hall(
                    api, clock, service, keys, tmp_path / "evidence", admin, assessor, site_id
                )
        finally:
            await service.stop()


async def test_after_the_erasure_the_files_and_the_grounds_answer_erased(hall: Hall) -> None:
    [candidate] = await accepted(hall.service, LSP, 1, DAY)
    person = candidate.candidate_id
    await keyed(hall.keys, [person])
    made = await hall.api.post(
        "/sessions", headers=hall.admin, json=session_body(hall.site_id, hall.assessor_id, STARTS)
    )
    session_id = made.json()["session_id"]
    assigned = await hall.api.post(
        f"/sessions/{session_id}/assignments",
        headers=hall.admin,
        json={"application_ids": [str(candidate.application_id)]},
    )
    attempt = assigned.json()[0]["attempt_id"]
    hall.clock.now = STARTS - timedelta(minutes=5)
    assessor = bearer_headers(Role.ASSESSOR, account_id=hall.assessor_id, lsp_id=LSP)
    await planned(hall.api, session_id, assessor)
    assert (await hall.api.post(f"/sessions/{session_id}/start", headers=assessor)).is_success
    await sit(hall.service, hall.api, attempt, person, False)
    uploaded = await hall.api.post(
        f"/sessions/{session_id}/evidence",
        params={"candidate_id": str(person)},
        files={"file": ("foto.jpg", PHOTO, "image/jpeg")},
        headers=assessor,
    )
    assert uploaded.status_code == 201, uploaded.text
    file_path = f"/sessions/{session_id}/evidence/{hashlib.sha256(PHOTO).hexdigest()}"
    assert (
        await hall.api.post(
            f"/sessions/{session_id}/evidence",
            params={"candidate_id": str(person)},
            files={"file": ("foto.jpg", PHOTO)},
            headers=assessor,
        )
    ).status_code == 200
    await recommended(hall.api, attempt, "BK", assessor, hall.admin)
    hall.clock.now = STARTS + timedelta(days=3)
    mine = phone(person)
    lodged = await hall.api.post(
        "/appeals",
        headers=mine,
        json={"attempt_id": attempt, "grounds": GROUNDS, "client_id": str(uuid4())},
    )
    assert lodged.status_code == 201, lodged.text
    assert (lodged.json()["grounds"], lodged.json()["grounds_status"]) == (GROUNDS, "shown")
    appeal = f"/appeals/{lodged.json()['appeal_id']}"

    read = await hall.api.get(appeal, headers=hall.admin)
    assert (read.json()["grounds"], read.json()["grounds_status"]) == (GROUNDS, "shown")
    assert (await hall.api.get(file_path, headers=assessor)).content == PHOTO
    at_rest = await hall.service.pool.fetchval(
        "SELECT count(*) FROM events WHERE data::text LIKE '%Jaringan di aula%'"
    )
    assert at_rest == 0  # the grounds are in the log sealed only
    stored = [p.read_bytes() for p in hall.folder.rglob("*") if p.is_file()]
    assert len(stored) == 1 and PHOTO[-200:] not in stored[0]
    reads = "SELECT purpose, actor_role FROM personal_data_reads ORDER BY id"
    assert [tuple(r) for r in await hall.service.pool.fetch(reads)] == [
        ("assessment/appeal-grounds", "lsp_admin"),
        ("assessment/evidence", "assessor"),
    ]

    assert await hall.keys.erase(person)  # registration erases the person: their key is gone

    for who in (hall.admin, mine):
        after = await hall.api.get(appeal, headers=who)
        assert after.status_code == 200, after.text
        assert (after.json()["grounds"], after.json()["grounds_status"]) == (None, "erased")
        assert after.json()["status"] == "open"
    for who in (assessor, hall.admin):
        gone = await hall.api.get(file_path, headers=who)
        assert gone.status_code == 410, gone.text
        [error] = gone.json()["errors"]
        assert error["field"] == "content_hash" and "erased" in error["reason_en"]
    reviewer = uuid4()
    routed = await hall.api.post(
        f"{appeal}/reviewer", headers=hall.admin, json={"reviewer_id": str(reviewer)}
    )
    assert routed.status_code == 200 and routed.json()["grounds_status"] == "erased"
    # Decided after the erasure: the appeal goes on, its reasons are not kept (nothing to seal
    # them under), and nobody reads them.
    decision = {"outcome": "dismissed", "reasons": "Catatan pengawas tidak menunjukkan gangguan."}
    decided = await hall.api.post(f"{appeal}/decision", json=decision,
                                  headers=bearer_headers(Role.DECISION_MAKER, account_id=reviewer,
                                                         lsp_id=LSP))  # fmt: skip
    assert decided.status_code == 200, decided.text
    assert (decided.json()["status"], decided.json()["reasons_status"]) == ("dismissed", "erased")
    assert decided.json()["reasons"] is None
    kept = "SELECT count(*) FROM events WHERE data::text LIKE '%Catatan pengawas%'"
    assert await hall.service.pool.fetchval(kept) == 0
    assert len(await hall.service.pool.fetch(reads)) == 2  # nothing read after the erasure
