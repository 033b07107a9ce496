"""A certificate's life: issued awaiting the holder's agreement, released by the holder's own
signature only, then suspended, reinstated, withdrawn, replaced, duplicated and expired by its
LSP's admin (expiry by the service), each refused where its status forbids it, naming the
field, and recorded once however often it is asked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from certificate.agreements.domain import agreement as a
from certificate.issuance.domain import certificate as c
from certificate.issuance.domain import certificate_events as e
from certificate.lifecycle.domain import lifecycle as life
from certificate.lifecycle.domain.collection import decide_collect
from certificate.shared.domain.outcomes import Outcome, UnitOutcome
from kompeten_contracts.errors import Kind, Refusal

LSP, HOLDER, ADMIN = uuid4(), uuid4(), uuid4()
AT = datetime(2026, 11, 23, 9, tzinfo=UTC)
TODAY = date(2026, 11, 24)


def issued(**changes: object) -> c.Certificate:
    fields: dict[str, object] = dict(
        certificate_id=uuid4(), token="A" * 22, attempt_id=uuid4(), candidate_id=HOLDER,
        lsp_id=LSP, scheme_code="KOP-KASIR", scheme_version=1, session_id=uuid4(),
        district_code="5107", units=(UnitOutcome(unit_code="U1", outcome=Outcome.COMPETENT),),
        number="KOP-KASIR/2026/00001", issued_on=date(2026, 11, 23),
        valid_until=date(2029, 11, 22), kid="dev", qr_payload="KC1:X", at=AT,
    )  # fmt: skip
    command = e.IssueCertificate(**{**fields, **changes})  # type: ignore[arg-type]
    return fold(c.Certificate(), c.decide_issue(c.Certificate(), command))


def fold(state: c.Certificate, events: list[c.CertificateEvent]) -> c.Certificate:
    for event in events:
        state = c.evolve(state, event)
    return state


def sign(state: c.Certificate, candidate: UUID | None = HOLDER, version: str = a.VERSION,
         agree: bool = True) -> list[c.CertificateEvent]:  # fmt: skip
    assert state.issued is not None
    return a.decide_sign(state, a.SignAgreement(
        certificate_id=state.issued.certificate_id, candidate_id=candidate, account_id=uuid4(),
        agreement_version=version, agree=agree, at=AT,
    ))  # fmt: skip


def act(state: c.Certificate, lsp: UUID | None = LSP) -> life.Act:
    assert state.issued is not None
    return life.Act(certificate_id=state.issued.certificate_id, lsp_id=lsp, actor_id=ADMIN, at=AT)


def released() -> c.Certificate:
    state = issued()
    return fold(state, sign(state))


def refusal(call: object, *args: object) -> Refusal:
    with pytest.raises(Refusal) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


def test_a_certificate_awaits_the_holders_agreement_and_is_released_by_it() -> None:
    state = issued()
    assert state.shown_status(TODAY) is c.Status.AWAITING_AGREEMENT
    [signed] = sign(state)
    assert isinstance(signed, e.AgreementSigned) and signed.agreement_version == a.VERSION
    state = fold(state, [signed])
    assert state.shown_status(TODAY) is c.Status.VALID
    assert sign(state) == []  # a retry records nothing


def test_only_the_holder_signs_the_text_in_force_ticked() -> None:
    state = issued()
    stranger = refusal(sign, state, uuid4())
    assert (stranger.kind, stranger.field) == (Kind.NOT_FOUND, "certificate_id")
    assert refusal(sign, state, None).kind is Kind.NOT_FOUND
    old = refusal(sign, state, HOLDER, "2020-1")
    assert (old.kind, old.field) == (Kind.INVALID, "agreement_version")
    unticked = refusal(sign, state, HOLDER, a.VERSION, False)
    assert (unticked.field, unticked.reason_en) == ("agree", "tick the agreement to sign it")


def test_suspended_then_reinstated_comes_back_to_where_it_was() -> None:
    state = released()
    suspended = life.decide_suspend(state, act(state), e.SuspensionReason.MISUSE_SUSPECTED, TODAY)
    state = fold(state, suspended)
    assert state.shown_status(TODAY) is c.Status.SUSPENDED
    assert life.decide_suspend(state, act(state), e.SuspensionReason.MISUSE_SUSPECTED,
                               TODAY) == []  # fmt: skip
    [back] = life.decide_reinstate(state, act(state), e.ReinstatementReason.REVIEW_CLEARED, TODAY)
    assert (back.actor_id, back.actor_role) == (ADMIN, e.ActorRole.LSP_ADMIN)
    assert fold(state, [back]).shown_status(TODAY) is c.Status.VALID
    awaiting = issued()
    awaiting = fold(
        awaiting,
        life.decide_suspend(awaiting, act(awaiting), e.SuspensionReason.DATA_UNDER_REVIEW, TODAY),
    )
    reinstated = life.decide_reinstate(awaiting, act(awaiting),
                                       e.ReinstatementReason.REVIEW_CLEARED, TODAY)  # fmt: skip
    assert fold(awaiting, reinstated).status is c.Status.AWAITING_AGREEMENT


def test_a_valid_certificate_cannot_be_reinstated_nor_a_withdrawn_one_anything() -> None:
    state = released()
    refused = refusal(life.decide_reinstate, state, act(state),
                      e.ReinstatementReason.REVIEW_CLEARED, TODAY)  # fmt: skip
    assert (refused.kind, refused.field) == (Kind.CONFLICT, "status")
    state = fold(state, life.decide_withdraw(state, act(state), e.WithdrawalReason.MISUSE, TODAY))
    assert state.shown_status(TODAY) is c.Status.WITHDRAWN
    assert life.decide_withdraw(state, act(state), e.WithdrawalReason.MISUSE, TODAY) == []
    for decide, reason in (
        (life.decide_suspend, e.SuspensionReason.MISUSE_SUSPECTED),
        (life.decide_reinstate, e.ReinstatementReason.REVIEW_CLEARED),
    ):
        assert refusal(decide, state, act(state), reason, TODAY).field == "status"
    unsigned = issued()
    unsigned = fold(
        unsigned,
        life.decide_withdraw(unsigned, act(unsigned), e.WithdrawalReason.ISSUED_IN_ERROR, TODAY),
    )
    assert refusal(sign, unsigned).field == "status"  # a withdrawn certificate is not released


def test_another_lsps_admin_finds_no_certificate() -> None:
    state = released()
    found = refusal(life.decide_suspend, state, act(state, uuid4()),
                    e.SuspensionReason.MISUSE_SUSPECTED, TODAY)  # fmt: skip
    assert (found.kind, found.field) == (Kind.NOT_FOUND, "certificate_id")


def test_a_replaced_certificate_names_its_replacement_once() -> None:
    state, new = released(), uuid4()
    [replaced] = life.decide_replace(state, act(state), e.ReplacementReason.DATA_CORRECTION,
                                     TODAY, new, "KOP-KASIR/2026/00002")  # fmt: skip
    assert isinstance(replaced, e.CertificateReplaced)
    state = fold(state, [replaced])
    assert (state.shown_status(TODAY), state.replaced_by) == (c.Status.REPLACED, new)
    assert life.decide_replace(state, act(state), e.ReplacementReason.DATA_CORRECTION, TODAY,
                               new, "KOP-KASIR/2026/00002") == []  # fmt: skip
    other = refusal(life.decide_replace, state, act(state), e.ReplacementReason.DATA_CORRECTION,
                    TODAY, uuid4(), "X")  # fmt: skip
    assert other.field == "status"


def test_a_duplicate_is_a_new_copy_of_the_same_certificate_once_per_copy_id() -> None:
    state, copy = released(), uuid4()
    [duplicate] = life.decide_duplicate(state, act(state), e.DuplicateReason.LOST, TODAY, copy)
    assert isinstance(duplicate, e.DuplicateIssued) and duplicate.copy_no == 2
    state = fold(state, [duplicate])
    assert state.copy_no == 2 and state.issued is not None
    assert life.decide_duplicate(state, act(state), e.DuplicateReason.LOST, TODAY, copy) == []
    [third] = life.decide_duplicate(state, act(state), e.DuplicateReason.DAMAGED, TODAY, uuid4())
    assert isinstance(third, e.DuplicateIssued) and third.copy_no == 3
    awaiting = issued()
    assert refusal(life.decide_duplicate, awaiting, act(awaiting), e.DuplicateReason.LOST,
                   TODAY, uuid4()).field == "status"  # fmt: skip


def test_past_its_last_day_a_certificate_shows_expired_and_is_recorded_expired_once() -> None:
    state = released()
    assert state.issued is not None
    last = state.issued.valid_until
    assert state.shown_status(last) is c.Status.VALID
    assert life.decide_expire(state, last, AT) == []
    after = last + timedelta(days=1)
    assert state.shown_status(after) is c.Status.EXPIRED
    [expired] = life.decide_expire(state, after, AT)
    assert isinstance(expired, e.CertificateExpired) and expired.actor_role is e.ActorRole.SYSTEM
    state = fold(state, [expired])
    assert life.decide_expire(state, after, AT) == []
    assert refusal(life.decide_suspend, state, act(state), e.SuspensionReason.MISUSE_SUSPECTED,
                   after).field == "status"  # fmt: skip
    withdrawn = released()
    withdrawn = fold(
        withdrawn, life.decide_withdraw(withdrawn, act(withdrawn), e.WithdrawalReason.MISUSE, TODAY)
    )
    assert life.decide_expire(withdrawn, after, AT) == []
    assert withdrawn.shown_status(after) is c.Status.WITHDRAWN


def test_a_collected_paper_is_recorded_once_per_copy_and_only_once_released() -> None:
    waiting = issued()
    assert refusal(decide_collect, waiting, act(waiting), TODAY, TODAY).field == "status"
    state = released()
    assert refusal(decide_collect, state, act(state), date(2026, 11, 1), TODAY).field == (
        "collected_on")  # before the issue date  # fmt: skip
    assert refusal(decide_collect, state, act(state), TODAY + timedelta(days=1), TODAY).field == (
        "collected_on")  # in the future  # fmt: skip
    [collected] = decide_collect(state, act(state), TODAY, TODAY)
    assert isinstance(collected, e.CertificateCollected) and collected.copy_no == 1
    state = fold(state, [collected])
    assert decide_collect(state, act(state), TODAY, TODAY) == []  # the same record again
    other_day = refusal(decide_collect, state, act(state), date(2026, 11, 23), TODAY)
    assert (other_day.kind, other_day.field) == (Kind.CONFLICT, "collected_on")
    copy = fold(state, life.decide_duplicate(state, act(state), e.DuplicateReason.LOST, TODAY,
                                             uuid4()))  # fmt: skip
    [second] = decide_collect(copy, act(copy), TODAY, TODAY)
    assert isinstance(second, e.CertificateCollected) and second.copy_no == 2
    assert refusal(decide_collect, state, act(state, uuid4()), TODAY, TODAY).kind is (
        Kind.NOT_FOUND)  # fmt: skip
