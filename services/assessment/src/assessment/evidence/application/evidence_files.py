"""Evidence files of a session (load -> decide -> append): the session's assessors and its
LSP's admins upload them, each for one candidate of the session, and read them back; another
LSP's session is not found. The content's type is judged by its first bytes, its SHA-256 names
it, and the same file uploaded twice is one file. The content is kept sealed under a key of the
candidate's (shared.application.person_sealing): once registration erases the person, the file
is answered as erased (410), never opened; every reading is recorded. Judgement asks which of
the hashes it cites the session holds."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from assessment.capture.application.record_capture import Recorder, session_for
from assessment.capture.domain.recorders import check_reader, mine
from assessment.evidence.application.ports import EvidenceStore
from assessment.evidence.domain.evidence_file import (
    EvidenceFileEvent,
    EvidenceFileReceived,
    decide_receive,
    is_content_hash,
    no_such_file,
)
from assessment.evidence.domain.media import accepted_media_type
from assessment.shared.application.person_sealing import PersonSealing, ReadsLog
from assessment.shared.application.repositories import EvidenceFiles, Sessions
from eventkit.conflicts import Race, on_fresh_state
from eventkit.key_store import KeyStoreUnavailable
from kompeten_contracts.errors import Kind, Refusal, conflict, not_found, refuse

PURPOSE = "assessment/evidence"  # the derived key's purpose, and why a reading is recorded

UPLOAD = Race(
    "file", "berkas yang sama sedang diunggah; kirim ulang", "the same file is being uploaded"
)


@dataclass(frozen=True)
class Received:
    file: EvidenceFileReceived
    new: bool  # False: the session held this file already


def erased(field: str) -> Refusal:
    return refuse(field, "data kandidat telah dihapus atas permintaannya",
                  "the candidate's data was erased at their request", Kind.GONE)  # fmt: skip


def key_store_down(field: str) -> Refusal:
    return conflict(field, "kunci data kandidat belum dapat dibaca; coba lagi",
                    "the candidate's key cannot be read now; try again")  # fmt: skip


@dataclass
class SessionEvidence:
    files: EvidenceFiles
    sessions: Sessions
    store: EvidenceStore
    clock: Callable[[], datetime]
    sealing: PersonSealing
    reads: ReadsLog

    async def check_access(
        self, session_id: UUID, by: Recorder, candidate_id: UUID | None = None
    ) -> None:
        """404 for another LSP's session (or none), 403 for an assessor not of the session;
        with a candidate: 404 unless the caller may record for them (an assessor: their own)."""
        session = await session_for(self.sessions, session_id, by.lsp_id)
        check_reader(session, by.account_id, by.is_admin)
        if candidate_id is not None and candidate_id not in mine(session, by.account_id,
                                                                 by.is_admin):  # fmt: skip
            raise not_found("candidate_id", "bukan kandidat Anda di sesi ini",
                            "not a candidate of yours in this session")  # fmt: skip

    async def upload(
        self, session_id: UUID, by: Recorder, candidate_id: UUID, content: bytes
    ) -> Received:
        await self.check_access(session_id, by, candidate_id)
        media_type = accepted_media_type(content)
        content_hash = hashlib.sha256(content).hexdigest()
        key = (session_id, content_hash)
        loaded = await self.files.load(key)
        command = EvidenceFileReceived(
            session_id=session_id, content_hash=content_hash, media_type=media_type,
            size_bytes=len(content), uploaded_by=by.account_id, received_at=self.clock(),
            candidate_id=candidate_id,
        )  # fmt: skip
        if not decide_receive(loaded.state, command) and loaded.state.received is not None:
            return Received(loaded.state.received, False)  # a retry: nothing to seal again
        # The file first, then the fact: the log never names a file the store does not hold (a
        # file kept without its event, after a crash, is found again by the next upload of it:
        # sealing is convergent, so it is the same object).
        sealed = await self._seal(candidate_id, content, content_hash)
        stored_as = hashlib.sha256(sealed).hexdigest()
        await self.store.put(stored_as, sealed)
        command = command.model_copy(update={"stored_as": stored_as})

        async def attempt() -> Received:
            loaded = await self.files.load(key)
            events: list[EvidenceFileEvent] = decide_receive(loaded.state, command)
            await self.files.append(key, loaded.version, events, actor=by.account_id)
            held = loaded.state.received
            return Received(command, True) if events else Received(held or command, False)

        return await on_fresh_state(attempt, UPLOAD)

    async def _seal(self, candidate_id: UUID, content: bytes, content_hash: str) -> bytes:
        try:
            sealed = await self.sealing.seal(candidate_id, PURPOSE, content, content_hash,
                                             convergent=True)  # fmt: skip
        except KeyStoreUnavailable as exc:
            raise key_store_down("candidate_id") from exc
        if sealed is None:
            raise erased("candidate_id")
        return sealed

    async def download(
        self, session_id: UUID, content_hash: str, by: Recorder, role: str
    ) -> tuple[EvidenceFileReceived, bytes]:
        await self.check_access(session_id, by)
        if not is_content_hash(content_hash):
            raise no_such_file()
        held = (await self.files.load((session_id, content_hash))).state.received
        if held is None:
            raise no_such_file()
        content = await self.store.get(held.stored_as or content_hash)
        if content is None:
            raise refuse("content_hash", "berkas bukti tidak lagi tersimpan",
                         "the evidence file is no longer kept", Kind.GONE)  # fmt: skip
        if held.candidate_id is None:
            return held, content  # received before sealing: kept as it came
        try:
            opened = await self.sealing.open(held.candidate_id, PURPOSE, content, content_hash)
        except KeyStoreUnavailable as exc:
            raise key_store_down("content_hash") from exc
        if opened is None:
            raise erased("content_hash")
        await self.reads.record_reads([held.candidate_id], PURPOSE, by.account_id, role)
        return held, opened

    async def held(self, session_id: UUID, hashes: Iterable[str]) -> frozenset[str]:
        """Of `hashes`, those uploaded to the session and kept in the store."""
        found = set()
        for content_hash in set(filter(is_content_hash, hashes)):
            received = (await self.files.load((session_id, content_hash))).state.received
            if received is not None and await self.store.exists(received.stored_as or content_hash):
                found.add(content_hash)
        return frozenset(found)
