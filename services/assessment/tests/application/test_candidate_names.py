"""The roster's names from sealed copies, with an in-memory key store: shown, erased, not yet
received, and the key store unreachable (no name, try again); only names opened are recorded."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any
from uuid import UUID, uuid4

from assessment.names.application.candidate_names import CandidateNames, NameStatus
from eventkit.key_store import KeyStoreUnavailable
from eventkit.pii import Blob, Fields, InMemoryVault
from eventkit.sealed_copies import SealedPersonalData

READER = uuid4()


class Copies:
    def __init__(self) -> None:
        self.held: dict[UUID, Blob] = {}
        self.reads: list[tuple[UUID, str, UUID | None, str | None]] = []

    async def sealed(self, subject_ids: Sequence[UUID]) -> dict[UUID, Blob]:
        return {s: self.held[s] for s in subject_ids if s in self.held}

    async def record_reads(self, subject_ids: Sequence[UUID], purpose: str,
                           actor: UUID | None, role: str | None) -> None:  # fmt: skip
        self.reads += [(s, purpose, actor, role) for s in subject_ids]


class Keys:
    def __init__(self, vault: InMemoryVault) -> None:
        self.vault, self.down = vault, False

    async def open_many(self, items: list[tuple[UUID, Blob]]) -> list[Fields | None]:
        if self.down:
            raise KeyStoreUnavailable()
        return await self.vault.open_many(None, items)


async def names_world() -> tuple[CandidateNames, Copies, Keys, list[UUID]]:
    vault, copies = InMemoryVault(os.urandom(32)), Copies()
    people = [uuid4(), uuid4(), uuid4()]
    for person, name in zip(people[:2], ["Ni Made Ayu", "I Ketut Arta"], strict=True):
        copies.held[person] = await vault.seal(None, person, {"full_name": name})
    keys = Keys(vault)
    return CandidateNames(SealedPersonalData(copies, keys)), copies, keys, people


async def test_names_are_shown_erased_or_not_received_and_only_opened_ones_are_recorded() -> None:
    names, copies, keys, (shown, erased, never) = await names_world()
    await keys.vault.erase(None, erased)
    found = await names.for_roster([shown, erased, never], READER, "assessor")
    assert (found[shown].status, found[shown].label) == (NameStatus.SHOWN, "Ni Made Ayu")
    assert (found[erased].status, found[erased].full_name) == (NameStatus.ERASED, None)
    assert found[erased].label.startswith("dihapus atas permintaan")
    assert (found[never].status, found[never].full_name) == (NameStatus.NOT_RECEIVED, None)
    assert copies.reads == [(shown, "roster", READER, "assessor")]


async def test_an_unreachable_key_store_shows_no_name_and_records_no_read() -> None:
    names, copies, keys, people = await names_world()
    keys.down = True
    found: dict[UUID, Any] = await names.for_roster(people[:2], READER, "lsp_admin")
    assert {n.status for n in found.values()} == {NameStatus.UNAVAILABLE}
    assert all(n.full_name is None for n in found.values()) and copies.reads == []
