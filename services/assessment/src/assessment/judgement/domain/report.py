"""The assessor's report to the head of the test site (FR.AK.05), one per session: per
candidate the recommendation (K/BK, as published), the units not yet competent with the gap
found in each, and a note; for the session, what went well, the problems with the site or the
instruments, and suggestions. The assessor drafts it after judgement, then submits it as a
version; a submitted version never changes, a correction is the next version with its reason.
What is written about a candidate is theirs (sealed in the log under their key); the session's
notes are about the hall, its site and its instruments, and stay in the clear."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from assessment.judgement.domain.judgement import Outcome
from kompeten_contracts.errors import Problem, Refusal, conflict, invalid

MIN_REASON = 10


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Recommended(_Frozen):
    """A candidate's published recommendation, as the report quotes it."""

    attempt_id: UUID
    candidate_id: UUID
    overall: Outcome
    not_yet_competent: list[str]  # the units recommended BK


class CandidateLine(_Frozen):
    """What the assessor writes of one candidate."""

    attempt_id: UUID
    gaps: dict[str, str]  # per unit recommended BK: what is still missing
    note: str = ""


class CandidateReport(_Frozen):
    """One candidate's line. The rules here see `gaps` and `note` in the clear; the log keeps
    them sealed under a key of the candidate's (`sealed_text`, the two emptied; or, written
    after the candidate's erasure, `text_erased` and nothing): judgement.application.report_notes.
    Lines written before sealing hold their text as it was."""

    attempt_id: UUID
    candidate_id: UUID
    overall: Outcome
    gaps: dict[str, str]
    note: str
    sealed_text: str | None = None  # base64 of {"gaps", "note"} sealed under the candidate's key
    text_erased: bool = False


class SessionNotes(_Frozen):
    went_well: str
    site_issues: str = ""  # the site, its equipment, the instruments
    suggestions: str = ""


class WriteReport(_Frozen):
    session_id: UUID
    candidates: list[CandidateLine]
    notes: SessionNotes
    correction_reason: str | None = None
    by: UUID
    at: datetime


class ReportDrafted(_Frozen):
    session_id: UUID
    candidates: list[CandidateReport]
    notes: SessionNotes
    correction_reason: str | None  # a draft after a submitted version corrects it
    written_by: UUID
    written_at: datetime


class ReportSubmitted(_Frozen):
    session_id: UUID
    version: int
    candidates: list[CandidateReport]
    notes: SessionNotes
    correction_reason: str | None
    submitted_by: UUID
    submitted_at: datetime


ReportEvent = ReportDrafted | ReportSubmitted
EVENTS: tuple[type[ReportEvent], ...] = (ReportDrafted, ReportSubmitted)


@dataclass(frozen=True)
class Report:
    draft: ReportDrafted | None = None
    versions: tuple[ReportSubmitted, ...] = ()


def stream_id(session_id: UUID) -> str:
    return f"assessment-report-{session_id}"


def _text(value: str, field: str, most: int) -> str:
    text = " ".join(value.split())
    if len(text) > most:
        raise invalid(field, f"paling banyak {most} karakter", f"at most {most} characters")
    return text


def candidate_problems(
    i: int, line: CandidateLine, recommended: Recommended | None, in_session: bool
) -> list[Problem]:
    where = f"candidates[{i}]"
    if not in_session:
        return [
            Problem(
                f"{where}.attempt_id",
                "bukan asesmen dalam sesi ini",
                "not an assessment attempt of this session",
            )
        ]
    if recommended is None:
        return [
            Problem(
                f"{where}.attempt_id",
                "rekomendasi kandidat ini belum diterbitkan",
                "this candidate's recommendation is not published yet",
            )
        ]
    problems = [
        Problem(
            f"{where}.gaps.{unit}",
            "unit ini direkomendasikan K, bukan BK",
            "this unit is recommended K, not BK",
        )
        for unit in line.gaps
        if unit not in recommended.not_yet_competent
    ]
    for unit in recommended.not_yet_competent:
        if not " ".join(line.gaps.get(unit, "").split()):
            problems.append(
                Problem(
                    f"{where}.gaps.{unit}",
                    "jelaskan kesenjangan unit BK ini",
                    "describe the gap in this BK unit",
                )
            )
    return problems


