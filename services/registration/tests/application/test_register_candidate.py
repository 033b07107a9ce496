from uuid import uuid4

import pytest

from eventkit.idempotency import InMemoryIdempotencyKeys
from eventkit.pii import InMemoryVault
from eventkit.store import InMemoryEventStore
from kompeten_contracts.errors import Refusal
from registration.candidates.application.register_candidate import (
    RegisterCandidateHandler,
    RegisterCandidateRequest,
)
from registration.identity.application.rate_limits import RateLimiter

from .fakes import (
    InMemoryEmailIndex,
    InMemoryNikIndex,
    InMemoryRateCounter,
    InMemoryUnitOfWork,
)


@pytest.fixture
def store() -> InMemoryEventStore:
    return InMemoryEventStore()


@pytest.fixture
def register(store: InMemoryEventStore) -> RegisterCandidateHandler:
    return RegisterCandidateHandler(
        uow=InMemoryUnitOfWork(),
        store=store,
        vault=InMemoryVault(b"k" * 32),
        idempotency=InMemoryIdempotencyKeys(),
        nik_index=InMemoryNikIndex(),
        hash_secret=b"s" * 32,
        emails=InMemoryEmailIndex(),
        limiter=RateLimiter(InMemoryRateCounter()),
    )


def request(**overrides: object) -> RegisterCandidateRequest:
    fields: dict[str, object] = dict(
        client_id=uuid4(),
        full_name="Ni Luh Putu Ayu",
        nik="5107015203880002",
        email="ayu@example.id",
        district_code="5107",
    )
    fields.update(overrides)
    return RegisterCandidateRequest(**fields)  # type: ignore[arg-type]


async def test_registering_records_one_event_without_plain_personal_data(register, store):
    result = await register(request())
    events = await store.read_all()
    assert [e.event_type for e in events] == ["CandidateRegistered"]
    assert events[0].stream_id == f"candidate-{result.candidate_id}"
    text = str(events[0].data)
    assert "5107015203880002" not in text and "ayu@example.id" not in text
    assert "Ni Luh" not in text


async def test_a_retry_with_the_same_client_id_gets_the_same_answer_once(register, store):
    first = request()
    one = await register(first)
    again = await register(first)
    assert again.candidate_id == one.candidate_id and again.replayed
    assert len(await store.read_all()) == 1


async def test_a_client_id_reused_for_other_data_is_refused(register, store):
    first = request()
    await register(first)
    with pytest.raises(Refusal) as caught:
        await register(request(client_id=first.client_id, full_name="Someone Else"))
    assert caught.value.field == "client_id"
    assert len(await store.read_all()) == 1


async def test_one_nik_belongs_to_one_person(register, store):
    await register(request())
    with pytest.raises(Refusal) as caught:
        await register(request(email="other@example.id"))
    assert caught.value.field == "nik" and caught.value.status == 409
    assert len(await store.read_all()) == 1


async def test_a_malformed_nik_changes_nothing(register, store):
    with pytest.raises(Refusal) as caught:
        await register(request(nik="5107011213880001"))
    assert caught.value.field == "nik" and "month" in caught.value.reason_en
    assert await store.read_all() == []
