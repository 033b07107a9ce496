"""A Kafka broker SIGKILLed and restarted while the relay publishes and assessment consumes:
nothing is lost and nothing is applied twice.

Runs on the 3-broker KRaft cluster (replication 3, min.insync.replicas 2), so the cluster can
lose a broker and keep accepting acks=all writes once the controller has fenced it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import time
import uuid
from typing import Any

import pytest

from eventkit.testing.infra import scalar
from eventkit.testing.kafka import group_lag, record_count
from eventkit.testing.waiting import wait_until
from kompeten_contracts.topics import dead_letter_topic
from registration.bootstrap import RegistrationService
from registration.candidates.application.register_candidate import RegisterCandidateRequest

from ..services import running_assessment, running_registration
from .cluster import (
    KafkaCluster,
    create_replicated_topics,
    describe,
    fully_replicated,
    port_open,
    process_gone,
    stack,
)

pytestmark = pytest.mark.integration

PARTITIONS = 12
FIRST = 150  # registered before the kill; the kill comes while these are flowing
SECOND = 150  # registered while the broker is down
AFTER = 20  # registered after the broker is back
TOTAL = FIRST + SECOND + AFTER


def request(i: int) -> RegisterCandidateRequest:
    # NIK 51 07 01 | born 01-01-90 | serial 0001..: valid (registration/domain/nik.py), distinct.
    return RegisterCandidateRequest(
        client_id=uuid.uuid4(),
        full_name=f"Peserta {i}",
        nik=f"510701010190{i + 1:04d}",
        email=f"peserta{i}@example.id",
        district_code="5107",
    )


async def register(service: RegistrationService, numbers: range) -> None:
    for i in numbers:
        await service.handler()(request(i))


async def partition_leader(bootstrap: str, topic: str, partition: int) -> int:
    async def leader() -> int | None:
        described = await describe(bootstrap, topic)
        for p in described["partitions"] if described else []:
            if p["partition"] == partition and p["leader"] > 0:
                return int(p["leader"])
        return None

    found = await wait_until(leader, timeout=30, what=f"leader of {topic}-{partition}")
    assert found is not None
    return found


@pytest.mark.e2e
async def test_broker_killed_and_restarted_mid_flow_loses_and_duplicates_nothing(
    wiring: Any, kafka_cluster: KafkaCluster
) -> None:
    cluster = kafka_cluster
    wiring = dataclasses.replace(
        wiring, settings=dataclasses.replace(wiring.settings, kafka_bootstrap=cluster.bootstrap)
    )
    dlt = dead_letter_topic(wiring.group)
    # The services' ensure_topics would create these with replication 1; they find them here.
    await create_replicated_topics(cluster.bootstrap, [wiring.topic, dlt], partitions=PARTITIONS)

    reg, ass = wiring.registration_schema, wiring.assessment_schema
    pooled = f'SELECT count(*) FROM "{ass}".candidate_pool'
    pooled_distinct = f'SELECT count(DISTINCT candidate_id) FROM "{ass}".candidate_pool'
    inbox_rows = f'SELECT count(*) FROM "{ass}".inbox'
    checkpoint = f'SELECT coalesce(max(position), 0) FROM "{reg}".relay_checkpoints'
    log_head = f'SELECT position FROM "{reg}".log_head'

    async def pool_reaches(n: int, what: str, timeout: float = 90) -> None:
        async def reached() -> bool:
            return await scalar(pooled) >= n

        await wait_until(reached, timeout=timeout, interval=0.1, what=what)

    victim = await partition_leader(cluster.bootstrap, wiring.topic, 0)
    victim_pid = int(cluster.pidfile(victim).read_text())
    assert not process_gone(victim_pid), (
        f"the pid file of broker {victim} names no live process: is a cluster of another "
        "checkout on these ports?"
    )
    restarted = False
    registering: list[asyncio.Task[None]] = []
    try:
        async with (
            running_assessment(wiring) as assessment,
            running_registration(wiring, run_relay=True) as registration,
        ):
            # 1. Registrations flow through the relay into assessment; kill the broker leading
            #    partition 0 as soon as some have arrived, while the rest are still coming.
            first = asyncio.create_task(register(registration, range(FIRST)))
            registering.append(first)
            await pool_reaches(FIRST // 5, "first records in assessment", timeout=60)
            os.kill(victim_pid, signal.SIGKILL)
            killed_at = time.monotonic()
            pooled_at_kill = await scalar(pooled)

            async def victim_dead() -> bool:
                return process_gone(victim_pid) and not port_open(cluster.port(victim))

            await wait_until(
                victim_dead, timeout=15, what=f"broker {victim} (pid {victim_pid}) dead"
            )
            await first

            # 2. More registrations while the broker is down; all of them must arrive, through
            #    the leaders the controller elects once it has fenced the dead broker.
            await register(registration, range(FIRST, FIRST + SECOND))
            await pool_reaches(FIRST + SECOND, "every candidate in assessment, broker down")
            all_arrived_down = time.monotonic() - killed_at
            assert pooled_at_kill < FIRST + SECOND
            assert process_gone(victim_pid) and not port_open(cluster.port(victim)), (
                "the killed broker must still be down while the second half flows"
            )

            async def fenced() -> bool:
                # The cluster noticed: the dead broker leads nothing and is in no ISR.
                described = await describe(cluster.bootstrap, wiring.topic)
                return described is not None and all(
                    p["leader"] != victim and victim not in p["isr"]
                    for p in described["partitions"]
                )

            await wait_until(fenced, timeout=30, interval=0.2, what=f"broker {victim} fenced")

            # 3. Restart the broker with the stack script; it rejoins every ISR.
            code, output = await stack("up", "--only", "kafka", "--brokers", "3")
            assert code == 0, f"restarting broker {victim} failed:\n{output}"
            restarted = True
            restarted_after = time.monotonic() - killed_at
            new_pid = int(cluster.pidfile(victim).read_text())
            assert new_pid != victim_pid and not process_gone(new_pid)

            async def rejoined() -> bool:
                described = await describe(cluster.bootstrap, wiring.topic)
                return fully_replicated(described, PARTITIONS, 3)

            await wait_until(rejoined, timeout=90, interval=0.5, what=f"broker {victim} in ISR")

            # 4. The flow goes on with the broker back.
            await register(registration, range(FIRST + SECOND, TOTAL))
            await pool_reaches(TOTAL, "every candidate in assessment after the restart")

            async def relayed_to_head() -> bool:
                head = await scalar(log_head)
                return head > 0 and await scalar(checkpoint) == head

            await wait_until(relayed_to_head, timeout=60, what="relay checkpoint at the log head")

            async def offsets_committed() -> bool:
                return await group_lag(cluster.bootstrap, wiring.group, wiring.topic) == 0

            await wait_until(offsets_committed, timeout=60, what="assessment group lag 0")
            # Registration's topic's consumer (assessment also follows the personal-data topic).
            [consumer] = [c for c in assessment.consumers if wiring.topic in c.topics]
            outcomes = dict(consumer.outcomes)
            published = registration.relay.published if registration.relay else 0
    finally:
        for task in registering:
            task.cancel()
        if not restarted:  # leave the shared cluster whole for whatever runs next
            await stack("up", "--only", "kafka", "--brokers", "3")

    assert await scalar(pooled) == TOTAL
    assert await scalar(pooled_distinct) == TOTAL
    assert await scalar(inbox_rows) == TOTAL
    assert await scalar(log_head) == TOTAL
    assert outcomes.get("handled") == TOTAL, outcomes
    assert outcomes.get("dead_lettered", 0) == 0, outcomes
    on_topic = await record_count(cluster.bootstrap, wiring.topic)
    assert on_topic >= TOTAL
    assert published >= TOTAL
    assert await record_count(cluster.bootstrap, dlt) == 0
    print(
        f"\nkilled broker {victim} with {pooled_at_kill}/{FIRST} pooled; all {FIRST + SECOND} "
        f"pooled {all_arrived_down:.1f}s after the kill, broker restarted after "
        f"{restarted_after:.1f}s; relay acks {published}, records on topic {on_topic}, "
        f"consumer outcomes {outcomes}"
    )
