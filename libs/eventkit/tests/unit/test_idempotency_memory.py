"""Idempotency keys in memory: the answers application tests rely on."""

import pytest

from eventkit.idempotency import (
    IdempotencyConflict,
    InMemoryIdempotencyKeys,
    PostgresIdempotencyKeys,
    StoredResponse,
    fingerprint,
)

SCOPE = "register_candidate"
CREATED = StoredResponse(201, {"candidate_id": "c-1"})


@pytest.fixture
def keys() -> InMemoryIdempotencyKeys:
    return InMemoryIdempotencyKeys()


def test_fingerprints_depend_on_content_not_key_order() -> None:
    assert fingerprint({"a": 1, "b": {"x": [1, 2]}}) == fingerprint({"b": {"x": [1, 2]}, "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})
    assert fingerprint({"a": "1"}) != fingerprint({"a": 1})
    assert len(fingerprint({})) == 64


async def test_the_first_claim_owns_the_key_and_a_retry_gets_the_stored_answer(
    keys: InMemoryIdempotencyKeys,
) -> None:
    assert await keys.claim(None, SCOPE, "k1", "fp") is None
    await keys.complete(None, SCOPE, "k1", CREATED)
    assert await keys.claim(None, SCOPE, "k1", "fp") == CREATED
    assert await keys.claim(None, SCOPE, "k1", "fp") == CREATED


async def test_the_same_key_with_other_content_is_a_conflict(keys: InMemoryIdempotencyKeys) -> None:
    await keys.claim(None, SCOPE, "k1", "fp")
    await keys.complete(None, SCOPE, "k1", CREATED)
    with pytest.raises(IdempotencyConflict) as caught:
        await keys.claim(None, SCOPE, "k1", "other")
    assert (caught.value.scope, caught.value.key) == (SCOPE, "k1")


async def test_scopes_are_independent(keys: InMemoryIdempotencyKeys) -> None:
    await keys.claim(None, SCOPE, "k1", "fp")
    await keys.complete(None, SCOPE, "k1", CREATED)
    assert await keys.claim(None, "submit_answers", "k1", "fp") is None


async def test_a_claim_left_by_a_failed_unit_of_work_is_taken_over(
    keys: InMemoryIdempotencyKeys,
) -> None:
    assert await keys.claim(object(), SCOPE, "k1", "fp") is None  # that transaction failed
    assert await keys.claim(object(), SCOPE, "k1", "fp") is None
    assert await keys.claim(None, SCOPE, "k1", "fp") is None


async def test_claiming_twice_in_one_transaction_is_a_programming_error(
    keys: InMemoryIdempotencyKeys,
) -> None:
    tx = object()
    await keys.claim(tx, SCOPE, "k1", "fp")
    with pytest.raises(RuntimeError, match="not completed"):
        await keys.claim(tx, SCOPE, "k1", "fp")


async def test_complete_needs_a_pending_claim_and_never_overwrites(
    keys: InMemoryIdempotencyKeys,
) -> None:
    with pytest.raises(RuntimeError, match="no pending claim"):
        await keys.complete(None, SCOPE, "k1", CREATED)
    await keys.claim(None, SCOPE, "k1", "fp")
    await keys.complete(None, SCOPE, "k1", CREATED)
    with pytest.raises(RuntimeError, match="no pending claim"):
        await keys.complete(None, SCOPE, "k1", StoredResponse(500, {}))


async def test_the_stored_answer_is_a_copy(keys: InMemoryIdempotencyKeys) -> None:
    body = {"candidate_id": "c-1"}
    await keys.claim(None, SCOPE, "k1", "fp")
    await keys.complete(None, SCOPE, "k1", StoredResponse(201, body))
    body["candidate_id"] = "changed"
    replay = await keys.claim(None, SCOPE, "k1", "fp")
    assert replay is not None
    replay.body["candidate_id"] = "changed again"
    assert await keys.claim(None, SCOPE, "k1", "fp") == CREATED


def test_schema_names_must_be_plain_identifiers() -> None:
    with pytest.raises(ValueError, match="schema"):
        PostgresIdempotencyKeys("a.b")


def test_a_fingerprint_is_keyed_so_personal_data_cannot_be_recovered_by_guessing() -> None:
    import hashlib
    import json

    payload = {"nik": "5107015203880002"}
    plain = hashlib.sha256(json.dumps(payload, separators=(",", ":")).encode()).hexdigest()
    assert fingerprint(payload) != plain
    assert fingerprint(payload, b"a" * 32) != fingerprint(payload, b"b" * 32)
