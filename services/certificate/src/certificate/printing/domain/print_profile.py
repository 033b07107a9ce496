"""An LSP's print profile: what its certificates say of it (its name, the place and the
signatory of the signature block) and how its printer lines up its pre-printed blanks (the
calibration, and whether the blanks already carry the fixed text). One stream per LSP; the
last profile set is the one printed with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from certificate.printing.domain.calibration import Calibration
from kompeten_contracts.errors import Problem, Refusal

TEXT_LENGTH = (2, 120)


class SetPrintProfile(BaseModel):
    model_config = ConfigDict(frozen=True)

    lsp_id: UUID | None
    lsp_name: str
    licence: str | None = None
    city: str
    signatory_name: str
    signatory_title: str
    calibration: Calibration = Calibration()
    preprinted: bool = False  # the blanks carry the fixed text: print only what varies
    by: UUID
    at: datetime


class PrintProfileSet(SetPrintProfile):
    pass


PrintProfileEvent = PrintProfileSet
EVENTS: tuple[type[PrintProfileEvent], ...] = (PrintProfileSet,)


@dataclass(frozen=True)
class PrintProfile:
    current: PrintProfileSet | None = None


def stream_id(lsp_id: UUID | None) -> str:
    return f"print-profile-{lsp_id or 'none'}"


def decide_set(state: PrintProfile, command: SetPrintProfile) -> list[PrintProfileEvent]:
    texts = {
        name: " ".join(str(getattr(command, name) or "").split())
        for name in ("lsp_name", "licence", "city", "signatory_name", "signatory_title")
    }
    problems = [
        Problem(name, f"{TEXT_LENGTH[0]}-{TEXT_LENGTH[1]} karakter",
                f"{TEXT_LENGTH[0]}-{TEXT_LENGTH[1]} characters")
        for name, text in texts.items()
        if (text or name != "licence") and not TEXT_LENGTH[0] <= len(text) <= TEXT_LENGTH[1]
    ]  # fmt: skip
    if problems:
        raise Refusal(problems)
    wanted = PrintProfileSet(**{**command.model_dump(), **texts,
                                "licence": texts["licence"] or None})  # fmt: skip
    if state.current is not None and _same(state.current, wanted):
        return []
    return [wanted]


def _same(a: PrintProfileSet, b: PrintProfileSet) -> bool:
    ignored = {"by", "at"}
    return a.model_dump(exclude=ignored) == b.model_dump(exclude=ignored)


def evolve(state: PrintProfile, event: PrintProfileEvent) -> PrintProfile:
    return PrintProfile(current=event)
