"""Domain refusals as the caller's field errors: Invalid 422, Refused 409, unknown version 404."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import ValidationError

from registration.application.errors import FieldConflict, FieldError, FieldNotFound
from registration.domain.invalid import Invalid, Refused
from registration.domain.scheme import UnknownVersion


@contextmanager
def as_field_errors() -> Iterator[None]:
    try:
        yield
    except UnknownVersion as exc:
        raise FieldNotFound(exc.field, exc.reason_id, exc.reason_en) from exc
    except Refused as exc:
        raise FieldConflict(exc.field, exc.reason_id, exc.reason_en) from exc
    except Invalid as exc:
        raise FieldError(exc.field, exc.reason_id, exc.reason_en) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise FieldError(field, "nilai tidak valid", first["msg"]) from exc
