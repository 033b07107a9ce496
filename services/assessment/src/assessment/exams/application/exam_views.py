"""What a candidate's phone reads of its own attempt: the sealed package (before the session),
the start code once the assessor has started (for a phone that is online), and the attempt as
the server holds it (to resume on the same or another device, and to confirm what was sent).
Another candidate's attempt is not found, by any id. And what the assessor marks: the essays
their candidates drew, with the answer that counts (`essays`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from assessment.exams.application.ports import PackageCipher, SealedPackage
from assessment.exams.application.record_answers import attempt_not_found
from assessment.exams.domain.attempt import Attempt, ExamDrawn, QuestionKind
from assessment.planning.domain.session import Assignment, Session
from assessment.shared.application.repositories import Attempts, Sessions
from kompeten_contracts.errors import conflict


@dataclass(frozen=True)
class Package:
    drawn: ExamDrawn
    session: Session
    sealed: SealedPackage


def package_body(drawn: ExamDrawn) -> bytes:
    """The exam as the phone shows it: no key, nothing of other candidates."""
    questions = [
        {"question_id": q.question_id, "unit_code": q.unit_code, "kind": q.kind.value,
         "stem": q.stem, "options": q.options}
        for q in drawn.questions
    ]  # fmt: skip
    return json.dumps({"attempt_id": str(drawn.attempt_id), "questions": questions}).encode()


@dataclass(frozen=True)
class Essay:
    question_id: str
    unit_code: str
    stem: str
    answer: str | None  # the answer that counts; None: none has arrived


@dataclass
class ExamViews:
    attempts: Attempts
    sessions: Sessions
    cipher: PackageCipher
    clock: Callable[[], datetime]

    async def attempt(self, attempt_id: UUID, candidate_id: UUID | None) -> Attempt:
        state = (await self.attempts.load(attempt_id)).state
        if state.drawn is None or state.drawn.candidate_id != candidate_id:
            raise attempt_not_found()
        return state

    async def _session(self, drawn: ExamDrawn) -> Session:
        return (await self.sessions.load(drawn.session_id)).state

    async def package(self, attempt_id: UUID, candidate_id: UUID | None) -> Package:
        drawn = (await self.attempt(attempt_id, candidate_id)).drawn
        assert drawn is not None
        session = await self._session(drawn)
        assert session.plan is not None
        sealed = self.cipher.seal(
            package_body(drawn), session.plan.start_code, drawn.session_id, attempt_id
        )
        return Package(drawn, session, sealed)

    async def release(self, attempt_id: UUID, candidate_id: UUID | None) -> str:
        drawn = (await self.attempt(attempt_id, candidate_id)).drawn
        assert drawn is not None
        session = await self._session(drawn)
        if session.started is None or session.plan is None:
            raise conflict(
                "attempt_id",
                "asesor belum memulai ujian",
                "the assessor has not started the exam yet",
            )
        return session.plan.start_code

    async def essays(self, assignments: list[Assignment]) -> list[tuple[Assignment, list[Essay]]]:
        """Per assignment, the essay questions its candidate drew and the answer that counts."""
        found = []
        for assignment in assignments:
            state = (await self.attempts.load(assignment.attempt_id)).state
            drawn = state.drawn.questions if state.drawn else []
            essays = [
                Essay(q.question_id, q.unit_code, q.stem,
                      a.text if (a := state.latest.get(q.question_id)) else None)
                for q in drawn if q.kind is QuestionKind.ESSAY
            ]  # fmt: skip
            found.append((assignment, essays))
        return found

    def server_now(self) -> datetime:
        return self.clock()
