"""Recording a phone's batch of answer records (load -> decide -> append), scoring again at
once when the batch arrives after the attempt closed, and noting that the phone was heard.

The append is group-committed with other phones' (no caller transaction): a hall's answers
share WAL flushes. A lost race (another batch of the same attempt appended first) runs the
decision again on fresh state, where the other batch's records are duplicates if they were
the same."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from assessment.exams.application.ports import Presence, Presences
from assessment.exams.domain.answering import Receipt, decide_record
from assessment.exams.domain.attempt import AnswerRecord, Attempt
from assessment.exams.domain.scoring import decide_score
from assessment.shared.application.repositories import Attempts
from eventkit.conflicts import Race, on_fresh_state
from kompeten_contracts.errors import not_found

ATTEMPT = Race(
    "attempt_id", "jawaban lain sedang dicatat; kirim ulang", "answers are being recorded; resend"
)


@dataclass(frozen=True)
class Recorded:
    receipts: list[Receipt]
    state: Attempt
    server_now: datetime


def attempt_not_found() -> Exception:
    return not_found("attempt_id", "ujian tidak ditemukan", "no such exam attempt")


@dataclass
class RecordAnswers:
    attempts: Attempts
    presences: Presences
    uow: Any
    clock: Callable[[], datetime]

    async def __call__(
        self,
        attempt_id: UUID,
        candidate_id: UUID | None,
        records: list[AnswerRecord],
        written_through: int,
        finished: bool = False,
    ) -> Recorded:
        async def attempt() -> Recorded:
            loaded = await self.attempts.load(attempt_id)
            drawn = loaded.state.drawn
            if drawn is None or drawn.candidate_id != candidate_id:
                raise attempt_not_found()  # another's attempt is not found, never forbidden
            now = self.clock()
            events, receipts = decide_record(loaded.state, records, now, written_through, finished)
            state = loaded.state
            for recorded in events:
                state = self.attempts.evolve(state, recorded)
            # Over (complete, or a late batch): its answers count at once.
            scored = decide_score(state, now)
            await self.attempts.append(attempt_id, loaded.version, [*events, *scored])
            for score in scored:
                state = self.attempts.evolve(state, score)
            return Recorded(receipts, state, now)

        recorded = await on_fresh_state(attempt, ATTEMPT)
        async with self.uow.transaction() as tx:
            await self.presences.heard(
                tx, Presence(attempt_id, recorded.server_now, written_through)
            )
        return recorded
