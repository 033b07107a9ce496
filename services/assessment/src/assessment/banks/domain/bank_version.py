"""A published bank version as planning and exams use it: its questions (correct options
included: it never leaves the server for a candidate) and the instruments per unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from assessment.banks.domain.bank_items import QUESTION_KINDS, BankItem, ItemKind
from assessment.banks.domain.instruments import UnitInstruments
from assessment.banks.domain.question_bank import BankVersionPublished


@dataclass(frozen=True)
class BankVersion:
    lsp_id: UUID
    scheme_code: str
    version: int
    scheme_version: int
    per_unit: int  # multiple-choice questions a draw takes per unit, as checked at publishing
    published_at: datetime
    questions: tuple[BankItem, ...]  # multiple choice, essay, oral and interview, file order
    instruments: tuple[UnitInstruments, ...]  # per unit, in the scheme's order

    @classmethod
    def of(cls, event: BankVersionPublished) -> BankVersion:
        return cls(
            event.lsp_id,
            event.scheme_code,
            event.version,
            event.content.scheme_version,
            event.per_unit,
            event.at,
            tuple(i for i in event.content.items if i.kind in QUESTION_KINDS),
            event.instruments,
        )

    @property
    def unit_codes(self) -> list[str]:
        return [unit.unit_code for unit in self.instruments]

    def question(self, question_id: str) -> BankItem:
        for question in self.questions:
            if question.item_id == question_id:
                return question
        raise KeyError(question_id)

    def multiple_choice(self, unit_code: str) -> list[BankItem]:
        return [q for q in self.questions
                if q.kind is ItemKind.MULTIPLE_CHOICE and q.unit_code == unit_code]  # fmt: skip

    def interview(self, group: str) -> list[BankItem]:
        """IA.09: the interview questions for candidates of one occupational group."""
        return [q for q in self.questions if q.kind is ItemKind.INTERVIEW and q.group == group]
