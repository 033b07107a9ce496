"""Recording a staff read of personal data, and reading the record back (the person: their
own; the LSP's admins: any candidate's)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from kompeten_contracts.roles import Role
from registration.audit.application.ports import AccessLog, PersonalDataRead
from registration.identity.application.ports import Actor


async def record_read(
    log: AccessLog, tx: Any, reader: Actor, subject_id: UUID, what: str,
    clock: Callable[[], datetime],
) -> None:  # fmt: skip
    """Only reads by staff are recorded: a person reading their own data is no one's business."""
    if reader.role is not Role.CANDIDATE:
        read = PersonalDataRead(subject_id, reader.account_id, reader.role, what, clock())
        await log.record(tx, read)


async def reads_of(log: AccessLog, subject_id: UUID, limit: int = 200) -> list[PersonalDataRead]:
    return await log.of_subject(subject_id, limit)
