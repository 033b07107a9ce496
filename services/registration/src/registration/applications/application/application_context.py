"""What every application handler shares: its collaborators, the application and candidate
repositories (appends name the acting account as `actor`), and exactly-once client
submissions. Lost races are run again on fresh state (conflicts.on_fresh_state, APPLICATION)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from eventkit.idempotency import IdempotencyConflict, StoredResponse
from eventkit.pii import hash_secret_from_env
from eventkit.store import EventStore
from kompeten_contracts.errors import Refusal, invalid, not_found
from registration.applications.application.ports import EvidenceStore
from registration.audit.application.ports import AccessLog
from registration.catalogue.application.ports import CooperativeDirectory, SchemeCatalogue
from registration.shared.application.ports import UnitOfWork
from registration.shared.application.repositories import (
    Applications,
    Candidates,
    applications,
    candidates,
)


def application_not_found() -> Refusal:
    return not_found("application_id", "permohonan tidak ditemukan", "application not found")


@dataclass
class ApplicationContext:
    uow: UnitOfWork
    store: EventStore
    vault: Any
    idempotency: Any
    schemes: SchemeCatalogue
    cooperatives: CooperativeDirectory
    evidence: EvidenceStore
    access_log: AccessLog
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    hash_secret: bytes = field(default_factory=hash_secret_from_env)
    applications: Applications = field(init=False)
    candidates: Candidates = field(init=False)

    def __post_init__(self) -> None:
        self.applications, self.candidates = applications(self.store), candidates(self.store)

    async def claim(self, tx: Any, scope: str, key: str, print_: str) -> StoredResponse | None:
        try:
            stored: StoredResponse | None = await self.idempotency.claim(tx, scope, key, print_)
        except IdempotencyConflict as exc:
            raise invalid(
                "client_id",
                "client_id sudah dipakai untuk isian yang berbeda",
                "client_id was already used for a different submission",
            ) from exc
        return stored
