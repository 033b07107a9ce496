"""Printing reads holders' names through the holders feature: a readable name is given, an
erased holder is said to be erased (never printed), one whose details have not arrived or
whose key store does not answer has no name yet; every name opened is recorded as read for
printing, by whom."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

from certificate.holders.application.holder_details import HolderDetails, Purpose
from certificate.printing.adapters.holder_names import SealedHolderNames
from eventkit.key_store import KeyStoreUnavailable
from eventkit.pii import Blob
from eventkit.sealed_copies import SealedPersonalData

READABLE, ERASED, NOT_RECEIVED = uuid4(), uuid4(), uuid4()
ADMIN = uuid4()


class Sealed:
    def __init__(self) -> None:
        self.reads: list[tuple[tuple[UUID, ...], str, UUID | None]] = []

    async def sealed(self, candidate_ids: Sequence[UUID]) -> dict[UUID, Blob]:
        return {c: {"ct": str(c)} for c in candidate_ids if c in (READABLE, ERASED)}

    async def record_reads(
        self, candidate_ids: Sequence[UUID], purpose: str, actor: UUID | None, role: str | None
    ) -> None:
        self.reads.append((tuple(candidate_ids), purpose, actor))


class Keys:
    def __init__(self, up: bool = True) -> None:
        self.up = up

    async def open_many(self, items: list[tuple[UUID, Blob]]) -> list[dict[str, str] | None]:
        if not self.up:
            raise KeyStoreUnavailable()
        return [{"full_name": "Ni Made Sukerti"} if c == READABLE else None for c, _ in items]


async def test_a_name_is_read_an_erased_holder_is_said_erased_and_each_read_recorded() -> None:
    sealed = Sealed()
    names = SealedHolderNames(HolderDetails(SealedPersonalData(sealed, Keys())))
    found = await names.names_of([READABLE, ERASED, NOT_RECEIVED, READABLE], ADMIN)
    assert (found.names, found.erased) == ({READABLE: "Ni Made Sukerti"}, frozenset({ERASED}))
    assert READABLE in found and ERASED not in found and found.get(NOT_RECEIVED) is None
    assert sealed.reads == [((READABLE,), Purpose.PRINT.value, ADMIN)]


async def test_without_the_key_store_no_name_is_readable_and_none_is_said_erased() -> None:
    sealed = Sealed()
    found = await SealedHolderNames(
        HolderDetails(SealedPersonalData(sealed, Keys(up=False)))
    ).names_of([READABLE, ERASED])
    assert (found.names, found.erased, sealed.reads) == ({}, frozenset(), [])


async def test_the_blanko_request_reads_for_its_own_purpose() -> None:
    sealed = Sealed()
    names = SealedHolderNames(HolderDetails(SealedPersonalData(sealed, Keys())), Purpose.REPORT)
    assert (await names.names_of([READABLE])).get(READABLE) == "Ni Made Sukerti"
    assert sealed.reads == [((READABLE,), Purpose.REPORT, None)]
    assert (await names.names_of([])).names == {} and len(sealed.reads) == 1
