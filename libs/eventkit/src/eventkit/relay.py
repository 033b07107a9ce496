"""The relay: the event log is the outbox. One leader per (schema, name) tails the log past its
checkpoint, publishes the public form of each event, and moves the checkpoint only after Kafka
has acknowledged every record of the batch. At-least-once; a re-publish keeps each ce_id."""

from __future__ import annotations

import collections
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Collection, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any
from uuid import UUID, uuid5

import asyncpg
from aiokafka import AIOKafkaProducer

from eventkit.failpoints import crash_point
from eventkit.pool import holds_session_state
from eventkit.relay_schema import (
    advance_checkpoint,
    install_relay,
    lock_key,
    read_checkpoint,
    write_checkpoint,
)
from eventkit.relay_send import Sending, send_all
from eventkit.store.model import RecordedEvent
from eventkit.store.postgres import PostgresEventStore
from eventkit.store.schema import Conn, identifier, notify_channel
from eventkit.telemetry import instruments
from eventkit.wakeup import Wakeup
from kompeten_contracts.base import PublicEvent

__all__ = ["Mapper", "Relay", "install_relay", "public_id"]
log = logging.getLogger(__name__)

# Which public events a private event becomes (none, one or several): adapters/outbound.
Mapper = Callable[[RecordedEvent], Sequence[PublicEvent]]


def public_id(event_id: UUID, index: int) -> UUID:
    """Stable across re-publishing, so consumers' inboxes recognise a record they have seen."""
    return event_id if index == 0 else uuid5(event_id, str(index))


