"""A reason an assessor may not take a candidate: what it is (a code planning can count and
filter on) and how it reads to the planner, in Bahasa Indonesia and English."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kompeten_contracts.errors import Problem


class Block(StrEnum):
    NOT_REGISTERED = "not_registered"
    OTHER_LSP = "other_lsp"
    LICENCE_EXPIRED = "licence_expired"
    SCHEME_NOT_LICENSED = "scheme_not_licensed"
    UNAVAILABLE = "unavailable"
    SAME_COOPERATIVE = "same_cooperative"
    RELATED_TO_CANDIDATE = "related_to_candidate"
    RELATED_TO_COOPERATIVE = "related_to_cooperative"
    TRAINED_CANDIDATE = "trained_candidate"
    OVER_LIMIT = "over_limit"


@dataclass(frozen=True)
class BlockingReason:
    block: Block
    reason_id: str
    reason_en: str

    def problem(self, field: str = "assessor_id") -> Problem:
        return Problem(field, self.reason_id, self.reason_en)
