"""The question bank: given its events, when a command, then new events or a refusal."""

from __future__ import annotations

from uuid import uuid4

import pytest
from bank_samples import AT, UNIT_CODES, content, units

from assessment.banks.domain import question_bank as qb
from assessment.banks.domain.bank_items import Instrument
from kompeten_contracts.errors import Kind, Refusal

LSP, ADMIN = uuid4(), uuid4()
IDS = {"lsp_id": LSP, "scheme_code": "KOP-KASIR", "actor": ADMIN, "at": AT}


def given(*events: qb.BankEvent) -> qb.QuestionBank:
    state = qb.QuestionBank()
    for event in events:
        state = qb.evolve(state, event)
    return state


def imported(version: int = 1, per_unit: int = 12) -> qb.BankDraftImported:
    return qb.BankDraftImported(**IDS, version=version, content=content(per_unit=per_unit))


def publish(per_unit: int = 10, draft_version: int | None = None) -> qb.PublishDraft:
    return qb.PublishDraft(**IDS, units=units(), per_unit=per_unit, draft_version=draft_version)


def test_an_import_is_the_draft_of_the_next_version_and_the_same_file_again_is_nothing() -> None:
    (event,) = qb.decide_import(given(), qb.ImportDraft(**IDS, content=content()))
    assert isinstance(event, qb.BankDraftImported) and event.version == 1
    assert qb.decide_import(given(event), qb.ImportDraft(**IDS, content=content())) == []
    changed = qb.ImportDraft(**IDS, content=content(per_unit=13))
    assert [e.version for e in qb.decide_import(given(event), changed)] == [1]


def test_publishing_fixes_the_draft_as_a_version_with_its_instruments_per_unit() -> None:
    (event,) = qb.decide_publish(given(imported()), publish())
    assert isinstance(event, qb.BankVersionPublished)
    assert (event.version, event.per_unit, event.content) == (1, 10, content())
    assert [u.unit_code for u in event.instruments] == list(UNIT_CODES)
    unit = event.instruments[0]
    assert unit.instruments == tuple(Instrument)  # IA.01, 02, 05, 06, 07, 08, 09
    assert [c.code for c in unit.checklist] == ["1.1", "1.2", "2.1"]
    assert unit.practical_tasks == ("Layani tiga transaksi di loket simulasi",)
    assert unit.portfolio_documents == ("Contoh bukti setoran",)
    assert len(unit.question_ids[Instrument.MULTIPLE_CHOICE]) == 12
    assert unit.question_ids[Instrument.INTERVIEW] == ("U1-WW-01",)
    after = given(imported(), event)
    assert (after.published, after.draft, after.next_version) == (1, None, 2)
    assert [
        e.version for e in qb.decide_import(after, qb.ImportDraft(**IDS, content=content()))
    ] == [2]


def test_publishing_names_every_unit_without_enough_multiple_choice_for_a_draw() -> None:
    with pytest.raises(Refusal) as refused:
        qb.decide_publish(given(imported(per_unit=8)), publish(per_unit=10))
    assert refused.value.kind is Kind.INVALID
    assert [p.field for p in refused.value.problems] == ["units"] * 4
    assert refused.value.problems[0].reason_id == (
        "unit M.649000.011.01 punya 8 soal pilihan ganda; perlu 10"
    )
    assert qb.decide_publish(given(imported(per_unit=8)), publish(per_unit=8))


def test_nothing_to_publish_without_a_draft_or_when_the_draft_is_not_the_one_reviewed() -> None:
    with pytest.raises(Refusal) as empty:
        qb.decide_publish(given(), publish())
    assert (empty.value.kind, empty.value.field) == (Kind.CONFLICT, "version")
    published = given(imported(), *qb.decide_publish(given(imported()), publish()))
    with pytest.raises(Refusal):
        qb.decide_publish(published, publish())
    with pytest.raises(Refusal) as other:
        qb.decide_publish(given(imported()), publish(draft_version=2))
    assert (other.value.kind, other.value.field) == (Kind.CONFLICT, "draft_version")


def test_each_lsps_bank_of_a_scheme_is_its_own_stream() -> None:
    assert qb.stream_id((LSP, "KOP-KASIR")) != qb.stream_id((uuid4(), "KOP-KASIR"))
    assert qb.stream_id((LSP, "KOP-KASIR")) != qb.stream_id((LSP, "KOP-BENDAHARA"))
