"""The assessment service for the answers arm, in its own process, on a fresh schema.

`python -m bench.answers_host --schema S --port P --phones N --ready F --topic T`: starts
`AssessmentService` on schema S of kompeten_test (its relay to topic T, as `assessment.main`
runs it), publishes the seeded cashier bank, prepares a verified site, licensed assessors, N
accepted cashier applications, one session with all N assigned and its exam started, through
the real API (untimed), writes what the phones need to F (JSON), then serves the real app with
uvicorn on 127.0.0.1:P. The app gets one more lane for the baseline, `POST
/bare/answers/{attempt_id}`: the same guards and the same one-pass body parsing as the answer
lane, the same rows inserted into a plain table, nothing else (no token, no event log, no
decision). Stops on SIGTERM or when its parent goes.
"""

from __future__ import annotations

import argparse
import contextlib
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg
import httpx
import uvloop
from fastapi import Request, Response
from pydantic import BaseModel

from assessment.api.app import ROUTERS, create_app, limit_for
from assessment.assessors.domain.limits import CandidateLimits
from assessment.banks.seed import seed_banks
from assessment.bootstrap import AssessmentService
from assessment.exams.api import exams
from assessment.exams.api.exams import AnswersIn
from assessment.intake.application.application_accepted import AcceptedApplication
from assessment.intake.application.scheme_version_published import PublishedSchemeVersion
from assessment.planning.domain.consent_terms import TERMS_VERSION
from bench.harness import TEST_DATABASE
from bench.hosting import serve
from bench.infra import admin_dsn
from bench.phones_host import _wait
from eventkit.settings import load_settings
from kompeten_contracts.roles import Role
from servicekit import app as kit
from servicekit.auth import bearer_headers
from servicekit.lean import Lane, body_as, json_answer

LSP = uuid.uuid4()
SCHEMES = {"KOP-KASIR": [f"M.649000.01{n}.01" for n in range(1, 5)],
           "KOP-BENDAHARA": [f"M.649000.02{n}.01" for n in range(1, 5)]}  # fmt: skip
PER_ASSESSOR = 100


def scheme(code: str, units: list[str]) -> PublishedSchemeVersion:
    elements = [{"code": "1", "title": "Elemen", "criteria": [{"code": "1.1", "text": "KUK"}]}]
    return PublishedSchemeVersion(
        code, 1, LSP, code, [{"code": u, "title": u, "elements": elements} for u in units]
    )


async def prepare_bank(service: AssessmentService) -> None:
    """The seeded schemes as registration publishes them, and the cashier bank published."""
    async with service.pool.acquire() as conn, conn.transaction():
        for code, units in SCHEMES.items():
            await service.schemes().add(conn, scheme(code, units))
    await seed_banks(service.banks(), service.schemes())

    async def published() -> bool:
        with contextlib.suppress(Exception):
            return bool(await service.published_banks().published(LSP, "KOP-KASIR"))
        return False

    await _wait("the cashier bank published", published)


