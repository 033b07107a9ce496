"""What every application handler shares: its collaborators, loading an application from its
stream, appending with the acting account as `actor`, and exactly-once client submissions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventkit.idempotency import IdempotencyConflict, StoredResponse
from eventkit.pii import hash_secret_from_env
from eventkit.store import ConcurrencyError, EventStore, NewEvent, RecordedEvent
from kompeten_contracts.errors import Refusal, conflict, invalid, not_found
from registration.application.application_ports import EvidenceStore
from registration.application.ports import CooperativeDirectory, SchemeCatalogue, UnitOfWork
from registration.domain.application import Application, evolve, stream_id
from registration.domain.application_events import EVENT_TYPES, ApplicationEvent

T = TypeVar("T")
ATTEMPTS = 3


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
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    hash_secret: bytes = field(default_factory=hash_secret_from_env)

    async def load(self, application_id: UUID) -> tuple[Application, int]:
        state, version, _ = await self.load_recorded(application_id)
        return state, version

    async def load_recorded(
        self, application_id: UUID
    ) -> tuple[Application, int, list[RecordedEvent]]:
        """The state, its version, and the recorded events it was built from."""
        recorded = await self.store.load(stream_id(application_id))
        state, version = Application(), 0
        for entry in recorded:
            event = EVENT_TYPES[entry.event_type].model_validate(entry.data)
            state, version = evolve(state, event), entry.stream_version  # type: ignore[arg-type]
        return state, version, list(recorded)

    async def append(
        self,
        tx: Any,
        application_id: UUID,
        version: int,
        events: list[ApplicationEvent],
        actor: UUID,
    ) -> None:
        if events:
            await self.store.append(
                stream_id(application_id),
                version,
                [
                    NewEvent(
                        type(e).__name__, e.model_dump(mode="json"), metadata={"actor": str(actor)}
                    )
                    for e in events
                ],
                tx=tx,
            )

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

    async def retrying(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run a whole command again on fresh state when another writer got there first."""
        for _ in range(ATTEMPTS - 1):
            try:
                return await attempt()
            except ConcurrencyError:
                continue
        try:
            return await attempt()
        except ConcurrencyError as exc:
            raise conflict(
                "application_id",
                "permohonan sedang diubah bersamaan; coba lagi",
                "the application changed concurrently; try again",
            ) from exc
