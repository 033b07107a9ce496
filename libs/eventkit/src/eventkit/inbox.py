"""Consume Kafka records exactly once in effect: the inbox claim and the handler's effects commit
in one PostgreSQL transaction, and the offsets are committed only after that transaction.

Each poll (up to `max_records` records of any of the assigned partitions) is one transaction:
one statement claims every event id of the poll, the handler applies the newly claimed ones
(one by one, or all at once with a batch handler), and after the commit one offset commit
moves every partition of the poll. A poll that fails is retried message by message, so a
poison message is isolated and dead-lettered alone. The next poll is fetched and parsed while
one's transaction is in PostgreSQL; the transactions themselves, and the offset commits, run
one at a time and in poll order."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord

from eventkit.failpoints import crash_point
from eventkit.inbox_message import (
    TRANSIENT,
    BatchHandler,
    Handler,
    InboundMessage,
    dead_letter,
    parse,
)
from eventkit.inbox_schema import ClaimedBefore, claim, claim_all, install_inbox
from eventkit.inbox_tracing import batch_spans, consumer_span
from eventkit.store.schema import Conn
from eventkit.telemetry import instruments
from eventkit.wakeup import Wakeup

__all__ = [
    "BATCH_MAX_RECORDS",
    "MESSAGE_MAX_RECORDS",
    "BatchHandler",
    "Handler",
    "InboundMessage",
    "InboxConsumer",
    "install_inbox",
]
log = logging.getLogger(__name__)

# A batch handler's statements cover the whole poll, so a bigger poll costs fewer round trips
# and WAL flushes a record (the consumer arm: ~10% more records/s with 1000 than with 500). A
# per-message handler pays a round trip a message anyway, and the poll's transaction holds
# every lock its calls take until the last one: Kafka's own default poll size.
BATCH_MAX_RECORDS = 1000
MESSAGE_MAX_RECORDS = 500
# Records unpacked and parsed between two chances for the transaction in flight to go on
# (~0.4 ms of CPU).
PARSE_CHUNK = 100


@dataclass(eq=False)
class InboxConsumer:
    pool: asyncpg.Pool[asyncpg.Record]
    schema: str
    bootstrap_servers: str
    topics: Sequence[str]
    group_id: str
    subscription: str
    # Exactly one of `handler` (called per newly claimed message, its CONSUMER span current)
    # and `batch_handler` (called once per poll with all of them) is given.
    handler: Handler | None
    dead_letter_topic: str
    max_attempts: int = 3
    _: KW_ONLY
    batch_handler: BatchHandler | None = None
    retry_backoff: float = 0.05
    restart_interval: float = 1.0
    # Records per poll, i.e. per transaction; None: BATCH_MAX_RECORDS with a batch handler,
    # MESSAGE_MAX_RECORDS with a per-message one.
    max_records: int | None = None
    poll_timeout_ms: int = 200
    # Committed outcomes: handled | duplicate | dead_lettered.
    outcomes: Counter[str] = field(default_factory=Counter, init=False)
    _wake: Wakeup = field(default_factory=Wakeup, init=False, repr=False)
    _producer: Any = field(default=None, init=False, repr=False)
    _culprit: str | None = field(default=None, init=False, repr=False)  # whose handler runs
    _committing: asyncio.Task[None] | None = field(default=None, init=False, repr=False)
    # Whether the last batch claimed all its events: the next is then claimed with claim_all.
    _all_new: bool = field(default=True, init=False, repr=False)

    def __post_init__(self) -> None:
        if (self.handler is None) == (self.batch_handler is None):
            raise ValueError("give an InboxConsumer exactly one of handler and batch_handler")
        if self.max_records is None:
            batch = self.batch_handler is not None
            self.max_records = BATCH_MAX_RECORDS if batch else MESSAGE_MAX_RECORDS

    async def run(self) -> None:
        """Consume until stop(); an unexpected failure restarts the session from the committed
        offsets, whose records the inbox then recognises."""
        with self._wake.running():
            while not self._wake.stopped:
                try:
                    await self._session()
                except Exception:
                    log.exception("consumer %s failed; restarting", self.subscription)
                    await self._wake.pause(self.restart_interval)

    async def stop(self) -> None:
        """Finish the batch in hand, commit its offsets and leave the group."""
        await self._wake.stop()

    async def _session(self) -> None:
        consumer = AIOKafkaConsumer(
            *self.topics,
            bootstrap_servers=self.bootstrap_servers,
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap_servers, enable_idempotence=True, acks="all"
        )
        await self._producer.start()
        self._committing = None
        applying: asyncio.Task[bool] | None = None
        try:
            await consumer.start()
            while not self._wake.stopped:
                # Pipelined: this poll is parsed while the previous one's transaction is in
                # PostgreSQL (parsing yields now and then, so that transaction moves on as each
                # answer comes), and it is applied only after that one has committed: the polls'
                # transactions, like their offset commits, run one at a time and in order.
                if (poll := await self._poll(consumer)) is None:
                    continue
                if applying is not None:
                    previous, applying = applying, None
                    if not await previous:
                        return  # stopped mid-batch: leave the offsets for the next owner
                applying = asyncio.create_task(self._apply_poll(consumer, *poll))
        finally:
            # The poll in hand is finished (its offsets committed after its transaction), come
            # what may; a poll only parsed is dropped: its records come again to the next owner.
            if applying is not None:
                await _settle(applying, "applying a poll")
            if self._committing is not None:
                await _settle(self._committing, "offset commit")  # before leaving the group
            await consumer.stop()
            await self._producer.stop()

    async def _apply_poll(
        self,
        consumer: AIOKafkaConsumer,
        received: list[InboundMessage],
        offsets: dict[TopicPartition, int],
    ) -> bool:
        """Every partition of the poll in one transaction, then one offset commit; False when
        stopped before the poll was done."""
        if not await self._process(received):
            return False
        # This poll's transaction has committed: its offsets may go now, once the previous
        # poll's have (offsets move in order and only after their transaction). The next poll's
        # transaction waits for neither: it starts as soon as this one has committed.
        previous = self._committing
        if previous is not None and previous.done():
            previous.result()  # an offset commit that failed unexpectedly restarts the session
        self._committing = asyncio.create_task(self._commit_after(previous, consumer, offsets))
        return True

    async def _commit_after(
        self,
        previous: asyncio.Task[None] | None,
        consumer: AIOKafkaConsumer,
        offsets: dict[TopicPartition, int],
    ) -> None:
        if previous is not None:
            await asyncio.wait([previous])  # its failure is raised by _apply_poll or _settle
        await self._commit(consumer, offsets)

    async def _commit(self, consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        try:
            await consumer.commit(offsets)
        except KafkaError as exc:
            # Lost partitions in a rebalance: their new owner redelivers, the inbox drops.
            log.warning("offset commit %s failed: %r", offsets, exc)
        lag = 0
        for tp, offset in offsets.items():
            if (highwater := consumer.highwater(tp)) is not None:
                lag += highwater - offset
        instruments().consumer_lag.set(lag, {"subscription": self.subscription})

    async def _poll(
        self, consumer: AIOKafkaConsumer
    ) -> tuple[list[InboundMessage], dict[TopicPartition, int]] | None:
        """The next poll's messages (up to `max_records`) and the offsets that it moves; None if
        there was none. Taken from aiokafka's buffer a chunk at a time, each chunk parsed and
        then a yield: unpacking and parsing a whole poll at once would hold the previous
        poll's transaction up for a millisecond or two at each of its round trips. Only the
        messages are kept, not aiokafka's records: fewer objects alive for the garbage
        collector to go through."""
        messages: list[InboundMessage] = []
        offsets: dict[TopicPartition, int] = {}
        size = self.max_records or MESSAGE_MAX_RECORDS  # set by __post_init__
        taken, timeout_ms = 0, self.poll_timeout_ms
        while taken < size:
            batches = await consumer.getmany(
                timeout_ms=timeout_ms, max_records=min(PARSE_CHUNK, size - taken)
            )
            if not batches:
                break
            timeout_ms = 0  # the rest of the poll: only what is fetched already
            for tp, records in batches.items():
                offsets[tp] = records[-1].offset + 1
                taken += len(records)
                for record in records:
                    try:
                        messages.append(parse(record))
                    except Exception as exc:  # no retry can fix it: dead-letter it now
                        await self._dead_letter(record, exc)
            await asyncio.sleep(0)  # let the previous poll's transaction take its next step
        return (messages, offsets) if offsets else None

    async def _process(self, received: list[InboundMessage]) -> bool:
        """False when stopped before the batch was done."""
        while received and not self._wake.stopped:
            try:
                await self._apply(received)
                return True
            except TRANSIENT:
                log.warning("infrastructure failure; retrying the batch", exc_info=True)
                await self._wake.pause(self.restart_interval)
            except Exception:
                log.warning("batch failed; retrying message by message", exc_info=True)
                culprit = self._culprit
                for item in received:
                    # The batch attempt was the culprit's first: max_attempts calls, no more.
                    if not await self._alone(item, int(item.event_id == culprit)):
                        return False
                return True
        return not received  # else stopped while retrying

    async def _alone(self, item: InboundMessage, failures: int) -> bool:
        while not self._wake.stopped:
            try:
                await self._apply([item])
                return True
            except TRANSIENT:
                await self._wake.pause(self.restart_interval)
            except Exception as exc:
                failures += 1
                if failures >= self.max_attempts:
                    # Bounded retries: the partition moves on, and the record is kept.
                    await self._dead_letter(item, exc)
                    return True
                await self._wake.pause(self.retry_backoff * 2 ** (failures - 1))
        return False

    async def _apply(self, received: list[InboundMessage]) -> None:
        try:
            await self._transaction(received, all_new=self._all_new)
        except ClaimedBefore:
            # Rolled back, nothing done: claim this batch, and the next ones until one is all
            # new, with ON CONFLICT DO NOTHING.
            self._all_new = False
            await self._transaction(received, all_new=False)

    async def _transaction(self, messages: list[InboundMessage], *, all_new: bool) -> None:
        """One transaction: claim the batch's events and apply the newly claimed ones. With
        `all_new`, every event is claimed with a plain INSERT, which raises `ClaimedBefore` if
        one was claimed before (the cheap way while nothing comes twice)."""
        self._culprit = None
        async with self.pool.acquire() as conn, conn.transaction():
            if all_new:
                await claim_all(conn, self.schema, self.subscription, messages)
                claimed = messages
            else:
                fresh = {
                    str(event_id)
                    for event_id in await claim(conn, self.schema, self.subscription, messages)
                }
                claimed = []
                for message in messages:  # per partition in offset order, i.e. key order
                    if message.event_id in fresh:
                        fresh.discard(message.event_id)  # a repeat within the poll: once
                        claimed.append(message)
            if claimed:
                if self.batch_handler is not None:
                    await self._handle_batch(conn, self.batch_handler, claimed)
                else:
                    assert self.handler is not None
                    for message in claimed:
                        self._culprit = message.event_id
                        await self._handle(conn, self.handler, message)
            self._culprit = None
            crash_point("inbox.before_db_commit")
        crash_point("inbox.after_db_commit")
        self._all_new = len(claimed) == len(messages)
        self._count(len(claimed), "handled")
        self._count(len(messages) - len(claimed), "duplicate")

    async def _handle(self, conn: Conn, handler: Handler, message: InboundMessage) -> None:
        with consumer_span(message, self.group_id):
            started = time.perf_counter()
            await handler(conn, message)
            instruments().consumer_handler_latency.record(
                time.perf_counter() - started, {"subscription": self.subscription}
            )

    async def _handle_batch(
        self, conn: Conn, handler: BatchHandler, claimed: list[InboundMessage]
    ) -> None:
        # A lone message is the culprit if the call fails, so its retries count from here.
        self._culprit = claimed[0].event_id if len(claimed) == 1 else None
        started = time.perf_counter()
        with batch_spans(claimed, self.group_id):
            await handler(conn, claimed)
        instruments().consumer_handler_latency.record(
            time.perf_counter() - started, {"subscription": self.subscription}
        )

    async def _dead_letter(
        self, record: ConsumerRecord | InboundMessage, error: BaseException
    ) -> None:
        await dead_letter(self._producer, self.dead_letter_topic, record, self.subscription, error)
        self._count(1, "dead_lettered")

    def _count(self, n: int, outcome: str) -> None:
        if n:
            self.outcomes[outcome] += n
            attributes = {"subscription": self.subscription, "outcome": outcome}
            instruments().consumer_handled.add(n, attributes)


async def _settle(task: asyncio.Task[Any], what: str) -> None:
    """Wait for the task whatever happens, and log its failure (nobody else will see it)."""
    await asyncio.wait([task])
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.warning("%s failed: %r", what, exc)
