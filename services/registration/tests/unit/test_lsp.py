"""The certification body (LSP): registered once under a well-formed code; an LSP's staff work
for exactly one LSP, everyone else for none."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from kompeten_contracts.errors import Refusal
from kompeten_contracts.roles import Role
from registration.catalogue.domain.lsp import Lsp, RegisterLsp, decide_register, evolve
from registration.identity.domain.account import Account, decide_open

AT = datetime(2026, 11, 29, 9, tzinfo=UTC)


def register(code: str = "LSP-KOPERASI-BALI", name: str = "LSP Koperasi Bali") -> RegisterLsp:
    return RegisterLsp(lsp_id=uuid4(), code=code, name=name, licence_number="BNSP-1",
                       registered_at=AT)  # fmt: skip


def test_an_lsp_is_registered_once_under_its_code() -> None:
    [registered] = decide_register(Lsp(), register())
    state = evolve(Lsp(), registered)
    assert state.code == "LSP-KOPERASI-BALI" and state.lsp_id == registered.lsp_id
    with pytest.raises(Refusal) as caught:
        decide_register(state, register())
    assert (caught.value.status, caught.value.field) == (409, "code")


@pytest.mark.parametrize(("code", "name", "field"), [
    ("koperasi bali", "LSP Koperasi Bali", "code"),
    ("LSP-", "LSP Koperasi Bali", "code"),
    ("LSP-KOPERASI-BALI", "X", "name"),
])  # fmt: skip
def test_a_malformed_lsp_is_refused_on_its_field(code: str, name: str, field: str) -> None:
    with pytest.raises(Refusal) as caught:
        decide_register(Lsp(), register(code, name))
    assert caught.value.field == field


@pytest.mark.parametrize("role", list(Role))
def test_an_lsps_staff_work_for_one_lsp_and_no_one_else_for_any(role: Role) -> None:
    lsp_staff = role in {Role.LSP_ADMIN, Role.ASSESSOR, Role.TEST_SITE_HEAD, Role.DECISION_MAKER,
                         Role.TRAINING_PROVIDER}  # fmt: skip
    districts = ("5107",) if role is Role.DISTRICT_OPERATOR else ()
    for lsp_id in (uuid4(), None):
        opening = (Account(), uuid4(), role, {}, None, AT, districts, lsp_id)
        if lsp_staff == (lsp_id is not None):
            [opened] = decide_open(*opening)
            assert opened.lsp_id == lsp_id
        else:
            with pytest.raises(Refusal) as caught:
                decide_open(*opening)
            assert caught.value.field == "lsp"