@dataclass(eq=False)
class Relay:
    pool: asyncpg.Pool[asyncpg.Record]
    schema: str
    bootstrap_servers: str
    topic: str
    mapper: Mapper
    name: str = "relay"
    _: KW_ONLY
    batch_size: int = 1000
    # Batches handed to the producer before the oldest one's acks are awaited: up to
    # batch_size * in_flight_batches records in flight (cf. the raw producer's window in
    # bench/arm_relay.py). The checkpoint never moves past an unacknowledged record.
    in_flight_batches: int = 8
    poll_interval: float = 1.0
    retry_interval: float = 1.0
    producer_options: Mapping[str, Any] = field(default_factory=dict)
    # The only event types the mapper publishes (None: it is handed every event). The relay
    # then reads just those: on a busy log most events stay inside (an exam's answers).
    event_types: Collection[str] | None = None
    # Drains at least this far apart (Wakeup.follow): one read per gap on a busy log, not one
    # per append.
    min_gap: float = 0.02
    published: int = field(default=0, init=False)  # records acknowledged by Kafka
    is_leader: bool = field(default=False, init=False)
    _wake: Wakeup = field(default_factory=Wakeup, init=False, repr=False)

    def __post_init__(self) -> None:
        self.schema = identifier(self.schema)
        self.lock_key = lock_key(self.schema, self.name)
        self._store = PostgresEventStore(self.pool, self.schema)
        self._labels = {"relay": self.name}
        self._wake = Wakeup(self.event_types)  # asleep through appends of other types
        if self.in_flight_batches < 1:
            raise ValueError("in_flight_batches must be at least 1")

    async def run(self) -> None:
        """Lead when the lock is free, otherwise wait for it; until stop(). A leader holds one
        pool connection (the lock's) and borrows another for each read."""
        with self._wake.running():
            while not self._wake.stopped:
                try:
                    async with self._leadership() as conn:
                        if conn is not None:
                            await self._lead(conn)
                except Exception:
                    log.exception("relay %s.%s failed; retrying", self.schema, self.name)
                if not self._wake.stopped:
                    await self._wake.pause(self.retry_interval)

    async def stop(self) -> None:
        await self._wake.stop()

    async def drain_once(self) -> int:
        """Publish everything past the checkpoint now, if the leader lock is free; the number
        of log events relayed (0 when another relay leads)."""
        async with self._leadership() as conn:
            if conn is None:
                return 0
            async with self._producer() as producer:
                return await self._drain(conn, producer)

    async def reset_checkpoint(self, position: int) -> None:
        """Re-publish everything after `position` (the leader picks it up at its next batch)."""
        async with self.pool.acquire() as conn:
            await write_checkpoint(conn, self.schema, self.name, position)

    @contextlib.asynccontextmanager
    async def _leadership(self) -> AsyncIterator[Conn | None]:
        # A session lock on a connection held for the whole leadership: if that connection
        # dies, PostgreSQL frees the lock for another relay, and this one's reads and its
        # checkpoint update (all on this connection) fail, so it stops: no split brain.
        async with self.pool.acquire() as conn:
            holds_session_state(conn)  # a session lock: its release unlocks whatever happens
            if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", self.lock_key):
                yield None
                return
            self.is_leader = True
            try:
                yield conn
            finally:
                self.is_leader = False
                if not conn.is_closed():
                    await conn.execute("SELECT pg_advisory_unlock($1)", self.lock_key)

    async def _lead(self, conn: Conn) -> None:
        async with self._producer() as producer:
            async with self._wake.listening(conn, notify_channel(self.schema)):
                await self._wake.follow(
                    lambda: self._drain(conn, producer), self.poll_interval, self.min_gap
                )

    @contextlib.asynccontextmanager
    async def _producer(self) -> AsyncIterator[AIOKafkaProducer]:
        # A fresh producer per leadership: after a failed batch its idempotence state is
        # discarded, and the retried batch starts clean.
        options = {"enable_idempotence": True, "acks": "all", "linger_ms": 5}
        producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap_servers, **{**options, **self.producer_options}
        )
        await producer.start()
        try:
            yield producer
        finally:
            await producer.stop()

    async def _drain(self, conn: Conn, producer: AIOKafkaProducer) -> int:
        """Publish batch after batch until the log is drained. Up to `in_flight_batches`
        batches are handed to the producer before the oldest one's acks are awaited (reading
        and sending the next batch overlaps the broker's round trip). The checkpoint still
        moves batch by batch, in order, each time only after every record of that batch and of
        all earlier ones is acknowledged; a failure leaves it where the last settled batch put
        it, and everything after it is published again (with the same ce_id)."""
        in_flight = collections.deque[_InFlight]()
        total, cursor = 0, await read_checkpoint(conn, self.schema, self.name)

        async def settle_oldest() -> bool:
            nonlocal total
            batch = in_flight.popleft()
            moved = await self._settle(conn, batch)
            total += batch.events
            return moved

        try:
            while not self._wake.stopped:
                batch = await self._send_batch(producer, cursor)
                in_flight.append(batch)
                cursor, more = batch.head, batch.events == self.batch_size
                while in_flight and (not more or len(in_flight) >= self.in_flight_batches):
                    if not await settle_oldest():
                        # reset_checkpoint meanwhile: settle what is in flight (its conditional
                        # advances cannot undo the reset), then go on from the new checkpoint.
                        while in_flight:
                            await settle_oldest()
                        cursor, more = await read_checkpoint(conn, self.schema, self.name), True
                if not more:
                    break
            while in_flight:  # stopped with full batches in flight
                await settle_oldest()
        except BaseException as exc:
            for batch in in_flight:
                batch.sending.abandon(exc)
            raise
        return total

    async def _send_batch(self, producer: AIOKafkaProducer, after: int) -> _InFlight:
        if self.event_types is None:
            events = await self._store.read_all(after, self.batch_size)
            head = events[-1].position if events else after
        else:
            events, head = await self._store.read_types(after, self.batch_size, self.event_types)
        instruments().relay_lag.set(await self._store.last_position() - after, self._labels)
        # Map the whole batch before sending any of it: a mapper that raises sends nothing.
        outbound = [
            (event, public_id(event.event_id, index), public)
            for event in events
            for index, public in enumerate(self.mapper(event))
        ]
        return _InFlight(after, head, len(events), await send_all(producer, self.topic, outbound))

    async def _settle(self, conn: Conn, batch: _InFlight) -> bool:
        """Every ack of the batch before the checkpoint moves: a failed record fails the batch,
        and the next attempt publishes it (and re-publishes its neighbours, with the same
        ce_id). False if the checkpoint was reset meanwhile (then it is left as it is)."""
        published = await batch.sending.settled()
        if published:  # a batch that mapped to no record has no ack to crash after
            crash_point("relay.after_ack")
        # A batch that read none of the published types may still cover others: the
        # checkpoint moves past them, so the next read does not scan them again.
        moved = batch.head == batch.seen or await advance_checkpoint(
            conn, self.schema, self.name, batch.seen, batch.head
        )
        if not moved:
            log.warning("relay %s.%s checkpoint was reset during a batch", self.schema, self.name)
        self.published += published
        instruments().relay_published.add(published, {**self._labels, "topic": self.topic})
        return moved


@dataclass(eq=False)
class _InFlight:
    seen: int  # the checkpoint this batch was read after
    head: int  # the position of its last event: the checkpoint once it is acknowledged
    events: int
    sending: Sending
