"""Drafts: saved as often as the phone likes, resumed on any device. A draft is personal data
(it holds what the form will hold), so it is sealed; saving the same draft twice records once."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from eventkit.conflicts import on_fresh_state
from eventkit.idempotency import fingerprint
from registration.applications.application.application_access import owned
from registration.applications.application.application_context import ApplicationContext
from registration.applications.domain.application import decide_save_draft
from registration.applications.domain.application_events import DraftSaved
from registration.shared.application.conflicts import APPLICATION


async def save_draft(
    ctx: ApplicationContext,
    candidate_id: UUID,
    actor: UUID,
    application_id: UUID,
    draft: dict[str, Any],
) -> str:
    async def attempt() -> str:
        loaded = await owned(ctx, application_id, candidate_id)
        async with ctx.uow.transaction() as tx:
            sealed = await ctx.vault.seal(tx, candidate_id, {"draft": json.dumps(draft)})
            events = decide_save_draft(loaded.state, sealed, fingerprint(draft), ctx.clock())
            await ctx.applications.append(
                application_id, loaded.version, events, actor=actor, tx=tx
            )
        return loaded.state.status.value

    return await on_fresh_state(attempt, APPLICATION)


async def load_draft(
    ctx: ApplicationContext, candidate_id: UUID, application_id: UUID
) -> dict[str, Any] | None:
    loaded = await owned(ctx, application_id, candidate_id)
    drafts = [e for e in loaded.events if isinstance(e, DraftSaved)]
    if not drafts:
        return None
    async with ctx.uow.transaction() as tx:
        opened = await ctx.vault.open(tx, candidate_id, drafts[-1].sealed)
    return None if opened is None else dict(json.loads(opened["draft"]))
