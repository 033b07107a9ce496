"""Who may see an application: its own candidate, or LSP staff. Anyone else is told it does
not exist (404), so ids cannot be probed."""

from __future__ import annotations

from uuid import UUID

from eventkit.store import RecordedEvent
from registration.application.application_context import ApplicationContext, application_not_found
from registration.domain.application import Application, Status


async def owned(
    ctx: ApplicationContext, application_id: UUID, candidate_id: UUID | None
) -> tuple[Application, int]:
    """candidate_id None: a staff member, who may see every application."""
    state, version, _ = await owned_recorded(ctx, application_id, candidate_id)
    return state, version


async def owned_recorded(
    ctx: ApplicationContext, application_id: UUID, candidate_id: UUID | None
) -> tuple[Application, int, list[RecordedEvent]]:
    """As `owned`, with the recorded events (a retry finds its earlier answer among them)."""
    state, version, recorded = await ctx.load_recorded(application_id)
    if state.status is Status.NEW:
        raise application_not_found()
    if candidate_id is not None and state.candidate_id != candidate_id:
        raise application_not_found()
    return state, version, recorded
