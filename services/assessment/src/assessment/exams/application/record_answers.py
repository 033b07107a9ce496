"""Recording a phone's batch of answer records (load -> decide -> append), scoring again at
once when the batch arrives after the attempt closed, and noting that the phone was heard.

The append is group-committed with other phones' (no caller transaction): a hall's answers
share WAL flushes. A lost race (another batch of the same attempt appended first) runs the
decision again on fresh state, where the other batch's records are duplicates if they were
the same."""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from assessment.exams.application.ports import Presence, Presences
from assessment.exams.domain.answering import Receipt, decide_record
from assessment.exams.domain.attempt import AnswerRecord, Attempt
from assessment.exams.domain.scoring import decide_score
from assessment.shared.application.repositories import Attempts
from eventkit.conflicts import Race, on_fresh_state
from kompeten_contracts.errors import Refusal, not_found

ATTEMPT = Race(
    "attempt_id", "jawaban lain sedang dicatat; kirim ulang", "answers are being recorded; resend"
)


@dataclass(frozen=True)
class Recorded:
    receipts: list[Receipt]
    state: Attempt
    server_now: datetime


class _Unverified(Exception):
    """A decision on the known state that would append nothing: made again on a load."""


def attempt_not_found() -> Exception:
    return not_found("attempt_id", "ujian tidak ditemukan", "no such exam attempt")


# How often a phone's presence is written, at most: the roster calls a phone quiet after 2
# minutes, and a write per answer batch would double the database work of the hot path.
PRESENCE_EVERY = timedelta(seconds=10)


@dataclass
class RecordAnswers:
    attempts: Attempts
    presences: Presences
    uow: Any
    clock: Callable[[], datetime]
    _noted: dict[UUID, tuple[datetime, int]] = field(default_factory=dict, init=False)
    # Batches of one attempt arriving together (a phone's retries overlapping its sends) take
    # turns in this process instead of racing to the same stream version and retrying.
    _turns: weakref.WeakValueDictionary[UUID, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary, init=False
    )

    async def __call__(
        self,
        attempt_id: UUID,
        candidate_id: UUID | None,
        records: list[AnswerRecord],
        written_through: int,
        finished: bool = False,
    ) -> Recorded:
        async def decided(state: Attempt, version: int, read: bool) -> Recorded:
            drawn = state.drawn
            if drawn is None or drawn.candidate_id != candidate_id:
                raise attempt_not_found()  # another's attempt is not found, never forbidden
            now = self.clock()
            events, receipts = decide_record(state, records, now, written_through, finished)
            for recorded in events:
                state = self.attempts.evolve(state, recorded)
            # Over (complete, or a late batch): its answers count at once.
            scored = decide_score(state, now)
            if not events and not scored and not read:
                raise _Unverified  # nothing to append: answer from the log, not from memory
            await self.attempts.append(attempt_id, version, [*events, *scored])
            for score in scored:
                state = self.attempts.evolve(state, score)
            if appended := len(events) + len(scored):
                self.attempts.remember(attempt_id, version + appended, state)
            return Recorded(receipts, state, now)

        async def attempt() -> Recorded:
            # What this process knows of the attempt, unread: most batches append, and the
            # append checks the version, so a read per batch only confirmed the known state
            # (a stale one fails the append, is forgotten, and the batch runs again on a
            # load). A refusal, or a batch that appends nothing, is decided again on a load.
            known = self.attempts.known(attempt_id)
            if known is not None:
                with contextlib.suppress(_Unverified, Refusal):
                    return await decided(known.state, known.version, read=False)
            loaded = await self.attempts.load(attempt_id)
            return await decided(loaded.state, loaded.version, read=True)

        turn = self._turns.setdefault(attempt_id, asyncio.Lock())
        async with turn:
            recorded = await on_fresh_state(attempt, ATTEMPT)
        await self._note(Presence(attempt_id, recorded.server_now, written_through))
        return recorded

    async def _note(self, presence: Presence) -> None:
        # Only the time heard needs writing here: how far the phone says it has written is in
        # the log too (a batch that says more is recorded as AnswersRecorded, and the attempts
        # view the roster reads carries it), so a batch a phone sends within PRESENCE_EVERY of
        # its last noted one writes nothing more (it was a transaction per answer batch).
        noted = self._noted.get(presence.attempt_id)
        if noted and presence.last_heard - noted[0] < PRESENCE_EVERY:
            return
        if len(self._noted) > 100_000:
            self._noted.clear()
        self._noted[presence.attempt_id] = (presence.last_heard, presence.written_through)
        async with self.uow.transaction() as tx:
            await self.presences.heard(tx, presence)
