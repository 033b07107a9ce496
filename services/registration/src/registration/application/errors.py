"""Errors a caller can act on: each names the field and the reason, in Bahasa Indonesia first."""

from __future__ import annotations


class FieldError(Exception):
    status = 422

    def __init__(self, field: str, reason_id: str, reason_en: str) -> None:
        super().__init__(f"{field}: {reason_en}")
        self.field = field
        self.reason_id = reason_id
        self.reason_en = reason_en


class FieldConflict(FieldError):
    status = 409


class FieldNotFound(FieldError):
    status = 404
