"""What the candidate (their own) and LSP staff see of an application: its status, the last
submitted snapshot with personal parts opened, the reasons it was returned or rejected, its
evidence. After erasure the personal parts read "[dihapus]"."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from registration.applications.application.application_access import owned
from registration.applications.application.application_context import ApplicationContext
from registration.applications.application.upload_evidence import ERASED, named
from registration.applications.domain.application_events import (
    ApplicationAccepted,
    ApplicationRejected,
    ApplicationReturned,
    ApplicationSubmitted,
)
from registration.audit.application.reads import record_read
from registration.identity.application.ports import Actor


async def view_application(
    ctx: ApplicationContext,
    application_id: UUID,
    candidate_id: UUID | None,
    reader: Actor | None = None,
) -> dict[str, Any]:
    """candidate_id None: staff, whose read of the person's data is recorded (`reader`)."""
    if candidate_id is None and reader is None:
        raise TypeError("a staff read of an application needs its reader, to record it")
    lsp_id = reader.lsp_id if reader is not None else None
    loaded = await owned(ctx, application_id, candidate_id, lsp_id)  # never inside tx: no nesting
    state = loaded.state
    assert state.candidate_id is not None
    view: dict[str, Any] = {
        "application_id": str(application_id),
        "candidate_id": str(state.candidate_id),
        "status": state.status.value,
        "submissions": state.submissions,
        "submitted": None,
        "returned": None,
        "decision": None,
    }
    async with ctx.uow.transaction() as tx:
        for event in loaded.events:
            # As recorded (JSON: ids and times as text), the shape the API has always shown.
            data = event.model_dump(mode="json")
            if isinstance(event, ApplicationSubmitted):
                opened = await ctx.vault.open(tx, state.candidate_id, event.sealed)
                view["submitted"] = _snapshot(data, opened)
                view["returned"] = None
            elif isinstance(event, ApplicationReturned):
                opened = await ctx.vault.open(tx, state.candidate_id, event.sealed)
                # Erased: neither the reasons nor the fields they named (older events hold the
                # fields in plain; they are not shown either).
                reasons = (
                    json.loads(opened["reasons"])
                    if opened
                    else [{"field": ERASED, "reason": ERASED}]
                )
                view["returned"] = {
                    "by": data["returned_by"],
                    "at": data["returned_at"],
                    "reasons": reasons,
                }
            elif isinstance(event, ApplicationAccepted):
                view["decision"] = {
                    "outcome": "accepted",
                    "by": data["accepted_by"],
                    "at": data["accepted_at"],
                }
            elif isinstance(event, ApplicationRejected):
                opened = await ctx.vault.open(tx, state.candidate_id, event.sealed)
                view["decision"] = {
                    "outcome": "rejected",
                    "by": data["rejected_by"],
                    "at": data["rejected_at"],
                    "reason": opened["reason"] if opened else ERASED,
                }
        evidence = await named(ctx, tx, await ctx.evidence.list_of(tx, application_id))
        if view["submitted"] is not None and reader is not None:
            await record_read(ctx.access_log, tx, reader, state.candidate_id, "application",
                              ctx.clock)  # fmt: skip
    view["evidence"] = [
        {
            "evidence_id": str(e.evidence_id),
            "sha256": e.sha256,
            "media_type": e.media_type,
            "size": e.size,
            "file_name": e.file_name,
        }
        for e in evidence
    ]
    return view


def _snapshot(data: dict[str, Any], opened: dict[str, str] | None) -> dict[str, Any]:
    plain = {k: v for k, v in data.items() if k not in ("sealed", "application_id", "candidate_id")}
    if opened is None:
        return {**plain, "personal": ERASED, "education": ERASED, "notes": ERASED}
    return {**plain, **{k: json.loads(v) for k, v in opened.items()}}
