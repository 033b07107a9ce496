"""The tablet's batch and what the server answers: receipts per record, and the records as
the server holds them per candidate (which record counts per subject, what is in conflict,
what waits for the record it edits), for the tablet to resync."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from assessment.capture.application.record_capture import CandidateCapture
from assessment.capture.domain.capture_record import CaptureRecord, Kind, Observed, Presence
from assessment.capture.domain.capturing import Outcome
from assessment.capture.domain.findings import Findings
from assessment.capture.domain.versions import Subject


class PhotoIn(BaseModel):
    content_hash: str = Field(max_length=64, description="SHA-256 of the file, lowercase hex")
    media_type: str = Field(max_length=40, description="image/jpeg, png, webp; audio/webm, ...")
    size_bytes: int = Field(ge=0, le=2**31)


class RecordIn(BaseModel):
    record_id: UUID = Field(description="the tablet's id: a re-sent record is the same record")
    device_id: str = Field(min_length=1, max_length=80)
    assessor_id: UUID = Field(description="the account that wrote it: the caller's own")
    seq: int = Field(ge=0, le=10_000_000, description="the device's own order, from 1")
    candidate_id: UUID
    kind: Kind
    subject: str = Field(default="", max_length=200, description="criterion code, question id")
    based_on: UUID | None = Field(default=None, description="the record of the subject it edits")
    settles: list[UUID] = Field(default=[], max_length=20, description="rivals set aside")
    written_at: datetime | None = None
    presence: Presence | None = None
    identity_checked: bool | None = None
    outcome: Observed | None = None
    points: int | None = Field(default=None, ge=-1_000, le=1_000, description="0-100")
    text: str | None = Field(default=None, max_length=20_000)
    photo: PhotoIn | None = None
    audio: PhotoIn | None = Field(default=None, description="audio/webm, ogg, mp4, mpeg, aac, wav")

    def record(self) -> CaptureRecord:
        return CaptureRecord.model_validate(self.model_dump())


class CaptureIn(BaseModel):
    records: list[RecordIn] = Field(default=[], max_length=1000)


class ReceiptOut(BaseModel):
    record_id: UUID
    candidate_id: UUID
    outcome: Outcome


class SubjectOut(BaseModel):
    kind: Kind
    subject: str
    current: list[UUID] = Field(description="the record that counts; several: in conflict")
    waiting: list[UUID] = Field(description="held; count once the record they edit arrives")


class CandidateOut(BaseModel):
    candidate_id: UUID
    attempt_id: UUID
    assessor_id: UUID
    presence: Presence | None
    identity_checked: bool
    criteria_observed: int
    conflicts: list[SubjectOut]
    subjects: list[SubjectOut]
    records: list[RecordIn] = Field(description="every record held, by device and sequence")


class SessionCaptureOut(BaseModel):
    session_id: UUID
    server_now: datetime
    held_through: dict[str, int] = Field(description="per device: its records 1..n are held")
    candidates: list[CandidateOut]


class RecordedOut(BaseModel):
    session_id: UUID
    server_now: datetime
    receipts: list[ReceiptOut] = Field(description="one per record sent, in the batch's order")
    candidates: list[CandidateOut] = Field(description="the batch's candidates, as now held")


class RosterRow(BaseModel):
    candidate_id: UUID
    assessor_id: UUID
    presence: Presence | None
    identity_checked: bool
    criteria_observed: int
    conflicts: int
    waiting: int
    records: int


def subject_out(subject: Subject) -> SubjectOut:
    return SubjectOut(
        kind=subject.kind,
        subject=subject.subject,
        current=[r.record_id for r in subject.current],
        waiting=[r.record_id for r in subject.waiting],
    )


def candidate_out(capture: CandidateCapture) -> CandidateOut:
    found: Findings = capture.findings
    a = capture.assignment
    held = sorted(capture.captured.records.values(), key=lambda r: (r.device_id, r.seq))
    return CandidateOut(
        candidate_id=a.candidate_id, attempt_id=a.attempt_id, assessor_id=a.assessor_id,
        presence=found.presence, identity_checked=found.identity_checked,
        criteria_observed=found.criteria_observed,
        conflicts=[subject_out(s) for s in found.conflicts],
        subjects=[subject_out(s) for s in capture.captured.subjects().values()],
        records=[RecordIn.model_validate(r.model_dump()) for r in held],
    )  # fmt: skip
