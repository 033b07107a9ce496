"""The assessor's live roster of a session: per assigned candidate, whether their phone is
writing, has everything sent, has gone quiet (heard nothing for 2 minutes) or was never heard;
and the counts a person at the front of the hall reads at a glance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from assessment.exams.application.ports import AttemptRow, Presences, SessionAttempts
from assessment.planning.domain.session import Session

QUIET_AFTER = timedelta(minutes=2)


class PhoneState(StrEnum):
    NEVER_HEARD = "never_heard"
    WRITING = "writing"
    QUIET = "quiet"  # heard nothing for 2 minutes
    ALL_SENT = "all_sent"


@dataclass(frozen=True)
class RosterLine:
    candidate_id: UUID
    attempt_id: UUID
    assessor_id: UUID
    state: PhoneState
    last_heard: datetime | None
    answered: int
    questions: int
    held_through: int
    written_through: int
    refused: int
    scored: bool


@dataclass(frozen=True)
class Roster:
    lines: list[RosterLine]
    counts: dict[PhoneState, int]
    server_now: datetime


def phone_state(row: AttemptRow | None, heard: datetime | None, now: datetime) -> PhoneState:
    if row is not None and row.complete:
        return PhoneState.ALL_SENT
    if heard is None:
        return PhoneState.NEVER_HEARD
    return PhoneState.QUIET if now - heard > QUIET_AFTER else PhoneState.WRITING


@dataclass
class SessionRoster:
    attempts: SessionAttempts
    presences: Presences
    clock: Callable[[], datetime]

    async def of(self, session: Session) -> Roster:
        assert session.plan is not None
        now = self.clock()
        rows = {r.attempt_id: r for r in await self.attempts.of_session(session.plan.session_id)}
        heard = await self.presences.of_session(session.plan.session_id)
        lines = []
        for a in session.assignments:
            row, presence = rows.get(a.attempt_id), heard.get(a.attempt_id)
            last = presence.last_heard if presence else None
            lines.append(
                RosterLine(
                    candidate_id=a.candidate_id, attempt_id=a.attempt_id,
                    assessor_id=a.assessor_id, state=phone_state(row, last, now), last_heard=last,
                    answered=row.answered if row else 0, questions=row.questions if row else 0,
                    held_through=row.held_through if row else 0,
                    written_through=max(row.written_through if row else 0,
                                        presence.written_through if presence else 0),
                    refused=row.refused if row else 0, scored=row.scored if row else False,
                )
            )  # fmt: skip
        counts = {state: sum(line.state is state for line in lines) for state in PhoneState}
        return Roster(lines, counts, now)
