"""A rule of the domain refused its input: which field, and why (Bahasa Indonesia first)."""

from __future__ import annotations


class Invalid(ValueError):
    def __init__(self, field: str, reason_id: str, reason_en: str) -> None:
        super().__init__(f"{field}: {reason_en}")
        self.field = field
        self.reason_id = reason_id
        self.reason_en = reason_en


class Refused(Invalid):
    """The input is well formed but conflicts with what already happened (answered 409)."""
