"""GET /sessions: the LSP's planning board. Its staff list their own LSP's sessions (never
another's), soonest first, filtered by when they start, the site and the status, a page at a
time (`limit`, `offset`)."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BeforeValidator

from assessment.api.access import SessionStaff
from assessment.api.root import Service
from assessment.planning.api.sessions import SessionFields
from assessment.planning.application.ports import SessionFilter
from kompeten_contracts.errors import invalid

router = APIRouter(tags=["sessions"])
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _written_as_a_moment(value: object) -> object:
    # pydantic would read a bare number as seconds since 1970: the schema promises ISO 8601.
    if not (isinstance(value, str) and ISO_MOMENT.match(value)):
        raise ValueError("an ISO 8601 date and time with its offset (2026-12-06T09:00:00+08:00)")
    return value


Moment = Annotated[AwareDatetime, BeforeValidator(_written_as_a_moment)]


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"  # neither started nor cancelled
    STARTED = "started"
    CANCELLED = "cancelled"


class ListedSessionOut(SessionFields):
    status: SessionStatus


def status_of(started_at: datetime | None, cancelled: bool) -> SessionStatus:
    if cancelled:
        return SessionStatus.CANCELLED
    return SessionStatus.SCHEDULED if started_at is None else SessionStatus.STARTED


@router.get("/sessions", response_model=list[ListedSessionOut])
async def list_sessions(
    service: Service,
    staff: SessionStaff,
    starts_from: Annotated[
        Moment | None, Query(description="starting at or after (with its offset)")
    ] = None,
    starts_to: Annotated[Moment | None, Query(description="starting before")] = None,
    site_id: UUID | None = None,
    status: SessionStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[ListedSessionOut]:
    if starts_from is not None and starts_to is not None and starts_to <= starts_from:
        raise invalid(
            "starts_to",
            "harus sesudah starts_from",
            "must be after starts_from",
        )
    which = SessionFilter(
        starts_from, starts_to, site_id, status.value if status else None, limit, offset
    )
    found = await service.planning().of_lsp(staff.lsp_id, which)
    return [
        ListedSessionOut(
            **{k: v for k, v in s.__dict__.items() if k != "cancelled"},
            status=status_of(s.started_at, s.cancelled),
        )
        for s in found
    ]
