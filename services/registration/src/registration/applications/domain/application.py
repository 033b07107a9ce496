"""The application aggregate (APL-01 + APL-02 of one candidate for one scheme version).

draft ──submit──► submitted ──accept──► accepted
  ▲                  │ └─────reject──► rejected
  └──── returned ◄───┘ (return for fixes; resubmitting puts it back in the queue)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from kompeten_contracts.errors import Kind, refuse
from registration.applications.domain.application_events import (
    ApplicationAccepted,
    ApplicationEvent,
    ApplicationRejected,
    ApplicationReturned,
    ApplicationStarted,
    ApplicationSubmitted,
    DraftSaved,
)


class Status(StrEnum):
    NEW = "new"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


@dataclass(frozen=True)
class Verb:
    """What was refused, as the past participle in each language of the error."""

    id: str
    en: str


CHANGED = Verb("diubah", "changed")
SUBMITTED = Verb("diajukan", "submitted")
ACCEPTED = Verb("diterima", "accepted")
RETURNED = Verb("dikembalikan", "returned")
REJECTED = Verb("ditolak", "rejected")


@dataclass(frozen=True)
class Application:
    application_id: UUID | None = None
    candidate_id: UUID | None = None
    status: Status = Status.NEW
    submissions: int = 0
    draft_fingerprint: str | None = None
    submitted: ApplicationSubmitted | None = None

    @property
    def lsp_id(self) -> UUID | None:
        """The certification body the application is to (its scheme's), once submitted."""
        return self.submitted.lsp_id if self.submitted is not None else None


def stream_id(application_id: UUID) -> str:
    return f"application-{application_id}"


def decide_start(
    state: Application, application_id: UUID, candidate_id: UUID, at: datetime
) -> list[ApplicationEvent]:
    if state.status is not Status.NEW:
        raise refuse(
            "application_id", "permohonan sudah ada", "application already exists", Kind.CONFLICT
        )
    return [
        ApplicationStarted(application_id=application_id, candidate_id=candidate_id, started_at=at)
    ]


def decide_save_draft(
    state: Application, sealed: dict[str, Any], fingerprint: str, at: datetime
) -> list[ApplicationEvent]:
    require(state, EDITABLE, CHANGED)
    if fingerprint == state.draft_fingerprint:
        return []
    assert state.application_id is not None
    return [
        DraftSaved(
            application_id=state.application_id, sealed=sealed, fingerprint=fingerprint, saved_at=at
        )
    ]


def decide_accept(
    state: Application, by: UUID, at: datetime, holder: dict[str, Any] | None = None
) -> list[ApplicationEvent]:
    require(state, {Status.SUBMITTED}, ACCEPTED)
    submitted = state.submitted
    assert submitted is not None
    return [
        ApplicationAccepted(
            application_id=submitted.application_id,
            candidate_id=submitted.candidate_id,
            accepted_by=by,
            accepted_at=at,
            scheme_code=submitted.scheme_code,
            scheme_version=submitted.scheme_version,
            occupational_group=submitted.occupational_group,
            cooperative_id=submitted.cooperative_id,
            district_code=submitted.district_code,
            adjustment_needs=submitted.adjustment_needs,
            lsp_id=submitted.lsp_id,
            holder=holder,
        )
    ]


def decide_return(
    state: Application, by: UUID, fields: list[str], sealed: dict[str, Any], at: datetime
) -> list[ApplicationEvent]:
    require(state, {Status.SUBMITTED}, RETURNED)
    if not fields:
        raise refuse(
            "reasons",
            "sebutkan minimal satu kolom dan alasannya",
            "name at least one field and its reason",
        )
    assert state.application_id is not None
    return [
        ApplicationReturned(
            application_id=state.application_id,
            returned_by=by,
            returned_at=at,
            sealed=sealed,
        )
    ]


def decide_reject(
    state: Application, by: UUID, sealed: dict[str, Any], at: datetime
) -> list[ApplicationEvent]:
    require(state, {Status.SUBMITTED}, REJECTED)
    assert state.application_id is not None
    return [
        ApplicationRejected(
            application_id=state.application_id, rejected_by=by, rejected_at=at, sealed=sealed
        )
    ]


def require(state: Application, allowed: set[Status] | frozenset[Status], verb: Verb) -> None:
    if state.status not in allowed:
        raise refuse(
            "status",
            f"permohonan berstatus {state.status.value} tidak dapat {verb.id}",
            f"an application in status {state.status.value} cannot be {verb.en}",
            Kind.CONFLICT,
        )


def evolve(state: Application, event: ApplicationEvent) -> Application:
    if isinstance(event, ApplicationStarted):
        return Application(event.application_id, event.candidate_id, Status.DRAFT)
    if isinstance(event, DraftSaved):
        return replace(state, draft_fingerprint=event.fingerprint)
    if isinstance(event, ApplicationSubmitted):
        return replace(
            state, status=Status.SUBMITTED, submissions=event.submission, submitted=event
        )
    if isinstance(event, ApplicationReturned):
        return replace(state, status=Status.RETURNED)
    if isinstance(event, ApplicationAccepted):
        return replace(state, status=Status.ACCEPTED)
    return replace(state, status=Status.REJECTED)
