"""The event store in memory, for application tests: the same contract, errors and hash chain."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventkit.store.model import (
    ConcurrencyError,
    DuplicateEventError,
    JsonDict,
    NewEvent,
    RecordedEvent,
)
from eventkit.store.postgres import Batch, current_traceparent, flatten, with_traceparent
from eventkit.store.schema import GENESIS_HASH


def jsonb_text(value: Any) -> str:
    """jsonb's text form: keys shorter first, then bytewise; numbers as Python prints them
    (so hashes equal PostgreSQL's except for numbers jsonb renders differently, e.g. 1e+20)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: (len(kv[0].encode()), kv[0].encode()))
        inner = ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {jsonb_text(v)}" for k, v in items)
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(jsonb_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _stored(value: JsonDict) -> JsonDict:
    """A private copy shaped as the database would give it back (tuples become lists, ...)."""
    copy: JsonDict = json.loads(json.dumps(value))
    return copy


class InMemoryEventStore:
    def __init__(self) -> None:
        self._log: list[RecordedEvent] = []
        self._streams: dict[str, list[RecordedEvent]] = {}
        self._ids: set[UUID] = set()
        self._head_hash = GENESIS_HASH

    async def append(
        self, stream_id: str, expected_version: int, events: Sequence[NewEvent], *, tx: Any = None
    ) -> list[RecordedEvent]:
        return await self.append_many([(stream_id, expected_version, events)])

    async def append_many(self, batches: Sequence[Batch], *, tx: Any = None) -> list[RecordedEvent]:
        flat = flatten(batches)
        for stream_id, expected in dict.fromkeys(zip(flat.stream_ids, flat.expected, strict=True)):
            actual = len(self._streams.get(stream_id, []))
            if actual != expected:
                raise ConcurrencyError(stream_id, expected, actual)
        ids = [e.event_id for e in flat.events]
        clashes = self._ids.intersection(ids) | {i for i, n in Counter(ids).items() if n > 1}
        if clashes:
            raise DuplicateEventError(f"event_id already recorded: {sorted(map(str, clashes))}")
        now, head, traceparent = datetime.now(UTC), self._head_hash, current_traceparent()
        recorded: list[RecordedEvent] = []
        for stream_id, version, new in zip(
            flat.stream_ids, flat.versions, flat.events, strict=True
        ):
            event = with_traceparent(new, traceparent)
            data, metadata = _stored(event.data), _stored(event.metadata)
            content = "|".join(
                [stream_id, str(version), str(event.event_id), event.event_type,
                 str(event.schema_version), jsonb_text(data), jsonb_text(metadata)]
            )  # fmt: skip
            head = hashlib.sha256(head + content.encode()).digest()
            position = len(self._log) + len(recorded) + 1
            recorded.append(
                RecordedEvent(position, stream_id, version, event.event_id, event.event_type,
                              event.schema_version, data, metadata, now, head)
            )  # fmt: skip
        for done in recorded:
            self._log.append(done)
            self._streams.setdefault(done.stream_id, []).append(done)
            self._ids.add(done.event_id)
        self._head_hash = head
        return list(recorded)

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        return list(self._streams.get(stream_id, [])[after_version:])

    async def load_many(self, after: Mapping[str, int]) -> list[RecordedEvent]:
        return [e for s in sorted(after) for e in self._streams.get(s, [])[after[s] :]]

    async def read_all(
        self, after_position: int = 0, limit: int = 1000, *, tx: Any = None
    ) -> list[RecordedEvent]:
        start = max(after_position, 0)
        return self._log[start : start + limit]

    async def read_types(
        self, after_position: int, limit: int, event_types: Collection[str], *, tx: Any = None
    ) -> tuple[list[RecordedEvent], int]:
        head = len(self._log)
        found = [e for e in self._log[max(after_position, 0) :] if e.event_type in event_types]
        events = found[:limit]
        return events, (events[-1].position if len(events) == limit else max(head, after_position))

    async def last_position(self) -> int:
        return len(self._log)
