"""FR.AK.05, the assessor's report to the test site's head: every candidate's published
recommendation quoted with a gap per BK unit, the session's notes; submitted as versions that
never change; a correction is the next version and says why."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from assessment.judgement.domain.judgement import Outcome
from assessment.judgement.domain.report import (
    CandidateLine,
    Recommended,
    Report,
    SessionNotes,
    WriteReport,
    decide_draft,
    decide_submit,
    evolve,
)
from kompeten_contracts.errors import Refusal

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
SESSION, ASSESSOR = uuid4(), uuid4()
PASSED, HELD = uuid4(), uuid4()
ATTEMPTS = frozenset({PASSED, HELD})
RECOMMENDED = {
    PASSED: Recommended(
        attempt_id=PASSED, candidate_id=uuid4(), overall=Outcome.COMPETENT, not_yet_competent=[]
    ),
    HELD: Recommended(
        attempt_id=HELD,
        candidate_id=uuid4(),
        overall=Outcome.NOT_YET_COMPETENT,
        not_yet_competent=["U2"],
    ),
}
NOTES = SessionNotes(went_well="Aula tertib", site_issues="Proyektor mati", suggestions="")
LINES = [
    CandidateLine(attempt_id=PASSED, gaps={}, note="Lancar"),
    CandidateLine(attempt_id=HELD, gaps={"U2": "Belum dapat merekonsiliasi kas harian"}),
]


def write(lines: list[CandidateLine], reason: str | None = None) -> WriteReport:
    return WriteReport(
        session_id=SESSION,
        candidates=lines,
        notes=NOTES,
        correction_reason=reason,
        by=ASSESSOR,
        at=NOW,
    )


def drafted(state: Report, lines: list[CandidateLine], reason: str | None = None) -> Report:
    for event in decide_draft(state, write(lines, reason), ATTEMPTS, RECOMMENDED):
        state = evolve(state, event)
    return state


def submitted(state: Report, version: int) -> Report:
    for event in decide_submit(state, version, ATTEMPTS, ASSESSOR, NOW):
        state = evolve(state, event)
    return state


def fields(refused: pytest.ExceptionInfo[Refusal]) -> list[str]:
    return [p.field for p in refused.value.problems]


def test_the_report_quotes_each_recommendation_and_is_submitted_as_version_1() -> None:
    report = submitted(drafted(Report(), LINES), 1)
    [version] = report.versions
    assert report.draft is None and version.version == 1
    outcomes = {c.attempt_id: (c.overall, c.gaps) for c in version.candidates}
    assert outcomes == {
        PASSED: (Outcome.COMPETENT, {}),
        HELD: (Outcome.NOT_YET_COMPETENT, {"U2": LINES[1].gaps["U2"]}),
    }
    assert version.notes.site_issues == "Proyektor mati"


def test_every_bk_unit_needs_its_gap_and_a_k_unit_has_none() -> None:
    bad = [
        CandidateLine(attempt_id=PASSED, gaps={"U1": "?"}),
        CandidateLine(attempt_id=HELD, gaps={"U2": "  "}),
    ]
    with pytest.raises(Refusal) as refused:
        decide_draft(Report(), write(bad), ATTEMPTS, RECOMMENDED)
    assert fields(refused) == ["candidates[0].gaps.U1", "candidates[1].gaps.U2"]


def test_only_the_sessions_recommended_attempts_once_each() -> None:
    stranger, pending = uuid4(), uuid4()
    lines = [
        CandidateLine(attempt_id=stranger, gaps={}),
        LINES[0],
        LINES[0],
        CandidateLine(attempt_id=pending, gaps={}),
    ]
    with pytest.raises(Refusal) as refused:
        decide_draft(Report(), write(lines), ATTEMPTS | {pending}, RECOMMENDED)
    assert fields(refused) == [
        "candidates[0].attempt_id",
        "candidates[2].attempt_id",
        "candidates[3].attempt_id",
    ]
    assert "not published" in refused.value.problems[2].reason_en


def test_submission_needs_every_candidate_of_the_session() -> None:
    partial = drafted(Report(), LINES[:1])
    with pytest.raises(Refusal) as refused:
        decide_submit(partial, 1, ATTEMPTS, ASSESSOR, NOW)
    assert fields(refused) == ["candidates"] and str(HELD) in refused.value.problems[0].reason_en
    with pytest.raises(Refusal) as nothing:
        decide_submit(Report(), 1, ATTEMPTS, ASSESSOR, NOW)
    assert fields(nothing) == ["report"]


def test_a_submitted_version_never_changes_and_a_correction_needs_a_reason() -> None:
    first = submitted(drafted(Report(), LINES), 1)
    assert decide_submit(first, 1, ATTEMPTS, ASSESSOR, NOW) == []  # a retry
    with pytest.raises(Refusal) as no_draft:
        decide_submit(first, 2, ATTEMPTS, ASSESSOR, NOW)
    assert fields(no_draft) == ["report"]
    with pytest.raises(Refusal) as no_reason:
        decide_draft(first, write(LINES), ATTEMPTS, RECOMMENDED)
    assert fields(no_reason) == ["correction_reason"]
    fixed = [LINES[0], CandidateLine(attempt_id=HELD, gaps={"U2": "Belum menyusun laporan kas"})]
    second = submitted(drafted(first, fixed, "Kesenjangan U2 salah ditulis"), 2)
    assert [v.version for v in second.versions] == [1, 2]
    assert second.versions[0] == first.versions[0]
    assert second.versions[1].correction_reason == "Kesenjangan U2 salah ditulis"
    with pytest.raises(Refusal) as skipped:
        decide_submit(second, 4, ATTEMPTS, ASSESSOR, NOW)
    assert fields(skipped) == ["version"]


def test_no_correction_before_a_submission_and_went_well_is_required() -> None:
    with pytest.raises(Refusal) as early:
        decide_draft(Report(), write(LINES, "mengoreksi sesuatu"), ATTEMPTS, RECOMMENDED)
    assert fields(early) == ["correction_reason"]
    blank = WriteReport(
        session_id=SESSION, candidates=LINES, by=ASSESSOR, at=NOW, notes=SessionNotes(went_well=" ")
    )
    with pytest.raises(Refusal) as refused:
        decide_draft(Report(), blank, ATTEMPTS, RECOMMENDED)
    assert fields(refused) == ["notes.went_well"]


def test_the_same_draft_again_appends_nothing() -> None:
    state = drafted(Report(), LINES)
    later = write(LINES).model_copy(update={"at": datetime(2026, 12, 2, tzinfo=UTC)})
    assert decide_draft(state, later, ATTEMPTS, RECOMMENDED) == []
