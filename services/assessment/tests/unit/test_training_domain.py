"""The training domain: a scheme's requirement (modules checked, the same list twice records
nothing), a candidate's record (a completion once per client id and once per module, a client
id reused for something else refused), what a completion must say, and a file's row read."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from assessment.training.domain import requirement as rq
from assessment.training.domain import training_record as tr
from assessment.training.domain.completion_rows import read_row
from assessment.training.domain.completion_rules import completion_faults
from kompeten_contracts.errors import Refusal

AT = datetime(2026, 5, 4, 9, tzinfo=UTC)
LSP, ADMIN, CANDIDATE, TRAINER = uuid4(), uuid4(), uuid4(), uuid4()
KASIR = tuple(rq.Module(code=f"KAS-0{n}", title=f"Modul kasir {n}") for n in range(1, 7))


def set_modules(*modules: rq.Module) -> rq.SetRequirement:
    return rq.SetRequirement(
        lsp_id=LSP, scheme_code="KOP-KASIR", modules=modules, actor=ADMIN, at=AT
    )


def given_requirement(*modules: rq.Module) -> rq.TrainingRequirement:
    state = rq.TrainingRequirement()
    for event in rq.decide_set(state, set_modules(*modules)):
        state = rq.evolve(state, event)
    return state


def test_a_requirement_is_set_tidy_and_the_same_list_again_records_nothing() -> None:
    [event] = rq.decide_set(
        rq.TrainingRequirement(),
        set_modules(rq.Module(code=" kas-01 ", title="  Dasar   perkoperasian "), *KASIR[1:]),
    )
    assert event.modules[0] == rq.Module(code="KAS-01", title="Dasar perkoperasian")
    state = rq.evolve(rq.TrainingRequirement(), event)
    assert len(state.modules) == 6
    assert rq.decide_set(state, set_modules(*state.modules)) == []
    [cleared] = rq.decide_set(state, set_modules())
    assert rq.evolve(state, cleared).modules == ()


def test_a_bad_requirement_names_every_module_and_field() -> None:
    with pytest.raises(Refusal) as caught:
        rq.decide_set(
            rq.TrainingRequirement(),
            set_modules(
                rq.Module(code="KAS 01", title="K"),
                rq.Module(code="KAS-02", title="Modul dua"),
                rq.Module(code="kas-02", title="Modul dua lagi"),
            ),
        )
    assert [p.field for p in caught.value.problems] == [
        "modules[0].code",
        "modules[0].title",
        "modules[2].code",
    ]
    assert "KAS-02" in caught.value.problems[2].reason_en
    with pytest.raises(Refusal) as many:
        rq.decide_set(
            rq.TrainingRequirement(),
            set_modules(
                *[rq.Module(code=f"M-{n}", title="Modul") for n in range(rq.MAX_MODULES + 1)]
            ),
        )
    assert many.value.field == "modules"


def completion(module: str = "KAS-01", client_id: UUID | None = None) -> tr.Completion:
    return tr.Completion(
        client_id=client_id or uuid4(),
        candidate_id=CANDIDATE,
        scheme_code="KOP-KASIR",
        module_code=module,
        completed_on=date(2026, 5, 1),
        provider_ref="BLK-KRA/2026/01",
        trainer_id=TRAINER,
    )


def record(*completions: tr.Completion) -> tr.RecordCompletions:
    return tr.RecordCompletions(
        lsp_id=LSP,
        candidate_id=CANDIDATE,
        completions=completions,
        fields=tuple(f"completions[{i}]" for i in range(len(completions))),
        actor=TRAINER,
        at=AT,
    )


def given(*events: tr.ModuleCompleted) -> tr.TrainingRecord:
    state = tr.TrainingRecord()
    for event in events:
        state = tr.evolve(state, event)
    return state


def test_a_completion_is_recorded_once_whatever_the_retries_and_duplicates() -> None:
    first = completion("KAS-01")
    events, outcomes = tr.decide_record(given(), record(first, first, completion("KAS-02")))
    assert [e.module_code for e in events] == ["KAS-01", "KAS-02"]
    assert outcomes == [tr.Outcome.APPLIED, tr.Outcome.ALREADY_APPLIED, tr.Outcome.APPLIED]
    assert (events[0].trainer_id, events[0].recorded_by, events[0].lsp_id) == (
        TRAINER,
        TRAINER,
        LSP,
    )
    state = given(*events)
    again, outcomes = tr.decide_record(state, record(first, completion("KAS-02")))
    assert again == []
    assert outcomes == [tr.Outcome.ALREADY_APPLIED, tr.Outcome.ALREADY_COMPLETED]
    assert state.done("KOP-KASIR") == {"KAS-01", "KAS-02"} and state.done("KOP-LAIN") == set()


def test_a_client_id_reused_for_another_module_is_refused_naming_it() -> None:
    first = completion("KAS-01")
    events, _ = tr.decide_record(given(), record(first))
    reused = completion("KAS-03", client_id=first.client_id)
    with pytest.raises(Refusal) as caught:
        tr.decide_record(given(*events), record(completion("KAS-02"), reused))
    assert caught.value.field == "completions[1].client_id"


def test_missing_modules_are_those_the_requirement_names_and_the_record_lacks() -> None:
    requirement = given_requirement(*KASIR)
    events, _ = tr.decide_record(given(), record(completion("KAS-01"), completion("KAS-04")))
    missing = tr.missing_modules(given(*events), requirement, "KOP-KASIR")
    assert [m.code for m in missing] == ["KAS-02", "KAS-03", "KAS-05", "KAS-06"]
    assert tr.missing_modules(given(), rq.TrainingRequirement(), "KOP-KASIR") == ()


def test_a_completion_must_be_of_a_required_module_dated_and_referenced() -> None:
    required = {"KOP-KASIR": given_requirement(*KASIR), "KOP-BENDAHARA": rq.TrainingRequirement()}
    today = date(2026, 5, 4)

    def faults(scheme: str, module: str, on: date, ref: str = "BLK/01") -> list[str]:
        return [f.attribute for f in completion_faults(scheme, module, on, ref, required, today)]

    assert faults("KOP-KASIR", "KAS-06", today) == []
    assert faults("KOP-KASIR", "KAS-07", today) == ["module_code"]
    assert faults("KOP-BENDAHARA", "KAS-01", today) == ["scheme_code"]
    assert faults("KOP-LAIN", "KAS-01", today) == ["scheme_code"]
    assert faults("KOP-KASIR", "KAS-01", date(2026, 5, 5), "") == ["completed_on", "provider_ref"]
    assert faults("KOP-KASIR", "KAS-01", date(1999, 12, 31)) == ["completed_on"]
    [fault] = completion_faults("KOP-KASIR", "KAS-07", today, "x", required, today)
    assert "KAS-01, KAS-02" in fault.reason_id and fault.reason_id != fault.reason_en


def test_a_files_row_is_read_into_a_completion_or_every_unreadable_cell_named() -> None:
    cells = {
        "kandidat": str(CANDIDATE),
        "skema": "kop-kasir",
        "modul": "kas-01",
        "tanggal_selesai": "01/05/2026",
        "referensi": "BLK/01",
    }
    row, problems = read_row(4, cells)
    assert problems == [] and row is not None
    assert (row.scheme_code, row.module_code, row.completed_on, row.trainer_id) == (
        "KOP-KASIR",
        "KAS-01",
        date(2026, 5, 1),
        None,
    )
    row, _ = read_row(5, {**cells, "tanggal_selesai": "2026-05-01T00:00:00"})
    assert row is not None and row.completed_on == date(2026, 5, 1)
    bad = {
        **cells,
        "kandidat": "Budi",
        "tanggal_selesai": "31/02/2026",
        "pelatih": "x",
        "referensi": "",
    }
    row, problems = read_row(6, bad)
    assert row is None
    assert sorted((p.row, p.column) for p in problems) == [
        (6, "kandidat"),
        (6, "pelatih"),
        (6, "referensi"),
        (6, "tanggal_selesai"),
    ]
    assert all(p.reason_id and p.reason_en and p.reason_id != p.reason_en for p in problems)
