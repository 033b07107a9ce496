"""A candidate uploads an evidence document to an application being edited. The type is judged
by the content, the name is made safe, the content, the name and the content's sha256 are
sealed with the person's key, and the same content uploaded twice to one application is stored
once (the application's uploads take turns and compare their opened sha256)."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from typing import Any
from uuid import UUID, uuid4

from registration.applications.application.application_access import owned
from registration.applications.application.application_context import (
    ApplicationContext,
    application_not_found,
)
from registration.applications.application.ports import EvidenceRecord
from registration.applications.domain.application import CHANGED, EDITABLE, require
from registration.applications.domain.evidence import accepted_media_type, safe_file_name
from registration.audit.application.reads import record_read
from registration.identity.application.ports import Actor

ERASED = "[dihapus]"


async def upload_evidence(
    ctx: ApplicationContext,
    candidate_id: UUID,
    application_id: UUID,
    content: bytes,
    client_file_name: str | None,
) -> tuple[EvidenceRecord, bool]:
    media_type = accepted_media_type(content)
    require((await owned(ctx, application_id, candidate_id)).state, EDITABLE, CHANGED)
    digest = hashlib.sha256(content).hexdigest()
    async with ctx.uow.transaction() as tx:
        await ctx.evidence.lock(tx, application_id)
        for held in await named(ctx, tx, await ctx.evidence.list_of(tx, application_id)):
            if held.sha256 == digest:
                return held, False
        name = safe_file_name(client_file_name, media_type)
        record = EvidenceRecord(
            evidence_id=uuid4(),
            application_id=application_id,
            candidate_id=candidate_id,
            sha256=digest,
            media_type=media_type,
            size=len(content),
            file_name=name,
            sealed=await ctx.vault.seal(
                tx, candidate_id, {"content": base64.b64encode(content).decode()}
            ),
            sealed_name=await ctx.vault.seal(
                tx, candidate_id, {"file_name": name, "sha256": digest}
            ),
            uploaded_at=ctx.clock(),
        )
        await ctx.evidence.add(tx, record)
        return record, True


async def named(
    ctx: ApplicationContext, tx: Any, records: list[EvidenceRecord]
) -> list[EvidenceRecord]:
    """The records with their file names and sha256 opened ("[dihapus]" once the person is
    erased)."""
    opened = await ctx.vault.open_many(tx, [(r.candidate_id, r.sealed_name) for r in records])
    return [
        replace(r, file_name=o["file_name"], sha256=o.get("sha256", ""))
        if o
        else replace(r, file_name=ERASED, sha256=ERASED)
        for r, o in zip(records, opened, strict=True)
    ]


async def download_evidence(
    ctx: ApplicationContext,
    candidate_id: UUID | None,
    application_id: UUID,
    evidence_id: UUID,
    reader: Actor | None = None,
) -> tuple[EvidenceRecord, bytes | None]:
    """candidate_id None: staff, whose read is recorded (`reader`). Content None: the person
    was erased."""
    if candidate_id is None and reader is None:
        raise TypeError("a staff read of evidence needs its reader, to record it")
    await owned(ctx, application_id, candidate_id, reader.lsp_id if reader else None)
    async with ctx.uow.transaction() as tx:
        record = await ctx.evidence.get(tx, application_id, evidence_id)
        if record is None:
            raise application_not_found()
        opened = await ctx.vault.open(tx, record.candidate_id, record.sealed)
        (record,) = await named(ctx, tx, [record])
        if opened is not None and reader is not None:
            await record_read(ctx.access_log, tx, reader, record.candidate_id, "evidence",
                              ctx.clock)  # fmt: skip
    return record, None if opened is None else base64.b64decode(opened["content"])
