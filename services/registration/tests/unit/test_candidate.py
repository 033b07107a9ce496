from datetime import UTC, datetime
from uuid import uuid4

import pytest

from registration.domain.candidate import (
    Candidate,
    CandidateAlreadyRegistered,
    CandidateRegistered,
    RegisterCandidate,
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
