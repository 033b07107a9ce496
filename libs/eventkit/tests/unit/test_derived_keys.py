"""Per-purpose keys derived from a person's data key: stable for one person and purpose,
independent across purposes and people, gone with the person's erasure, never creating a key."""

from __future__ import annotations

import os
from uuid import uuid4

import pytest

from eventkit.pii import InMemoryVault, derived_key

MASTER = os.urandom(32)


async def test_a_derived_key_is_stable_per_purpose_and_gone_after_erasure() -> None:
    vault = InMemoryVault(MASTER)
    person, other, never = uuid4(), uuid4(), uuid4()
    for subject in (person, other):
        await vault.seal(None, subject, {"full_name": "x"})
    files = await vault.derived_keys(None, [person, other, never], "assessment/evidence")
    again = await vault.derived_keys(None, [person], "assessment/evidence")
    grounds = await vault.derived_keys(None, [person], "assessment/appeal-grounds")
    assert set(files) == {person, other}  # nobody is given a key by deriving one
    assert files[person] == again[person] and len(files[person]) == 32
    assert files[person] not in (files[other], grounds[person])
    await vault.erase(None, person)
    assert await vault.derived_keys(None, [person, other], "assessment/evidence") == {
        other: files[other]
    }


def test_a_purpose_is_a_short_lowercase_label() -> None:
    for wrong in ("", "Evidence", "a b", "x" * 90):
        with pytest.raises(ValueError, match="purpose"):
            derived_key(os.urandom(32), wrong)
