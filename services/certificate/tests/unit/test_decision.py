"""The certification decision: given the recommendation received and the judgements so far,
when a member judges, then the judgement (and, once the panel is complete, the decision) or a
refusal naming the field."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from certificate_cases import AT, recommendation

from certificate.decisions.domain import decision as d
from certificate.decisions.domain.panel import PanelSizes
from certificate.recommendations.application.recommendation_published import received
from certificate.recommendations.domain import candidate_involvement as ci
from certificate.recommendations.domain import recommendation as r
from certificate.shared.domain.outcomes import Outcome
from kompeten_contracts.errors import Kind, Refusal

LSP = uuid4()
K, BK = Outcome.COMPETENT, Outcome.NOT_YET_COMPETENT


def received_state(**changes: object) -> r.Recommendation:
    command = received(recommendation(lsp_id=LSP, **changes), AT)  # type: ignore[arg-type]
    return r.evolve(r.Recommendation(), *r.decide_receive(r.Recommendation(), command))


def judge(member: UUID, outcome: Outcome = K, reason: str | None = None,
          rec: r.Recommendation | None = None, lsp: UUID = LSP) -> d.Judge:  # fmt: skip
    attempt = (rec or received_state()).received
    assert attempt is not None
    return d.Judge(attempt_id=attempt.attempt_id, lsp_id=lsp, member=member, outcome=outcome,
                   reason=reason, at=AT)  # fmt: skip


def refused(state: d.Decision, rec: r.Recommendation, command: d.Judge, size: int = 1) -> Refusal:
    with pytest.raises(Refusal) as caught:
        d.decide_judge(state, rec, command, size)
    return caught.value


def test_one_member_decides_k_when_the_panel_is_one() -> None:
    rec = received_state()
    member = uuid4()
    judged, decided = d.decide_judge(d.Decision(), rec, judge(member, rec=rec), 1)
    assert isinstance(judged, d.MemberJudged) and judged.member == member
    assert isinstance(decided, d.CertificationDecided)
    assert (decided.outcome, decided.panel) == (K, (member,))


def test_an_assessor_of_the_candidate_is_refused_naming_assessor_ids() -> None:
    assessor = uuid4()
    rec = received_state(assessor_ids=(uuid4(), assessor))
    refusal = refused(d.Decision(), rec, judge(assessor, rec=rec))
    assert (refusal.kind, refusal.field) == (Kind.FORBIDDEN, "assessor_ids")
    assert "assessor" in refusal.reason_en and "asesor" in refusal.reason_id


def test_a_panel_of_two_decides_on_the_second_distinct_member() -> None:
    rec = received_state()
    first, second = uuid4(), uuid4()
    [judged] = d.decide_judge(d.Decision(), rec, judge(first, rec=rec), 2)
    state = d.evolve(d.Decision(), judged)
    assert d.decide_judge(state, rec, judge(first, rec=rec), 2) == []  # the same again: nothing
    events = d.decide_judge(state, rec, judge(second, rec=rec), 2)
    decided = events[-1]
    assert isinstance(decided, d.CertificationDecided) and decided.panel == (first, second)


def test_a_panel_that_is_not_unanimous_for_k_decides_bk() -> None:
    rec = received_state()
    first, second = uuid4(), uuid4()
    state = d.evolve(d.Decision(), *d.decide_judge(d.Decision(), rec, judge(first, rec=rec), 2))
    dissent = judge(second, BK, "bukti portofolio tidak memadai", rec=rec)
    decided = d.decide_judge(state, rec, dissent, 2)[-1]
    assert isinstance(decided, d.CertificationDecided) and decided.outcome is BK


def test_a_member_who_judged_cannot_judge_otherwise() -> None:
    rec = received_state()
    member = uuid4()
    state = d.evolve(d.Decision(), *d.decide_judge(d.Decision(), rec, judge(member, rec=rec), 2))
    refusal = refused(state, rec, judge(member, BK, "berubah pikiran", rec=rec), 2)
    assert (refusal.kind, refusal.field) == (Kind.CONFLICT, "outcome")


def test_after_the_decision_no_further_member_judges() -> None:
    rec = received_state()
    state = d.Decision()
    for event in d.decide_judge(state, rec, judge(uuid4(), rec=rec), 1):
        state = d.evolve(state, event)
    refusal = refused(state, rec, judge(uuid4(), rec=rec))
    assert (refusal.kind, refusal.field) == (Kind.CONFLICT, "attempt_id")


def test_k_on_a_bk_recommendation_is_refused_and_bk_on_k_needs_a_reason() -> None:
    bk = received_state(competent=False)
    assert refused(d.Decision(), bk, judge(uuid4(), K, rec=bk)).field == "outcome"
    [_, decided] = d.decide_judge(d.Decision(), bk, judge(uuid4(), BK, rec=bk), 1)
    assert isinstance(decided, d.CertificationDecided) and decided.outcome is BK
    k = received_state()
    assert refused(d.Decision(), k, judge(uuid4(), BK, rec=k)).field == "reason"
    assert refused(d.Decision(), k, judge(uuid4(), BK, "abc", rec=k)).field == "reason"


def test_another_lsps_decision_maker_finds_no_recommendation() -> None:
    rec = received_state()
    refusal = refused(d.Decision(), rec, judge(uuid4(), rec=rec, lsp=uuid4()))
    assert (refusal.kind, refusal.field) == (Kind.NOT_FOUND, "attempt_id")
    nothing = refused(d.Decision(), r.Recommendation(), judge(uuid4(), rec=rec))
    assert nothing.kind is Kind.NOT_FOUND


def test_panel_sizes_default_to_one_and_differ_per_scheme() -> None:
    panels = PanelSizes(per_scheme={"KOP-BENDAHARA": 3})
    assert (panels.for_scheme("KOP-KASIR"), panels.for_scheme("KOP-BENDAHARA")) == (1, 3)
    with pytest.raises(ValueError, match="1-9"):
        PanelSizes(0)


def appealed(rec: r.Recommendation, appeal: UUID, outcome: r.AppealOutcome | None = None
             ) -> r.Recommendation:  # fmt: skip
    assert rec.received is not None
    attempt = rec.received.attempt_id
    for event in r.decide_open_appeal(rec, r.AppealOpened(appeal_id=appeal, attempt_id=attempt,
                                                          lodged_at=AT)):  # fmt: skip
        rec = r.evolve(rec, event)
    if outcome is not None:
        closed = r.AppealClosed(appeal_id=appeal, attempt_id=attempt, outcome=outcome,
                                decided_at=AT)  # fmt: skip
        for event in r.decide_close_appeal(rec, closed):
            rec = r.evolve(rec, event)
    return rec


def test_an_open_appeal_holds_the_decision_and_a_dismissed_one_releases_it() -> None:
    appeal, rec = uuid4(), received_state()
    held = appealed(rec, appeal)
    refusal = refused(d.Decision(), held, judge(uuid4(), rec=held))
    assert (refusal.kind, refusal.field) == (Kind.CONFLICT, "appeal_id")
    assert "appeal" in refusal.reason_en and "banding" in refusal.reason_id
    assert r.decide_open_appeal(held, r.AppealOpened(appeal_id=appeal, attempt_id=uuid4(),
                                                     lodged_at=AT)) == []  # fmt: skip
    dismissed = appealed(rec, appeal, r.AppealOutcome.DISMISSED)
    assert dismissed.open_appeals == () and not dismissed.set_aside
    _, decided = d.decide_judge(d.Decision(), dismissed, judge(uuid4(), rec=dismissed), 1)
    assert isinstance(decided, d.CertificationDecided) and decided.outcome is K


def test_an_upheld_appeal_sets_the_recommendation_aside() -> None:
    rec = appealed(received_state(), uuid4(), r.AppealOutcome.UPHELD)
    refusal = refused(d.Decision(), rec, judge(uuid4(), rec=rec))
    assert refusal.field == "appeal_id" and "set aside" in refusal.reason_en


def test_an_appeal_may_arrive_before_the_recommendation() -> None:
    appeal = uuid4()
    early = r.Recommendation()
    [opened] = r.decide_open_appeal(early, r.AppealOpened(appeal_id=appeal, attempt_id=uuid4(),
                                                          lodged_at=AT))  # fmt: skip
    early = r.evolve(early, opened)
    command = received(recommendation(lsp_id=LSP), AT)
    [got] = r.decide_receive(early, command)
    state = r.evolve(early, got)
    assert state.received is not None and state.open_appeals == (appeal,)


def test_a_trainer_of_the_candidate_is_refused_naming_trainer_ids() -> None:
    trainer = uuid4()
    rec = received_state(trainer_ids=[uuid4(), trainer])
    refusal = refused(d.Decision(), rec, judge(trainer, rec=rec))
    assert (refusal.kind, refusal.field) == (Kind.FORBIDDEN, "trainer_ids")
    assert "trained the candidate" in refusal.reason_en and "melatih" in refusal.reason_id
    [_, decided] = d.decide_judge(d.Decision(), rec, judge(uuid4(), rec=rec), 1)
    assert isinstance(decided, d.CertificationDecided)


def reviewed_by(reviewer: UUID, candidate: UUID) -> ci.CandidateInvolvement:
    review = ci.AppealReviewed(candidate_id=candidate, appeal_id=uuid4(), attempt_id=uuid4(),
                               reviewer_id=reviewer, decided_at=AT)  # fmt: skip
    [event] = ci.decide_record_review(ci.CandidateInvolvement(), review)
    state = ci.evolve(ci.CandidateInvolvement(), event)
    assert ci.decide_record_review(state, review) == []  # the same review again: nothing
    return state


def test_a_reviewer_of_the_candidates_appeal_is_refused_naming_reviewer_id() -> None:
    reviewer = uuid4()
    rec = received_state()  # e.g. the re-assessment after the upheld appeal: another attempt
    assert rec.received is not None
    involvement = reviewed_by(reviewer, rec.received.candidate_id)
    with pytest.raises(Refusal) as caught:
        d.decide_judge(d.Decision(), rec, judge(reviewer, rec=rec), 1, involvement)
    refusal = caught.value
    assert (refusal.kind, refusal.field) == (Kind.FORBIDDEN, "reviewer_id")
    assert "reviewed the candidate's appeal" in refusal.reason_en
    assert "banding" in refusal.reason_id
    events = d.decide_judge(d.Decision(), rec, judge(uuid4(), rec=rec), 1, involvement)
    assert isinstance(events[-1], d.CertificationDecided)


def test_someone_both_assessor_and_trainer_is_told_both_reasons() -> None:
    person = uuid4()
    rec = received_state(assessor_ids=(person,), trainer_ids=[person])
    refusal = refused(d.Decision(), rec, judge(person, rec=rec))
    assert [p.field for p in refusal.problems] == ["assessor_ids", "trainer_ids"]
