"""What happens to an application (one stream per application). Personal parts travel only
as vault-sealed blobs (`sealed`), opaque to the domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class Event(BaseModel):
    model_config = ConfigDict(frozen=True)

    application_id: UUID


class ApplicationStarted(Event):
    candidate_id: UUID
    started_at: datetime


class DraftSaved(Event):
    sealed: dict[str, Any]
    fingerprint: str
    saved_at: datetime


class ApplicationSubmitted(Event):
    """The snapshot of exactly what was submitted: APL-01 facts, APL-02 judgements, and the
    personal parts (personal data, education, free-text notes) sealed."""

    candidate_id: UUID
    submission: int
    submitted_at: datetime
    scheme_code: str
    scheme_version: int
    purpose: str
    cooperative_id: UUID
    district_code: str
    role: str
    occupational_group: str
    evidence_ids: list[UUID]
    adjustment_needs: list[str]
    judgements: list[dict[str, Any]]
    sealed: dict[str, Any]
    # The certification body (LSP) whose scheme it is: the application is theirs to verify.
    lsp_id: UUID | None = None


class ApplicationReturned(Event):
    """Returned for fixes. The fields to fix and the staff's words are sealed together, because
    they may quote or name the candidate's personal data. `fields` is only in events recorded
    before that (plain); new events leave it empty."""

    returned_by: UUID
    returned_at: datetime
    sealed: dict[str, Any]
    fields: list[str] = []


class ApplicationAccepted(Event):
    candidate_id: UUID
    accepted_by: UUID
    accepted_at: datetime
    scheme_code: str
    scheme_version: int
    occupational_group: str
    cooperative_id: UUID
    district_code: str
    adjustment_needs: list[str]
    lsp_id: UUID | None = None
    # What a certificate prints about the holder, as accepted (APL-01's name, place and date of
    # birth), sealed under their key: it leaves only on the internal personal-data topic.
    holder: dict[str, Any] | None = None


class ApplicationRejected(Event):
    rejected_by: UUID
    rejected_at: datetime
    sealed: dict[str, Any]


ApplicationEvent = (
    ApplicationStarted
    | DraftSaved
    | ApplicationSubmitted
    | ApplicationReturned
    | ApplicationAccepted
    | ApplicationRejected
)
EVENTS: tuple[type[ApplicationEvent], ...] = (
    ApplicationStarted,
    DraftSaved,
    ApplicationSubmitted,
    ApplicationReturned,
    ApplicationAccepted,
    ApplicationRejected,
)
