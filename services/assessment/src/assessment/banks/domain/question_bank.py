"""The question bank aggregate: one stream per (LSP, scheme code). An LSP's admins import a
draft (the whole bank, from a file) as often as they like, then publish it as the next
version, which never changes again. Publishing checks the draw can be made from every unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from assessment.banks.domain.bank_items import BankContent, ItemKind, SchemeUnit
from assessment.banks.domain.instruments import UnitInstruments, instruments_per_unit
from kompeten_contracts.errors import Problem, Refusal, conflict

DEFAULT_PER_UNIT = 10  # multiple-choice questions drawn per unit: 40 for a four-unit scheme


class BankMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    lsp_id: UUID
    scheme_code: str
    actor: UUID
    at: datetime


class ImportDraft(BankMessage):
    content: BankContent


class PublishDraft(BankMessage):
    units: tuple[SchemeUnit, ...]  # of the scheme version the draft was checked against
    per_unit: int = Field(default=DEFAULT_PER_UNIT, ge=1, le=100)
    draft_version: int | None = None  # the draft the admin reviewed, if they name it


class BankDraftImported(BankMessage):
    version: int
    content: BankContent


class BankVersionPublished(BankMessage):
    version: int
    per_unit: int
    content: BankContent
    instruments: tuple[UnitInstruments, ...]


BankEvent = BankDraftImported | BankVersionPublished
EVENTS: tuple[type[BankEvent], ...] = (BankDraftImported, BankVersionPublished)


@dataclass(frozen=True)
class QuestionBank:
    published: int = 0  # the number of the latest published version (0: none yet)
    draft: BankContent | None = None

    @property
    def next_version(self) -> int:
        return self.published + 1


def stream_id(key: tuple[UUID, str]) -> str:
    lsp_id, scheme_code = key
    return f"bank-{lsp_id}-{scheme_code}"


def decide_import(state: QuestionBank, command: ImportDraft) -> list[BankEvent]:
    if command.content == state.draft:
        return []  # the same file again: the draft already says this
    return [BankDraftImported(**command.model_dump(), version=state.next_version)]


def decide_publish(state: QuestionBank, command: PublishDraft) -> list[BankEvent]:
    if state.draft is None:
        raise conflict("version", "tidak ada draf untuk diterbitkan; impor berkas soal dahulu",
                       "no draft to publish; import a bank file first")  # fmt: skip
    if command.draft_version not in (None, state.next_version):
        raise conflict("draft_version", f"draf yang ada adalah versi {state.next_version}",
                       f"the draft is version {state.next_version}")  # fmt: skip
    short = units_short_of(state.draft, command.units, command.per_unit)
    if short:
        raise Refusal(short)
    return [
        BankVersionPublished(
            **command.model_dump(exclude={"units", "per_unit", "draft_version"}),
            version=state.next_version,
            per_unit=command.per_unit,
            content=state.draft,
            instruments=instruments_per_unit(state.draft, command.units),
        )
    ]


def units_short_of(
    content: BankContent, units: Sequence[SchemeUnit], per_unit: int
) -> list[Problem]:
    """A problem naming each unit with fewer multiple-choice questions than one draw takes."""
    problems = []
    for unit in units:
        held = len(content.of_kind(ItemKind.MULTIPLE_CHOICE, unit.code))
        if held < per_unit:
            problems.append(Problem(
                "units", f"unit {unit.code} punya {held} soal pilihan ganda; perlu {per_unit}",
                f"unit {unit.code} has {held} multiple-choice questions; {per_unit} needed",
            ))  # fmt: skip
    return problems


def evolve(state: QuestionBank, event: BankEvent) -> QuestionBank:
    if isinstance(event, BankDraftImported):
        return QuestionBank(state.published, event.content)
    return QuestionBank(event.version, None)
