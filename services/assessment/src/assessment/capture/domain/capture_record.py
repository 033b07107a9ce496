"""One record the assessor writes on the tablet at the site, offline: what it is about (its kind
and subject), who wrote it on which device and in which order, which earlier record of the same
subject it edits, and what it says. The tablet makes its id, so a re-sent record is the same
record; `check_record` says what is wrong with one, naming the field."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from kompeten_contracts.errors import Problem

MAX_TEXT = 10_000
MAX_POINTS = 100
MB = 1024 * 1024
MAX_PHOTO_BYTES = 20 * MB
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
MAX_AUDIO_BYTES = 60 * MB  # as the evidence files take an interview's audio
AUDIO_TYPES = ("audio/webm", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/aac", "audio/wav")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class Kind(StrEnum):
    ATTENDANCE = "attendance"  # one per candidate: no subject
    OBSERVATION = "observation"  # IA.01: subject = the performance criterion's code
    INTERVIEW = "interview"  # IA.09: subject = the question's id; the notes in `text`
    ESSAY_MARK = "essay_mark"  # IA.06: subject = an essay question of the candidate's attempt
    ORAL_MARK = "oral_mark"  # IA.07: subject = the oral question's id
    NOTE = "note"  # a free note: subject = the tablet's key for it
    PHOTO = "photo"  # an evidence photo's reference: subject = the tablet's key for it
    AUDIO = "audio"  # IA.09: the recorded answer to an interview question: subject = its id


class Presence(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    LATE = "late"


class Observed(StrEnum):
    COMPETENT = "competent"  # K
    NOT_YET = "not_yet"  # BK: not yet competent
    NOT_OBSERVED = "not_observed"


class PhotoRef(BaseModel):
    """The file (a photo, an interview's audio) stays with the evidence store
    (content-addressed); this is its name."""

    model_config = ConfigDict(frozen=True)

    content_hash: str  # SHA-256 of the file, lowercase hex
    media_type: str
    size_bytes: int


class CaptureRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    record_id: UUID  # the tablet's id: a re-sent record is the same record
    device_id: str
    assessor_id: UUID  # the account that wrote it
    seq: int  # the device's own order, from 1, over the whole session
    candidate_id: UUID
    kind: Kind
    subject: str = ""
    based_on: UUID | None = None  # the record of this subject this one edits (None: the first)
    settles: tuple[UUID, ...] = ()  # conflicting records the assessor saw and set aside
    written_at: datetime | None = None  # the tablet's clock: shown, never trusted for order
    presence: Presence | None = None
    identity_checked: bool | None = None
    outcome: Observed | None = None
    points: int | None = None
    text: str | None = None
    photo: PhotoRef | None = None
    audio: PhotoRef | None = None

    @property
    def key(self) -> tuple[Kind, str]:
        return self.kind, self.subject


PAYLOAD = ("presence", "identity_checked", "outcome", "points", "text", "photo", "audio")
REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.ATTENDANCE: ("presence", "identity_checked"),
    Kind.OBSERVATION: ("outcome",),
    Kind.INTERVIEW: ("text",),
    Kind.ESSAY_MARK: ("points",),
    Kind.ORAL_MARK: ("points",),
    Kind.NOTE: ("text",),
    Kind.PHOTO: ("photo",),
    Kind.AUDIO: ("audio",),
}


def check_record(record: CaptureRecord, where: str, essay_ids: frozenset[str]) -> list[Problem]:
    """What is wrong with one record on its own (`essay_ids`: the candidate's essay questions)."""
    problems: list[Problem] = []

    def problem(name: str, reason_id: str, reason_en: str) -> None:
        problems.append(Problem(f"{where}.{name}", reason_id, reason_en))

    required = REQUIRED[record.kind]
    for name in PAYLOAD:
        given = getattr(record, name) is not None
        if name in required and not given:
            problem(name, f"wajib untuk {record.kind.value}", f"required for {record.kind.value}")
        elif given and name not in (*required, "text"):
            problem(name, f"tidak untuk {record.kind.value}", f"not for {record.kind.value}")
    if record.kind is Kind.ATTENDANCE:
        if record.subject:
            problem("subject", "kehadiran tanpa subjek", "attendance has no subject")
    elif not 1 <= len(record.subject) <= 120 or not record.subject.isprintable():
        problem("subject", "subjek wajib, 1-120 karakter", "a subject is required, 1-120 chars")
    elif record.kind is Kind.ESSAY_MARK and record.subject not in essay_ids:
        problem("subject", "bukan soal esai ujian peserta", "not an essay of the candidate's exam")
    if record.points is not None and not 0 <= record.points <= MAX_POINTS:
        problem("points", f"nilai 0-{MAX_POINTS}", f"points must be 0-{MAX_POINTS}")
    if record.text is not None and not 1 <= len(record.text) <= MAX_TEXT:
        problem("text", f"1-{MAX_TEXT} karakter", f"1-{MAX_TEXT} characters")
    if record.photo is not None:
        problems.extend(_photo_problems(record.photo, f"{where}.photo"))
    if record.audio is not None:
        problems.extend(_audio_problems(record.audio, f"{where}.audio"))
    if record.seq < 1:
        problem("seq", "urutan mulai dari 1", "the sequence starts at 1")
    if record.based_on == record.record_id or record.record_id in record.settles:
        problem("based_on", "tidak boleh merujuk dirinya", "a record cannot refer to itself")
    elif record.based_on is not None and record.based_on in record.settles:
        problem("settles", "sudah menjadi dasar catatan", "already the record's base")
    return problems


def _photo_problems(photo: PhotoRef, where: str) -> list[Problem]:
    problems = []
    if not SHA256.match(photo.content_hash):
        problems.append(Problem(f"{where}.content_hash", "SHA-256 heksadesimal", "SHA-256 hex"))
    if photo.media_type not in PHOTO_TYPES:
        problems.append(
            Problem(f"{where}.media_type", "hanya JPEG, PNG, WebP", "only JPEG, PNG, WebP")
        )
    if not 1 <= photo.size_bytes <= MAX_PHOTO_BYTES:
        problems.append(Problem(f"{where}.size_bytes", "paling besar 20 MB", "at most 20 MB"))
    return problems


def _audio_problems(audio: PhotoRef, where: str) -> list[Problem]:
    problems = []
    if not SHA256.match(audio.content_hash):
        problems.append(Problem(f"{where}.content_hash", "SHA-256 heksadesimal", "SHA-256 hex"))
    if audio.media_type not in AUDIO_TYPES:
        problems.append(
            Problem(f"{where}.media_type", "hanya WebM, OGG, M4A, MP3, AAC, WAV",
                    "only WebM, OGG, M4A, MP3, AAC, WAV")
        )  # fmt: skip
    if not 1 <= audio.size_bytes <= MAX_AUDIO_BYTES:
        problems.append(Problem(f"{where}.size_bytes", "paling besar 60 MB", "at most 60 MB"))
    return problems
