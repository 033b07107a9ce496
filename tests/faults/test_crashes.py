"""SIGKILL at the worst moments loses nothing and applies nothing twice."""

from __future__ import annotations

import uuid

import pytest

from eventkit.testing.infra import scalar
from eventkit.testing.kafka import group_lag, record_count
from eventkit.testing.waiting import wait_until
from kompeten_contracts.topics import dead_letter_topic
from registration.candidates.application.register_candidate import RegisterCandidateRequest

from ..services import running_assessment, running_registration
from .processes import died_of_sigkill, start_worker, stop

pytestmark = pytest.mark.integration

CANDIDATES = 40


async def register_cohort(service) -> None:
    for i in range(CANDIDATES):
        await service.handler()(
            RegisterCandidateRequest(
                client_id=uuid.uuid4(),
                full_name=f"Peserta {i}",
                nik=f"510701010190{i + 1:04d}",
                email=f"peserta{i}@example.id",
                district_code="5107",
            )
        )


async def records_in(settings, topic: str) -> int:
    return await record_count(settings.kafka_bootstrap, topic)


def checkpoint_sql(wiring) -> str:
    schema = wiring.registration_schema
    # The public relay's (registration also relays the sealed personal data, on its own topic).
    return (
        f'SELECT coalesce(max(position), 0) FROM "{schema}".relay_checkpoints '
        "WHERE name = 'relay'"
    )


def pooled(wiring) -> str:
    return f'SELECT count(*) FROM "{wiring.assessment_schema}".candidate_pool'


@pytest.mark.e2e
async def test_relay_killed_between_kafka_ack_and_checkpoint(wiring) -> None:
    async with running_registration(wiring, run_relay=False) as registration:
        await register_cohort(registration)
    crashed = await start_worker("relay", wiring, failpoints="relay.after_ack")
    await died_of_sigkill(crashed)
    assert await scalar(checkpoint_sql(wiring)) == 0, (
        "the crash was meant to come before the checkpoint moved"
    )
    assert await records_in(wiring.settings, wiring.topic) >= 1

    relay = await start_worker("relay", wiring)
    try:
        async with running_assessment(wiring):

            async def republished() -> bool:
                return await scalar(checkpoint_sql(wiring)) == CANDIDATES

            await wait_until(republished, timeout=60, what="relay checkpoint at the log head")

            async def caught_up() -> bool:
                return (
                    await group_lag(wiring.settings.kafka_bootstrap, wiring.group, wiring.topic)
                    == 0
                )

            await wait_until(caught_up, timeout=60, what="assessment consumed every record")
    finally:
        await stop(relay)
    assert await records_in(wiring.settings, wiring.topic) == 2 * CANDIDATES, (
        "the batch acknowledged before the crash is published again after the restart"
    )
    assert await scalar(pooled(wiring)) == CANDIDATES
    assert await records_in(wiring.settings, dead_letter_topic(wiring.group)) == 0


@pytest.mark.e2e
@pytest.mark.parametrize("crash_at", ["inbox.after_db_commit", "inbox.before_db_commit"])
async def test_consumer_killed_mid_batch(wiring, crash_at: str) -> None:
    async with running_registration(wiring) as registration:
        await register_cohort(registration)

        async def published() -> bool:
            return await records_in(wiring.settings, wiring.topic) >= CANDIDATES

        await wait_until(published, timeout=60, what="cohort published")
    crashed = await start_worker("consumer", wiring, failpoints=crash_at)
    await died_of_sigkill(crashed)
    applied_before = await scalar(pooled(wiring))
    if crash_at == "inbox.before_db_commit":
        assert applied_before == 0
    else:
        assert applied_before >= 1

    consumer = await start_worker("consumer", wiring)
    try:

        async def all_arrived() -> bool:
            return await scalar(pooled(wiring)) >= CANDIDATES

        await wait_until(all_arrived, timeout=60, what="every candidate in assessment")
    finally:
        await stop(consumer)
    assert await scalar(pooled(wiring)) == CANDIDATES
    assert await scalar(f'SELECT count(*) FROM "{wiring.assessment_schema}".inbox') == CANDIDATES
    assert await records_in(wiring.settings, dead_letter_topic(wiring.group)) == 0
