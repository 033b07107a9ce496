"""Who may see an application: its own candidate, or the staff of the LSP it was submitted to.
Anyone else is told it does not exist (404), so ids cannot be probed."""

from __future__ import annotations

from uuid import UUID

from eventkit.repository import Loaded
from registration.applications.application.application_context import (
    ApplicationContext,
    application_not_found,
)
from registration.applications.domain.application import Application, Status
from registration.applications.domain.application_events import ApplicationEvent


async def owned(
    ctx: ApplicationContext,
    application_id: UUID,
    candidate_id: UUID | None,
    lsp_id: UUID | None = None,
) -> Loaded[Application, ApplicationEvent]:
    """The application loaded (state, version, history) if the viewer may see it.
    candidate_id None: a staff member of the LSP `lsp_id`, who sees its applications only
    (applications and staff from before LSPs were tenants have none, and see each other)."""
    loaded = await ctx.applications.load(application_id)
    if loaded.state.status is Status.NEW:
        raise application_not_found()
    if candidate_id is not None and loaded.state.candidate_id != candidate_id:
        raise application_not_found()
    if candidate_id is None and loaded.state.lsp_id != lsp_id:
        raise application_not_found()
    return loaded
