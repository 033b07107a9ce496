"""What a question bank holds: items of the instruments (FR.IA.xx) per unit of a scheme, and
the units they belong to, as the scheme version defines them."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ItemKind(StrEnum):
    MULTIPLE_CHOICE = "pilihan_ganda"
    ESSAY = "esai"
    ORAL = "lisan"
    INTERVIEW = "wawancara"
    PRACTICAL_TASK = "tugas_praktik"
    PORTFOLIO = "portofolio"


class Instrument(StrEnum):
    OBSERVATION = "IA.01"
    PRACTICAL_TASK = "IA.02"
    MULTIPLE_CHOICE = "IA.05"
    ESSAY = "IA.06"
    ORAL = "IA.07"
    PORTFOLIO = "IA.08"
    INTERVIEW = "IA.09"


INSTRUMENT_OF: dict[ItemKind, Instrument] = {
    ItemKind.MULTIPLE_CHOICE: Instrument.MULTIPLE_CHOICE,
    ItemKind.ESSAY: Instrument.ESSAY,
    ItemKind.ORAL: Instrument.ORAL,
    ItemKind.INTERVIEW: Instrument.INTERVIEW,
    ItemKind.PRACTICAL_TASK: Instrument.PRACTICAL_TASK,
    ItemKind.PORTFOLIO: Instrument.PORTFOLIO,
}
QUESTION_KINDS = frozenset(
    {ItemKind.MULTIPLE_CHOICE, ItemKind.ESSAY, ItemKind.ORAL, ItemKind.INTERVIEW}
)
MIN_OPTIONS, MAX_OPTIONS = 4, 5
SCHEME_CODE = r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class BankItem(Frozen):
    """One row of a bank: a question (multiple choice, essay, oral, interview), a practical
    task or an expected portfolio document, of one unit. `correct` indexes `options`."""

    item_id: str
    kind: ItemKind
    unit_code: str
    text: str
    options: tuple[str, ...] = ()
    correct: int | None = None
    guidance: str | None = None  # for the assessor: what a good answer contains
    group: str | None = None  # an interview's occupational group, e.g. bendahara


class BankContent(Frozen):
    scheme_version: int
    items: tuple[BankItem, ...]

    def of_kind(self, kind: ItemKind, unit_code: str | None = None) -> list[BankItem]:
        return [i for i in self.items if i.kind is kind and unit_code in (None, i.unit_code)]


class Criterion(Frozen):
    """A performance criterion (KUK) of a unit: one item of its observation checklist."""

    code: str
    element: str
    text: str


class SchemeUnit(Frozen):
    code: str
    title: str
    criteria: tuple[Criterion, ...]
