"""Base of every public event. A class carries its version in its name and in `version`:
adding an optional field keeps the version; a structural change is a new version plus an
upcaster; a change of meaning is a new event type."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class PublicEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    service: ClassVar[str]
    name: ClassVar[str]
    version: ClassVar[int]

    @classmethod
    def ce_type(cls) -> str:
        return f"id.kompeten.{cls.service}.{cls.name}.v{cls.version}"

    @classmethod
    def source(cls) -> str:
        return f"/kompeten/{cls.service}"
