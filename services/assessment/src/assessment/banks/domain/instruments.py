"""The instruments a bank version offers per unit (the vocabulary of the assessment plan,
FR.MAPA.01): the observation checklist from the unit's performance criteria, and whichever
of the other instruments the bank holds items for."""

from __future__ import annotations

from collections.abc import Sequence

from assessment.banks.domain.bank_items import (
    INSTRUMENT_OF,
    BankContent,
    Criterion,
    Frozen,
    Instrument,
    ItemKind,
    SchemeUnit,
)


class UnitInstruments(Frozen):
    unit_code: str
    title: str
    instruments: tuple[Instrument, ...]  # in the order of their form numbers
    checklist: tuple[Criterion, ...]  # IA.01: one item per performance criterion
    practical_tasks: tuple[str, ...]  # IA.02
    portfolio_documents: tuple[str, ...]  # IA.08: the documents expected
    question_ids: dict[Instrument, tuple[str, ...]]  # IA.05, IA.06, IA.07, IA.09


def instruments_per_unit(
    content: BankContent, units: Sequence[SchemeUnit]
) -> tuple[UnitInstruments, ...]:
    return tuple(_of_unit(content, unit) for unit in units)


def _of_unit(content: BankContent, unit: SchemeUnit) -> UnitInstruments:
    items = [item for item in content.items if item.unit_code == unit.code]
    offered = {INSTRUMENT_OF[item.kind] for item in items}
    if unit.criteria:
        offered.add(Instrument.OBSERVATION)
    questions: dict[Instrument, tuple[str, ...]] = {}
    for kind in (ItemKind.MULTIPLE_CHOICE, ItemKind.ESSAY, ItemKind.ORAL, ItemKind.INTERVIEW):
        ids = tuple(item.item_id for item in items if item.kind is kind)
        if ids:
            questions[INSTRUMENT_OF[kind]] = ids
    return UnitInstruments(
        unit_code=unit.code,
        title=unit.title,
        instruments=tuple(i for i in Instrument if i in offered),
        checklist=unit.criteria,
        practical_tasks=tuple(i.text for i in items if i.kind is ItemKind.PRACTICAL_TASK),
        portfolio_documents=tuple(i.text for i in items if i.kind is ItemKind.PORTFOLIO),
        question_ids=questions,
    )
