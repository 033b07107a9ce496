"""Issue 10's Karangasem hall: 151 candidates of one district in one session, each with 40
multiple-choice answers, one essay and an interview.

1. Through a congested link: every request waits about a second, 30% of connections are reset
   (the request may or may not have reached the server), and the link drops for a moment at
   random. Phones send as they go and re-send whatever the server does not confirm.
2. With the uplink down for the whole exam: phones unlock with the code read out in the hall,
   the assessor's tablet starts the exam offline, and everything arrives 30 minutes (on the
   test's clock) after the deadline.

Both end with every answer applied exactly once (the set the phones wrote equals what the
server holds, each record once), every attempt scored, every recommendation on Kafka once, and
assessment's numbers (answers held, scores, the roster) what a person counting the phones
finds. Real PostgreSQL and Kafka, HTTP over loopback through Toxiproxy."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest

from eventkit.testing.kafka import all_records
from eventkit.testing.waiting import wait_until
from kompeten_contracts.assessment import RecommendationPublishedV1

from .exam_phone import ExamPhone
from .hall import (
    EXAM_MINUTES,
    KASIR,
    LINK,
    STARTS,
    Hall,
    assessor_judges_everyone,
    drawn_key,
    karangasem_hall,
    planned_session,
    recorded_answer_ids,
    sit_the_exam,
    start,
    start_code,
)

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
COHORT = 151


async def flapping_link(hall: Hall, stop: asyncio.Event, rng: random.Random) -> None:
    """The hall's uplink drops for a moment every few seconds, until told to stop."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), rng.uniform(2, 5))
        if stop.is_set():
            break
        await hall.proxy.link(LINK, up=False)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), rng.uniform(0.5, 1.5))
        await hall.proxy.link(LINK, up=True)


async def test_a_congested_hall_loses_nothing_and_applies_nothing_twice() -> None:
    async with karangasem_hall() as hall:
        await planned_session(hall, COHORT, seed=10)
        hall.clock.now = STARTS - timedelta(minutes=5)
        code = await start_code(hall)
        await start(hall)
        await hall.proxy.toxic(LINK, "latency", latency=1000, jitter=300)
        await hall.proxy.toxic(LINK, "reset_peer", toxicity=0.3, stream="upstream", timeout=0)
        stop, rng = asyncio.Event(), random.Random(7)
        flapping = asyncio.create_task(flapping_link(hall, stop, rng))
        try:

            async def candidate(phone: ExamPhone) -> None:
                phone.unlock(code)
                await sit_the_exam(phone, hall.phones_http, online=True)
                await phone.sync_until_sent(hall.phones_http)

            await asyncio.wait_for(
                asyncio.gather(*(candidate(p) for p in hall.phones)), timeout=600
            )
        finally:
            stop.set()
            await flapping
            await hall.proxy.link(LINK, up=True)
            await hall.proxy.clear(LINK)
        assert sum(p.failures for p in hall.phones) > COHORT  # the link did fail them, often
        await assessor_judges_everyone(hall)
        await everything_counted_once(hall, refused_per_phone=0)


async def test_a_hall_without_uplink_for_the_whole_exam_counts_everything_once_afterwards() -> None:
    async with karangasem_hall() as hall:
        await planned_session(hall, COHORT, seed=20)
        hall.clock.now = STARTS - timedelta(minutes=10)
        code = await start_code(hall)  # the tablet holds it from before the link went down
        await hall.proxy.link(LINK, up=False)
        hall.clock.now = STARTS
        for n, phone in enumerate(hall.phones):
            phone.unlock(code)  # read out in the hall
            await sit_the_exam(phone, hall.phones_http, online=False)
            if n % 10 == 0:  # written after the phone's own timer ran out: refused, kept
                phone.write(phone.questions[0], (EXAM_MINUTES + 1) * 60_000)
        for phone in hall.phones[:5]:  # the queue tries; nothing can go out
            assert not await phone.send_once(hall.phones_http)

        hall.clock.now = STARTS + timedelta(minutes=EXAM_MINUTES + 30)
        await hall.proxy.link(LINK, up=True)
        await start(hall, started_at=STARTS)  # the tablet syncs the start it made offline
        await asyncio.wait_for(
            asyncio.gather(*(p.sync_until_sent(hall.phones_http) for p in hall.phones)),
            timeout=600,
        )
        await assessor_judges_everyone(hall)
        await everything_counted_once(hall, refused_per_phone=None)


async def everything_counted_once(hall: Hall, refused_per_phone: int | None) -> None:
    """What a person counting the phones finds is what assessment holds and published."""
    assert hall.session_id is not None
    for phone in hall.phones:
        held = await recorded_answer_ids(hall, phone.attempt_id)
        assert set(held) == {r["answer_id"] for r in phone.written}
        assert set(held.values()) == {1}, "an answer record applied twice"
        state = (await hall.staff.get(f"/exams/{phone.attempt_id}", headers=phone.headers)).json()
        late = {r["answer_id"] for r in phone.written if r["elapsed_ms"] > EXAM_MINUTES * 60_000}
        if refused_per_phone is not None:
            assert len(late) == refused_per_phone
        assert {r["answer_id"] for r in state["refused"]} == late
        counted = {q: r for q, r in phone.latest_in_time(EXAM_MINUTES).items()}
        assert {q: a["answer_id"] for q, a in state["answers"].items()} == {
            q: r["answer_id"] for q, r in counted.items()
        }
        assert state["all_sent"] and state["scored"]
        assert len(counted) == 41

    async def scores_final() -> bool:
        for phone in hall.phones:
            score = await final_score(hall, phone)
            if score != await expected_score(hall, phone):
                return False
        return True

    await wait_until(scores_final, timeout=60, what="every attempt scored on its final answers")
    roster = await hall.staff.get(f"/sessions/{hall.session_id}/roster", headers=hall.admin)
    assert {k: v for k, v in roster.json()["counts"].items() if v} == {"all_sent": COHORT}

    async def recommendations() -> list[dict[str, Any]] | None:
        records = await all_records(hall.service.settings.kafka_bootstrap, hall.service.topic)
        wanted = RecommendationPublishedV1.ce_type().encode()
        found = [json.loads(r.value) for r in records if ("ce_type", wanted) in r.headers]
        return found if len(found) >= COHORT else None

    found = await wait_until(recommendations, timeout=120, what="151 recommendations on Kafka")
    assert Counter(r["attempt_id"] for r in found) == Counter(
        str(p.attempt_id) for p in hall.phones
    ), "each attempt's recommendation exactly once"
    for record in found:
        assert {u["unit_code"] for u in record["units"]} == set(KASIR)


async def final_score(hall: Hall, phone: ExamPhone) -> dict[str, int] | None:
    row = await hall.service.pool.fetchval(
        f'SELECT score FROM "{hall.service.schema}".exam_attempts '
        "WHERE attempt_id = $1 AND NOT changed",
        phone.attempt_id,
    )
    if row is None:
        return None
    score: dict[str, Any] = row if isinstance(row, dict) else json.loads(row)
    correct: dict[str, int] = score["correct_by_unit"]
    return {unit: n for unit, n in correct.items() if n}


async def expected_score(hall: Hall, phone: ExamPhone) -> dict[str, int]:
    key = await drawn_key(hall, phone.attempt_id)
    right: Counter[str] = Counter()
    for question_id, record in phone.latest_in_time(EXAM_MINUTES).items():
        unit, correct = key[question_id]
        if correct is not None and record.get("choice") == correct:
            right[unit] += 1
    return dict(right)
