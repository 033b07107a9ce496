"""Set an LSP's print profile (load -> decide -> append); read it; correct its calibration from
where the test page's marks landed on a blank."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from certificate.printing.domain import print_profile as pp
from certificate.printing.domain.calibration import Calibration, Measured
from certificate.shared.application.repositories import PrintProfiles
from eventkit.conflicts import Race, on_fresh_state
from kompeten_contracts.errors import not_found

RACE = Race("print_profile", "profil cetak diubah bersamaan; coba lagi",
            "the print profile changed concurrently; please try again")  # fmt: skip


def no_profile() -> Exception:
    return not_found("print_profile", "profil cetak LSP belum diatur",
                     "the LSP's print profile is not set")  # fmt: skip


@dataclass
class PrintProfileHandlers:
    profiles: PrintProfiles
    clock: Callable[[], datetime]

    async def current(self, lsp_id: UUID | None) -> pp.PrintProfileSet | None:
        return (await self.profiles.load(lsp_id)).state.current

    async def set(self, lsp_id: UUID | None, by: UUID, **fields: Any) -> pp.PrintProfileSet:
        command = pp.SetPrintProfile(lsp_id=lsp_id, by=by, at=self.clock(), **fields)

        async def attempt() -> pp.PrintProfileSet:
            loaded = await self.profiles.load(lsp_id)
            events = pp.decide_set(loaded.state, command)
            await self.profiles.append(lsp_id, loaded.version, events, actor=by)
            current = events[-1] if events else loaded.state.current
            assert current is not None
            return current

        return await on_fresh_state(attempt, RACE)

    async def measured(self, lsp_id: UUID | None, by: UUID, marks: Measured) -> Calibration:
        """The corrected calibration, kept in the profile."""
        current = await self.current(lsp_id)
        if current is None:
            raise no_profile()
        corrected = current.calibration.corrected(marks)
        fields = current.model_dump(exclude={"lsp_id", "by", "at", "calibration"})
        await self.set(lsp_id, by, calibration=corrected, **fields)
        return corrected
