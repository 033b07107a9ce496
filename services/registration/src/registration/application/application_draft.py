"""Drafts: saved as often as the phone likes, resumed on any device. A draft is personal data
(it holds what the form will hold), so it is sealed; saving the same draft twice records once."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from eventkit.idempotency import fingerprint
from registration.application.application_access import owned
from registration.application.application_context import ApplicationContext
from registration.domain.application import decide_save_draft, stream_id


async def save_draft(
    ctx: ApplicationContext,
    candidate_id: UUID,
    actor: UUID,
    application_id: UUID,
    draft: dict[str, Any],
) -> str:
    async def attempt() -> str:
        state, version = await owned(ctx, application_id, candidate_id)
        async with ctx.uow.transaction() as tx:
            sealed = await ctx.vault.seal(tx, candidate_id, {"draft": json.dumps(draft)})
            events = decide_save_draft(state, sealed, fingerprint(draft), ctx.clock())
            await ctx.append(tx, application_id, version, events, actor)
        return state.status.value

    return await ctx.retrying(attempt)


async def load_draft(
    ctx: ApplicationContext, candidate_id: UUID, application_id: UUID
) -> dict[str, Any] | None:
    await owned(ctx, application_id, candidate_id)
    drafts = [
        e for e in await ctx.store.load(stream_id(application_id)) if e.event_type == "DraftSaved"
    ]
    if not drafts:
        return None
    async with ctx.uow.transaction() as tx:
        opened = await ctx.vault.open(tx, candidate_id, drafts[-1].data["sealed"])
    return None if opened is None else dict(json.loads(opened["draft"]))
