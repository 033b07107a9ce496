"""Exams drawn from the banks feature's published versions: the multiple-choice draw of the
bank (per unit, options shuffled, the key tracked) and one essay chosen with the same seed,
turned into the questions an attempt keeps."""

from __future__ import annotations

import random
from uuid import UUID

from assessment.banks.application.published_banks import PublishedBanks
from assessment.banks.domain.bank_items import ItemKind
from assessment.banks.domain.bank_version import BankVersion
from assessment.banks.domain.draw import draw
from assessment.exams.application.ports import Drawer, DrawnExam
from assessment.exams.domain.attempt import DrawnQuestion, QuestionKind
from kompeten_contracts.errors import conflict

ESSAYS_PER_EXAM = 1


class BankDraws:
    def __init__(self, banks: PublishedBanks) -> None:
        self.banks = banks

    async def drawer(self, lsp_id: UUID | None, scheme_code: str, scheme_version: int) -> Drawer:
        bank = await self.banks.published(lsp_id, scheme_code)
        if bank.scheme_version != scheme_version:
            raise conflict(
                "scheme_version",
                f"bank soal terbit untuk versi skema {bank.scheme_version}",
                f"the published question bank is for scheme version {bank.scheme_version}",
            )
        return lambda seed: exam_of(bank, seed)


def exam_of(bank: BankVersion, seed: str) -> DrawnExam:
    questions = []
    for drawn in draw(bank, bank.per_unit, seed):
        item = bank.question(drawn.question_id)
        questions.append(
            DrawnQuestion(
                question_id=item.item_id, unit_code=item.unit_code,
                kind=QuestionKind.MULTIPLE_CHOICE, stem=item.text,
                options=drawn.shown(item.options), correct=drawn.correct_position,
            )
        )  # fmt: skip
    essays = sorted(
        (q for q in bank.questions if q.kind is ItemKind.ESSAY), key=lambda q: q.item_id
    )
    for item in random.Random(f"essay/{seed}").sample(essays, min(ESSAYS_PER_EXAM, len(essays))):
        questions.append(
            DrawnQuestion(
                question_id=item.item_id,
                unit_code=item.unit_code,
                kind=QuestionKind.ESSAY,
                stem=item.text,
            )
        )
    return DrawnExam(bank_version=bank.version, questions=questions)
