"""Evidence files of a session (load -> decide -> append): the session's assessors and its
LSP's admins upload them and read them back; another LSP's session is not found. The content's
type is judged by its first bytes, its SHA-256 names it, and the same file uploaded twice is one
file. Judgement asks which of the hashes it cites the session holds."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from assessment.capture.application.record_capture import Recorder, session_for
from assessment.capture.domain.recorders import check_reader
from assessment.evidence.application.ports import EvidenceStore
from assessment.evidence.domain.evidence_file import (
    EvidenceFileReceived,
    decide_receive,
    is_content_hash,
    no_such_file,
)
from assessment.evidence.domain.media import accepted_media_type
from assessment.shared.application.repositories import EvidenceFiles, Sessions
from eventkit.conflicts import Race, on_fresh_state
from kompeten_contracts.errors import Kind, refuse

UPLOAD = Race(
    "file", "berkas yang sama sedang diunggah; kirim ulang", "the same file is being uploaded"
)


@dataclass(frozen=True)
class Received:
    file: EvidenceFileReceived
    new: bool  # False: the session held this file already


@dataclass
class SessionEvidence:
    files: EvidenceFiles
    sessions: Sessions
    store: EvidenceStore
    clock: Callable[[], datetime]

    async def check_access(self, session_id: UUID, by: Recorder) -> None:
        """404 for another LSP's session (or none), 403 for an assessor not of the session."""
        check_reader(await session_for(self.sessions, session_id, by.lsp_id), by.account_id,
                     by.is_admin)  # fmt: skip

    async def upload(self, session_id: UUID, by: Recorder, content: bytes) -> Received:
        await self.check_access(session_id, by)
        media_type = accepted_media_type(content)
        content_hash = hashlib.sha256(content).hexdigest()
        key = (session_id, content_hash)
        # The file first, then the fact: the log never names a file the store does not hold (a
        # file kept without its event, after a crash, is found again by the next upload of it).
        await self.store.put(content_hash, content)

        async def attempt() -> Received:
            loaded = await self.files.load(key)
            command = EvidenceFileReceived(
                session_id=session_id, content_hash=content_hash, media_type=media_type,
                size_bytes=len(content), uploaded_by=by.account_id, received_at=self.clock(),
            )  # fmt: skip
            events = decide_receive(loaded.state, command)
            await self.files.append(key, loaded.version, events, actor=by.account_id)
            held = loaded.state.received
            return Received(command, True) if events else Received(held or command, False)

        return await on_fresh_state(attempt, UPLOAD)

    async def download(
        self, session_id: UUID, content_hash: str, by: Recorder
    ) -> tuple[EvidenceFileReceived, bytes]:
        await self.check_access(session_id, by)
        if not is_content_hash(content_hash):
            raise no_such_file()
        held = (await self.files.load((session_id, content_hash))).state.received
        if held is None:
            raise no_such_file()
        content = await self.store.get(content_hash)
        if content is None:
            raise refuse("content_hash", "berkas bukti tidak lagi tersimpan",
                         "the evidence file is no longer kept", Kind.GONE)  # fmt: skip
        return held, content

    async def held(self, session_id: UUID, hashes: Iterable[str]) -> frozenset[str]:
        """Of `hashes`, those uploaded to the session and kept in the store."""
        found = set()
        for content_hash in set(filter(is_content_hash, hashes)):
            received = (await self.files.load((session_id, content_hash))).state.received
            if received is not None and await self.store.exists(content_hash):
                found.add(content_hash)
        return frozenset(found)
