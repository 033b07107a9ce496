"""One evidence file of one session: a photo, a scan or an interview's audio the session's
assessor (or its LSP's admin) uploaded, known by the SHA-256 of its content. One stream per
(session, content hash): the same file uploaded again, from the same tablet or another, finds
the stream already there and changes nothing. A file belongs to one candidate of the session and
is kept sealed under a key of theirs (`stored_as`: the SHA-256 of the sealed object in the
evidence store), so that erasing the person makes it unreadable; a file received before sealing
(no `candidate_id`) is kept as it came, under its own hash."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from kompeten_contracts.errors import Refusal, conflict, not_found

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class EvidenceFileReceived(_Frozen):
    session_id: UUID
    content_hash: str  # SHA-256 of the content, lowercase hex
    media_type: str  # as the content's first bytes say
    size_bytes: int
    uploaded_by: UUID
    received_at: datetime
    candidate_id: UUID | None = None  # whose evidence it is (None: received before sealing)
    stored_as: str | None = None  # the sealed object's SHA-256 in the store (None: unsealed)


EvidenceFileEvent = EvidenceFileReceived
EVENTS: tuple[type[EvidenceFileEvent], ...] = (EvidenceFileReceived,)
FileKey = tuple[UUID, str]  # (session_id, content_hash)


@dataclass(frozen=True)
class EvidenceFile:
    received: EvidenceFileReceived | None = None


def stream_id(key: FileKey) -> str:
    session_id, content_hash = key
    return f"evidence-{session_id}-{content_hash}"


def no_such_file() -> Refusal:
    return not_found("content_hash", "berkas bukti tidak ditemukan", "no such evidence file")


def is_content_hash(text: str) -> bool:
    return bool(SHA256_HEX.match(text))


def decide_receive(state: EvidenceFile, command: EvidenceFileReceived) -> list[EvidenceFileEvent]:
    """Nothing when the session holds the file already: its content is the same by its hash."""
    held = state.received
    if held is not None and held.candidate_id not in (None, command.candidate_id):
        raise held_for_another()
    return [] if held is not None else [command]


def held_for_another() -> Refusal:
    return conflict("candidate_id", "berkas ini sudah tersimpan untuk kandidat lain di sesi ini",
                    "this file is held for another candidate of the session")  # fmt: skip


def evolve(state: EvidenceFile, event: EvidenceFileEvent) -> EvidenceFile:
    return replace(state, received=event)
