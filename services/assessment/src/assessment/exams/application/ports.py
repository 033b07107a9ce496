"""What the exams feature needs from outside: the published question bank it draws from, the
cipher that seals a package to its start code, and where a phone's presence is noted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from assessment.exams.domain.attempt import DrawnQuestion


@dataclass(frozen=True)
class DrawnExam:
    bank_version: int
    questions: list[DrawnQuestion]


class Drawer(Protocol):
    def __call__(self, seed: str) -> DrawnExam:
        """One candidate's exam (questions per unit, options shuffled); the same seed draws
        the same exam."""
        ...


class ExamBank(Protocol):
    async def drawer(self, lsp_id: UUID | None, scheme_code: str, scheme_version: int) -> Drawer:
        """Draws from the LSP's latest published bank for the scheme version, read once for
        a whole assignment request."""
        ...


@dataclass(frozen=True)
class SealedPackage:
    kdf: str  # how the phone derives the key from the start code
    iterations: int
    salt: str  # base64
    nonce: str  # base64
    ciphertext: str  # base64, AES-GCM


class PackageCipher(Protocol):
    def seal(
        self, plaintext: bytes, start_code: str, session_id: UUID, attempt_id: UUID
    ) -> SealedPackage: ...

    def open(
        self, package: SealedPackage, start_code: str, session_id: UUID, attempt_id: UUID
    ) -> bytes: ...


@dataclass(frozen=True)
class AttemptRow:
    """One attempt of a session as the roster shows it (the attempts read model)."""

    attempt_id: UUID
    candidate_id: UUID
    questions: int
    answered: int
    held_through: int
    written_through: int
    complete: bool
    refused: int
    superseded: int
    last_received: datetime | None
    scored: bool


class SessionAttempts(Protocol):
    async def of_session(self, session_id: UUID) -> list[AttemptRow]: ...


@dataclass(frozen=True)
class Presence:
    attempt_id: UUID
    last_heard: datetime
    written_through: int  # the phone's highest sequence written, as it last said


class Presences(Protocol):
    async def heard(self, tx: Any, presence: Presence) -> None: ...

    async def of_session(self, session_id: UUID) -> dict[UUID, Presence]: ...


@dataclass(frozen=True)
class CandidateExam:
    """One of a candidate's own exam attempts, as their phone lists them (session read model)."""

    attempt_id: UUID
    session_id: UUID
    scheme_code: str
    scheme_version: int
    district_code: str
    starts_at: datetime
    ends_at: datetime
    exam_minutes: int
    started_at: datetime | None
    deadline: datetime | None
    cancelled: bool


class CandidateExams(Protocol):
    async def of_candidate(self, candidate_id: UUID) -> list[CandidateExam]: ...
