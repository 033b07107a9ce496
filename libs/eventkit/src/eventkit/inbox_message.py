"""What an inbox handler receives; which failures are the infrastructure's; what a
dead-lettered record carries."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord

from eventkit.store.model import JsonDict
from eventkit.store.schema import Conn
from kompeten_contracts.envelope import Envelope

MAX_ERROR_CHARS = 1000
_DECODER = json.JSONDecoder()
_JSON_WHITESPACE = " \t\r\n"
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


@dataclass(frozen=True, slots=True)
class InboundMessage:
    envelope: Envelope
    key: str | None
    value: bytes
    topic: str
    partition: int
    offset: int
    # The record's headers as they came (partners' own among them): a dead-lettered message
    # carries them, so that it can be replayed as it was.
    headers: Sequence[tuple[str, bytes]] = ()
    _payload: JsonDict | None = field(default=None, init=False, repr=False, compare=False)

    # Slots, not a __dict__: a busy consumer holds two polls of these at once, and every tracked
    # object alive at a garbage collection is traversed (and promoted, and traversed again).

    @property
    def payload(self) -> JsonDict:
        """The value as a JSON object, decoded on first use: a handler that decodes `value`
        into its contract type itself (as the services do) never pays for it twice. A value
        that is not valid JSON raises here, in the handler, so it is retried and then
        dead-lettered like any other poison. Decoded as UTF-8 first (JSON on the wire is UTF-8,
        RFC 8259): `json.loads` of bytes guesses the encoding in Python, a third of its cost."""
        if self._payload is None:
            object.__setattr__(self, "_payload", _decode_object(self.value))
        assert self._payload is not None
        return self._payload


def _decode_object(value: bytes) -> JsonDict:
    # `raw_decode` is json.loads without its Python wrapper (keyword checks, two whitespace
    # regexes): half the cost of decoding a 200-byte event. The whitespace is checked here.
    text = value.decode().lstrip(_JSON_WHITESPACE)
    payload, end = _DECODER.raw_decode(text)
    if not isinstance(payload, dict):
        raise ValueError(f"record value is not a JSON object: {type(payload).__name__}")
    if end != len(text) and text[end:].strip(_JSON_WHITESPACE):
        raise ValueError(f"record value has data after its JSON object, at {end}")
    return payload


# Performs its effects on the connection, inside the transaction that claims the message.
Handler = Callable[[Conn, InboundMessage], Awaitable[None]]
# The same for all the newly claimed messages of one poll at once (several partitions, each in
# offset order, no event twice), so a projection can write them with one statement.
BatchHandler = Callable[[Conn, Sequence[InboundMessage]], Awaitable[None]]

_WHITESPACE = b" \t\r\n"


def parse(record: ConsumerRecord) -> InboundMessage:
    """Raises for a record no retry can fix: no CloudEvents headers, or a value that is not a
    JSON object (checked by its first character; the full decode is left to `payload`)."""
    envelope = Envelope.from_headers(record.headers)
    value = record.value
    if value is None or (value[:1] != b"{" and value.lstrip(_WHITESPACE)[:1] != b"{"):
        kind = "nothing" if value is None else repr(value[:20])
        raise ValueError(f"record value is not a JSON object: {kind}")
    key = record.key.decode() if record.key is not None else None
    return InboundMessage(
        envelope, key, value, record.topic, record.partition, record.offset, record.headers
    )


async def dead_letter(
    producer: AIOKafkaProducer,
    topic: str,
    record: ConsumerRecord | InboundMessage,
    subscription: str,
    error: BaseException,
) -> None:
    """The record as it was (key, value, headers, so it can be replayed), plus why and whence:
    a record that could not be parsed, or the message of one whose handling kept failing.
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
    key = record.key.encode() if isinstance(record.key, str) else record.key
    await producer.send_and_wait(topic, key=key, value=record.value, headers=headers)
