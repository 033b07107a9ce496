"""A command refused for reasons a person can fix: each names the field, in Bahasa Indonesia
first and English beside it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    field: str
    reason_id: str
    reason_en: str


class Refusal(Exception):
    def __init__(self, problems: list[Problem], status: int = 422) -> None:
        super().__init__("; ".join(f"{p.field}: {p.reason_en}" for p in problems))
        self.problems = problems
        self.status = status


def refuse(field: str, reason_id: str, reason_en: str, status: int = 422) -> Refusal:
    return Refusal([Problem(field, reason_id, reason_en)], status)
