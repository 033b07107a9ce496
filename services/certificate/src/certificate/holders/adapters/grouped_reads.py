"""The holders' sealed copies as eventkit keeps them, with every reading of a name recorded in
personal_data_reads together with the readings made at the same moment (one INSERT, one
commit: shared.adapters.group_insert). A public verification reads one name; hundreds a second
each paid a commit of their own."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from certificate.shared.adapters.group_insert import GroupInsert, Rows
from eventkit.pii import Blob
from eventkit.sealed_copies import PostgresSealedCopies


class GroupedReads:
    """eventkit.sealed_copies.Copies over PostgresSealedCopies."""

    def __init__(self, copies: PostgresSealedCopies) -> None:
        self.copies = copies
        self.rows = GroupInsert(self._write)

    async def sealed(self, subject_ids: Sequence[UUID]) -> dict[UUID, Blob]:
        return await self.copies.sealed(subject_ids)

    async def record_reads(self, subject_ids: Sequence[UUID], purpose: str,
                           actor: UUID | None, role: str | None) -> None:  # fmt: skip
        await self.rows.add(*((subject, purpose, actor, role) for subject in subject_ids))

    async def _write(self, rows: Rows) -> None:
        await self.copies.pool.execute(
            f"INSERT INTO {self.copies.reads} (candidate_id, purpose, actor_id, actor_role) "
            "SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[])",
            *(list(column) for column in zip(*rows, strict=True)),
        )
