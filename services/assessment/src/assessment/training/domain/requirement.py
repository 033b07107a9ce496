"""The training requirement: one stream per (LSP, scheme). The diklat modules an LSP requires a
candidate to complete before they may be scheduled for a test of the scheme (e.g. the six
modules of the cashier course); none set, or an empty list: no training required."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from kompeten_contracts.errors import Problem, Refusal

MODULE_CODE = r"^[A-Z0-9]{2,12}(-[A-Z0-9]{1,12}){0,3}$"
MAX_MODULES, TITLE_LENGTH = 30, (3, 200)


class Module(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    title: str


class SetRequirement(BaseModel):
    model_config = ConfigDict(frozen=True)

    lsp_id: UUID
    scheme_code: str
    modules: tuple[Module, ...]
    actor: UUID
    at: datetime


class TrainingRequirementSet(SetRequirement):
    pass


RequirementEvent = TrainingRequirementSet
EVENTS: tuple[type[RequirementEvent], ...] = (TrainingRequirementSet,)


@dataclass(frozen=True)
class TrainingRequirement:
    modules: tuple[Module, ...] = ()

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(m.code for m in self.modules)


def stream_id(key: tuple[UUID, str]) -> str:
    lsp_id, scheme_code = key
    return f"training-requirement-{lsp_id}-{scheme_code}"


def decide_set(state: TrainingRequirement, command: SetRequirement) -> list[RequirementEvent]:
    modules = tidy_modules(command.modules)
    if modules == state.modules:
        return []
    return [TrainingRequirementSet(**{**command.model_dump(), "modules": modules})]


def tidy_modules(modules: tuple[Module, ...]) -> tuple[Module, ...]:
    """The modules with codes upper-cased and titles' spaces made single; every problem named."""
    if len(modules) > MAX_MODULES:
        raise Refusal(
            [
                Problem(
                    "modules",
                    f"paling banyak {MAX_MODULES} modul",
                    f"at most {MAX_MODULES} modules",
                )
            ]
        )
    tidy, problems, seen = [], [], set()
    least, most = TITLE_LENGTH
    for i, module in enumerate(modules):
        code, title = module.code.strip().upper(), " ".join(module.title.split())
        if not re.match(MODULE_CODE, code):
            problems.append(
                Problem(
                    f"modules[{i}].code",
                    "kode modul tidak sesuai format, mis. KAS-01",
                    "module code is malformed, e.g. KAS-01",
                )
            )
        elif code in seen:
            problems.append(
                Problem(
                    f"modules[{i}].code",
                    f"kode modul {code} ganda",
                    f"module code {code} appears twice",
                )
            )
        if not least <= len(title) <= most:
            problems.append(
                Problem(
                    f"modules[{i}].title",
                    f"judul {least}-{most} karakter",
                    f"title of {least}-{most} characters",
                )
            )
        seen.add(code)
        tidy.append(Module(code=code, title=title))
    if problems:
        raise Refusal(problems)
    return tuple(tidy)


def evolve(state: TrainingRequirement, event: RequirementEvent) -> TrainingRequirement:
    return TrainingRequirement(event.modules)
