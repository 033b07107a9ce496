"""Evidence files through the real API on PostgreSQL and a real folder: the assessor's tablet
has recorded a photo's reference offline; the judgement cannot cite the photo until its file is
uploaded to the session. The same file uploaded twice is one file; the file comes back whole
under its sniffed type; an upload is judged by its content (a renamed page is refused, a file
over its limit is refused as it streams in), and nothing is recorded for a refused one. Another
LSP's staff find no session; an assessor of another session is refused. Each file is a
candidate's, kept sealed under a key of theirs from the key store (a fresh one here): the store
holds ciphertext only, and every reading is recorded."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from assessment_hall import licensed_assessor, verified_site
from assessment_sitting import KASIR, Clock, accepted, cashier_bank, keyed, session_body

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from assessment.evidence.adapters.filesystem_store import FilesystemEvidenceStore
from assessment.evidence.adapters.store_setting import NoEvidenceStore, evidence_folder
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.key_store import ScratchKeyStore, fresh_key_store
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
DAY = datetime(2026, 12, 1, 7, tzinfo=UTC)
STARTS = DAY + timedelta(hours=2)
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(200_000)
AUDIO = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00" + os.urandom(300_000)


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass
class Hall:
    api: httpx.AsyncClient
    service: AssessmentService
    folder: Path
    admin: dict[str, str]
    assessor: dict[str, str]
    assessor_id: UUID
    session_id: str
    candidate_id: UUID
    attempt_id: str
    keys: ScratchKeyStore


@pytest.fixture
async def hall(tmp_path: Path) -> AsyncIterator[Hall]:
    async with fresh_schema("evidence") as schema, fresh_key_store() as keys:
        service = AssessmentService(
            load_settings(), schema=schema, database=TEST_DATABASE, run_relay=False,
            source_topic=unique_topic("kompeten.registration.events"),
            group_id=f"assessment-{uuid4().hex[:8]}", clock=Clock(DAY),
            evidence_store=FilesystemEvidenceStore(tmp_path / "evidence"),
            key_store=keys.location,
        )  # fmt: skip
        await service.start()
        try:
            await cashier_bank(service, LSP)
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                yield await scheduled(api, service, tmp_path / "evidence", keys)
        finally:
            await service.stop()


async def scheduled(api: httpx.AsyncClient, service: AssessmentService, folder: Path,
                    keys: ScratchKeyStore) -> Hall:  # fmt: skip
    """A session of one candidate and its assessor."""
    admin = bearer_headers(Role.LSP_ADMIN, account_id=uuid4(), lsp_id=LSP)
    assessor_id = await licensed_assessor(api, admin, uuid4(), STARTS.date())
    site_id = await verified_site(api, admin, STARTS.date())
    made = await api.post("/sessions", json=session_body(site_id, assessor_id, STARTS),
                          headers=admin)  # fmt: skip
    assert made.status_code == 201, made.text
    session_id = made.json()["session_id"]
    [application] = await accepted(service, LSP, 1, DAY)
    await keyed(keys, [application.candidate_id])
    ids = {"application_ids": [str(application.application_id)]}
    assigned = await api.post(f"/sessions/{session_id}/assignments", json=ids, headers=admin)
    assert assigned.status_code == 200, assigned.text
    assessor = bearer_headers(Role.ASSESSOR, account_id=assessor_id, lsp_id=LSP)
    attempt_id = assigned.json()[0]["attempt_id"]
    return Hall(api, service, folder, admin, assessor, assessor_id, session_id,
                application.candidate_id, attempt_id, keys)  # fmt: skip


async def upload(
    hall: Hall, content: bytes, headers: dict[str, str] | None = None, name: str = "foto.jpg",
    candidate_id: UUID | None = None,
) -> httpx.Response:  # fmt: skip
    files = {"file": (name, content, "application/octet-stream")}
    whose = {"candidate_id": str(candidate_id or hall.candidate_id)}
    return await hall.api.post(f"/sessions/{hall.session_id}/evidence", files=files,
                               params=whose, headers=headers or hall.assessor)  # fmt: skip


def only_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    [error] = response.json()["errors"]
    assert error["reason"] and error["reason_en"] and error["reason"] != error["reason_en"]
    return dict(error)


async def photo_recorded(hall: Hall, content_hash: str) -> None:
    record = {"record_id": str(uuid4()), "device_id": "tablet-1",
              "assessor_id": str(hall.assessor_id), "seq": 1,
              "candidate_id": str(hall.candidate_id), "kind": "photo", "subject": "p-1",
              "photo": {"content_hash": content_hash, "media_type": "image/jpeg",
                        "size_bytes": len(PHOTO)}}  # fmt: skip
    sent = await hall.api.post(f"/sessions/{hall.session_id}/capture", headers=hall.assessor,
                               json={"records": [record]})  # fmt: skip
    assert sent.status_code == 200, sent.text
    assert sent.json()["receipts"][0]["outcome"] == "applied"


def judgement(evidence: list[str]) -> dict[str, Any]:
    return {"units": [{"unit_code": u, "outcome": "K", "evidence": evidence} for u in KASIR],
            "feedback": "Umpan balik disampaikan kepada asesi dan diterima."}  # fmt: skip


async def test_a_judgement_cites_a_photo_once_its_file_is_uploaded(hall: Hall) -> None:
    await photo_recorded(hall, sha(PHOTO))
    path = f"/attempts/{hall.attempt_id}/judgement"
    cited = judgement(["IA.01", sha(PHOTO)])
    early = await hall.api.put(path, json=cited, headers=hall.assessor)
    assert early.status_code == 422, early.text
    errors = early.json()["errors"]
    assert [e["field"] for e in errors] == [f"units[{i}].evidence[1]" for i in range(len(KASIR))]
    assert "not uploaded" in errors[0]["reason_en"]

    first = await upload(hall, PHOTO)
    assert first.status_code == 201, first.text
    assert first.json()["content_hash"] == sha(PHOTO)
    assert first.json()["media_type"] == "image/jpeg"
    assert first.json()["size_bytes"] == len(PHOTO)
    again = await upload(hall, PHOTO, hall.admin, name="another name.png")
    assert again.status_code == 200 and again.json() == first.json()

    judged = await hall.api.put(path, json=cited, headers=hall.assessor)
    assert judged.status_code == 200, judged.text
    assert judged.json()["units"][0]["evidence"] == ["IA.01", sha(PHOTO)]
    # A file of the session that no capture record of the candidate names is not theirs.
    await upload(hall, AUDIO)
    strange = await hall.api.put(path, json=judgement(["IA.09", sha(AUDIO)]), headers=hall.admin)
    assert "not a photo" in strange.json()["errors"][0]["reason_en"]


async def test_a_file_comes_back_whole_and_is_kept_once(hall: Hall) -> None:
    for content in (PHOTO, AUDIO, PHOTO):
        assert (await upload(hall, content)).status_code in (200, 201)
    for content, media_type in ((PHOTO, "image/jpeg"), (AUDIO, "audio/mp4")):
        for who in (hall.assessor, hall.admin):
            got = await hall.api.get(f"/sessions/{hall.session_id}/evidence/{sha(content)}",
                                     headers=who)  # fmt: skip
            assert got.status_code == 200, got.text
            assert got.content == content
            assert got.headers["content-type"] == media_type
            assert got.headers["x-content-type-options"] == "nosniff"
            assert got.headers["content-disposition"].startswith("attachment")
    kept = [p.read_bytes() for p in hall.folder.rglob("*") if p.is_file()]
    assert len(kept) == 2  # one sealed object per file, whatever the uploads
    assert not any(PHOTO[-64:] in k or AUDIO[-64:] in k for k in kept)  # ciphertext only
    reads = await hall.service.pool.fetch(
        "SELECT candidate_id, purpose, actor_role FROM personal_data_reads"
    )
    assert len(reads) == 4 and {r["candidate_id"] for r in reads} == {hall.candidate_id}
    assert {(r["purpose"], r["actor_role"]) for r in reads} == {
        ("assessment/evidence", "assessor"),
        ("assessment/evidence", "lsp_admin"),
    }
    events = await hall.service.pool.fetchval(
        "SELECT count(*) FROM events WHERE event_type = 'EvidenceFileReceived'"
    )
    assert events == 2


async def test_uploads_are_judged_by_their_content_and_a_refused_one_leaves_nothing(
    hall: Hall,
) -> None:
    page = b"<html><body>bukan foto</body></html>"
    error = only_error(await upload(hall, page, name="foto.jpg"), 415)
    assert error["field"] == "file"
    only_error(await upload(hall, b""), 422)
    large = PHOTO + b"\x00" * (20 * 1024 * 1024)
    assert only_error(await upload(hall, large), 413)["field"] == "file"
    huge = AUDIO + b"\x00" * (61 * 1024 * 1024)
    assert only_error(await upload(hall, huge), 413)["field"] == "file"
    not_multipart = await hall.api.post(f"/sessions/{hall.session_id}/evidence",
                                        params={"candidate_id": str(hall.candidate_id)},
                                        content=PHOTO, headers=hall.assessor)  # fmt: skip
    assert only_error(not_multipart, 422)["field"] == "file"
    assert not hall.folder.exists() or not any(p.is_file() for p in hall.folder.rglob("*"))
    missing = await hall.api.get(f"/sessions/{hall.session_id}/evidence/{sha(page)}",
                                 headers=hall.assessor)  # fmt: skip
    assert only_error(missing, 404)["field"] == "content_hash"


async def test_another_lsps_staff_find_no_session_and_another_assessor_is_refused(
    hall: Hall,
) -> None:
    assert (await upload(hall, PHOTO)).status_code == 201
    path = f"/sessions/{hall.session_id}/evidence/{sha(PHOTO)}"
    other_lsp = bearer_headers(Role.LSP_ADMIN, account_id=uuid4(), lsp_id=uuid4())
    assert only_error(await hall.api.get(path, headers=other_lsp), 404)["field"] == "session_id"
    assert only_error(await upload(hall, AUDIO, other_lsp), 404)["field"] == "session_id"
    stranger = bearer_headers(Role.ASSESSOR, account_id=uuid4(), lsp_id=LSP)
    assert only_error(await hall.api.get(path, headers=stranger), 403)["field"] == "session_id"
    assert only_error(await upload(hall, AUDIO, stranger), 403)["field"] == "session_id"
    not_theirs = await upload(hall, AUDIO, candidate_id=uuid4())
    assert only_error(not_theirs, 404)["field"] == "candidate_id"
    assert len([p for p in hall.folder.rglob("*") if p.is_file()]) == 1  # the photo only


async def test_once_the_candidate_is_erased_their_files_answer_erased(hall: Hall) -> None:
    assert (await upload(hall, PHOTO)).status_code == 201
    path = f"/sessions/{hall.session_id}/evidence/{sha(PHOTO)}"
    assert (await hall.api.get(path, headers=hall.assessor)).content == PHOTO
    assert await hall.keys.erase(hall.candidate_id)
    for who in (hall.assessor, hall.admin):
        gone = only_error(await hall.api.get(path, headers=who), 410)
        assert gone["field"] == "content_hash" and "erased" in gone["reason_en"]
    again = only_error(await upload(hall, AUDIO), 410)
    assert again["field"] == "candidate_id"
    assert len([p for p in hall.folder.rglob("*") if p.is_file()]) == 1
    reads = await hall.service.pool.fetchval("SELECT count(*) FROM personal_data_reads")
    assert reads == 1  # the one reading before the erasure


def test_the_folder_comes_from_the_environment_and_production_must_name_one(
    tmp_path: Path,
) -> None:
    assert evidence_folder({"KOMPETEN_EVIDENCE_DIR": str(tmp_path)}) == tmp_path
    data = {"KOMPETEN_DATA_DIR": str(tmp_path)}
    assert evidence_folder(data) == tmp_path / "evidence"
    assert evidence_folder({"KOMPETEN_DEVELOPMENT": "1"}).name == "assessment-evidence"
    with pytest.raises(NoEvidenceStore, match="KOMPETEN_EVIDENCE_DIR"):
        evidence_folder({})
