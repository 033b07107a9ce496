"""The cohort import aggregate (stream `cohort-import-<id>`): a file checked and kept for
commit, then registered chunk by chunk. Each chunk's event commits in the transaction of its
candidates, so the stream says exactly which rows are registered and a commit that died
resumes with the rows no chunk recorded (whatever chunk size either commit used)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from kompeten_contracts.errors import conflict


class Event(BaseModel):
    model_config = ConfigDict(frozen=True)

    import_id: UUID


class CohortImportPrepared(Event):
    operator_id: UUID
    content_hash: str
    file_kind: str
    total_rows: int
    valid_rows: int
    invalid_rows: int
    prepared_at: datetime


class CohortImportStarted(Event):
    started_by: UUID
    started_at: datetime


class CohortCandidatesRegistered(Event):
    """One chunk: each registered candidate's affiliation, and rows skipped (found taken)."""

    chunk: int
    candidates: list[dict[str, Any]]
    skipped: list[dict[str, Any]]
    at: datetime


class CohortImportCompleted(Event):
    registered: int
    skipped: int
    completed_at: datetime


class CohortImportFailed(Event):
    reason: str
    failed_at: datetime


CohortImportEvent = (
    CohortImportPrepared
    | CohortImportStarted
    | CohortCandidatesRegistered
    | CohortImportCompleted
    | CohortImportFailed
)
EVENTS: tuple[type[CohortImportEvent], ...] = (
    CohortImportPrepared,
    CohortImportStarted,
    CohortCandidatesRegistered,
    CohortImportCompleted,
    CohortImportFailed,
)


@dataclass(frozen=True)
class CohortImport:
    prepared: CohortImportPrepared | None = None
    state: str = "new"  # prepared | running | done | failed
    chunks_done: frozenset[int] = frozenset()
    rows_done: frozenset[int] = frozenset()  # registered or skipped, by file row number
    registered: int = 0
    skipped: int = 0
    failure: str | None = None

    @property
    def processed(self) -> int:
        return self.registered + self.skipped


def stream_id(import_id: UUID) -> str:
    return f"cohort-import-{import_id}"


def decide_start(state: CohortImport, by: UUID, now: datetime) -> list[CohortImportEvent]:
    if state.prepared is None:
        raise conflict("import_id", "impor tidak ditemukan", "no such import")
    if state.state == "done":
        return []
    return [CohortImportStarted(import_id=state.prepared.import_id, started_by=by, started_at=now)]


def evolve(state: CohortImport, event: CohortImportEvent) -> CohortImport:
    if isinstance(event, CohortImportPrepared):
        return CohortImport(prepared=event, state="prepared")
    if isinstance(event, CohortImportStarted):
        return replace(state, state="running", failure=None)
    if isinstance(event, CohortCandidatesRegistered):
        rows = {c["row"] for c in event.candidates} | {s["row"] for s in event.skipped}
        return replace(state, chunks_done=state.chunks_done | {event.chunk},
                       rows_done=state.rows_done | rows,
                       registered=state.registered + len(event.candidates),
                       skipped=state.skipped + len(event.skipped))  # fmt: skip
    if isinstance(event, CohortImportCompleted):
        return replace(state, state="done")
    if isinstance(event, CohortImportFailed):
        return replace(state, state="failed", failure=event.reason)
    return state
