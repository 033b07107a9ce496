"""A candidate's appeal (banding, FR.AK.04) against the recommendation on one of their
attempts: lodged within the window, routed by the LSP admin to a reviewer independent of the
assessment, decided by that reviewer with reasons. One stream per appeal; the grounds and the
reasons stay in this log (the public event carries ids and the outcome only); both are sealed
under keys of the candidate's (`sealed_grounds`, `sealed_reasons`), so the person's erasure
removes them. The rules here see the texts in the clear: the application seals what they
decide and opens what they compare (appeals.application.decision_reasons)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from kompeten_contracts.errors import conflict, forbidden, invalid

GROUNDS, REASONS = (20, 4000), (20, 4000)  # characters, after whitespace is made single


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class AppealOutcome(StrEnum):
    UPHELD = "upheld"  # the recommendation is set aside: a re-assessment follows
    DISMISSED = "dismissed"  # the recommendation stands


class AppealLodged(_Frozen):
    appeal_id: UUID
    attempt_id: UUID
    attempt_no: int
    candidate_id: UUID
    application_id: UUID
    lsp_id: UUID | None
    scheme_code: str
    session_id: UUID
    grounds: str  # empty once sealed; the text itself only in appeals lodged before sealing
    client_id: UUID  # the phone's id for this submission: a retry is the same appeal
    lodged_at: datetime
    sealed_grounds: str | None = None  # base64 of the grounds sealed under the candidate's key


class ReviewerAssigned(_Frozen):
    appeal_id: UUID
    reviewer_id: UUID  # a decision maker's staff account
    assigned_by: UUID
    assigned_at: datetime


class AppealDecided(_Frozen):
    appeal_id: UUID
    attempt_id: UUID
    attempt_no: int
    candidate_id: UUID
    application_id: UUID
    lsp_id: UUID | None
    outcome: AppealOutcome
    reasons: str  # empty once sealed; the text itself only in decisions made before sealing
    decided_by: UUID
    decided_at: datetime
    sealed_reasons: str | None = None  # base64 of the reasons sealed under the candidate's key
    reasons_erased: bool = False  # decided after the candidate's erasure: the reasons not kept


AppealEvent = AppealLodged | ReviewerAssigned | AppealDecided
EVENTS: tuple[type[AppealEvent], ...] = (AppealLodged, ReviewerAssigned, AppealDecided)


@dataclass(frozen=True)
class Appeal:
    lodged: AppealLodged | None = None
    reviewer_id: UUID | None = None
    decided: AppealDecided | None = None

    @property
    def open(self) -> bool:
        return self.lodged is not None and self.decided is None


def stream_id(appeal_id: UUID) -> str:
    return f"appeal-{appeal_id}"


def tidy(text: str, field: str, bounds: tuple[int, int]) -> str:
    least, most = bounds
    text = " ".join(text.split())
    if not least <= len(text) <= most:
        raise invalid(field, f"panjang {least}-{most} karakter", f"{least}-{most} characters long")
    return text


def decide_assign_reviewer(state: Appeal, command: ReviewerAssigned) -> list[AppealEvent]:
    """Before the decision the admin may route the appeal to another reviewer; the independence
    of the reviewer is checked by the caller (independence.reviewer_refusal)."""
    _undecided(state)
    if state.reviewer_id == command.reviewer_id:
        return []
    return [command]


def decide_decision(state: Appeal, command: AppealDecided) -> list[AppealEvent]:
    if state.lodged is None:
        raise conflict("appeal_id", "banding tidak ditemukan", "no such appeal")
    reasons = tidy(command.reasons, "reasons", REASONS)
    if (decided := state.decided) is not None:
        if (decided.outcome, decided.reasons, decided.decided_by) == (
            command.outcome, reasons, command.decided_by,
        ):  # fmt: skip
            return []  # a retry of the same decision
        _undecided(state)
    if state.reviewer_id is None:
        raise conflict("reviewer_id", "banding belum memiliki peninjau", "no reviewer assigned yet")
    if command.decided_by != state.reviewer_id:
        raise forbidden(
            "appeal_id", "hanya peninjau banding ini yang memutus", "only its reviewer decides"
        )
    return [command.model_copy(update={"reasons": reasons})]


def _undecided(state: Appeal) -> None:
    if state.decided is not None:
        raise conflict("appeal_id", "banding sudah diputus", "the appeal is already decided")


def evolve(state: Appeal, event: AppealEvent) -> Appeal:
    if isinstance(event, AppealLodged):
        return Appeal(lodged=event)
    if isinstance(event, ReviewerAssigned):
        return replace(state, reviewer_id=event.reviewer_id)
    return replace(state, decided=event)
