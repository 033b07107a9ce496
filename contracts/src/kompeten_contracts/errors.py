"""The one error model of every Kompeten service: a refusal names each field and the reason
(Bahasa Indonesia first, English beside it), and its kind says which HTTP status answers it.

Domains raise `Refusal` (it is pure: standard library only, and a ValueError so that pydantic
validators may raise it); servicekit answers it as the `ErrorBody` below, the one shape of
every 4xx a client of any service reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel


class Kind(StrEnum):
    INVALID = "invalid"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    GONE = "gone"
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported"
    TOO_MANY = "too_many"


STATUS: dict[Kind, int] = {
    Kind.INVALID: 422,
    Kind.UNAUTHORIZED: 401,
    Kind.FORBIDDEN: 403,
    Kind.NOT_FOUND: 404,
    Kind.CONFLICT: 409,
    Kind.GONE: 410,
    Kind.TOO_LARGE: 413,
    Kind.UNSUPPORTED: 415,
    Kind.TOO_MANY: 429,
}


@dataclass(frozen=True)
class Problem:
    field: str
    reason_id: str
    reason_en: str


class Refusal(ValueError):
    def __init__(
        self,
        problems: Sequence[Problem],
        kind: Kind = Kind.INVALID,
        retry_after: int | None = None,
    ) -> None:
        super().__init__("; ".join(f"{p.field}: {p.reason_en}" for p in problems))
        self.problems = list(problems)
        self.kind = kind
        self.retry_after = retry_after  # seconds; a TOO_MANY refusal says when to try again

    @property
    def status(self) -> int:
        return STATUS[self.kind]

    @property
    def field(self) -> str:
        return self.problems[0].field

    @property
    def reason_id(self) -> str:
        return self.problems[0].reason_id

    @property
    def reason_en(self) -> str:
        return self.problems[0].reason_en


def refuse(field: str, reason_id: str, reason_en: str, kind: Kind = Kind.INVALID) -> Refusal:
    return Refusal([Problem(field, reason_id, reason_en)], kind)


def invalid(field: str, reason_id: str, reason_en: str) -> Refusal:
    return refuse(field, reason_id, reason_en, Kind.INVALID)


def conflict(field: str, reason_id: str, reason_en: str) -> Refusal:
    return refuse(field, reason_id, reason_en, Kind.CONFLICT)


def not_found(field: str, reason_id: str, reason_en: str) -> Refusal:
    return refuse(field, reason_id, reason_en, Kind.NOT_FOUND)


def forbidden(field: str, reason_id: str, reason_en: str) -> Refusal:
    return refuse(field, reason_id, reason_en, Kind.FORBIDDEN)


class FieldProblem(BaseModel):
    field: str
    reason: str
    reason_en: str


class ErrorBody(BaseModel):
    """What every 4xx of every service answers."""

    errors: list[FieldProblem]


def body_of(refusal: Refusal) -> ErrorBody:
    return ErrorBody(
        errors=[FieldProblem(field=p.field, reason=p.reason_id, reason_en=p.reason_en)
                for p in refusal.problems]
    )  # fmt: skip
