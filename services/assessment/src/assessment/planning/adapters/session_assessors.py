"""planning's AssessorChecks before the assessors feature answers them: every assessor named on
the session may take any candidate, up to the per-scheme limit.

# TODO(assessors): replace with the assessors feature's conflict-of-interest check."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from assessment.intake.application.application_accepted import AcceptedApplication
from assessment.planning.domain.assigning import Blocked
from assessment.planning.domain.session import SessionScheduled

DEFAULT_LIMIT = 10


class SessionAssessors:
    def __init__(self, limits: dict[str, int] | None = None) -> None:
        self.limits = limits or {}

    async def limit_for(self, scheme_code: str) -> int:
        return self.limits.get(scheme_code, DEFAULT_LIMIT)

    async def eligible(
        self, plan: SessionScheduled, application: AcceptedApplication, on: datetime
    ) -> tuple[tuple[UUID, ...], tuple[Blocked, ...]]:
        return tuple(plan.assessor_ids), ()
