"""A candidate's written exam drawn from a published bank version: `per_unit` multiple-choice
questions of every unit, in a shuffled order, each with its options shuffled. The same seed
always draws the same exam (the attempt keeps its seed, so a draw can be replayed and
audited); different seeds draw differently. Where the correct option went is tracked, for the
server's scoring only."""

from __future__ import annotations

import random
from dataclasses import dataclass

from assessment.banks.domain.bank_version import BankVersion
from kompeten_contracts.errors import Problem, Refusal, invalid


@dataclass(frozen=True)
class DrawnQuestion:
    question_id: str
    # option_order[k] is the index, in the question's options, of the option shown k-th.
    option_order: tuple[int, ...]
    correct_position: int  # where the correct option is shown: server side only

    def shown(self, options: tuple[str, ...]) -> list[str]:
        return [options[index] for index in self.option_order]


def draw(bank: BankVersion, per_unit: int, seed: str | int) -> list[DrawnQuestion]:
    # random.Random with a str or int seed is reproducible across processes and Python runs
    # (a str is hashed with SHA-512, not with the per-process salted hash).
    rng = random.Random(f"{bank.lsp_id}/{bank.scheme_code}/{bank.version}/{seed}")
    if per_unit < 1:
        raise invalid("per_unit", "paling sedikit 1 soal per unit", "at least 1 per unit")
    short = [unit for unit in bank.unit_codes if len(bank.multiple_choice(unit)) < per_unit]
    if short:
        raise Refusal([Problem("per_unit", f"unit {unit} punya kurang dari {per_unit} soal "
                               "pilihan ganda", f"unit {unit} has fewer than {per_unit} "
                               "multiple-choice questions") for unit in short])  # fmt: skip
    chosen = []
    for unit in bank.unit_codes:
        pool = sorted(bank.multiple_choice(unit), key=lambda q: q.item_id)
        chosen += rng.sample(pool, per_unit)
    rng.shuffle(chosen)
    drawn = []
    for question in chosen:
        order = list(range(len(question.options)))
        rng.shuffle(order)
        correct = order.index(question.correct) if question.correct is not None else -1
        drawn.append(DrawnQuestion(question.item_id, tuple(order), correct))
    return drawn
