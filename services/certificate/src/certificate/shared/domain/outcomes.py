"""The words every certificate feature shares: an outcome (K or BK) and a unit's outcome, as
the assessor recommended it and as the LSP decides it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Outcome(StrEnum):
    COMPETENT = "K"  # kompeten
    NOT_YET_COMPETENT = "BK"  # belum kompeten


class UnitOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    unit_code: str
    outcome: Outcome
