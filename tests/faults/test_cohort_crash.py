"""A cohort import SIGKILLed between two of its chunks, while invitations go out and the relay
publishes: committed again, it registers every row exactly once, every person is invited (only
an invitation in flight at the kill may go twice), and assessment receives each candidate once.
The restarted service commits in its usual chunks of 500, not the killed worker's 50: resuming
follows the rows recorded, not chunk numbers."""

from __future__ import annotations

import uuid
from collections import Counter

import httpx
import pytest

from eventkit.testing.infra import scalar
from eventkit.testing.kafka import group_lag, record_count
from eventkit.testing.mail import mails_to
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from kompeten_contracts.topics import dead_letter_topic
from registration.api.app import create_app
from registration.cohorts.application.cohort_invitations import SUBJECT
from registration.seed import seed
from registration.seed.cohort_file import as_csv, staff_rows
from servicekit.auth import bearer_headers

from ..services import asgi_client, running_assessment, running_registration
from .processes import died_of_sigkill, start_worker

pytestmark = pytest.mark.integration

COHORT = 151
OPERATOR = uuid.uuid4()
HEADERS = bearer_headers(Role.DISTRICT_OPERATOR, account_id=OPERATOR, districts=("5107",))


@pytest.mark.e2e
async def test_cohort_commit_killed_between_chunks_registers_and_invites_once(wiring) -> None:
    reg, ass = f'"{wiring.registration_schema}"', f'"{wiring.assessment_schema}"'
    registered_sql = f"SELECT count(*) FROM {reg}.events WHERE event_type = 'CandidateRegistered'"
    rows = staff_rows(COHORT)
    async with running_registration(wiring, run_relay=False) as registration:
        await seed(registration.catalogues())

        async def forty() -> bool:
            found = await registration.catalogues().cooperative_directory.search("5107")
            return len(found) == 40

        await wait_until(forty, timeout=30, what="40 cooperatives in the read model")
        async with asgi_client(create_app(registration)) as client:
            upload = await client.post(
                "/cohort-imports", files={"file": ("k.csv", as_csv(rows))}, headers=HEADERS
            )
    assert upload.status_code == 201, upload.text
    import_id = upload.json()["import_id"]

    worker = await start_worker("cohort", wiring, "cohort.after_chunk",
                                "--import-id", import_id, "--operator", str(OPERATOR))  # fmt: skip
    await died_of_sigkill(worker)
    assert await scalar(registered_sql) == 100, "the kill was meant to come after two chunks"

    async with (
        running_registration(wiring) as registration,
        running_assessment(wiring),
        asgi_client(create_app(registration)) as client,
    ):
        again = await client.post(f"/cohort-imports/{import_id}/commit", headers=HEADERS)
        assert again.status_code == 202, again.text

        async def done() -> dict | None:
            body = (await client.get(f"/cohort-imports/{import_id}", headers=HEADERS)).json()
            return body if body["state"] == "done" else None

        finished = await wait_until(done, timeout=60, what="the resumed import done")
        assert (finished["registered"], finished["skipped"]) == (COHORT, 0), finished
        invited_sql = f"SELECT count(*) FROM {reg}.cohort_invitations_sent"
        await wait_until(
            lambda: _equals(scalar(invited_sql), COHORT), timeout=60, what="everyone invited"
        )
        pooled_sql = f"SELECT count(*) FROM {ass}.candidate_pool"
        await wait_until(
            lambda: _equals(scalar(pooled_sql), COHORT), timeout=60, what="all in assessment"
        )
        await wait_until(
            lambda: _equals(
                group_lag(wiring.settings.kafka_bootstrap, wiring.group, wiring.topic), 0
            ),
            timeout=60,
            what="assessment caught up",
        )

    assert await scalar(registered_sql) == COHORT
    distinct = f"SELECT count(DISTINCT data->>'nik_hash') FROM {reg}.events " + (
        "WHERE event_type = 'CandidateRegistered'"
    )
    assert await scalar(distinct) == COHORT
    assert await scalar(pooled_sql) == COHORT
    async with httpx.AsyncClient() as mail:
        invitations = Counter(
            {row[2]: sum(m["subject"] == SUBJECT for m in await mails_to(row[2], mail))
             for row in rows}
        )  # fmt: skip
    assert min(invitations.values()) == 1, "someone was never invited"
    assert sum(invitations.values()) - COHORT <= 1, "more than the one in-flight invitation twice"
    dead = await record_count(wiring.settings.kafka_bootstrap, dead_letter_topic(wiring.group))
    assert dead == 0


async def _equals(value, expected) -> bool:
    return await value == expected
