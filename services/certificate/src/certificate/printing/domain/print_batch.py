"""The print batch: one stream per batch of certificates printed together (a cohort's session,
or an LSP's selection). Requested with each member's readiness; its pages are rendered in the
background and recorded as they go (the progress), then merged into one print file. A batch
that carried members still missing is followed up once, by a batch of the same scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from certificate.printing.domain.calibration import Calibration
from certificate.printing.domain.readiness import FINAL, Member, Reason, Status
from kompeten_contracts.errors import conflict, invalid

REASON_LENGTH = (5, 500)


class Scope(BaseModel):
    """Whom a batch looks at: a session's members (those certification received, and any
    others the LSP expects), or a selection of the LSP's certificates."""

    model_config = ConfigDict(frozen=True)

    session_id: UUID | None = None
    expected_candidates: tuple[UUID, ...] = ()
    certificate_ids: tuple[UUID, ...] = ()


class RequestBatch(BaseModel):
    model_config = ConfigDict(frozen=True)

    batch_id: UUID
    lsp_id: UUID | None
    scope: Scope
    reprint: bool = False
    reason: str | None = None
    follow_up_of: UUID | None = None
    requested_by: UUID | None  # None: opened by the service itself (a follow-up)
    calibration: Calibration
    members: tuple[Member, ...]
    at: datetime


class PrintBatchRequested(RequestBatch):
    pass


class PagesRendered(BaseModel):
    model_config = ConfigDict(frozen=True)

    batch_id: UUID
    certificate_ids: tuple[UUID, ...]
    # Ready when requested, not printable when rendered (the name was erased meanwhile).
    skipped: tuple[tuple[UUID, Reason], ...] = ()
    at: datetime


class PrintFileMerged(BaseModel):
    model_config = ConfigDict(frozen=True)

    batch_id: UUID
    pages: int
    sha256: str | None  # None: nothing was ready, so no file
    size_bytes: int
    at: datetime


class FollowUpOpened(BaseModel):
    model_config = ConfigDict(frozen=True)

    batch_id: UUID
    follow_up_id: UUID
    at: datetime


PrintBatchEvent = PrintBatchRequested | PagesRendered | PrintFileMerged | FollowUpOpened
EVENTS: tuple[type[PrintBatchEvent], ...] = (
    PrintBatchRequested, PagesRendered, PrintFileMerged, FollowUpOpened,
)  # fmt: skip


@dataclass(frozen=True)
class PrintBatch:
    requested: PrintBatchRequested | None = None
    rendered: tuple[UUID, ...] = ()
    skipped_reasons: tuple[tuple[UUID, Reason], ...] = ()
    merged: PrintFileMerged | None = None
    follow_up_id: UUID | None = None

    @property
    def skipped(self) -> tuple[UUID, ...]:
        return tuple(c for c, _ in self.skipped_reasons)

    @property
    def due(self) -> tuple[Member, ...]:
        """The members whose pages this batch prints, in the order printed."""
        if self.requested is None:
            return ()
        return tuple(m for m in self.requested.members if m.status is Status.READY)

    @property
    def carried(self) -> tuple[Member, ...]:
        """Missing members a follow-up looks at again: those missing when requested for a
        reason that may pass, and those held when their page was due (suspended since)."""
        if self.requested is None:
            return ()
        held: dict[UUID | None, Reason] = {c: r for c, r in self.skipped_reasons
                                           if r not in FINAL}  # fmt: skip
        return tuple(
            m if m.carried else m.model_copy(
                update={"status": Status.MISSING, "reason": held.get(m.certificate_id)})
            for m in self.requested.members
            if m.carried or m.certificate_id in held
        )  # fmt: skip

    @property
    def pending(self) -> tuple[UUID, ...]:
        done = set(self.rendered) | set(self.skipped)
        return tuple(m.certificate_id for m in self.due
                     if m.certificate_id is not None and m.certificate_id not in done)  # fmt: skip


def stream_id(batch_id: UUID) -> str:
    return f"print-batch-{batch_id}"


def decide_request(state: PrintBatch, command: RequestBatch) -> list[PrintBatchEvent]:
    if state.requested is not None:
        if state.requested.scope == command.scope and state.requested.reprint == command.reprint:
            return []  # the same request again (a retry): one batch
        raise conflict("client_id", "batch dengan id ini sudah diminta untuk cakupan lain",
                       "a batch with this id was requested for another scope")  # fmt: skip
    scope = command.scope
    if (scope.session_id is None) == (not scope.certificate_ids):
        raise invalid("session_id", "sebutkan sesi atau daftar sertifikat, salah satu",
                      "name either a session or a list of certificates")  # fmt: skip
    reason = " ".join((command.reason or "").split()) or None
    if command.reprint and reason is None:
        raise invalid("reason", "cetak ulang wajib diberi alasan", "a reprint needs a reason")
    if reason is not None and not REASON_LENGTH[0] <= len(reason) <= REASON_LENGTH[1]:
        raise invalid("reason", "alasan 5-500 karakter", "the reason is 5-500 characters long")
    return [PrintBatchRequested(**{**command.model_dump(), "reason": reason})]


def decide_render(
    state: PrintBatch,
    printed: tuple[UUID, ...],
    skipped: tuple[tuple[UUID, Reason], ...],
    at: datetime,
) -> list[PrintBatchEvent]:
    if state.requested is None or state.merged is not None:
        return []
    pending = set(state.pending)
    new = tuple(c for c in printed if c in pending)
    gone = tuple((c, r) for c, r in skipped if c in pending)
    if not new and not gone:
        return []  # a resumed run renders again what the log already counts
    return [PagesRendered(batch_id=state.requested.batch_id, certificate_ids=new, skipped=gone,
                          at=at)]  # fmt: skip


def decide_merge(
    state: PrintBatch, sha256: str | None, size_bytes: int, at: datetime
) -> list[PrintBatchEvent]:
    if state.requested is None or state.merged is not None:
        return []
    if state.pending:
        raise conflict("batch_id", "belum semua halaman dicetak", "pages are still being made")
    return [PrintFileMerged(batch_id=state.requested.batch_id, pages=len(state.rendered),
                            sha256=sha256, size_bytes=size_bytes, at=at)]  # fmt: skip


def decide_follow_up(state: PrintBatch, follow_up_id: UUID, at: datetime) -> list[PrintBatchEvent]:
    if state.requested is None or state.merged is None or state.follow_up_id is not None:
        return []
    return [FollowUpOpened(batch_id=state.requested.batch_id, follow_up_id=follow_up_id, at=at)]


def evolve(state: PrintBatch, event: PrintBatchEvent) -> PrintBatch:
    if isinstance(event, PrintBatchRequested):
        return PrintBatch(requested=event)
    if isinstance(event, PagesRendered):
        return PrintBatch(state.requested, (*state.rendered, *event.certificate_ids),
                          (*state.skipped_reasons, *event.skipped), state.merged,
                          state.follow_up_id)  # fmt: skip
    if isinstance(event, PrintFileMerged):
        return PrintBatch(
            state.requested, state.rendered, state.skipped_reasons, event, state.follow_up_id
        )
    return PrintBatch(state.requested, state.rendered, state.skipped_reasons, state.merged,
                      event.follow_up_id)  # fmt: skip
