"""The vault's sealing rules and the secret settings, without infrastructure."""

import base64
import json
from uuid import uuid4

import pytest
from cryptography.exceptions import InvalidTag

from eventkit.pii import (
    InMemoryVault,
    PostgresVault,
    SealedDataError,
    SubjectErased,
    install_vault,
    keyed_hash,
)

FIELDS = {"nik": "5107015203880002", "full_name": "Ni Luh Putu Ayu", "email": "ayu@example.id"}


@pytest.fixture
def vault() -> InMemoryVault:
    return InMemoryVault(b"m" * 32)


async def test_sealed_data_opens_to_the_same_fields(vault: InMemoryVault) -> None:
    subject = uuid4()
    sealed = await vault.seal(None, subject, FIELDS)
    assert await vault.open(None, subject, sealed) == FIELDS


async def test_the_sealed_dict_is_json_and_holds_no_plaintext(vault: InMemoryVault) -> None:
    subject = uuid4()
    sealed = await vault.seal(None, subject, FIELDS)
    assert set(sealed) == {"v", "subject", "nonce", "ciphertext"}
    assert sealed["v"] == 1 and sealed["subject"] == str(subject)
    text = json.dumps(sealed).encode()
    raw = base64.b64decode(sealed["ciphertext"])
    for value in FIELDS.values():
        assert value.encode() not in text and value.encode() not in raw


async def test_sealing_twice_gives_different_ciphertexts(vault: InMemoryVault) -> None:
    subject = uuid4()
    one, two = await vault.seal(None, subject, FIELDS), await vault.seal(None, subject, FIELDS)
    assert one["nonce"] != two["nonce"] and one["ciphertext"] != two["ciphertext"]
    assert await vault.open_many(None, [(subject, one), (subject, two)]) == [FIELDS, FIELDS]


async def test_erasing_a_person_leaves_their_data_unreadable_and_others_readable(
    vault: InMemoryVault,
) -> None:
    gone, kept = uuid4(), uuid4()
    sealed_gone = await vault.seal(None, gone, FIELDS)
    sealed_kept = await vault.seal(None, kept, {"email": "other@example.id"})
    assert await vault.erase(None, gone) is True
    assert await vault.erase(None, gone) is False
    assert await vault.open(None, gone, sealed_gone) is None
    assert await vault.open_many(None, [(kept, sealed_kept), (gone, sealed_gone)]) == [
        {"email": "other@example.id"},
        None,
    ]


async def test_nothing_is_sealed_for_an_erased_person_again(vault: InMemoryVault) -> None:
    gone, never_sealed = uuid4(), uuid4()
    await vault.seal(None, gone, FIELDS)
    await vault.erase(None, gone)
    await vault.erase(None, never_sealed)
    for subject in (gone, never_sealed):
        with pytest.raises(SubjectErased):
            await vault.seal(None, subject, FIELDS)


async def test_data_of_one_person_does_not_open_as_another(vault: InMemoryVault) -> None:
    owner, other = uuid4(), uuid4()
    sealed = await vault.seal(None, owner, FIELDS)
    await vault.seal(None, other, {"email": "x@example.id"})
    with pytest.raises(SealedDataError, match="cannot be opened as"):
        await vault.open(None, other, sealed)
    moved = {**sealed, "subject": str(other)}  # the associated data still names the owner
    with pytest.raises(SealedDataError, match="fails authentication") as caught:
        await vault.open(None, other, moved)
    assert isinstance(caught.value.__cause__, InvalidTag)


async def test_tampered_ciphertext_is_refused(vault: InMemoryVault) -> None:
    subject = uuid4()
    sealed = await vault.seal(None, subject, FIELDS)
    raw = bytearray(base64.b64decode(sealed["ciphertext"]))
    raw[0] ^= 1
    with pytest.raises(SealedDataError, match="fails authentication"):
        await vault.open(None, subject, {**sealed, "ciphertext": base64.b64encode(raw).decode()})


@pytest.mark.parametrize(
    "damage",
    [{"nonce": "not base64!"}, {"v": 2}, {"nonce": base64.b64encode(b"short").decode()}],
)
async def test_malformed_sealed_data_is_refused_clearly(
    vault: InMemoryVault, damage: dict[str, object]
) -> None:
    subject = uuid4()
    sealed = await vault.seal(None, subject, FIELDS)
    with pytest.raises(SealedDataError):
        await vault.open(None, subject, {**sealed, **damage})
    with pytest.raises(SealedDataError, match="malformed"):
        await vault.open(None, subject, {"v": 1})


async def test_only_string_fields_and_32_byte_master_keys_are_accepted(
    vault: InMemoryVault,
) -> None:
    with pytest.raises(TypeError):
        await vault.seal(None, uuid4(), {"age": 30})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="32 bytes"):
        InMemoryVault(b"short")


async def test_schema_names_must_be_plain_identifiers() -> None:
    with pytest.raises(ValueError, match="schema"):
        PostgresVault('x"; DROP TABLE y; --', b"m" * 32)
    with pytest.raises(ValueError, match="schema"):
        await install_vault(None, "Public")  # type: ignore[arg-type]


def test_keyed_hash_is_stable_normalised_and_secret_dependent() -> None:
    nik = "5107015203880002"
    digest = keyed_hash(b"s" * 32, nik)
    assert digest == keyed_hash(b"s" * 32, f"  {nik}\n") and len(digest) == 64
    assert digest != keyed_hash(b"t" * 32, nik) and nik not in digest
    with pytest.raises(ValueError):
        keyed_hash(b"", nik)


async def test_seal_many_seals_each_person_with_their_own_key(vault: InMemoryVault) -> None:
    one, two = uuid4(), uuid4()
    earlier = await vault.seal(None, one, {"nik": "1"})
    sealed = await vault.seal_many(None, [(one, FIELDS), (two, {"nik": "2"})])
    assert await vault.open_many(None, [(one, sealed[0]), (two, sealed[1]), (one, earlier)]) == [
        FIELDS,
        {"nik": "2"},
        {"nik": "1"},
    ]
    await vault.erase(None, two)
    assert await vault.open(None, two, sealed[1]) is None
    with pytest.raises(TypeError):
        await vault.seal_many(None, [(one, {"n": 1})])  # type: ignore[dict-item]
