"""Arm finalise: a 151-candidate session from its deadline to the last recommendation on Kafka,
vs the bare Kafka round trip of as many records.

In process, on a fresh schema and topic: the assessment service with the test's clock, a
session prepared through the real API (seeded cashier bank, verified site, licensed assessors,
151 accepted cashiers assigned, the plan set, consent signed on both sides, the exam started),
every phone's 40 answers recorded (the phones never said they finished) and every candidate
judged by their assessor (untimed). Timed: the clock moves past the deadline and its grace, the
assessor closes the session, and the finaliser scores every attempt, the policy publishes each
recommendation and the relay sends it; the time until the 151st RecommendationPublished record
is readable on the topic. Baseline, same round: a raw aiokafka producer sends 151 records of
the same size to a fresh topic and a consumer reads the 151st (the floor any design pays)."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from assessment.api.app import create_app
from assessment.assessors.domain.limits import CandidateLimits
from assessment.bootstrap import AssessmentService
from assessment.planning.domain.consent_terms import TERMS_VERSION
from bench.answers_host import LSP, PER_ASSESSOR, _ok, _site, prepare_bank
from bench.config import Config
from bench.harness import (
    TEST_DATABASE,
    ArmResult,
    Sample,
    Side,
    Target,
    interleave,
    run_guarded,
    say,
)
from bench.infra import fresh_schema, topics
from eventkit.settings import load_settings
from kompeten_contracts.assessment import RecommendationPublishedV1
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

TITLE = "151 attempts from the deadline to the last recommendation on Kafka, vs a bare round trip"
SECONDS = 5.0
UNITS = [f"M.649000.01{n}.01" for n in range(1, 5)]


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@contextlib.asynccontextmanager
async def session(candidates: int) -> AsyncIterator[tuple[AssessmentService, Clock, Any]]:
    clock = Clock(datetime.now(UTC))
    async with fresh_schema("finalise") as schema, topics("finalise") as (topic,):
        service = AssessmentService(
            load_settings(),
            schema=schema,
            database=TEST_DATABASE,
            topic=topic,
            source_topic=f"{topic}.registration",
            group_id=f"bench-{uuid.uuid4().hex[:8]}",
            clock=clock,
            assessor_limits=CandidateLimits(default=PER_ASSESSOR),
        )
        await service.start()
        try:
            yield service, clock, await _prepared(service, clock, candidates)
        finally:
            await service.stop()


async def _prepared(service: AssessmentService, clock: Clock, n: int) -> dict[str, Any]:
    from assessment.intake.application.application_accepted import AcceptedApplication

    await prepare_bank(service)
    admin = bearer_headers(Role.LSP_ADMIN, lsp_id=LSP)
    assessors = [uuid.uuid4() for _ in range(-(-n // PER_ASSESSOR))]
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=300) as api:
        site_id = await _site(api, admin, clock.now.date())
        for account in assessors:
            await _ok(
                api.post(
                    "/assessors",
                    headers=admin,
                    json={
                        "account_id": str(account),
                        "met_number": "MET.000.001234 2019",
                        "licence_valid_until": str(clock.now.date() + timedelta(days=700)),
                        "scheme_codes": ["KOP-KASIR"],
                        "district_code": "5107",
                    },
                )
            )
        applications = [
            AcceptedApplication(
                uuid.uuid4(),
                uuid.uuid4(),
                "KOP-KASIR",
                1,
                "kasir",
                uuid.uuid4(),
                "5107",
                [],
                clock.now,
                LSP,
            )
            for _ in range(n)
        ]
        async with service.pool.acquire() as conn, conn.transaction():
            for application in applications:
                await service.accepted().add(conn, application)
        starts = clock.now + timedelta(hours=1)
        made = await _ok(
            api.post(
                "/sessions",
                headers=admin,
                json={
                    "scheme_code": "KOP-KASIR",
                    "scheme_version": 1,
                    "site_id": site_id,
                    "district_code": "5107",
                    "starts_at": starts.isoformat(),
                    "ends_at": (starts + timedelta(hours=3)).isoformat(),
                    "exam_minutes": 60,
                    "capacity": 1000,
                    "assessor_ids": [str(a) for a in assessors],
                },
            )
        )
        session_id = made["session_id"]
        ids = [str(a.application_id) for a in applications]
        assigned = await _ok(
            api.post(
                f"/sessions/{session_id}/assignments", headers=admin, json={"application_ids": ids}
            )
        )
        mapa = {"units": {unit: ["IA.05"] for unit in UNITS}}
        await _ok(api.put(f"/sessions/{session_id}/plan", json=mapa, headers=admin))
        runner = bearer_headers(Role.ASSESSOR, account_id=assessors[0], lsp_id=LSP)
        terms = {"terms_version": TERMS_VERSION}
        for a in assigned:
            assessor = bearer_headers(Role.ASSESSOR, account_id=UUID(a["assessor_id"]), lsp_id=LSP)
            phone = bearer_headers(Role.CANDIDATE, candidate_id=UUID(a["candidate_id"]))
            await _ok(api.post(f"/exams/{a['attempt_id']}/consent", json=terms, headers=phone))
            await _ok(
                api.post(f"/attempts/{a['attempt_id']}/consent", json=terms, headers=assessor)
            )
        clock.now = starts - timedelta(minutes=5)
        started = await _ok(api.post(f"/sessions/{session_id}/start", headers=runner))
        attempts = service.exams().views.attempts
        for a in assigned:
            phone = bearer_headers(Role.CANDIDATE, candidate_id=UUID(a["candidate_id"]))
            drawn = (await attempts.load(UUID(a["attempt_id"]))).state.drawn
            assert drawn is not None
            answers = [
                {
                    "answer_id": str(uuid.uuid4()),
                    "question_id": q.question_id,
                    "seq": i + 1,
                    "elapsed_ms": 60_000,
                    "choice": i % len(q.options),
                }
                for i, q in enumerate(x for x in drawn.questions if x.options)
            ]
            await _ok(
                api.post(
                    f"/exams/{a['attempt_id']}/answers",
                    headers=phone,
                    json={"written_through": len(answers), "answers": answers},
                )
            )
            assessor = bearer_headers(Role.ASSESSOR, account_id=UUID(a["assessor_id"]), lsp_id=LSP)
            body = {
                "units": [{"unit_code": u, "outcome": "K", "evidence": ["IA.05"]} for u in UNITS],
                "feedback": "Umpan balik disampaikan.",
            }
            await _ok(
                api.put(f"/attempts/{a['attempt_id']}/judgement", json=body, headers=assessor)
            )
    return {"session_id": session_id, "runner": runner, "deadline": started["deadline"]}


async def _count_recommendations(consumer: AIOKafkaConsumer, want: int) -> None:
    wanted, seen = RecommendationPublishedV1.ce_type().encode(), 0
    while seen < want:
        for batch in (await consumer.getmany(timeout_ms=200)).values():
            seen += sum(("ce_type", wanted) in r.headers for r in batch)


async def ours(cfg: Config) -> Sample:
    async with session(cfg.finalise_candidates) as (service, clock, ready):
        consumer = AIOKafkaConsumer(
            service.topic,
            bootstrap_servers=service.settings.kafka_bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await consumer.start()
        try:
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                t0 = time.perf_counter()
                clock.now = datetime.fromisoformat(ready["deadline"]) + timedelta(minutes=6)
                await _ok(
                    api.post(f"/sessions/{ready['session_id']}/close", headers=ready["runner"])
                )
                await asyncio.wait_for(
                    _count_recommendations(consumer, cfg.finalise_candidates), 120
                )
                took = time.perf_counter() - t0
        finally:
            await consumer.stop()
    return Sample(took, {"candidates": cfg.finalise_candidates})


async def bare(cfg: Config) -> Sample:
    async with topics("finalise-bare") as (topic,):
        settings = load_settings()
        producer = AIOKafkaProducer(
            bootstrap_servers=settings.kafka_bootstrap, acks="all", enable_idempotence=True
        )
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=settings.kafka_bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await producer.start()
        await consumer.start()
        try:
            value = b"x" * 700  # about a recommendation's size
            headers = [("ce_type", RecommendationPublishedV1.ce_type().encode())]
            t0 = time.perf_counter()
            sent = [
                await producer.send(topic, value, key=str(i).encode(), headers=headers)
                for i in range(cfg.finalise_candidates)
            ]
            await asyncio.gather(*sent)
            await asyncio.wait_for(_count_recommendations(consumer, cfg.finalise_candidates), 120)
            took = time.perf_counter() - t0
        finally:
            await producer.stop()
            await consumer.stop()
    return Sample(took, {})


async def _arm(cfg: Config) -> list[ArmResult]:
    ours_side = Side("ours: deadline to the last recommendation on Kafka", "s")
    bare_side = Side("bare: 151 records produced and consumed", "s")
    await interleave(
        cfg.finalise_rounds,
        lambda _: ours(cfg),
        lambda _: bare(cfg),
        label="finalise",
        ours_side=ours_side,
        baseline_side=bare_side,
    )
    return [
        ArmResult(
            arm="finalise",
            title=TITLE,
            ours=ours_side,
            baseline=bare_side,
            targets=[
                Target(
                    f"finalise {cfg.finalise_candidates} <= {SECONDS:.0f} s",
                    "ours",
                    "lower",
                    SECONDS,
                )
            ],
            settings={
                "candidates": cfg.finalise_candidates,
                "rounds": cfg.finalise_rounds,
                "finaliser_poll_s": 0.5,
                "grace": "5 min (the clock jumps past it)",
                "preparation": "untimed, through the real API in process",
            },
        )
    ]


async def run(cfg: Config) -> list[ArmResult]:
    say("[finalise]")
    target = [Target(f"finalise <= {SECONDS:.0f} s", "ours", "lower", SECONDS)]
    return await run_guarded("finalise", TITLE, lambda: target, lambda: _arm(cfg))
