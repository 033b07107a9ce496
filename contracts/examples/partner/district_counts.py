"""A partner's reader of Kompeten's public events: registered candidates per district.

A FastStream application with its own consumer group. A new group starts at offset 0 of every
partition (`auto_offset_reset="earliest"`), so the first run replays the topic's whole history;
later runs continue from the offsets the group committed.

    pip install kompeten_contracts-<version>-py3-none-any.whl "faststream[kafka]==0.7.8"
    KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092 python district_counts.py    # Ctrl-C stops it
    sqlite3 district_counts.sqlite3 'SELECT * FROM district_counts'

(or, with `faststream[kafka,cli]`: `faststream run --factory district_counts:create_app`).
Settings come from the environment: see `Settings.from_environment`.

What it shows (contracts/README.md explains each point):
- route on the `ce_type` header and decode with `REGISTRY`, which upcasts older versions to the
  latest class; skip the types and versions this release of kompeten-contracts does not know;
- `CandidateRegistered.district_code` is the candidate's district; `ApplicationAccepted` has a
  `district_code` too, but it is the cooperative's, so it is not counted here;
- delivery is at least once: the `ce_id` is claimed in the same SQLite transaction as the count
  it causes, and the offset is committed only after that transaction (AckPolicy.NACK_ON_ERROR:
  commit after the handler returns, re-read the record when it raises);
- a record no retry can fix goes to a dead-letter topic as it was (key, value, headers) plus
  `dlt_*` headers saying why and whence, and the partition moves on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from uuid import UUID

from aiokafka import ConsumerRecord
from faststream import AckPolicy, FastStream
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from kompeten_contracts import REGISTRATION_EVENTS, REGISTRY, Envelope, UnknownEventType
from kompeten_contracts.registration import CandidateRegisteredV1

log = logging.getLogger("district_counts")

SCHEMA = """
CREATE TABLE IF NOT EXISTS district_counts (
    district_code TEXT PRIMARY KEY,
    registered    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS counted_events (
    ce_id TEXT PRIMARY KEY
);
"""


@dataclass(frozen=True)
class Settings:
    bootstrap_servers: str = "127.0.0.1:19092"
    topic: str = REGISTRATION_EVENTS
    group_id: str = "partner.example.district-counts"
    database: str = "district_counts.sqlite3"
    dead_letter_topic: str = "partner.example.district-counts.dlt"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        group_id = environ.get("PARTNER_GROUP_ID", cls.group_id)
        return cls(
            bootstrap_servers=environ.get("KAFKA_BOOTSTRAP_SERVERS", cls.bootstrap_servers),
            topic=environ.get("KOMPETEN_TOPIC", cls.topic),
            group_id=group_id,
            database=environ.get("PARTNER_DATABASE", cls.database),
            dead_letter_topic=environ.get("PARTNER_DEAD_LETTER_TOPIC", f"{group_id}.dlt"),
        )


class DistrictCounts:
    """Registered candidates per district, and the ids of the events already counted."""

    def __init__(self, database: str) -> None:
        self.database = database
        self._db: sqlite3.Connection | None = None

    async def open(self) -> None:
        # Opened on the event loop's thread, where the handler runs (sqlite3 connections are
        # bound to their thread).
        self._db = sqlite3.connect(self.database)
        self._db.executescript(SCHEMA)

    async def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def count_registration(self, ce_id: UUID, district_code: str) -> bool:
        """Count one registration; False when this event was counted before (a redelivery,
        a re-publish, a replay): the claim and the count commit together or not at all."""
        assert self._db is not None, "open() first"
        with self._db:
            claimed = self._db.execute(
                "INSERT INTO counted_events (ce_id) VALUES (?) ON CONFLICT DO NOTHING",
                (str(ce_id),),
            ).rowcount
            if claimed:
                self._db.execute(
                    "INSERT INTO district_counts (district_code, registered) VALUES (?, 1) "
                    "ON CONFLICT (district_code) DO UPDATE SET registered = registered + 1",
                    (district_code,),
                )
        return bool(claimed)


def read_counts(database: str) -> dict[str, int]:
    """The report: registered candidates per district code."""
    with closing(sqlite3.connect(database)) as db:
        db.executescript(SCHEMA)
        rows = db.execute("SELECT district_code, registered FROM district_counts").fetchall()
    return {district: registered for district, registered in rows}


def dead_letter_headers(
    record: ConsumerRecord[bytes, bytes], group_id: str, error: Exception
) -> dict[str, str]:
    """The record's own headers plus why and whence: the same `dlt_*` headers Kompeten's own
    consumers write (contracts/README.md, "Dead-letter topics")."""
    headers = {name: value.decode(errors="replace") for name, value in record.headers}
    headers.update(
        dlt_error=f"{type(error).__name__}: {error}"[:1000],
        dlt_origin_topic=record.topic,
        dlt_origin_partition=str(record.partition),
        dlt_origin_offset=str(record.offset),
        dlt_subscription=group_id,
    )
    return headers


def create_app(settings: Settings | None = None) -> FastStream:
    settings = settings or Settings.from_environment()
    broker = KafkaBroker(settings.bootstrap_servers)
    counts = DistrictCounts(settings.database)

    @broker.subscriber(
        settings.topic,
        group_id=settings.group_id,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR,
    )
    async def on_record(message: KafkaMessage) -> None:
        record = message.raw_message
        assert isinstance(record, ConsumerRecord)  # one record per call (not a batch)
        try:
            envelope = Envelope.from_headers(record.headers)
            event = REGISTRY.decode(envelope.type, record.value or b"")
        except UnknownEventType as unknown:
            # A new event type, or a newer version than this kompeten-contracts knows: not an
            # error. Upgrade kompeten-contracts to read it; a replay will bring it back.
            log.info(
                "skipping %s[%d]@%d: %s", record.topic, record.partition, record.offset, unknown
            )
            return
        except ValueError as error:
            # No CloudEvents headers, or a value its own schema refuses: retrying cannot help.
            await broker.publish(
                record.value,
                topic=settings.dead_letter_topic,
                key=record.key,
                headers=dead_letter_headers(record, settings.group_id, error),
            )
            log.error(
                "dead-lettered %s[%d]@%d: %s", record.topic, record.partition, record.offset, error
            )
            return
        if isinstance(event, CandidateRegisteredV1):
            counts.count_registration(envelope.id, event.district_code)
        # ApplicationAccepted's district_code is the cooperative's district: not counted here.
        # CandidateErased: this reader keeps nothing per candidate_id, so it has nothing to
        # erase; a reader that keeps rows per candidate_id deletes them here.

    app = FastStream(broker)
    app.on_startup(counts.open)
    app.after_shutdown(counts.close)
    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(create_app().run())
