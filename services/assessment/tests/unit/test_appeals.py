"""Appeals (FR.AK.04): lodged within the window after the recommendation, one open per attempt,
a retry applied once; routed to a reviewer who had no part in the assessment or training;
decided with reasons by that reviewer only, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from assessment.appeals.domain.appeal import (
    Appeal,
    AppealDecided,
    AppealLodged,
    AppealOutcome,
    ReviewerAssigned,
    decide_assign_reviewer,
    decide_decision,
    evolve,
)
from assessment.appeals.domain.docket import Docket, decide_lodge
from assessment.appeals.domain.docket import evolve as evolve_docket
from assessment.appeals.domain.independence import Involvement, reviewer_refusal
from assessment.appeals.domain.window import AppealWindows
from kompeten_contracts.errors import Kind, Refusal

RECOMMENDED = datetime(2026, 12, 1, 12, tzinfo=UTC)
GROUNDS = "Waktu ujian terpotong karena jaringan di aula terputus selama 20 menit."
REASONS = "Catatan pengawas menunjukkan jaringan terputus; asesi berhak diuji ulang."
ATTEMPT, CANDIDATE, REVIEWER = uuid4(), uuid4(), uuid4()


def lodging(at: datetime, client_id: UUID | None = None, grounds: str = GROUNDS) -> AppealLodged:
    return AppealLodged(
        appeal_id=uuid4(), attempt_id=ATTEMPT, attempt_no=1, candidate_id=CANDIDATE,
        application_id=uuid4(), lsp_id=uuid4(), scheme_code="KOP-KASIR", session_id=uuid4(),
        grounds=grounds, client_id=client_id or uuid4(), lodged_at=at,
    )  # fmt: skip


DEFAULT = AppealWindows()


def closes(windows: AppealWindows = DEFAULT, scheme: str = "KOP-KASIR") -> datetime:
    return windows.closes_at(scheme, RECOMMENDED)


def test_an_appeal_is_lodged_within_the_window_and_refused_after_it_naming_the_field() -> None:
    last_day = lodging(RECOMMENDED + timedelta(days=14))
    done = decide_lodge(Docket(), False, last_day, closes())
    assert done.lodged is not None and done.opened is not None
    assert done.opened.appeal_id == done.lodged.appeal_id == last_day.appeal_id
    with pytest.raises(Refusal) as late:
        decide_lodge(
            Docket(), False, lodging(RECOMMENDED + timedelta(days=14, seconds=1)), closes()
        )
    assert late.value.kind is Kind.CONFLICT
    assert late.value.problems[0].field == "attempt_id"
    assert "2026-12-15" in late.value.problems[0].reason_en


def test_the_window_is_configurable_per_scheme() -> None:
    windows = AppealWindows(14, {"KOP-BENDAHARA": 30})
    assert closes(windows, "KOP-BENDAHARA") == RECOMMENDED + timedelta(days=30)
    assert closes(windows, "KOP-KASIR") == RECOMMENDED + timedelta(days=14)
    at_day_20 = lodging(RECOMMENDED + timedelta(days=20))
    assert decide_lodge(Docket(), False, at_day_20, closes(windows, "KOP-BENDAHARA")).lodged
    with pytest.raises(ValueError, match="1-90 days"):
        AppealWindows(0)


def test_grounds_are_required_and_tidied() -> None:
    with pytest.raises(Refusal) as short:
        decide_lodge(Docket(), False, lodging(RECOMMENDED, grounds="  tidak   adil "), closes())
    assert short.value.problems[0].field == "grounds"
    done = decide_lodge(Docket(), False, lodging(RECOMMENDED, grounds=f"  {GROUNDS}\n "), closes())
    assert done.lodged is not None and done.lodged.grounds == GROUNDS


def test_one_open_appeal_per_attempt_and_a_retry_is_the_same_appeal() -> None:
    client = uuid4()
    first = decide_lodge(Docket(), False, lodging(RECOMMENDED, client), closes())
    assert first.opened is not None
    docket = evolve_docket(Docket(), first.opened)
    retry = decide_lodge(docket, True, lodging(RECOMMENDED + timedelta(hours=1), client), closes())
    assert (retry.appeal_id, retry.opened, retry.lodged) == (first.appeal_id, None, None)
    with pytest.raises(Refusal) as second:
        decide_lodge(docket, True, lodging(RECOMMENDED + timedelta(hours=1)), closes())
    assert second.value.problems[0].field == "attempt_id"
    assert "still open" in second.value.problems[0].reason_en
    after_decision = decide_lodge(docket, False, lodging(RECOMMENDED + timedelta(days=2)), closes())
    assert after_decision.lodged is not None and docket.last == first.appeal_id


def test_a_reviewer_involved_in_the_assessment_or_training_is_refused_with_every_reason() -> None:
    assessor, judge = uuid4(), uuid4()
    involvement = Involvement(frozenset({assessor}), frozenset({assessor, judge}))
    refused = reviewer_refusal(assessor, involvement)
    assert refused is not None and refused.kind is Kind.CONFLICT
    assert [p.field for p in refused.problems] == ["reviewer_id", "reviewer_id"]
    assert "assessed" in refused.problems[0].reason_en
    assert "judgement" in refused.problems[1].reason_en
    judged_only = reviewer_refusal(judge, involvement)
    assert judged_only is not None and len(judged_only.problems) == 1
    trainer = Involvement(frozenset(), frozenset(), (("melatih", "the assessor trained them"),))
    trained = reviewer_refusal(REVIEWER, trainer)
    assert trained is not None and trained.problems[0].reason_en == "the assessor trained them"
    assert reviewer_refusal(REVIEWER, involvement) is None


def lodged_appeal() -> Appeal:
    return evolve(Appeal(), lodging(RECOMMENDED))


def routed(state: Appeal, reviewer: UUID = REVIEWER) -> Appeal:
    assert state.lodged is not None
    command = ReviewerAssigned(appeal_id=state.lodged.appeal_id, reviewer_id=reviewer,
                               assigned_by=uuid4(), assigned_at=RECOMMENDED)  # fmt: skip
    for event in decide_assign_reviewer(state, command):
        state = evolve(state, event)
    return state


def decision(state: Appeal, by: UUID, outcome: AppealOutcome = AppealOutcome.UPHELD,
             reasons: str = REASONS) -> AppealDecided:  # fmt: skip
    lodged = state.lodged
    assert lodged is not None
    return AppealDecided(
        appeal_id=lodged.appeal_id, attempt_id=lodged.attempt_id, attempt_no=1,
        candidate_id=lodged.candidate_id, application_id=lodged.application_id,
        lsp_id=lodged.lsp_id, outcome=outcome, reasons=reasons, decided_by=by,
        decided_at=RECOMMENDED + timedelta(days=3),
    )  # fmt: skip


def test_only_the_assigned_reviewer_decides_with_reasons_and_only_once() -> None:
    unrouted = lodged_appeal()
    with pytest.raises(Refusal) as nobody:
        decide_decision(unrouted, decision(unrouted, REVIEWER))
    assert nobody.value.problems[0].field == "reviewer_id"
    state = routed(unrouted)
    with pytest.raises(Refusal) as someone_else:
        decide_decision(state, decision(state, uuid4()))
    assert someone_else.value.kind is Kind.FORBIDDEN
    with pytest.raises(Refusal) as curt:
        decide_decision(state, decision(state, REVIEWER, reasons="ditolak"))
    assert curt.value.problems[0].field == "reasons"
    [decided] = decide_decision(state, decision(state, REVIEWER))
    assert decided.outcome is AppealOutcome.UPHELD
    state = evolve(state, decided)
    assert not state.open
    assert decide_decision(state, decision(state, REVIEWER)) == []  # a retry
    with pytest.raises(Refusal) as changed:
        decide_decision(state, decision(state, REVIEWER, AppealOutcome.DISMISSED))
    assert changed.value.problems[0].field == "appeal_id"
    with pytest.raises(Refusal):
        routed(state, uuid4())  # decided: no other reviewer


def test_the_admin_may_route_an_undecided_appeal_to_another_reviewer() -> None:
    state = routed(lodged_appeal())
    assert routed(state).reviewer_id == REVIEWER  # the same again changes nothing
    other = uuid4()
    assert routed(state, other).reviewer_id == other
