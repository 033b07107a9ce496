"""The appeals of one attempt, in the order they were lodged: the guard that keeps one appeal
open per attempt and applies a phone's retry once. One stream per attempt; each appeal's own
course (reviewer, decision) is its own stream (appeal.py).

Lodging writes both streams in one transaction: this one at the version it was read at, so of
two lodgings at once only one is recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from assessment.appeals.domain.appeal import GROUNDS, AppealLodged, tidy
from kompeten_contracts.errors import conflict


class AppealOpened(BaseModel):
    model_config = ConfigDict(frozen=True)

    attempt_id: UUID
    appeal_id: UUID
    client_id: UUID
    opened_at: datetime


DocketEvent = AppealOpened
EVENTS: tuple[type[DocketEvent], ...] = (AppealOpened,)


@dataclass(frozen=True)
class Docket:
    appeal_ids: tuple[UUID, ...] = ()
    by_client: tuple[tuple[UUID, UUID], ...] = ()  # (client id, appeal id)

    @property
    def last(self) -> UUID | None:
        return self.appeal_ids[-1] if self.appeal_ids else None

    def lodged_by(self, client_id: UUID) -> UUID | None:
        return next((appeal for client, appeal in self.by_client if client == client_id), None)


@dataclass(frozen=True)
class Lodging:
    appeal_id: UUID
    opened: AppealOpened | None = None  # both None: a retry of an appeal already lodged
    lodged: AppealLodged | None = None


def stream_id(attempt_id: UUID) -> str:
    return f"attempt-appeals-{attempt_id}"


def decide_lodge(
    docket: Docket, last_open: bool, command: AppealLodged, window_closes_at: datetime
) -> Lodging:
    """`last_open`: the latest appeal of the attempt is still undecided. `window_closes_at`:
    the end of the appeal window after the recommendation was published."""
    if (earlier := docket.lodged_by(command.client_id)) is not None:
        return Lodging(earlier)
    if last_open:
        raise conflict(
            "attempt_id",
            "masih ada banding yang belum diputus untuk asesmen ini",
            "an appeal on this attempt is still open",
        )
    if command.lodged_at > window_closes_at:
        closed = window_closes_at.date().isoformat()
        raise conflict(
            "attempt_id",
            f"masa banding berakhir {closed}",
            f"the appeal window closed on {closed}",
        )
    lodged = command.model_copy(update={"grounds": tidy(command.grounds, "grounds", GROUNDS)})
    opened = AppealOpened(
        attempt_id=command.attempt_id, appeal_id=command.appeal_id,
        client_id=command.client_id, opened_at=command.lodged_at,
    )  # fmt: skip
    return Lodging(command.appeal_id, opened, lodged)


def evolve(state: Docket, event: DocketEvent) -> Docket:
    return Docket(
        appeal_ids=(*state.appeal_ids, event.appeal_id),
        by_client=(*state.by_client, (event.client_id, event.appeal_id)),
    )
