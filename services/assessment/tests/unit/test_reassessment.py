"""A re-assessment is a new attempt of the same application, numbered on from the latest, and
only after a BK or an upheld appeal; a K stands, and an attempt not yet recommended is not
followed by another."""

from __future__ import annotations

from uuid import uuid4

from assessment.appeals.domain.reassessment import NextAttempt, PriorAttempt, next_attempt


def prior(no: int, overall: str | None, upheld: bool = False) -> PriorAttempt:
    return PriorAttempt(uuid4(), no, overall, upheld)


def test_an_application_never_assessed_takes_its_first_attempt() -> None:
    assert next_attempt([]) == NextAttempt(1)


def test_after_a_bk_or_an_upheld_appeal_the_next_attempt_is_numbered_on() -> None:
    assert next_attempt([prior(1, "BK")]) == NextAttempt(2)
    assert next_attempt([prior(1, "K", upheld=True)]) == NextAttempt(2)
    assert next_attempt([prior(2, "BK"), prior(1, "BK")]) == NextAttempt(3)


def test_a_k_without_an_upheld_appeal_or_an_attempt_in_progress_refuses_another() -> None:
    k = next_attempt([prior(1, "K")])
    assert k.refused is not None and "upheld appeal" in k.refused[1]
    in_progress = next_attempt([prior(1, "BK"), prior(2, None)])
    assert in_progress.refused is not None and "attempt 2" in in_progress.refused[1]
    # The latest attempt decides: an upheld appeal on attempt 1 does not allow a third.
    assert next_attempt([prior(1, "BK", upheld=True), prior(2, "K")]).refused is not None
