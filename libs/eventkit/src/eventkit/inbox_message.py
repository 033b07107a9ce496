"""What an inbox handler receives; which failures are the infrastructure's; what a
dead-lettered record carries."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from uuid import UUID

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord

from eventkit.store.model import JsonDict
from eventkit.store.schema import Conn
from kompeten_contracts.envelope import REQUIRED_HEADERS, Envelope, MissingHeaderError

MAX_ERROR_CHARS = 1000
_DECODER = json.JSONDecoder()
_JSON_WHITESPACE = " \t\r\n"
_REQUIRED = frozenset(REQUIRED_HEADERS)
_CANONICAL_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_new_message = object.__new__  # parse sets every slot itself
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


class InboundMessage:
    """One record as an inbox handler gets it: its CloudEvents `envelope`, key, value and place
    (topic, partition, offset), and its headers as they came. Read-only by convention.

    Made cheap for a busy consumer, which holds two polls of these at once: `parse` checks what
    the inbox itself needs (the required headers are there, the id is a UUID, the value looks
    like a JSON object) and keeps the id and the traceparent as text; the `envelope` (a pydantic
    model: UUID, datetime, validation, three objects for the garbage collector to go through)
    and the `payload` are built on first use. A header value that does not validate then
    raises in the handler, which is retried and then dead-lettered like any other poison."""

    __slots__ = (
        "_envelope",
        "_fields",
        "_payload",
        "event_id",
        "headers",
        "key",
        "offset",
        "partition",
        "topic",
        "traceparent",
        "value",
    )
    event_id: str  # ce_id in its canonical text form: the inbox's claim key
    traceparent: str | None  # W3C trace context of the command that caused the event
    key: str | None
    value: bytes
    topic: str
    partition: int
    offset: int
    # The record's headers as they came (partners' own among them): a dead-lettered message
    # carries them, so that it can be replayed as it was.
    headers: Sequence[tuple[str, bytes]]

    def __init__(
        self,
        envelope: Envelope,
        key: str | None,
        value: bytes,
        topic: str,
        partition: int,
        offset: int,
        headers: Sequence[tuple[str, bytes]] = (),
    ) -> None:
        """A message whose envelope is known (tests, tools); the consumer uses `parse`."""
        self._envelope: Envelope | None = envelope
        self._fields: dict[str, bytes] | None = None
        self._payload: JsonDict | None = None
        self.event_id = str(envelope.id)
        self.traceparent = envelope.traceparent
        self.key, self.value, self.headers = key, value, headers or envelope.to_headers()
        self.topic, self.partition, self.offset = topic, partition, offset

    def __repr__(self) -> str:
        return (
            f"InboundMessage({self.event_id} key={self.key!r}"
            f" at {self.topic}[{self.partition}]@{self.offset})"
        )

    @property
    def envelope(self) -> Envelope:
        """The CloudEvents attributes, validated (`Envelope.from_headers`) on first use."""
        if self._envelope is None:
            self._envelope = Envelope.from_headers(self._header_fields().items())
        return self._envelope

    def header(self, name: str) -> str | None:
        """A header's value as text (the last one, if it came twice); None if absent. For a
        handler that needs one attribute, say `ce_time` for PostgreSQL to parse, and not the
        whole envelope."""
        raw = self._header_fields().get(name)
        return None if raw is None else raw.decode()

    def _header_fields(self) -> dict[str, bytes]:
        if self._fields is None:
            self._fields = dict(self.headers)
        return self._fields

    @property
    def payload(self) -> JsonDict:
        """The value as a JSON object, decoded on first use: a handler that decodes `value`
        into its contract type itself (as the services do) never pays for it twice. A value
        that is not valid JSON raises here, in the handler, so it is retried and then
        dead-lettered like any other poison. Decoded as UTF-8 first (JSON on the wire is UTF-8,
        RFC 8259): `json.loads` of bytes guesses the encoding in Python, a third of its cost."""
        if self._payload is None:
            self._payload = _decode_object(self.value)
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
    """Raises for a record no retry can fix: a required CloudEvents header missing, an id that
    is not a UUID, or a value that is not a JSON object (checked by its first character; the
    full decode is left to `payload`)."""
    fields = dict(record.headers)
    if not _REQUIRED.issubset(fields.keys()):
        raise MissingHeaderError(next(h for h in REQUIRED_HEADERS if h not in fields))
    raw_id = fields["ce_id"]
    # The canonical form, as the relay writes it, checked by one regex; any other form is
    # parsed (and refused if it is no UUID) and made canonical, so the id is one string.
    event_id = raw_id.decode() if _CANONICAL_UUID.fullmatch(raw_id) else str(UUID(raw_id.decode()))
    value = record.value
    if value is None or (value[:1] != b"{" and value.lstrip(_WHITESPACE)[:1] != b"{"):
        kind = "nothing" if value is None else repr(value[:20])
        raise ValueError(f"record value is not a JSON object: {kind}")
    message = _new_message(InboundMessage)
    message._envelope = None
    message._fields = fields
    message._payload = None
    message.event_id = event_id
    traceparent = fields.get("traceparent")
    message.traceparent = None if traceparent is None else traceparent.decode()
    message.key = None if record.key is None else record.key.decode()
    message.value = value
    message.topic, message.partition, message.offset = record.topic, record.partition, record.offset
    message.headers = record.headers
    return message


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
