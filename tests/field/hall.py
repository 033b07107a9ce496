"""The Karangasem hall for the field tests: assessment serving HTTP on loopback behind a
Toxiproxy link (the hall's uplink), its clock the test's, a cashier session of 151 candidates
prepared through the API as an LSP admin would, and 151 phones."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import uvicorn
from assessment_hall import licensed_assessor, verified_site
from bank_samples import scheme_version

from assessment.api.app import create_app
from assessment.assessors.domain.limits import CandidateLimits
from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import AcceptedApplication
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.waiting import wait_until
from kompeten_contracts.errors import Refusal
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

from .exam_phone import ExamPhone
from .toxiproxy import Toxiproxy, free_port, toxiproxy

LSP = uuid4()
DAY = datetime(2026, 12, 1, 7, tzinfo=UTC)
STARTS = DAY + timedelta(hours=2)
EXAM_MINUTES = 60
KASIR = [f"M.649000.01{n}.01" for n in range(1, 5)]
BENDAHARA = [f"M.649000.02{n}.01" for n in range(1, 5)]
ASSESSORS = 4
LINK = "uplink"


@dataclass
class Clock:
    now: datetime = DAY

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Hall:
    service: AssessmentService
    clock: Clock
    staff: httpx.AsyncClient  # the LSP's office and the assessor's tablet, as API callers
    phones_http: httpx.AsyncClient  # through the hall's uplink
    proxy: Toxiproxy
    admin: dict[str, str] = field(
        default_factory=lambda: bearer_headers(Role.LSP_ADMIN, lsp_id=LSP)
    )
    assessors: list[UUID] = field(default_factory=lambda: [uuid4() for _ in range(ASSESSORS)])
    session_id: UUID | None = None
    phones: list[ExamPhone] = field(default_factory=list)

    def assessor(self, account_id: UUID) -> dict[str, str]:
        return bearer_headers(Role.ASSESSOR, account_id=account_id, lsp_id=LSP)


@contextlib.asynccontextmanager
async def served(service: AssessmentService) -> AsyncIterator[int]:
    port = free_port()
    config = uvicorn.Config(
        create_app(service), host="127.0.0.1", port=port, log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        await wait_until(lambda: _started(server), timeout=20, what="assessment serving HTTP")
        yield port
    finally:
        server.should_exit = True
        await task


async def _started(server: uvicorn.Server) -> bool:
    return server.started


@contextlib.asynccontextmanager
async def karangasem_hall() -> AsyncIterator[Hall]:
    clock = Clock()
    async with fresh_schema("hall") as schema, toxiproxy() as proxy:
        service = AssessmentService(
            load_settings(),
            schema=schema,
            database=TEST_DATABASE,
            source_topic=unique_topic("kompeten.registration.events"),
            topic=unique_topic("kompeten.assessment.events"),
            group_id=f"assessment-{uuid4().hex[:8]}",
            clock=clock,
            assessor_limits=CandidateLimits(default=40),
        )
        await service.start()
        try:
            await _seed_banks(service)
            async with served(service) as port:
                link_port = await proxy.proxy(LINK, port)
                limits = httpx.Limits(max_connections=200, max_keepalive_connections=0)
                transport = httpx.ASGITransport(app=create_app(service))
                async with (
                    httpx.AsyncClient(
                        transport=transport, base_url="http://t", timeout=60
                    ) as staff,
                    httpx.AsyncClient(
                        base_url=f"http://127.0.0.1:{link_port}", timeout=15, limits=limits
                    ) as phones_http,
                ):
                    yield Hall(service, clock, staff, phones_http, proxy)
        finally:
            await service.stop()


async def _seed_banks(service: AssessmentService) -> None:
    from assessment.banks.seed import seed_banks

    async with service.pool.acquire() as conn, conn.transaction():
        await service.schemes().add(conn, scheme_version("KOP-KASIR", LSP, KASIR))
        await service.schemes().add(conn, scheme_version("KOP-BENDAHARA", LSP, BENDAHARA))
    await seed_banks(service.banks(), service.schemes())

    async def published() -> bool:
        try:
            return bool(await service.published_banks().published(LSP, "KOP-KASIR"))
        except Refusal:
            return False

    await wait_until(published, what="the cashier bank published")


async def planned_session(hall: Hall, candidates: int, seed: int) -> None:
    """The LSP prepares the hall and assigns the district's accepted cashiers; every phone
    downloads its sealed exam the day before (the hall's link is fine then)."""
    day = STARTS.date()
    site_id = await verified_site(hall.staff, hall.admin, day)
    for account in hall.assessors:
        await licensed_assessor(hall.staff, hall.admin, account, day)
    applications = [
        AcceptedApplication(
            uuid4(), uuid4(), "KOP-KASIR", 1, "kasir", uuid4(), "5107", [], DAY, LSP
        )
        for _ in range(candidates)
    ]
    async with hall.service.pool.acquire() as conn, conn.transaction():
        for application in applications:
            await hall.service.accepted().add(conn, application)
    body = {
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "site_id": str(site_id),
        "district_code": "5107",
        "starts_at": STARTS.isoformat(),
        "ends_at": (STARTS + timedelta(hours=3)).isoformat(),
        "exam_minutes": EXAM_MINUTES,
        "capacity": 160,
        "assessor_ids": [str(a) for a in hall.assessors],
    }
    scheduled = await hall.staff.post("/sessions", json=body, headers=hall.admin)
    assert scheduled.status_code == 201, scheduled.text
    hall.session_id = UUID(scheduled.json()["session_id"])
    assigned = await hall.staff.post(
        f"/sessions/{hall.session_id}/assignments",
        headers=hall.admin,
        json={"application_ids": [str(a.application_id) for a in applications]},
    )
    assert assigned.status_code == 200, assigned.text
    rng = random.Random(seed)
    hall.phones = [
        ExamPhone(
            UUID(a["candidate_id"]),
            UUID(a["attempt_id"]),
            hall.session_id,
            bearer_headers(Role.CANDIDATE, candidate_id=UUID(a["candidate_id"])),
            random.Random(rng.random()),
        )
        for a in assigned.json()
    ]
    await asyncio.gather(*(phone.download(hall.phones_http) for phone in hall.phones))
    await prepared_to_start(hall, assigned.json())


async def prepared_to_start(hall: Hall, assignments: list[dict[str, Any]]) -> None:
    """The plan (FR.MAPA.01) set, and the consent (FR.AK.01) signed by every candidate on their
    phone when the package arrived and countersigned by their assessor."""
    mapa = {"units": {unit: ["IA.05", "IA.06", "IA.09"] for unit in KASIR}}
    planned = await hall.staff.put(
        f"/sessions/{hall.session_id}/plan", json=mapa, headers=hall.admin
    )
    assert planned.status_code == 200, planned.text
    assessor_of = {a["attempt_id"]: UUID(a["assessor_id"]) for a in assignments}
    for phone in hall.phones:
        terms = {"terms_version": phone.sealed["consent"]["terms_version"]}
        for path, headers in (
            (f"/exams/{phone.attempt_id}/consent", phone.headers),
            (
                f"/attempts/{phone.attempt_id}/consent",
                hall.assessor(assessor_of[str(phone.attempt_id)]),
            ),
        ):
            signed = await hall.staff.post(path, json=terms, headers=headers)
            assert signed.status_code == 200, signed.text


async def start_code(hall: Hall) -> str:
    got = await hall.staff.get(
        f"/sessions/{hall.session_id}/start-code", headers=hall.assessor(hall.assessors[0])
    )
    assert got.status_code == 200, got.text
    code: str = got.json()["start_code"]
    return code


async def start(hall: Hall, started_at: datetime | None = None) -> None:
    body = {"started_at": started_at.isoformat()} if started_at else {}
    started = await hall.staff.post(
        f"/sessions/{hall.session_id}/start", json=body, headers=hall.assessor(hall.assessors[0])
    )
    assert started.status_code == 200, started.text


def elapsed_of(k: int) -> int:
    """The phone's monotonic time at its k-th record: 41 answers in about 50 minutes."""
    return (k + 1) * 72_000


async def sit_the_exam(phone: ExamPhone, http: httpx.AsyncClient, online: bool) -> None:
    """The candidate answers every question in the package's order, changes their mind on a
    few, finishes; online, the phone tries to send every few answers as it goes."""
    for k, question in enumerate(phone.questions):
        phone.write(question, elapsed_of(k))
        if online and k % 5 == 4:
            await phone.send_once(http)
    multiple_choice = [q for q in phone.questions if q["kind"] == "multiple_choice"]
    for question in phone.rng.sample(multiple_choice, 3):
        phone.write(question, elapsed_of(len(phone.written)))
    phone.finished = True


async def assessor_judges_everyone(hall: Hall) -> None:
    """At the tablet: attendance, the essay's mark and the interview's notes per candidate
    (offline capture, synced), then the judgement per unit (K: the written test decides)."""
    assert hall.session_id is not None
    by_candidate = await _assignments(hall)
    for n, phone in enumerate(hall.phones):
        assessor = by_candidate[phone.candidate_id]
        essay = next(q for q in phone.questions if q["kind"] == "essay")
        common = {
            "device_id": f"tablet-{assessor}",
            "assessor_id": str(assessor),
            "candidate_id": str(phone.candidate_id),
        }
        records = [
            {
                **common,
                "record_id": str(uuid4()),
                "seq": 3 * n + 1,
                "kind": "attendance",
                "presence": "present",
                "identity_checked": True,
            },
            {
                **common,
                "record_id": str(uuid4()),
                "seq": 3 * n + 2,
                "kind": "essay_mark",
                "subject": essay["question_id"],
                "points": 80,
            },
            {
                **common,
                "record_id": str(uuid4()),
                "seq": 3 * n + 3,
                "kind": "interview",
                "subject": "IA.09-1",
                "text": "Menjelaskan tugas kasir: setoran, penarikan, kas.",
            },
        ]
        captured = await hall.staff.post(
            f"/sessions/{hall.session_id}/capture",
            json={"records": records},
            headers=hall.assessor(assessor),
        )
        assert captured.status_code == 200, captured.text
        body = {
            "units": [
                {"unit_code": u, "outcome": "K", "evidence": ["IA.05", "IA.06", "IA.09"]}
                for u in KASIR
            ],
            "feedback": "Umpan balik disampaikan; asesi menerima.",
        }
        judged = await hall.staff.put(
            f"/attempts/{phone.attempt_id}/judgement", json=body, headers=hall.assessor(assessor)
        )
        assert judged.status_code == 200, judged.text


async def _assignments(hall: Hall) -> dict[UUID, UUID]:
    roster = await hall.staff.get(f"/sessions/{hall.session_id}/roster", headers=hall.admin)
    return {UUID(c["candidate_id"]): UUID(c["assessor_id"]) for c in roster.json()["candidates"]}


async def recorded_answer_ids(hall: Hall, attempt_id: UUID) -> Counter[str]:
    """Every answer record the server holds for the attempt, counted across its log."""
    rows = await hall.service.pool.fetch(
        f'SELECT data FROM "{hall.service.schema}".events '
        "WHERE stream_id = $1 AND event_type = 'AnswersRecorded'",
        f"attempt-{attempt_id}",
    )
    ids: Counter[str] = Counter()
    for row in rows:
        data = row["data"] if isinstance(row["data"], dict) else json.loads(row["data"])
        for record in [
            *data["applied"],
            *data["superseded"],
            *(r["record"] for r in data["refused"]),
        ]:
            ids[str(record["answer_id"])] += 1
    return ids


async def drawn_key(hall: Hall, attempt_id: UUID) -> dict[str, tuple[str, int | None]]:
    row = await hall.service.pool.fetchval(
        f'SELECT data FROM "{hall.service.schema}".events '
        "WHERE stream_id = $1 AND event_type = 'ExamDrawn'",
        f"attempt-{attempt_id}",
    )
    data: dict[str, Any] = row if isinstance(row, dict) else json.loads(row)
    return {q["question_id"]: (q["unit_code"], q["correct"]) for q in data["questions"]}