async def prepare(service: AssessmentService, phones: int) -> dict[str, Any]:
    began = time.perf_counter()
    await prepare_bank(service)
    admin = bearer_headers(Role.LSP_ADMIN, lsp_id=LSP)
    assessors = [uuid.uuid4() for _ in range(-(-phones // PER_ASSESSOR))]
    now = datetime.now(UTC)
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=300) as api:
        site_id = await _site(api, admin, now.date())
        for account in assessors:
            await _ok(api.post("/assessors", headers=admin, json={
                "account_id": str(account), "met_number": "MET.000.001234 2019",
                "licence_valid_until": str(now.date() + timedelta(days=700)),
                "scheme_codes": ["KOP-KASIR"], "district_code": "5107"}))  # fmt: skip
        applications = [
            AcceptedApplication(uuid.uuid4(), uuid.uuid4(), "KOP-KASIR", 1, "kasir", uuid.uuid4(),
                                "5107", [], now, LSP)
            for _ in range(phones)
        ]  # fmt: skip
        async with service.pool.acquire() as conn, conn.transaction():
            for application in applications:
                await service.accepted().add(conn, application)
        starts = now + timedelta(minutes=5)
        session = await _ok(api.post("/sessions", headers=admin, json={
            "scheme_code": "KOP-KASIR", "scheme_version": 1, "site_id": site_id,
            "district_code": "5107", "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=11)).isoformat(), "exam_minutes": 600,
            "capacity": 1000, "assessor_ids": [str(a) for a in assessors]}))  # fmt: skip
        session_id = session["session_id"]
        ids = [str(a.application_id) for a in applications]
        assigned = await _ok(api.post(f"/sessions/{session_id}/assignments", headers=admin,
                                      json={"application_ids": ids}))  # fmt: skip
        mapa = {"units": {unit: ["IA.05"] for unit in SCHEMES["KOP-KASIR"]}}
        await _ok(api.put(f"/sessions/{session_id}/plan", json=mapa, headers=admin))
        terms = {"terms_version": TERMS_VERSION}
        for a in assigned:
            phone = bearer_headers(Role.CANDIDATE, candidate_id=UUID(a["candidate_id"]))
            assessor = bearer_headers(Role.ASSESSOR, account_id=UUID(a["assessor_id"]),
                                      lsp_id=LSP)  # fmt: skip
            await _ok(api.post(f"/exams/{a['attempt_id']}/consent", json=terms, headers=phone))
            await _ok(api.post(f"/attempts/{a['attempt_id']}/consent", json=terms,
                               headers=assessor))  # fmt: skip
        runner = bearer_headers(Role.ASSESSOR, account_id=assessors[0], lsp_id=LSP)
        await _ok(api.post(f"/sessions/{session_id}/start", headers=runner))
    attempts = service.exams().views.attempts
    ready = []
    for a in assigned:
        drawn = (await attempts.load(UUID(a["attempt_id"]))).state.drawn
        assert drawn is not None
        questions = [[q.question_id, len(q.options)] for q in drawn.questions if q.options]
        ready.append({"candidate_id": a["candidate_id"], "attempt_id": a["attempt_id"],
                      "questions": questions})  # fmt: skip
    return {"phones": ready, "session_id": session_id,
            "prepare_seconds": round(time.perf_counter() - began, 2)}  # fmt: skip


async def _site(api: httpx.AsyncClient, admin: dict[str, str], today: date) -> str:
    site = await _ok(api.post("/sites", headers=admin, json={
        "kind": "sewaktu", "training_centre": "blk_bpvp", "name": "BLK Karangasem",
        "address": "Jl. Ngurah Rai No. 1, Amlapura", "district_code": "5107",
        "capacity": 1000}))  # fmt: skip
    site_id = str(site["site_id"])
    await _ok(api.put(f"/sites/{site_id}/equipment/KOP-KASIR", headers=admin,
                      json={"items": ["Meja", "Kalkulator"]}))  # fmt: skip
    await _ok(api.post(f"/sites/{site_id}/verification", headers=admin, json={
        "verified_on": str(today - timedelta(days=1)),
        "valid_until": str(today + timedelta(days=365))}))  # fmt: skip
    return site_id


async def _ok(request: Any) -> Any:
    response = await request
    if response.status_code >= 300:
        raise RuntimeError(f"{response.request.url}: {response.status_code} {response.text}")
    return response.json()


def app_with_bare_lane(service: AssessmentService) -> Any:
    """The service's own app (its answer lane included), plus the baseline as a lane of the same
    kind: the same guards, the same one-pass body parsing (`AnswersIn`) and serialisation, the
    same rows inserted in one statement; no token, no event log, no decision, no receipt."""
    table = f'"{service.schema}".bare_answers'

    async def bare(request: Request, attempt_id: UUID) -> Response:
        body = await body_as(AnswersIn, request)
        now = datetime.now(UTC)
        await service.pool.executemany(
            f"INSERT INTO {table} (attempt_id, answer_id, question_id, seq, elapsed_ms, choice, "
            "received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            [(attempt_id, a.answer_id, a.question_id, a.seq, a.elapsed_ms, a.choice, now)
             for a in body.answers],
        )  # fmt: skip
        return json_answer(Held(held=len(body.answers)))

    lanes = [*exams.LANES, Lane("POST", "/bare/answers/{attempt_id}", bare)]
    return kit.create_app("bench answers", service, ROUTERS, limit_for=limit_for, lanes=lanes)


class Held(BaseModel):
    held: int


async def main(args: argparse.Namespace) -> None:
    service = AssessmentService(
        load_settings(), schema=args.schema, database=TEST_DATABASE, topic=args.topic,
        source_topic=f"{args.topic}.registration", group_id=f"bench-{args.schema}",
        assessor_limits=CandidateLimits(default=PER_ASSESSOR),
    )  # fmt: skip
    await service.start()
    try:
        conn = await asyncpg.connect(admin_dsn())
        try:
            await conn.execute(
                f'CREATE TABLE IF NOT EXISTS "{args.schema}".bare_answers (attempt_id uuid, '
                "answer_id uuid PRIMARY KEY, question_id text, seq int, elapsed_ms int, "
                f'choice int, received_at timestamptz); GRANT INSERT ON "{args.schema}".'
                "bare_answers TO kompeten_app"
            )
        finally:
            await conn.close()
        # --serve-only: the same schema again, as a restarted process finds it.
        ready = {} if args.serve_only else await prepare(service, args.phones)
        app = app_with_bare_lane(service)
        await serve(app, args.port, Path(args.ready), ready)
    finally:
        await service.stop()


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.answers_host")
    p.add_argument("--schema", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--phones", type=int, required=True)
    p.add_argument("--ready", required=True)
    p.add_argument("--topic", required=True)
    p.add_argument("--serve-only", action="store_true", help="prepare nothing: serve the schema")
    return p.parse_args(argv)


if __name__ == "__main__":
    # The loop the services run on: servicekit's uvicorn.run picks uvloop ("auto", installed
    # with the kit).
    uvloop.run(main(parse()))
