from datetime import UTC, datetime
from uuid import uuid4

import pytest

from registration.candidates.domain.candidate import (
    Affiliation,
    Candidate,
    CandidateAlreadyErased,
    CandidateAlreadyRegistered,
    CandidateErased,
    CandidateRegistered,
    CandidateUnknown,
    RegisterCandidate,
    decide_erase,
    decide_register,
    evolve,
)


def command() -> RegisterCandidate:
    return RegisterCandidate(
        candidate_id=uuid4(),
        district_code="5107",
        nik_hash="h",
        personal={"v": 1},
        registered_at=datetime(2026, 11, 23, tzinfo=UTC),
    )


def test_a_new_person_registers() -> None:
    given = command()
    events = decide_register(Candidate(), given)
    assert events == [CandidateRegistered(**given.model_dump())]
    assert evolve(Candidate(), events[0]).registered


def test_a_registered_candidate_cannot_register_again() -> None:
    given = command()
    state = evolve(Candidate(), decide_register(Candidate(), given)[0])
    with pytest.raises(CandidateAlreadyRegistered):
        decide_register(state, given)


def test_a_registered_candidate_is_erased_once() -> None:
    given = command()
    state = evolve(Candidate(), decide_register(Candidate(), given)[0])
    by, now = uuid4(), datetime(2026, 12, 1, tzinfo=UTC)
    events = decide_erase(state, by, now)
    assert events == [
        CandidateErased(candidate_id=given.candidate_id, erased_at=now, requested_by=by)
    ]
    erased = evolve(state, events[0])
    assert erased.erased and erased.personal is None and erased.district_code == "5107"
    with pytest.raises(CandidateAlreadyErased):
        decide_erase(erased, by, now)
    with pytest.raises(CandidateUnknown):
        decide_erase(Candidate(), by, now)


def test_a_cohort_affiliation_stays_known_after_erasure() -> None:
    works = Affiliation(cooperative_id=uuid4(), role="pengurus", occupational_group="bendahara")
    registered = CandidateRegistered(**command().model_dump(), affiliation=works)
    state = evolve(Candidate(), registered)
    assert state.affiliation == works
    erased = evolve(state, decide_erase(state, uuid4(), datetime(2026, 11, 24, tzinfo=UTC))[0])
    # Where someone worked is not personal data; the name, NIK and e-mail are gone.
    assert erased.personal is None and erased.affiliation == works


def test_a_person_registered_alone_has_no_affiliation_yet() -> None:
    assert evolve(Candidate(), decide_register(Candidate(), command())[0]).affiliation is None
