"""Read model of the operators' progress: one row per session (its LSP, scheme and district) and
one per attempt assigned in it, with what has happened to the attempt so far: voided (its
session cancelled), opened and answered (the exam), present (the assessor's attendance record
that counts, by capture's own rules), finalised (scored), the recommendation's K/BK, appealed.
The counts per session, district and scheme are sums over these rows (progress_queries).

Built from assessment's own log by eventkit's ProjectionRunner, a batch at a time: every fact
a batch sets is a flag that only turns on, or a value set once, so the batch folds into a few
set-based statements and the order of a batch's facts does not matter; attendance is the one
fold that reads the rows first (which attendance record counts depends on every one held)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from assessment.appeals.domain.appeal import AppealLodged
from assessment.capture.domain.assessor_record import CaptureRecorded
from assessment.capture.domain.capture_record import CaptureRecord, Kind, Presence
from assessment.capture.domain.findings import findings_of
from assessment.exams.domain.attempt import (
    AnswersRecorded,
    AttemptScored,
    AttemptVoided,
    ExamOpened,
)
from assessment.judgement.domain.judgement import RecommendationPublished
from assessment.planning.domain.session import (
    CandidatesAssigned,
    SessionCancelled,
    SessionScheduled,
)
from assessment.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier

FLAGS = ("voided", "opened", "answered", "finalised", "appealed")
SAT = (Presence.PRESENT, Presence.LATE)


class ProgressProjection:
    name = "assessment_progress"
    handles = REGISTRY.select(
        SessionScheduled, SessionCancelled, CandidatesAssigned, AttemptVoided, ExamOpened,
        AnswersRecorded, AttemptScored, RecommendationPublished, AppealLodged, CaptureRecorded,
    )  # fmt: skip
    tables: Sequence[str] = ("progress_sessions", "progress_attempts")

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        s, x = self.schema, table_suffix
        await conn.execute(f"""
            CREATE TABLE IF NOT EXISTS {s}.progress_sessions{x} (
                session_id uuid PRIMARY KEY, lsp_id uuid, scheme_code text NOT NULL,
                district_code text NOT NULL, cancelled boolean NOT NULL DEFAULT false);
            CREATE TABLE IF NOT EXISTS {s}.progress_attempts{x} (
                attempt_id uuid PRIMARY KEY, session_id uuid NOT NULL, candidate_id uuid NOT NULL,
                lsp_id uuid, scheme_code text NOT NULL, district_code text NOT NULL,
                voided boolean NOT NULL DEFAULT false, opened boolean NOT NULL DEFAULT false,
                answered boolean NOT NULL DEFAULT false, present boolean NOT NULL DEFAULT false,
                attendance jsonb NOT NULL DEFAULT '[]', finalised boolean NOT NULL DEFAULT false,
                outcome text, appealed boolean NOT NULL DEFAULT false);
            CREATE INDEX IF NOT EXISTS progress_attempts_session{x}
                ON {s}.progress_attempts{x} (session_id, candidate_id);
            CREATE INDEX IF NOT EXISTS progress_attempts_district{x}
                ON {s}.progress_attempts{x} (district_code, scheme_code);
        """)

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None:
        s, x = self.schema, table_suffix
        scheduled: dict[UUID, SessionScheduled] = {}
        cancelled: set[UUID] = set()
        assigned: dict[UUID, tuple[UUID, UUID]] = {}  # attempt -> (session, candidate)
        flags: dict[str, set[UUID]] = {flag: set() for flag in FLAGS}
        outcomes: dict[UUID, str] = {}
        attendance: dict[tuple[UUID, UUID], list[CaptureRecord]] = defaultdict(list)
        for item in events:
            e = item.event
            if isinstance(e, SessionScheduled):
                scheduled[e.session_id] = e
            elif isinstance(e, SessionCancelled):
                cancelled.add(e.session_id)
            elif isinstance(e, CandidatesAssigned):
                assigned.update({a.attempt_id: (e.session_id, a.candidate_id)
                                 for a in e.assignments})  # fmt: skip
            elif isinstance(e, AttemptVoided):
                flags["voided"].add(e.attempt_id)
            elif isinstance(e, ExamOpened):
                flags["opened"].add(e.attempt_id)
            elif isinstance(e, AnswersRecorded):
                if e.applied:
                    flags["answered"].add(e.attempt_id)
            elif isinstance(e, AttemptScored):
                flags["finalised"].add(e.attempt_id)
            elif isinstance(e, RecommendationPublished):
                outcomes[e.attempt_id] = e.overall.value
            elif isinstance(e, AppealLodged):
                flags["appealed"].add(e.attempt_id)
            elif isinstance(e, CaptureRecorded):
                held = [r for r in e.records if r.kind is Kind.ATTENDANCE]
                if held:
                    attendance[(e.session_id, e.candidate_id)] += held
        if scheduled:
            plans = list(scheduled.values())
            await conn.execute(
                f"INSERT INTO {s}.progress_sessions{x} "
                "(session_id, lsp_id, scheme_code, district_code) SELECT * FROM "
                "unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING",
                [p.session_id for p in plans], [p.lsp_id for p in plans],
                [p.scheme_code for p in plans], [p.district_code for p in plans],
            )  # fmt: skip
        if cancelled:
            await conn.execute(
                f"UPDATE {s}.progress_sessions{x} SET cancelled = true "
                "WHERE session_id = ANY($1::uuid[])",
                list(cancelled),
            )
        if assigned:
            ids = list(assigned)
            await conn.execute(
                f"INSERT INTO {s}.progress_attempts{x} (attempt_id, session_id, candidate_id, "
                "lsp_id, scheme_code, district_code) SELECT a.attempt_id, a.session_id, "
                "a.candidate_id, s.lsp_id, s.scheme_code, s.district_code FROM "
                "unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS a(attempt_id, session_id, "
                f"candidate_id) JOIN {s}.progress_sessions{x} s USING (session_id) "
                "ON CONFLICT DO NOTHING",
                ids, [assigned[a][0] for a in ids], [assigned[a][1] for a in ids],
            )  # fmt: skip
        for flag, attempts in flags.items():
            if attempts:
                await conn.execute(
                    # NOT {flag}: a row already set is not rewritten (every answer batch
                    # of a hall would otherwise leave a dead row version behind).
                    f"UPDATE {s}.progress_attempts{x} SET {flag} = true "
                    f"WHERE attempt_id = ANY($1::uuid[]) AND NOT {flag}",
                    list(attempts),
                )
        if outcomes:
            await conn.execute(
                f"UPDATE {s}.progress_attempts{x} AS p SET outcome = o.outcome FROM "
                "unnest($1::uuid[], $2::text[]) AS o(attempt_id, outcome) "
                "WHERE p.attempt_id = o.attempt_id",
                list(outcomes), list(outcomes.values()),
            )  # fmt: skip
        if attendance:
            await self.attendance(conn, attendance, x)

    async def attendance(
        self, conn: Conn, arrived: dict[tuple[UUID, UUID], list[CaptureRecord]], x: str
    ) -> None:
        """Adds the attendance records that arrived to each candidate's row and sets `present`
        from the record that counts among all held (an edit or a settled conflict included)."""
        t = f"{self.schema}.progress_attempts{x}"
        rows = await conn.fetch(
            f"SELECT p.session_id, p.candidate_id, p.attendance::text AS held FROM {t} p "
            "JOIN unnest($1::uuid[], $2::uuid[]) AS k(session_id, candidate_id) "
            "ON p.session_id = k.session_id AND p.candidate_id = k.candidate_id",
            [k[0] for k in arrived], [k[1] for k in arrived],
        )  # fmt: skip
        keys, held, present = [], [], []
        for row in rows:
            key = (row["session_id"], row["candidate_id"])
            records = [CaptureRecord.model_validate(r) for r in json.loads(row["held"])]
            records += arrived[key]
            keys.append(key)
            held.append(json.dumps([r.model_dump(mode="json") for r in records]))
            present.append(findings_of(key[1], records).presence in SAT)
        if keys:
            await conn.execute(
                f"UPDATE {t} AS p SET attendance = u.held::jsonb, present = u.present FROM "
                "unnest($1::uuid[], $2::uuid[], $3::text[], $4::bool[]) AS "
                "u(session_id, candidate_id, held, present) "
                "WHERE p.session_id = u.session_id AND p.candidate_id = u.candidate_id",
                [k[0] for k in keys], [k[1] for k in keys], held, present,
            )  # fmt: skip
