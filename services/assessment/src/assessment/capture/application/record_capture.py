"""Recording a batch from the assessor's tablet (load -> decide -> append): the session's
assessor (or an admin of its LSP) sends records of several candidates at once; each
candidate's stream decides its own records, and every stream's events are appended in one
transaction, or none (a bad record anywhere refuses the whole batch, naming it). A lost race
with another batch runs the decision again on fresh state, where the other batch's records
are duplicates if they were the same."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from assessment.capture.domain.assessor_record import Captured
from assessment.capture.domain.capture_record import CaptureRecord, Kind
from assessment.capture.domain.capturing import Numbered, Receipt, decide_capture
from assessment.capture.domain.findings import Findings, findings_of
from assessment.capture.domain.recorders import check_recorders
from assessment.exams.domain.attempt import QuestionKind
from assessment.planning.application.assign_candidates import session_not_found
from assessment.planning.domain.session import Assignment, Session
from assessment.shared.application.repositories import Attempts, Captures, Sessions
from eventkit.conflicts import Race, on_fresh_state
from kompeten_contracts.errors import Problem, Refusal

CAPTURE = Race(
    "records", "catatan lain sedang disimpan; kirim ulang", "records are being saved; resend"
)


@dataclass(frozen=True)
class Recorder:
    """Who is capturing: their account, their LSP, and whether they are its admin."""

    account_id: UUID
    lsp_id: UUID | None
    is_admin: bool


@dataclass(frozen=True)
class CandidateCapture:
    assignment: Assignment
    captured: Captured

    @property
    def findings(self) -> Findings:
        return findings_of(self.assignment.candidate_id, self.captured.records.values())


@dataclass(frozen=True)
class Recorded:
    receipts: list[Receipt]  # one per record sent, in the batch's order
    captured: list[CandidateCapture]  # each candidate of the batch, as now held
    server_now: datetime


async def session_for(sessions: Sessions, session_id: UUID, lsp_id: UUID | None) -> Session:
    state = (await sessions.load(session_id)).state
    if state.plan is None or state.plan.lsp_id != lsp_id:
        raise session_not_found()  # another LSP's session is not found, never forbidden
    return state


@dataclass
class RecordCapture:
    sessions: Sessions
    attempts: Attempts
    captures: Captures
    store: Any
    uow: Any
    clock: Callable[[], datetime]

    async def __call__(
        self, session_id: UUID, by: Recorder, records: list[CaptureRecord]
    ) -> Recorded:
        session = await session_for(self.sessions, session_id, by.lsp_id)
        check_recorders(session, by.account_id, by.is_admin, records)
        grouped: dict[UUID, list[Numbered]] = defaultdict(list)
        for numbered in enumerate(records):
            grouped[numbered[1].candidate_id].append(numbered)
        essays = {
            candidate: await self.essay_ids(session, candidate)
            for candidate, batch in grouped.items()
            if any(r.kind is Kind.ESSAY_MARK for _, r in batch)
        }

        async def attempt() -> Recorded:
            now = self.clock()
            batches, problems = [], []
            receipts: dict[int, Receipt] = {}
            captured: list[CandidateCapture] = []
            for candidate, numbered in grouped.items():
                key = (session_id, candidate)
                loaded = await self.captures.load(key)
                try:
                    events, got = decide_capture(
                        loaded.state, key, numbered, now, essays.get(candidate, frozenset())
                    )
                except Refusal as refusal:
                    problems += refusal.problems
                    continue
                receipts.update(zip((i for i, _ in numbered), got, strict=True))
                state = loaded.state
                for event in events:
                    state = self.captures.evolve(state, event)
                assignment = session.assigned(candidate)
                assert assignment is not None  # check_recorders refused unassigned candidates
                captured.append(CandidateCapture(assignment, state))
                if events:
                    batches.append(
                        self.captures.batch(key, loaded.version, events, actor=by.account_id)
                    )
            if problems:
                raise Refusal(sorted(problems, key=_index))
            if batches:
                async with self.uow.transaction() as tx:
                    await self.store.append_many(batches, tx=tx)
            return Recorded([receipts[i] for i in range(len(records))], captured, now)

        return await on_fresh_state(attempt, CAPTURE)

    async def essay_ids(self, session: Session, candidate_id: UUID) -> frozenset[str]:
        """The essay questions of the candidate's drawn exam: what an essay mark may name."""
        assignment = session.assigned(candidate_id)
        assert assignment is not None  # check_recorders refused unassigned candidates
        drawn = (await self.attempts.load(assignment.attempt_id)).state.drawn
        questions = drawn.questions if drawn else []
        return frozenset(q.question_id for q in questions if q.kind is QuestionKind.ESSAY)


def _index(problem: Problem) -> tuple[int, str]:
    head = problem.field.split("]")[0].removeprefix("records[")
    return (int(head) if head.isdigit() else -1), problem.field