def decide_draft(
    state: Report,
    command: WriteReport,
    attempts: frozenset[UUID],
    recommendations: dict[UUID, Recommended],
) -> list[ReportDrafted]:
    """`attempts`: the session's; `recommendations`: those of them published."""
    lines, notes = command.candidates, command.notes
    problems: list[Problem] = []
    seen: set[UUID] = set()
    for i, line in enumerate(lines):
        if line.attempt_id in seen:
            problems.append(
                Problem(
                    f"candidates[{i}].attempt_id",
                    "kandidat tercantum dua kali",
                    "the candidate is listed twice",
                )
            )
        seen.add(line.attempt_id)
        found = recommendations.get(line.attempt_id)
        problems += candidate_problems(i, line, found, line.attempt_id in attempts)
    reason = " ".join((command.correction_reason or "").split()) or None
    if state.versions and (reason is None or len(reason) < MIN_REASON):
        problems.append(
            Problem(
                "correction_reason",
                f"laporan sudah diserahkan; koreksi perlu alasan (min. {MIN_REASON} karakter)",
                f"the report is submitted; a correction needs a reason ({MIN_REASON}+ characters)",
            )
        )
    elif not state.versions and reason is not None:
        problems.append(
            Problem(
                "correction_reason",
                "belum ada laporan yang diserahkan untuk dikoreksi",
                "no submitted report to correct yet",
            )
        )
    if not " ".join(notes.went_well.split()):
        problems.append(Problem("notes.went_well", "wajib diisi", "required"))
    if problems:
        raise Refusal(problems)
    report = [
        CandidateReport(
            attempt_id=line.attempt_id,
            candidate_id=recommendations[line.attempt_id].candidate_id,
            overall=recommendations[line.attempt_id].overall,
            gaps={u: _text(g, f"candidates[{i}].gaps.{u}", 2000) for u, g in line.gaps.items()},
            note=_text(line.note, f"candidates[{i}].note", 2000),
        )
        for i, line in enumerate(lines)
    ]
    tidy = SessionNotes(
        went_well=_text(notes.went_well, "notes.went_well", 4000),
        site_issues=_text(notes.site_issues, "notes.site_issues", 4000),
        suggestions=_text(notes.suggestions, "notes.suggestions", 4000),
    )
    draft = ReportDrafted(
        session_id=command.session_id,
        candidates=report,
        notes=tidy,
        correction_reason=reason,
        written_by=command.by,
        written_at=command.at,
    )
    if state.draft is not None and _same(state.draft, draft):
        return []
    return [draft]


def _same(one: ReportDrafted, other: ReportDrafted) -> bool:
    keep = ("candidates", "notes", "correction_reason")
    return one.model_dump(include=set(keep)) == other.model_dump(include=set(keep))


def decide_submit(
    state: Report, version: int, attempts: frozenset[UUID], by: UUID, now: datetime
) -> list[ReportSubmitted]:
    """`version`: the number the caller submits as; the same again once it is in is a retry."""
    if state.versions and version == state.versions[-1].version:
        return []
    if version != len(state.versions) + 1:
        raise conflict(
            "version",
            f"versi berikutnya adalah {len(state.versions) + 1}",
            f"the next version is {len(state.versions) + 1}",
        )
    draft = state.draft
    if draft is None:
        raise conflict(
            "report",
            "tulis laporan (atau koreksinya) dahulu",
            "write the report (or its correction) first",
        )
    missing = attempts - {c.attempt_id for c in draft.candidates}
    if missing:
        raise conflict(
            "candidates",
            "setiap kandidat sesi harus ada dalam laporan: "
            + ", ".join(sorted(str(m) for m in missing)),
            "every candidate of the session must be in the report: "
            + ", ".join(sorted(str(m) for m in missing)),
        )
    return [
        ReportSubmitted(
            session_id=draft.session_id,
            version=version,
            candidates=draft.candidates,
            notes=draft.notes,
            correction_reason=draft.correction_reason,
            submitted_by=by,
            submitted_at=now,
        )
    ]


def evolve(state: Report, event: ReportEvent) -> Report:
    if isinstance(event, ReportDrafted):
        return replace(state, draft=event)
    return Report(draft=None, versions=(*state.versions, event))
