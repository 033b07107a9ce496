"""The test site (TUK): registered by an LSP with a well-formed name, address, district and
capacity; equipped per scheme; verified before it hosts, and only while the verification lasts.
Bad input is refused naming its field, and records nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from assessment.sites.domain import site as s
from assessment.sites.domain import site_events as e
from assessment.sites.domain.hosting import site_can_host
from kompeten_contracts.errors import Refusal

AT = datetime(2026, 11, 2, 9, tzinfo=UTC)
TODAY = AT.date()
LSP, ADMIN, SITE = uuid4(), uuid4(), uuid4()


def register(**changes: Any) -> e.RegisterTestSite:
    fields: dict[str, Any] = {
        "site_id": SITE, "lsp_id": LSP, "actor": ADMIN, "at": AT, "kind": e.SiteKind.SEWAKTU,
        "training_centre": e.TrainingCentre.BLK_BPVP, "name": "  BLK  Karangasem ",
        "address": "Jl. Ngurah Rai No. 1, Amlapura", "district_code": "5107", "capacity": 160,
    }  # fmt: skip
    return e.RegisterTestSite(**{**fields, **changes})


def equip(scheme_code: str = "KOP-KASIR", items: tuple[str, ...] = ("Meja", "Kalkulator")) -> Any:
    return e.SetEquipment(site_id=SITE, lsp_id=LSP, actor=ADMIN, at=AT, scheme_code=scheme_code,
                          items=items)  # fmt: skip


def verify(verified_on: date = TODAY, valid_until: date = TODAY + timedelta(days=365)) -> Any:
    return e.VerifyTestSite(site_id=SITE, lsp_id=LSP, actor=ADMIN, at=AT,
                            verified_on=verified_on, valid_until=valid_until)  # fmt: skip


def given(*events: e.TestSiteEvent) -> s.TestSite:
    state = s.TestSite()
    for event in events:
        state = s.evolve(state, event)
    return state


def refused(decide: Any, state: s.TestSite, command: Any) -> Refusal:
    with pytest.raises(Refusal) as caught:
        decide(state, command)
    return caught.value


def registered_site() -> s.TestSite:
    return given(*s.decide_register(s.TestSite(), register()))


def test_a_site_is_registered_once_with_its_name_tidied() -> None:
    [registered] = s.decide_register(s.TestSite(), register())
    assert isinstance(registered, e.TestSiteRegistered)
    assert (registered.name, registered.capacity) == ("BLK Karangasem", 160)
    assert registered.training_centre is e.TrainingCentre.BLK_BPVP
    refusal = refused(s.decide_register, given(registered), register())
    assert (refusal.status, refusal.field) == (409, "site_id")


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": " x "}, "name"),
    ({"address": "Jl."}, "address"),
    ({"district_code": "51"}, "district_code"),
    ({"district_code": "5100"}, "district_code"),
    ({"capacity": 0}, "capacity"),
    ({"capacity": 5000}, "capacity"),
    ({"lsp_id": None}, "lsp"),
])  # fmt: skip
def test_a_malformed_site_is_refused_naming_the_field(changes: dict[str, Any], field: str) -> None:
    refusal = refused(s.decide_register, s.TestSite(), register(**changes))
    assert (refusal.status, refusal.field) == (422, field)
    assert refusal.reason_id != refusal.reason_en


def test_equipment_is_set_per_scheme_and_setting_it_again_records_nothing() -> None:
    state = registered_site()
    [equipped] = s.decide_set_equipment(state, equip(items=("Meja", " Meja ", "Kalkulator")))
    assert isinstance(equipped, e.TestSiteEquipmentSet)
    assert equipped.items == ("Meja", "Kalkulator")
    state = given(*s.decide_register(s.TestSite(), register()), equipped)
    assert state.equipment == {"KOP-KASIR": ("Meja", "Kalkulator")}
    assert s.decide_set_equipment(state, equip()) == []


@pytest.mark.parametrize(("command", "field"), [
    (equip(scheme_code="kasir"), "scheme_code"),
    (equip(items=()), "items"),
    (equip(items=("x",)), "items"),
])  # fmt: skip
def test_a_bad_equipment_list_is_refused_naming_the_field(command: Any, field: str) -> None:
    refusal = refused(s.decide_set_equipment, registered_site(), command)
    assert (refusal.status, refusal.field) == (422, field)


def test_nothing_but_registration_happens_to_a_site_that_is_not_registered() -> None:
    assert refused(s.decide_set_equipment, s.TestSite(), equip()).status == 404
    assert refused(s.decide_verify, s.TestSite(), verify()).status == 404


@pytest.mark.parametrize(("verified_on", "valid_until", "field"), [
    (TODAY + timedelta(days=1), TODAY + timedelta(days=30), "verified_on"),
    (TODAY, TODAY, "valid_until"),
    (TODAY - timedelta(days=400), TODAY - timedelta(days=1), "valid_until"),
])  # fmt: skip
def test_a_verification_must_be_past_or_today_and_last_beyond_today(
    verified_on: date, valid_until: date, field: str
) -> None:
    refusal = refused(s.decide_verify, registered_site(), verify(verified_on, valid_until))
    assert (refusal.status, refusal.field) == (422, field)


def ready_site(valid_until: date = TODAY + timedelta(days=365)) -> s.TestSite:
    return run(
        (s.decide_register, register()),
        (s.decide_set_equipment, equip()),
        (s.decide_verify, verify(valid_until=valid_until)),
    )


def run(*steps: tuple[Any, Any]) -> s.TestSite:
    """Each command decided on the state the previous ones left."""
    state = s.TestSite()
    for decide, command in steps:
        for event in decide(state, command):
            state = s.evolve(state, event)
    return state


def test_a_verified_equipped_site_hosts_its_scheme_within_the_validity() -> None:
    site = ready_site(valid_until=TODAY + timedelta(days=30))
    assert site.verification is not None and site.verification.verifier == ADMIN
    assert site_can_host(site, "KOP-KASIR", TODAY + timedelta(days=30), seats=160) is None


def test_a_site_never_verified_cannot_host() -> None:
    state = run((s.decide_register, register()), (s.decide_set_equipment, equip()))
    refusal = site_can_host(state, "KOP-KASIR", TODAY + timedelta(days=7))
    assert refusal is not None and refusal.status == 409
    assert [p.field for p in refusal.problems] == ["site_id"]
    assert refusal.problems[0].reason_id == "TUK belum diverifikasi oleh LSP"


def test_a_site_whose_verification_expired_by_the_date_cannot_host() -> None:
    site = ready_site(valid_until=TODAY + timedelta(days=30))
    refusal = site_can_host(site, "KOP-KASIR", TODAY + timedelta(days=31))
    assert refusal is not None and refusal.status == 409
    [problem] = refusal.problems
    assert problem.field == "site_id" and "expired" in problem.reason_en


def test_a_date_before_the_verification_is_not_covered_by_it() -> None:
    refusal = site_can_host(ready_site(), "KOP-KASIR", TODAY - timedelta(days=1))
    assert refusal is not None and [p.field for p in refusal.problems] == ["site_id"]


def test_a_scheme_without_its_equipment_and_too_many_seats_are_each_a_reason() -> None:
    refusal = site_can_host(ready_site(), "KOP-BENDAHARA", TODAY, seats=161)
    assert refusal is not None
    assert [p.field for p in refusal.problems] == ["scheme_code", "capacity"]


def test_a_site_that_does_not_exist_is_not_found() -> None:
    refusal = site_can_host(s.TestSite(), "KOP-KASIR", TODAY)
    assert refusal is not None and refusal.status == 404


def heads(*head_ids: Any) -> e.SetHeads:
    return e.SetHeads(site_id=SITE, lsp_id=LSP, actor=ADMIN, at=AT, head_ids=head_ids)


def test_a_site_is_headed_by_the_accounts_the_admin_appoints() -> None:
    head, deputy = uuid4(), uuid4()
    assert refused(s.decide_set_heads, s.TestSite(), heads(head)).field == "site_id"
    assert refused(s.decide_set_heads, registered_site(), heads()).field == "head_ids"
    [appointed] = s.decide_set_heads(registered_site(), heads(head, deputy, head))
    state = s.evolve(registered_site(), appointed)
    assert state.heads == (head, deputy)
    assert s.decide_set_heads(state, heads(head, deputy)) == []
    assert s.evolve(state, s.decide_set_heads(state, heads(deputy))[0]).heads == (deputy,)
