"""The assessor's judgement of one attempt (FR.AK.02 per unit with its evidence, FR.AK.03
feedback) and the recommendation it becomes. One stream per attempt.

A unit is K when the assessor judged it K and, if the candidate's written exam had questions
of that unit, the candidate answered at least the pass mark of them correctly: the written test
is one piece of evidence the assessor's judgement must agree with, never the other way round.
The recommendation is published once, when the attempt is scored, every unit of the scheme is
judged, and the attempt is over for good: the phone confirmed everything it wrote has arrived,
or the assessor closed the session."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from kompeten_contracts.errors import Problem, Refusal, conflict

PASS_MARK = 0.7
INSTRUMENTS = ("IA.01", "IA.02", "IA.03", "IA.04", "IA.05", "IA.06", "IA.07", "IA.08", "IA.09",
               "IA.10", "IA.11")  # fmt: skip
FILE_HASH = re.compile(r"^[0-9a-f]{64}$")  # an evidence file's SHA-256, as capture records it


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Outcome(StrEnum):
    COMPETENT = "K"
    NOT_YET_COMPETENT = "BK"


class UnitJudgement(_Frozen):
    unit_code: str
    outcome: Outcome
    # The instruments it rests on (IA.01...), and optionally evidence files by their SHA-256.
    evidence: list[str] = Field(default_factory=list)
    note: str = ""


class UnitsJudged(_Frozen):
    attempt_id: UUID
    assessor_id: UUID
    units: list[UnitJudgement]
    feedback: str  # FR.AK.03: what the assessor told the candidate, and the candidate's word
    judged_at: datetime


class UnitOutcome(_Frozen):
    unit_code: str
    outcome: Outcome


class RecommendationPublished(_Frozen):
    attempt_id: UUID
    attempt_no: int
    candidate_id: UUID
    application_id: UUID
    lsp_id: UUID | None
    scheme_code: str
    scheme_version: int
    session_id: UUID
    district_code: str
    units: list[UnitOutcome]
    overall: Outcome
    assessor_ids: list[UUID]
    written_correct: dict[str, int]  # per unit, as scored: kept with the decision's reasons
    written_questions: dict[str, int]
    recommended_at: datetime
    trainer_ids: list[UUID] = Field(default_factory=list)  # who trained the candidate (diklat)


JudgementEvent = UnitsJudged | RecommendationPublished
EVENTS: tuple[type[JudgementEvent], ...] = (UnitsJudged, RecommendationPublished)


@dataclass(frozen=True)
class Judgement:
    judged: UnitsJudged | None = None
    published: RecommendationPublished | None = None


@dataclass(frozen=True)
class Facts:
    """What the recommendation rests on besides the judgement, as the caller found them."""

    attempt_id: UUID
    attempt_no: int
    candidate_id: UUID
    application_id: UUID
    lsp_id: UUID | None
    scheme_code: str
    scheme_version: int
    session_id: UUID
    district_code: str
    assessor_ids: list[UUID]
    scheme_units: list[str]
    correct_by_unit: dict[str, int] | None  # None: not scored yet
    questions_by_unit: dict[str, int]
    over: bool  # complete on the phone's word, or the session closed
    trainer_ids: tuple[UUID, ...] = ()  # everyone who trained the candidate for the LSP


def stream_id(attempt_id: UUID) -> str:
    return f"judgement-{attempt_id}"


def same_judgement(one: UnitsJudged | None, other: UnitsJudged) -> bool:
    """The same judgement sent again (a retry whose answer was lost): only its time differs."""
    return one is not None and one.model_copy(update={"judged_at": other.judged_at}) == other


@dataclass(frozen=True)
class Citable:
    """The evidence files a judgement may cite: the photos the candidate's capture records name
    (the records that count) and, of those, the files uploaded to the session and kept."""

    photos: frozenset[str] = frozenset()
    uploaded: frozenset[str] = frozenset()


def evidence_problems(where: str, evidence: list[str], citable: Citable) -> list[Problem]:
    instruments = [code for code in evidence if code in INSTRUMENTS]
    files = [code for code in evidence if FILE_HASH.match(code)]
    if not instruments or len(instruments) + len(files) != len(evidence):
        return [
            Problem(
                where,
                "bukti: kode instrumen IA.01-IA.11, dan hash SHA-256 berkas bukti",
                "evidence: instrument codes IA.01-IA.11, and evidence files' SHA-256",
            )
        ]
    problems = []
    for n, code in enumerate(evidence):
        if code in files and code not in citable.photos:
            problems.append(
                Problem(
                    f"{where}[{n}]",
                    "bukan foto dalam catatan asesor kandidat ini",
                    "not a photo in this candidate's capture records",
                )
            )
        elif code in files and code not in citable.uploaded:
            problems.append(
                Problem(
                    f"{where}[{n}]",
                    "berkas foto belum diunggah ke sesi",
                    "the photo's file is not uploaded to the session yet",
                )
            )
    return problems  # fmt: skip


def decide_judge(
    state: Judgement,
    command: UnitsJudged,
    scheme_units: list[str],
    citable: Citable | None = None,
) -> list[UnitsJudged]:
    if same_judgement(state.judged, command):
        return []
    if state.published is not None:
        raise conflict(
            "attempt_id",
            "rekomendasi sudah diterbitkan; banding atau asesmen ulang untuk mengubahnya",
            "the recommendation is published; an appeal or a re-assessment changes it",
        )
    problems = []
    given = [u.unit_code for u in command.units]
    if sorted(given) != sorted(scheme_units) or len(set(given)) != len(given):
        problems.append(Problem("units", "setiap unit skema tepat satu kali",
                                "every unit of the scheme exactly once"))  # fmt: skip
    for i, unit in enumerate(command.units):
        problems += evidence_problems(f"units[{i}].evidence", unit.evidence, citable or Citable())
    if problems:
        raise Refusal(problems)
    return [command]


def unit_outcome(judged: UnitJudgement, facts: Facts) -> Outcome:
    asked = facts.questions_by_unit.get(judged.unit_code, 0)
    right = (facts.correct_by_unit or {}).get(judged.unit_code, 0)
    written_ok = asked == 0 or right >= PASS_MARK * asked
    k = judged.outcome is Outcome.COMPETENT and written_ok
    return Outcome.COMPETENT if k else Outcome.NOT_YET_COMPETENT


def decide_publish(state: Judgement, facts: Facts, now: datetime) -> list[RecommendationPublished]:
    judged = state.judged
    if state.published is not None or judged is None:
        return []
    if facts.correct_by_unit is None or not facts.over:
        return []
    by_unit = {u.unit_code: u for u in judged.units}
    units = [UnitOutcome(unit_code=code, outcome=unit_outcome(by_unit[code], facts))
             for code in facts.scheme_units]  # fmt: skip
    overall = (Outcome.COMPETENT if all(u.outcome is Outcome.COMPETENT for u in units)
               else Outcome.NOT_YET_COMPETENT)  # fmt: skip
    return [
        RecommendationPublished(
            attempt_id=facts.attempt_id, attempt_no=facts.attempt_no,
            candidate_id=facts.candidate_id, application_id=facts.application_id,
            lsp_id=facts.lsp_id, scheme_code=facts.scheme_code,
            scheme_version=facts.scheme_version, session_id=facts.session_id,
            district_code=facts.district_code, units=units, overall=overall,
            assessor_ids=facts.assessor_ids, written_correct=facts.correct_by_unit,
            written_questions=facts.questions_by_unit, recommended_at=now,
            trainer_ids=list(facts.trainer_ids),
        )
    ]  # fmt: skip


def evolve(state: Judgement, event: JudgementEvent) -> Judgement:
    if isinstance(event, UnitsJudged):
        return replace(state, judged=event)
    return replace(state, published=event)
