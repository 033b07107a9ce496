"""A pydantic model the domain builds refused its input: the caller's refusal names the field."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import ValidationError

from kompeten_contracts.errors import invalid


@contextmanager
def as_field_errors() -> Iterator[None]:
    try:
        yield
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise invalid(field, "nilai tidak valid", first["msg"]) from exc
