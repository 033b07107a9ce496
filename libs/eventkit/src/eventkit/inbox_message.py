"""What an inbox handler receives; which failures are the infrastructure's; what a
dead-lettered record carries."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord

from eventkit.store.model import JsonDict
from eventkit.store.schema import Conn
from eventkit.telemetry import context_from_traceparent, kafka_span
from kompeten_contracts.envelope import Envelope

MAX_ERROR_CHARS = 1000
log = logging.getLogger(__name__)

# Failures of the infrastructure, not of the message: retried in place until they pass and
# never dead-lettered, or a database outage would empty the topic into the dead-letter topic.
TRANSIENT = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.TransactionRollbackError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.TooManyConnectionsError,
)


@dataclass(frozen=True)
class InboundMessage:
    envelope: Envelope
    key: str | None
    value: bytes
    payload: JsonDict
    topic: str
    partition: int
    offset: int


# Performs its effects on the connection, inside the transaction that claims the message.
Handler = Callable[[Conn, InboundMessage], Awaitable[None]]


def parse(record: ConsumerRecord) -> InboundMessage:
    """Raises for a record no retry can fix: no CloudEvents headers, or not a JSON object."""
    envelope = Envelope.from_headers(record.headers)
    payload = json.loads(record.value) if record.value is not None else None
    if not isinstance(payload, dict):
        raise ValueError(f"record value is not a JSON object: {type(payload).__name__}")
    key = record.key.decode() if record.key is not None else None
    return InboundMessage(
        envelope, key, record.value, payload, record.topic, record.partition, record.offset
    )


async def dead_letter(
    producer: AIOKafkaProducer,
    topic: str,
    record: ConsumerRecord,
    subscription: str,
    error: BaseException,
) -> None:
    """The record as it was (key, value, headers, so it can be replayed), plus why and whence.
    Awaits the ack: the offset is committed after this, so the record is never dropped."""
    log.error("dead-lettering %s[%d]@%d: %r", record.topic, record.partition, record.offset, error)
    reason = f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS].encode()
    headers = [
        *record.headers,
        ("dlt_error", reason),
        ("dlt_origin_topic", record.topic.encode()),
        ("dlt_origin_partition", str(record.partition).encode()),
        ("dlt_origin_offset", str(record.offset).encode()),
        ("dlt_subscription", subscription.encode()),
    ]
    await producer.send_and_wait(topic, key=record.key, value=record.value, headers=headers)


@contextmanager
def consumer_span(message: InboundMessage, group: str) -> Iterator[None]:
    """Continues the trace the producer's traceparent header names."""
    with kafka_span(
        "process",
        message.topic,
        parent=context_from_traceparent(message.envelope.traceparent),
        key=message.key,
        message_id=str(message.envelope.id),
        partition=message.partition,
        offset=message.offset,
        group=group,
    ):
        yield
