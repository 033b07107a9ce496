"""The catalogue's handlers on in-memory adapters: schemes drafted, revised and published once
and for good; cooperatives registered once per legal number, a retry answered the same."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from eventkit.store import InMemoryEventStore
from kompeten_contracts.errors import Refusal
from registration.catalogue.application.register_cooperative import (
    RegisterCooperativeHandler,
    RegisterCooperativeRequest,
)
from registration.catalogue.application.scheme_commands import SchemeCommands
from registration.seed import scheme_contents

from .fakes import InMemoryUnitOfWork

ADMIN, LSP = uuid4(), uuid4()


class InMemoryLegalNumbers:
    def __init__(self) -> None:
        self.holders: dict[str, UUID] = {}

    async def claim(self, tx: Any, legal_number: str, cooperative_id: UUID) -> UUID | None:
        holder = self.holders.setdefault(legal_number, cooperative_id)
        return None if holder == cooperative_id else holder


async def test_a_scheme_version_is_drafted_revised_published_and_then_fixed() -> None:
    schemes = SchemeCommands(InMemoryEventStore())
    code, content = scheme_contents()[0]
    assert await schemes.draft(code, content, ADMIN, LSP) == 1
    revised = content.model_copy(update={"title": content.title + " (revisi)"})
    assert await schemes.revise(code, 1, revised, ADMIN, LSP) == 1
    assert await schemes.publish(code, 1, ADMIN, LSP) == 1
    with pytest.raises(Refusal) as caught:
        await schemes.revise(code, 1, content, ADMIN, LSP)
    assert (caught.value.status, caught.value.field) == (409, "version")
    assert await schemes.draft_next(code, ADMIN, LSP) == 2
    state, _ = await schemes.state(code)
    assert [v.published for v in state.versions] == [True, False]
    assert state.versions[0].content.title.endswith("(revisi)")
    with pytest.raises(Refusal) as caught:
        await schemes.draft(code, content, ADMIN, LSP)
    assert (caught.value.status, caught.value.field) == (409, "scheme_code")
    with pytest.raises(Refusal) as caught:  # another LSP's scheme is not there for its admins
        await schemes.publish(code, 2, uuid4(), uuid4())
    assert (caught.value.status, caught.value.field) == (404, "scheme_code")


def cooperative(legal_number: str = "AHU-0001.AH.01", **overrides: Any) -> Any:
    fields = {"name": "KSP Sari Amerta", "kind": "ksp_usp", "legal_number": legal_number,
              "district_code": "5107", "province_code": "51", **overrides}  # fmt: skip
    return RegisterCooperativeRequest(**fields)


async def test_a_cooperative_is_registered_once_per_legal_number() -> None:
    store = InMemoryEventStore()
    register = RegisterCooperativeHandler(InMemoryUnitOfWork(), store, InMemoryLegalNumbers())
    first = await register(cooperative(), ADMIN)
    again = await register(cooperative(), ADMIN)  # a retry of the same registration
    assert not first.replayed and again.replayed
    assert again.cooperative_id == first.cooperative_id
    with pytest.raises(Refusal) as caught:
        await register(cooperative(name="KSP Lain"), ADMIN)
    assert (caught.value.status, caught.value.field) == (409, "legal_number")
    with pytest.raises(Refusal) as caught:
        await register(cooperative("AHU-0002.AH.01", district_code="3273"), ADMIN)
    assert (caught.value.status, caught.value.field) == (422, "district_code")
    assert len(await store.read_all()) == 1
