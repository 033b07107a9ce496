"""Who of a cohort is ready to print, and why not; what a print batch records and carries."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from certificate.printing.domain import print_batch as b
from certificate.printing.domain.calibration import Calibration
from certificate.printing.domain.readiness import MemberFacts, Reason, Status, member
from certificate.shared.domain.outcomes import Outcome
from kompeten_contracts.errors import Refusal

AT = datetime(2026, 11, 30, 9, tzinfo=UTC)


def issued(**changes: object) -> MemberFacts:
    fields: dict[str, object] = {
        "candidate_id": uuid4(), "attempt_id": uuid4(), "decision": Outcome.COMPETENT,
        "certificate_id": uuid4(), "number": "KOP-KASIR/2026/00001", "name_readable": True,
    }  # fmt: skip
    return MemberFacts(**{**fields, **changes})


def test_an_issued_certificate_with_a_readable_name_is_ready() -> None:
    assert member(issued(), reprint=False).status is Status.READY


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"attempt_id": None, "decision": None, "certificate_id": None}, Reason.NO_RESULT),
        ({"decision": None, "certificate_id": None}, Reason.AWAITING_DECISION),
        ({"decision": Outcome.NOT_YET_COMPETENT, "certificate_id": None},
         Reason.NOT_YET_COMPETENT),
        ({"certificate_id": None}, Reason.AWAITING_DECISION),
        ({"appeal_open": True}, Reason.APPEAL_OPEN),
        ({"agreement_signed": False}, Reason.AGREEMENT_NOT_SIGNED),
        ({"scheme_known": False}, Reason.SCHEME_UNKNOWN),
        ({"name_readable": False}, Reason.NAME_MISSING),
        ({"name_readable": False, "name_erased": True}, Reason.ERASED),
        ({"suspended": True}, Reason.SUSPENDED),
        ({"withdrawn": True}, Reason.WITHDRAWN),
        # Withdrawn for good comes first; a suspension before anything else that may pass.
        ({"withdrawn": True, "suspended": True, "appeal_open": True}, Reason.WITHDRAWN),
        ({"suspended": True, "agreement_signed": False}, Reason.SUSPENDED),
        # An appeal holding the decision is why the decision waits.
        ({"decision": None, "certificate_id": None, "appeal_open": True}, Reason.APPEAL_OPEN),
        # The first reason in the order the file moves: an appeal before the missing name.
        ({"appeal_open": True, "name_readable": False}, Reason.APPEAL_OPEN),
    ],
)  # fmt: skip
def test_a_member_not_ready_is_missing_with_why(changes: dict[str, object], reason: Reason) -> None:
    found = member(issued(**changes), reprint=False)
    assert (found.status, found.reason) == (Status.MISSING, reason)
    # BK, erasure and withdrawal are final: no follow-up batch waits for them.
    final = {Reason.NOT_YET_COMPETENT, Reason.ERASED, Reason.WITHDRAWN}
    assert found.carried is (reason not in final)


def test_an_agreement_not_tracked_does_not_hold_a_certificate() -> None:
    assert member(issued(agreement_signed=None), reprint=False).status is Status.READY
    assert member(issued(agreement_signed=True), reprint=False).status is Status.READY


def test_printed_before_is_printed_again_only_when_asked() -> None:
    earlier = uuid4()
    facts = issued(printed_in=earlier)
    assert member(facts, reprint=False).status is Status.PRINTED_BEFORE
    assert member(facts, reprint=True).status is Status.READY
    assert not member(facts, reprint=False).carried


def request(members: tuple[MemberFacts, ...], **changes: object) -> b.RequestBatch:
    fields: dict[str, object] = {
        "batch_id": uuid4(), "lsp_id": uuid4(), "scope": b.Scope(session_id=uuid4()),
        "requested_by": uuid4(), "calibration": Calibration(),
        "members": tuple(member(m, reprint=bool(changes.get("reprint"))) for m in members),
        "at": AT,
    }  # fmt: skip
    return b.RequestBatch(**{**fields, **changes})


def fold(events: list[b.PrintBatchEvent], state: b.PrintBatch | None = None) -> b.PrintBatch:
    state = state or b.PrintBatch()
    for event in events:
        state = b.evolve(state, event)
    return state


def test_a_batch_prints_the_ready_carries_the_missing_and_merges_when_all_are_made() -> None:
    ready, late, failed = issued(), issued(decision=None, certificate_id=None), issued(
        decision=Outcome.NOT_YET_COMPETENT, certificate_id=None)  # fmt: skip
    state = fold(b.decide_request(b.PrintBatch(), request((ready, late, failed))))
    assert [m.certificate_id for m in state.due] == [ready.certificate_id]
    assert [m.candidate_id for m in state.carried] == [late.candidate_id]
    with pytest.raises(Refusal):
        b.decide_merge(state, "ab" * 32, 100, AT)
    assert ready.certificate_id is not None
    state = fold(b.decide_render(state, (ready.certificate_id,), (), AT), state)
    # A resumed worker renders it again: counted once.
    assert b.decide_render(state, (ready.certificate_id,), (), AT) == []
    state = fold(b.decide_merge(state, "ab" * 32, 100, AT), state)
    assert state.merged is not None and state.merged.pages == 1
    follow_up = uuid4()
    state = fold(b.decide_follow_up(state, follow_up, AT), state)
    assert state.follow_up_id == follow_up
    assert b.decide_follow_up(state, uuid4(), AT) == []


def test_a_page_skipped_at_render_time_does_not_hold_the_merge() -> None:
    ready = issued()
    assert ready.certificate_id is not None
    state = fold(b.decide_request(b.PrintBatch(), request((ready,))))
    state = fold(b.decide_render(state, (), ((ready.certificate_id, Reason.NAME_MISSING),), AT),
                 state)  # fmt: skip
    merged = b.decide_merge(state, None, 0, AT)
    assert isinstance(merged[0], b.PrintFileMerged) and merged[0].pages == 0


def test_a_request_again_is_one_batch_and_a_reprint_needs_a_reason() -> None:
    command = request((issued(),))
    state = fold(b.decide_request(b.PrintBatch(), command))
    assert b.decide_request(state, command) == []
    with pytest.raises(Refusal) as refused:
        b.decide_request(b.PrintBatch(), request((issued(),), reprint=True))
    assert refused.value.problems[0].field == "reason"
    assert b.decide_request(
        b.PrintBatch(), request((issued(),), reprint=True, reason="kertas rusak di printer")
    )


@pytest.mark.parametrize(
    "scope", [b.Scope(), b.Scope(session_id=UUID(int=1), certificate_ids=(UUID(int=2),))]
)
def test_a_batch_names_a_session_or_a_selection(scope: b.Scope) -> None:
    with pytest.raises(Refusal) as refused:
        b.decide_request(b.PrintBatch(), request((), scope=scope))
    assert refused.value.problems[0].field == "session_id"
