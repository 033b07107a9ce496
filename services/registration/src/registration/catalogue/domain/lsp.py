"""The certification body (LSP), the platform's tenant: its schemes, applications and staff
belong to it. One stream per LSP code; registered once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from kompeten_contracts.errors import conflict, invalid

LSP_CODE = r"^LSP-[A-Z0-9]+(-[A-Z0-9]+)*$"


class RegisterLsp(BaseModel):
    model_config = ConfigDict(frozen=True)

    lsp_id: UUID
    code: str
    name: str
    licence_number: str
    registered_at: datetime


class LspRegistered(RegisterLsp):
    pass


LspEvent = LspRegistered
EVENTS: tuple[type[LspEvent], ...] = (LspRegistered,)


@dataclass(frozen=True)
class Lsp:
    lsp_id: UUID | None = None
    code: str | None = None
    name: str | None = None


def stream_id(code: str) -> str:
    return f"lsp-{code}"


def decide_register(state: Lsp, command: RegisterLsp) -> list[LspEvent]:
    if not re.match(LSP_CODE, command.code) or len(command.code) > 60:
        raise invalid(
            "code", "kode LSP: mis. LSP-KOPERASI-BALI", "LSP code: e.g. LSP-KOPERASI-BALI"
        )
    if not 3 <= len(command.name.strip()) <= 200:
        raise invalid("name", "nama LSP 3-200 karakter", "name must be 3-200 characters")
    if state.lsp_id is not None:
        raise conflict("code", "kode LSP sudah dipakai", "this LSP code is already registered")
    return [LspRegistered(**command.model_dump())]


def evolve(state: Lsp, event: LspEvent) -> Lsp:
    return Lsp(event.lsp_id, event.code, event.name)
