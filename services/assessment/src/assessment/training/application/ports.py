"""What the training feature needs from outside: the event store's many-stream append, the
candidates assessment knows (intake), the LSP's scheme versions (intake), the assessors'
side of "trained the candidate", the completions' read model and an uploaded file's rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from eventkit.store.model import NewEvent

Rows = list[tuple[int, dict[str, str]]]  # spreadsheet row number, column name -> text
ReadTable = Callable[[bytes], Rows]  # raises a Refusal naming `file` or a missing column
Batch = tuple[str, int, Sequence[NewEvent]]


class ManyStreams(Protocol):
    async def append_many(self, batches: Sequence[Batch], *, tx: Any = None) -> Any:
        """Every batch or none, in one transaction (ConcurrencyError: none)."""
        ...


class KnownCandidates(Protocol):
    async def get(self, candidate_id: UUID) -> Any | None:
        """The candidate, if registration's CandidateRegistered reached assessment."""
        ...


class AssessorTrainings(Protocol):
    async def trained(
        self,
        trainer_id: UUID,
        lsp_id: UUID,
        candidate_ids: Sequence[UUID],
        actor: UUID,
        at: datetime,
    ) -> Batch | None:
        """The append to the trainer's assessor stream recording that they trained these
        candidates, when the trainer is a registered assessor of this LSP; otherwise None."""
        ...


class CompletionsView(Protocol):
    async def completed(
        self, lsp_id: UUID, scheme_code: str, candidate_ids: Sequence[UUID]
    ) -> dict[UUID, dict[str, date]]:
        """Per candidate, the modules of the scheme they completed (code -> date)."""
        ...
