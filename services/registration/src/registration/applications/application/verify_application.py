"""The LSP verifies a submitted application: accept, return for fixes with reasons per field,
or reject with a reason. Each decision names the staff account that made it, and a repeated
client id is applied once."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventkit.conflicts import on_fresh_state
from eventkit.idempotency import StoredResponse, fingerprint
from kompeten_contracts.internal import HOLDER_FIELDS
from registration.applications.application.application_access import owned
from registration.applications.application.application_context import ApplicationContext
from registration.applications.domain.application import (
    Application,
    decide_accept,
    decide_reject,
    decide_return,
)
from registration.applications.domain.application_events import ApplicationEvent
from registration.shared.application.conflicts import APPLICATION

SCOPE = "verify_application"


@dataclass(frozen=True)
class FieldReason:
    field: str
    reason: str


@dataclass(frozen=True)
class Decided:
    status: str
    replayed: bool


async def _decide(
    ctx: ApplicationContext,
    application_id: UUID,
    client_id: UUID,
    by: UUID,
    request: dict[str, Any],
    decide: Callable[[Application, Any], Awaitable[list[ApplicationEvent]]],
    outcome: str,
    lsp_id: UUID | None,
) -> Decided:
    key = f"{application_id}:{client_id}"

    async def attempt() -> Decided:
        loaded = await owned(ctx, application_id, None, lsp_id)
        async with ctx.uow.transaction() as tx:
            stored = await ctx.claim(tx, SCOPE, key, fingerprint(request))
            if stored is not None:
                return Decided(stored.body["status"], replayed=True)
            events = await decide(loaded.state, tx)
            await ctx.applications.append(application_id, loaded.version, events, actor=by, tx=tx)
            await ctx.idempotency.complete(tx, SCOPE, key, StoredResponse(200, {"status": outcome}))
        return Decided(outcome, replayed=False)

    return await on_fresh_state(attempt, APPLICATION)


async def accept(
    ctx: ApplicationContext,
    application_id: UUID,
    client_id: UUID,
    by: UUID,
    lsp_id: UUID | None = None,
) -> Decided:
    async def decide(state: Application, tx: Any) -> list[ApplicationEvent]:
        return decide_accept(state, by, ctx.clock(), await sealed_holder(ctx, state, tx))

    return await _decide(
        ctx, application_id, client_id, by, {"decision": "accept"}, decide, "accepted", lsp_id
    )


async def sealed_holder(ctx: ApplicationContext, state: Application, tx: Any) -> Any:
    """The holder's printed details from the submitted APL-01, sealed again on their own (the
    name as on the ID card, place and date of birth: no NIK, no contact data) under the same
    person's key, for the services that print them. None when the submission no longer opens."""
    submitted = state.submitted
    if submitted is None:
        return None
    opened = await ctx.vault.open(tx, submitted.candidate_id, submitted.sealed)
    if opened is None or "personal" not in opened:
        return None
    personal = json.loads(opened["personal"])
    fields = {name: str(personal[name]) for name in HOLDER_FIELDS if personal.get(name)}
    return await ctx.vault.seal(tx, submitted.candidate_id, fields)


async def return_for_fixes(
    ctx: ApplicationContext,
    application_id: UUID,
    client_id: UUID,
    by: UUID,
    reasons: list[FieldReason],
    lsp_id: UUID | None = None,
) -> Decided:
    words = [{"field": r.field, "reason": r.reason} for r in reasons]

    async def decide(state: Application, tx: Any) -> list[ApplicationEvent]:
        assert state.candidate_id is not None
        sealed = await ctx.vault.seal(tx, state.candidate_id, {"reasons": json.dumps(words)})
        return decide_return(state, by, [r.field for r in reasons], sealed, ctx.clock())

    request = {"decision": "return", "reasons": words}
    return await _decide(ctx, application_id, client_id, by, request, decide, "returned", lsp_id)


async def reject(
    ctx: ApplicationContext,
    application_id: UUID,
    client_id: UUID,
    by: UUID,
    reason: str,
    lsp_id: UUID | None = None,
) -> Decided:
    async def decide(state: Application, tx: Any) -> list[ApplicationEvent]:
        assert state.candidate_id is not None
        sealed = await ctx.vault.seal(tx, state.candidate_id, {"reason": reason})
        return decide_reject(state, by, sealed, ctx.clock())

    request = {"decision": "reject", "reason": reason}
    return await _decide(ctx, application_id, client_id, by, request, decide, "rejected", lsp_id)
