"""The test site (TUK, Tempat Uji Kompetensi) aggregate: one stream per site. An LSP registers
it, lists the equipment it holds for each scheme, and verifies it before it hosts any
assessment; a verification is valid until a date (hosting.site_can_host keeps that rule)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from assessment.shared.domain.codes import check_district_code, check_scheme_code, normalised_text
from assessment.sites.domain.site_events import (
    RegisterTestSite,
    SetEquipment,
    SetHeads,
    TestSiteEquipmentSet,
    TestSiteEvent,
    TestSiteHeadsSet,
    TestSiteRegistered,
    TestSiteVerified,
    VerifyTestSite,
)
from kompeten_contracts.errors import conflict, invalid, not_found

MAX_CAPACITY = 2000
MAX_ITEMS = 100
MAX_HEADS = 10


@dataclass(frozen=True)
class Verification:
    verified_on: date
    valid_until: date
    verifier: UUID


@dataclass(frozen=True)
class TestSite:
    registered: TestSiteRegistered | None = None
    equipment: dict[str, tuple[str, ...]] = field(default_factory=dict)
    verification: Verification | None = None
    heads: tuple[UUID, ...] = ()

    def of(self, lsp_id: UUID | None) -> bool:
        """Registered, and by this LSP: another LSP's site is answered as one that is not."""
        return self.registered is not None and self.registered.lsp_id == lsp_id


def stream_id(site_id: UUID) -> str:
    return f"test-site-{site_id}"


def decide_register(state: TestSite, command: RegisterTestSite) -> list[TestSiteEvent]:
    if state.registered is not None:
        raise conflict("site_id", "TUK ini sudah terdaftar", "this test site is registered")
    if command.lsp_id is None:
        raise invalid("lsp", "TUK milik sebuah LSP", "a test site belongs to an LSP")
    name = normalised_text(command.name, "name", 3, 200)
    address = normalised_text(command.address, "address", 5, 300)
    check_district_code(command.district_code)
    if not 1 <= command.capacity <= MAX_CAPACITY:
        raise invalid(
            "capacity",
            f"kapasitas 1-{MAX_CAPACITY} kursi",
            f"capacity must be 1-{MAX_CAPACITY} seats",
        )
    changes = {"name": name, "address": address}
    return [TestSiteRegistered(**{**command.model_dump(), **changes})]


def decide_set_equipment(state: TestSite, command: SetEquipment) -> list[TestSiteEvent]:
    _registered(state)
    check_scheme_code(command.scheme_code)
    items = tuple(dict.fromkeys(normalised_text(i, "items", 2, 200) for i in command.items))
    if not 1 <= len(items) <= MAX_ITEMS:
        raise invalid(
            "items",
            f"daftar peralatan berisi 1-{MAX_ITEMS} barang",
            f"the equipment checklist has 1-{MAX_ITEMS} items",
        )
    if state.equipment.get(command.scheme_code) == items:
        return []
    return [TestSiteEquipmentSet(**{**command.model_dump(), "items": items})]


def decide_verify(state: TestSite, command: VerifyTestSite) -> list[TestSiteEvent]:
    _registered(state)
    today = command.at.date()
    if command.verified_on > today:
        raise invalid(
            "verified_on",
            "tanggal verifikasi tidak boleh di masa depan",
            "the verification date cannot be in the future",
        )
    if command.valid_until <= command.verified_on or command.valid_until < today:
        raise invalid(
            "valid_until",
            "masa berlaku harus setelah tanggal verifikasi dan belum lewat",
            "validity must end after the verification date, and not in the past",
        )
    return [TestSiteVerified(**command.model_dump())]


def decide_set_heads(state: TestSite, command: SetHeads) -> list[TestSiteEvent]:
    _registered(state)
    heads = tuple(dict.fromkeys(command.head_ids))
    if not 1 <= len(heads) <= MAX_HEADS:
        raise invalid("head_ids", f"kepala TUK 1-{MAX_HEADS} akun",
                      f"a test site has 1-{MAX_HEADS} heads")  # fmt: skip
    if heads == state.heads:
        return []
    return [TestSiteHeadsSet(**{**command.model_dump(), "head_ids": heads})]


def _registered(state: TestSite) -> TestSiteRegistered:
    if state.registered is None:
        raise not_found("site_id", "TUK tidak ditemukan", "no such test site")
    return state.registered


def evolve(state: TestSite, event: TestSiteEvent) -> TestSite:
    if isinstance(event, TestSiteRegistered):
        return TestSite(registered=event)
    if isinstance(event, TestSiteEquipmentSet):
        return replace(state, equipment={**state.equipment, event.scheme_code: event.items})
    if isinstance(event, TestSiteHeadsSet):
        return replace(state, heads=event.head_ids)
    verification = Verification(event.verified_on, event.valid_until, event.actor)
    return replace(state, verification=verification)
