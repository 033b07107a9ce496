"""Who may review an appeal: no one who had a part in the candidate's assessment or training.
The caller gathers who took part (the attempt's assessors, whoever recorded its judgement, the
reviewer's own record as an assessor: trained the candidate, a declared relation, the same
cooperative); every reason is shown, naming the reviewer."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from kompeten_contracts.errors import Kind, Problem, Refusal

FIELD = "reviewer_id"


@dataclass(frozen=True)
class Involvement:
    assessors: frozenset[UUID]  # the recommendation's assessor_ids and the session's assessor
    judges: frozenset[UUID]  # whoever recorded the judgement of the attempt
    # The reviewer's own conflicts with the candidate, as the assessors feature judges them
    # (trained the candidate, a declared relation, the same cooperative): (reason_id, reason_en).
    conflicts: tuple[tuple[str, str], ...] = ()


def reviewer_refusal(reviewer_id: UUID, involvement: Involvement) -> Refusal | None:
    """409 naming `reviewer_id`, with every reason; None: the reviewer is independent."""
    problems: list[Problem] = []
    if reviewer_id in involvement.assessors:
        problems.append(Problem(FIELD, "peninjau adalah asesor kandidat pada asesmen ini",
                                "the reviewer assessed the candidate in this attempt"))  # fmt: skip
    if reviewer_id in involvement.judges:
        problems.append(Problem(FIELD, "peninjau ikut memutus penilaian asesmen ini",
                                "the reviewer recorded the judgement of this attempt"))  # fmt: skip
    problems += [Problem(FIELD, reason_id, reason_en)
                 for reason_id, reason_en in involvement.conflicts]  # fmt: skip
    return Refusal(problems, Kind.CONFLICT) if problems else None
