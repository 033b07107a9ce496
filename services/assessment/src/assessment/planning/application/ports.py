"""What planning needs from outside: the accepted applications (intake), the other sessions a
candidate is in, the assessors' side of an assignment (conflicts of interest, limits), the
training the scheme requires before the test, and whether an application may be assessed
again (appeals)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from assessment.intake.application.application_accepted import AcceptedApplication
from assessment.planning.application.session_plan import SessionPlan
from assessment.planning.domain.assessment_plan import Offer
from assessment.planning.domain.assigning import Blocked
from assessment.planning.domain.notices import SiteFacts
from assessment.planning.domain.session import SessionScheduled


class Overlaps(Protocol):
    async def overlapping(
        self, candidate_ids: list[UUID], starts_at: datetime, ends_at: datetime, session_id: UUID
    ) -> dict[UUID, UUID]:
        """Each candidate already in another live session overlapping the window: its id."""
        ...


class PlanChecks(Protocol):
    async def check_plan(self, plan: SessionPlan, lsp_id: UUID | None) -> None:
        """Refuses a plan whose site cannot host it or whose assessors cannot run it."""
        ...


class Reassessments(Protocol):
    async def next_attempt(self, application_id: UUID) -> tuple[int, Blocked | None]:
        """The number of the application's next attempt (1 for its first), and why it may not
        be assessed again now (None: it may: a BK, or an upheld appeal)."""
        ...


class AssessorChecks(Protocol):
    async def limit_for(self, scheme_code: str) -> int:
        """Candidates one assessor may take in one session of this scheme."""
        ...

    async def eligible(
        self, plan: SessionScheduled, application: AcceptedApplication, on: datetime
    ) -> tuple[tuple[UUID, ...], tuple[Blocked, ...]]:
        """The session's assessors free of conflict with this candidate, and, when none is,
        every reason that blocked each of them."""
        ...


class TrainingChecks(Protocol):
    async def untrained(
        self, lsp_id: UUID | None, scheme_code: str, candidate_ids: list[UUID]
    ) -> dict[UUID, Blocked]:
        """Each candidate who has not completed every training module the LSP requires for
        the scheme, with the reason naming the modules they miss."""


class SiteNames(Protocol):
    async def site_facts(self, site_id: UUID, lsp_id: UUID | None) -> SiteFacts:
        """The test site's name and address, as the notices name it."""
        ...


class InstrumentOffers(Protocol):
    async def offer(
        self, lsp_id: UUID | None, scheme_code: str, scheme_version: int
    ) -> tuple[int, Offer]:
        """The latest published bank version for the scheme version and the instruments it
        offers per unit; refuses (naming the field) when there is none."""
        ...


@dataclass(frozen=True)
class AssessorSession:
    """One session an assessor is named in, as their tablet lists it."""

    session_id: UUID
    scheme_code: str
    scheme_version: int
    site_id: UUID
    district_code: str
    starts_at: datetime
    ends_at: datetime
    exam_minutes: int
    capacity: int
    assigned: int
    mine: int  # candidates of the session assigned to this assessor
    started_at: datetime | None
    deadline: datetime | None
    cancelled: bool


class AssessorSessions(Protocol):
    async def of_assessor(
        self, assessor_id: UUID, lsp_id: UUID | None, ending_after: datetime
    ) -> list[AssessorSession]:
        """The LSP's sessions naming the assessor that end after `ending_after`, soonest first."""
        ...


@dataclass(frozen=True)
class ListedSession:
    """One of an LSP's sessions, as its planning board lists it."""

    session_id: UUID
    scheme_code: str
    scheme_version: int
    site_id: UUID
    district_code: str
    starts_at: datetime
    ends_at: datetime
    exam_minutes: int
    capacity: int
    assessor_ids: list[UUID]
    assigned: int
    started_at: datetime | None
    deadline: datetime | None
    cancelled: bool


@dataclass(frozen=True)
class SessionFilter:
    """Which of the LSP's sessions a planner asks for: starting within [starts_from, starts_to),
    at one site, in one status (scheduled: neither started nor cancelled), a page of them."""

    starts_from: datetime | None = None
    starts_to: datetime | None = None
    site_id: UUID | None = None
    status: str | None = None  # scheduled | started | cancelled
    limit: int = 100
    offset: int = 0


class SessionListing(Protocol):
    async def of_lsp(self, lsp_id: UUID | None, which: SessionFilter) -> list[ListedSession]:
        """The LSP's sessions matching the filter, soonest first (ties by id: pages are stable)."""
        ...
