"""What an operator sees of an import: its state and counts while it runs, and, from the kept
file, every row's problems and a preview of who would be registered (NIKs masked)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventkit.store import EventStore
from kompeten_contracts.roles import Role
from registration.candidates.domain.name_mask import mask_nik
from registration.cohorts.application.ports import CohortFiles, CommitLeases
from registration.cohorts.domain import cohort_import
from registration.shared.application.ports import UnitOfWork
from registration.shared.application.repositories import ImportStreams, import_streams

PREVIEW_ROWS = 200


@dataclass(frozen=True)
class ImportView:
    import_id: UUID
    operator_id: UUID
    state: str
    total_rows: int
    valid_rows: int
    invalid_rows: int
    processed: int
    registered: int
    skipped: int
    failure: str | None
    errors: list[dict[str, Any]] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CohortImports:
    uow: UnitOfWork
    store: EventStore
    vault: Any
    files: CohortFiles
    leases: CommitLeases
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    streams: ImportStreams = field(init=False)

    def __post_init__(self) -> None:
        self.streams = import_streams(self.store)

    async def state_of(self, state: cohort_import.CohortImport, import_id: UUID) -> str:
        """The recorded state, except that a running import whose commit's lease has expired
        (its process died mid-commit) is "interrupted": committing it again resumes it."""
        if state.state != "running":
            return state.state
        expiry = await self.leases.expiry(import_id)
        return "interrupted" if expiry is None or expiry <= self.clock() else "running"

    async def get(
        self, import_id: UUID, viewer: UUID, role: Role, details: bool = True
    ) -> ImportView | None:
        state = (await self.streams.load(import_id)).state
        prepared = state.prepared
        # Whoever uploaded the file reads it: its rows are the cohort's personal data.
        if prepared is None or prepared.operator_id != viewer:
            return None
        shown = await self.state_of(state, import_id)
        view = ImportView(import_id, prepared.operator_id, shown, prepared.total_rows,
                          prepared.valid_rows, prepared.invalid_rows, state.processed,
                          state.registered, state.skipped, state.failure)  # fmt: skip
        if not details:
            return view
        content = await self.content(import_id)
        preview = [
            {"row": r["row"], "full_name": r["full_name"], "nik": mask_nik(r["nik"]),
             "cooperative_id": r["cooperative_id"], "cooperative_name": r["cooperative_name"],
             "role": r["role"], "occupational_group": r["occupational_group"],
             "district_code": r["district_code"]}
            for r in content["rows"][:PREVIEW_ROWS]
        ]  # fmt: skip
        errors = [
            {"row": p["row"], "field": p["field"], "reason": p["reason_id"],
             "reason_en": p["reason_en"]}
            for p in content["problems"]
        ]  # fmt: skip
        return ImportView(**{**view.__dict__, "errors": errors, "preview": preview})

    async def content(self, import_id: UUID) -> dict[str, Any]:
        sealed = await self.files.load(import_id)
        if sealed is None:
            return {"rows": [], "problems": []}
        async with self.uow.transaction() as tx:
            opened = await self.vault.open(tx, import_id, sealed)
        if opened is None:  # the file was shredded
            return {"rows": [], "problems": []}
        return {"rows": json.loads(opened["rows"]), "problems": json.loads(opened["problems"])}
