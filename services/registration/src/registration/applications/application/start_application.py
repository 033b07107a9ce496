"""A candidate starts an application (a draft), applied once per client id."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from eventkit.idempotency import StoredResponse, fingerprint
from registration.applications.application.application_context import ApplicationContext
from registration.applications.domain.application import Application, decide_start

SCOPE = "start_application"


@dataclass(frozen=True)
class Started:
    application_id: UUID
    replayed: bool


async def start_application(
    ctx: ApplicationContext, candidate_id: UUID, actor: UUID, client_id: UUID
) -> Started:
    key = f"{candidate_id}:{client_id}"
    async with ctx.uow.transaction() as tx:
        stored = await ctx.claim(tx, SCOPE, key, fingerprint({"candidate_id": str(candidate_id)}))
        if stored is not None:
            return Started(UUID(stored.body["application_id"]), replayed=True)
        application_id = uuid4()
        events = decide_start(Application(), application_id, candidate_id, ctx.clock())
        await ctx.applications.append(application_id, 0, events, actor=actor, tx=tx)
        await ctx.idempotency.complete(
            tx, SCOPE, key, StoredResponse(201, {"application_id": str(application_id)})
        )
    return Started(application_id, replayed=False)
