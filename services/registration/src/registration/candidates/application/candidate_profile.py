"""A candidate's profile, personal data opened from the vault: for its owner, the admins of an
LSP they applied to and the operators of their district, each staff read recorded. Anyone else
gets the same answer as for an id that does not exist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventkit.store import EventStore
from kompeten_contracts.roles import Role
from registration.audit.application.ports import AccessLog
from registration.audit.application.reads import record_read
from registration.candidates.application.ports import Applicants
from registration.candidates.domain.candidate import Affiliation
from registration.identity.application.ports import Actor
from registration.shared.application.ports import UnitOfWork
from registration.shared.application.repositories import Candidates, candidates

ERASED = "[dihapus]"


@dataclass(frozen=True)
class CandidateProfile:
    candidate_id: UUID
    district_code: str
    full_name: str
    nik: str
    email: str
    erased: bool
    affiliation: Affiliation | None


# Assessment's staff read what their job needs through assessment, for the candidates assigned
# to them, not every candidate's NIK and e-mail here.
READERS = frozenset({Role.LSP_ADMIN, Role.DISTRICT_OPERATOR})


def may_read(viewer: Actor, candidate_id: UUID) -> bool:
    if viewer.role is Role.CANDIDATE:
        return viewer.candidate_id == candidate_id
    return viewer.role in READERS


@dataclass
class CandidateProfiles:
    uow: UnitOfWork
    store: EventStore
    vault: Any
    access_log: AccessLog
    applicants: Applicants
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    candidates: Candidates = field(init=False)

    def __post_init__(self) -> None:
        self.candidates = candidates(self.store)

    async def get(self, candidate_id: UUID, viewer: Actor) -> CandidateProfile | None:
        if not may_read(viewer, candidate_id):
            return None
        state = (await self.candidates.load(candidate_id)).state
        if not state.registered or state.district_code is None:
            return None
        if not viewer.works_in(state.district_code):
            return None
        # An LSP's admins read the people who applied to their LSP.
        applied = self.applicants.applied_to
        if viewer.role is Role.LSP_ADMIN and not await applied(candidate_id, viewer.lsp_id):
            return None
        fields: dict[str, str] | None = None
        if state.personal is not None:
            async with self.uow.transaction() as tx:
                fields = await self.vault.open(tx, candidate_id, state.personal)
                if fields is not None:
                    await record_read(self.access_log, tx, viewer, candidate_id, "profile",
                                      self.clock)  # fmt: skip
        shown = fields or {}
        return CandidateProfile(
            candidate_id,
            state.district_code,
            shown.get("full_name", ERASED),
            shown.get("nik", ERASED),
            shown.get("email", ERASED) if fields is not None else ERASED,
            erased=state.erased or fields is None,
            affiliation=state.affiliation,
        )
