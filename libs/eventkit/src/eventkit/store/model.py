"""What an event is, before and after it is recorded, and the store contract.

Invariants every EventStore keeps (the contract tests in tests/contract prove them for
both the PostgreSQL and the in-memory store):
- stream_version starts at 1 and has no gaps within a stream; append(expected_version=n)
  succeeds only if the stream's last version is n (0: the stream must not exist yet),
  otherwise ConcurrencyError and nothing of the batch is recorded.
- position is global, strictly increasing and gap-safe: a reader that has seen position N
  never later sees a committed event below N.
- event_id is unique across the log; a recorded event never changes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID, uuid4

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class NewEvent:
    event_type: str
    data: JsonDict
    schema_version: int = 1
    event_id: UUID = field(default_factory=uuid4)
    metadata: JsonDict = field(default_factory=dict)


@dataclass(frozen=True)
class RecordedEvent:
    position: int
    stream_id: str
    stream_version: int
    event_id: UUID
    event_type: str
    schema_version: int
    data: JsonDict
    metadata: JsonDict
    recorded_at: datetime
    hash: bytes


class ConcurrencyError(Exception):
    def __init__(self, stream_id: str, expected_version: int, actual_version: int) -> None:
        super().__init__(
            f"stream {stream_id!r}: expected version {expected_version}, found {actual_version}"
        )
        self.stream_id = stream_id
        self.expected_version = expected_version
        self.actual_version = actual_version


class DuplicateEventError(Exception):
    """An event_id that is already in the log was appended again."""


class EventStore(Protocol):
    async def append(
        self,
        stream_id: str,
        expected_version: int,
        events: Sequence[NewEvent],
        *,
        tx: Any = None,
    ) -> list[RecordedEvent]:
        """Record events at the end of a stream, atomically.

        tx: an open transaction (asyncpg connection inside `async with conn.transaction()`)
        whose other effects (inbox claim, idempotency key, read-model rows) must commit or
        roll back with these events. None: the store opens and commits its own.
        """
        ...

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]: ...

    async def load_many(self, after: Mapping[str, int]) -> list[RecordedEvent]:
        """The events of several streams, each after its version in `after`, in one read:
        ordered by stream, then version. For a handler deciding on many aggregates at once."""
        ...

    async def read_all(
        self, after_position: int = 0, limit: int = 1000, *, tx: Any = None
    ) -> list[RecordedEvent]:
        """Events after a position, in position order. tx: read on that open connection."""
        ...

    async def read_types(
        self, after_position: int, limit: int, event_types: Collection[str], *, tx: Any = None
    ) -> tuple[list[RecordedEvent], int]:
        """Events of these types after a position, in position order, and the position the
        read covered: every event up to it of another type was passed over, so a follower may
        move its checkpoint there. tx: read on that open connection."""
        ...

    async def last_position(self) -> int: ...
