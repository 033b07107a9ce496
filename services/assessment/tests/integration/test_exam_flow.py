"""A session from plan to scores through the real API on PostgreSQL, drawn from the seeded cashier
bank: an LSP admin schedules
and assigns, each phone holds its sealed exam before the day, the assessor starts it no
earlier than 10 minutes before, answers arrive re-sent and out of order and count once, the
finaliser scores at the deadline without anyone asking, and a batch written in time but
delivered 30 minutes late is counted and scored again. The clock is the test's."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from assessment_hall import licensed_assessor, verified_site
from bank_samples import scheme_version

from assessment.api.app import create_app
from assessment.banks.domain.bank_version import BankVersion
from assessment.banks.seed import seed_banks
from assessment.bootstrap import AssessmentService
from assessment.exams.adapters.package_cipher import AesGcmPackageCipher
from assessment.exams.application.ports import SealedPackage
from assessment.intake.application.application_accepted import AcceptedApplication
from assessment.training.application.training_repositories import records
from assessment.training.domain.training_record import ModuleCompleted
from eventkit.settings import load_settings
from eventkit.store import PostgresEventStore
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.kafka import all_records
from eventkit.testing.waiting import wait_until
from kompeten_contracts.errors import Refusal
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
DAY = datetime(2026, 12, 1, 7, tzinfo=UTC)
STARTS = DAY + timedelta(hours=2)


@dataclass
class Clock:
    now: datetime = DAY

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Hall:
    api: httpx.AsyncClient
    clock: Clock
    service: AssessmentService
    assessor: UUID = field(default_factory=uuid4)
    admin: UUID = field(default_factory=uuid4)

    def admin_headers(self) -> dict[str, str]:
        return bearer_headers(Role.LSP_ADMIN, account_id=self.admin, lsp_id=LSP)

    def assessor_headers(self) -> dict[str, str]:
        return bearer_headers(Role.ASSESSOR, account_id=self.assessor, lsp_id=LSP)


def phone(candidate_id: UUID) -> dict[str, str]:
    return bearer_headers(Role.CANDIDATE, candidate_id=candidate_id)


@pytest.fixture
async def hall() -> AsyncIterator[Hall]:
    clock = Clock()
    async with fresh_schema("exam") as schema:
        service = AssessmentService(
            load_settings(),
            schema=schema,
            database=TEST_DATABASE,
            source_topic=unique_topic("kompeten.registration.events"),
            topic=unique_topic("kompeten.assessment.events"),
            group_id=f"assessment-{uuid4().hex[:8]}",
            clock=clock,
        )
        await service.start()
        try:
            await seeded_cashier_bank(service)
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                yield Hall(api, clock, service)
        finally:
            await service.stop()


KASIR = [f"M.649000.01{n}.01" for n in range(1, 5)]
BENDAHARA = [f"M.649000.02{n}.01" for n in range(1, 5)]


async def seeded_cashier_bank(service: AssessmentService) -> BankVersion:
    """The seeded schemes as registration publishes them, and their seeded banks published."""
    async with service.pool.acquire() as conn, conn.transaction():
        await service.schemes().add(conn, scheme_version("KOP-KASIR", LSP, KASIR))
        await service.schemes().add(conn, scheme_version("KOP-BENDAHARA", LSP, BENDAHARA))
    await seed_banks(service.banks(), service.schemes())

    async def published() -> BankVersion | None:
        try:
            return await service.published_banks().published(LSP, "KOP-KASIR")
        except Refusal:
            return None

    return await wait_until(published, what="the cashier bank published")


async def accepted(hall: Hall, n: int) -> list[AcceptedApplication]:
    applications = [
        AcceptedApplication(
            uuid4(), uuid4(), "KOP-KASIR", 1, "kasir", uuid4(), "5107", [], DAY, LSP
        )
        for _ in range(n)
    ]
    async with hall.service.pool.acquire() as conn, conn.transaction():
        for application in applications:
            await hall.service.accepted().add(conn, application)
    return applications


async def scheduled(hall: Hall, applications: list[AcceptedApplication]) -> dict[str, Any]:
    site_id = await verified_site(hall.api, hall.admin_headers(), STARTS.date())
    await licensed_assessor(hall.api, hall.admin_headers(), hall.assessor, STARTS.date())
    body = {
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "site_id": str(site_id),
        "district_code": "5107",
        "starts_at": STARTS.isoformat(),
        "ends_at": (STARTS + timedelta(hours=3)).isoformat(),
        "exam_minutes": 60,
        "capacity": 40,
        "assessor_ids": [str(hall.assessor)],
    }
    session = await hall.api.post("/sessions", json=body, headers=hall.admin_headers())
    assert session.status_code == 201, session.text
    session_id = session.json()["session_id"]
    ids = [str(a.application_id) for a in applications]
    assigned = await hall.api.post(
        f"/sessions/{session_id}/assignments",
        json={"application_ids": ids},
        headers=hall.admin_headers(),
    )
    assert assigned.status_code == 200, assigned.text
    return {"session_id": session_id, "assignments": assigned.json()}


def answer(question_id: str, seq: int, choice: int, elapsed_ms: int = 60_000) -> dict[str, Any]:
    return {
        "answer_id": str(uuid4()),
        "question_id": question_id,
        "seq": seq,
        "elapsed_ms": elapsed_ms,
        "choice": choice,
    }


async def test_a_session_from_plan_to_scores_with_nothing_applied_twice(hall: Hall) -> None:
    applications = await accepted(hall, 3)
    plan = await scheduled(hall, applications)
    session_id, assignments = plan["session_id"], plan["assignments"]
    assert {a["candidate_id"] for a in assignments} == {str(a.candidate_id) for a in applications}
    again = await hall.api.post(
        f"/sessions/{session_id}/assignments",
        json={"application_ids": [str(a.application_id) for a in applications]},
        headers=hall.admin_headers(),
    )
    assert again.json() == []  # a re-sent request assigns no one twice

    mine = assignments[0]
    attempt, me = mine["attempt_id"], phone(UUID(mine["candidate_id"]))
    package = await hall.api.get(f"/exams/{attempt}/package", headers=me)
    assert package.status_code == 200, package.text
    sealed = package.json()
    assert "correct" not in json.dumps(sealed)
    someone_else = phone(UUID(assignments[1]["candidate_id"]))
    for path in ("", "/package", "/release"):
        other = await hall.api.get(f"/exams/{attempt}{path}", headers=someone_else)
        assert other.status_code == 404, other.text

    early = await hall.api.get(
        f"/sessions/{session_id}/start-code", headers=hall.assessor_headers()
    )
    assert early.status_code == 409 and early.json()["errors"][0]["field"] == "session_id"
    not_yet = await hall.api.post(
        f"/exams/{attempt}/answers", headers=me, json={"written_through": 0, "answers": []}
    )
    assert not_yet.status_code == 409

    hall.clock.now = STARTS - timedelta(minutes=5)
    code = (
        await hall.api.get(f"/sessions/{session_id}/start-code", headers=hall.assessor_headers())
    ).json()["start_code"]
    fields = {k: sealed[k] for k in ("kdf", "iterations", "salt", "nonce", "ciphertext")}
    exam = json.loads(
        AesGcmPackageCipher().open(SealedPackage(**fields), code, UUID(session_id), UUID(attempt))
    )
    questions = [q for q in exam["questions"] if q["kind"] == "multiple_choice"]
    assert len(questions) == 40 and len(exam["questions"]) == 41  # 10 per unit, one essay
    # FR.AK.01: the candidate signs on the phone, on the terms the package showed, once the
    # assessor has set the plan (MAPA); answers wait for the assessor's signature too.
    terms = sealed["consent"]["terms_version"]
    unplanned = await hall.api.post(
        f"/exams/{attempt}/consent", headers=me, json={"terms_version": terms}
    )
    assert unplanned.status_code == 409 and unplanned.json()["errors"][0]["field"] == "session_id"
    mapa = {"units": {unit: ["IA.05"] for unit in KASIR}}
    planned = await hall.api.put(
        f"/sessions/{session_id}/plan", json=mapa, headers=hall.assessor_headers()
    )
    assert planned.status_code == 200, planned.text
    signed = await hall.api.post(
        f"/exams/{attempt}/consent", headers=me, json={"terms_version": terms}
    )
    assert signed.status_code == 200 and not signed.json()["complete"], signed.text
    started = await hall.api.post(f"/sessions/{session_id}/start", headers=hall.assessor_headers())
    assert started.status_code == 200, started.text
    assert (await hall.api.get(f"/exams/{attempt}/release", headers=me)).json() == {
        "start_code": code
    }
    waiting = await hall.api.post(
        f"/exams/{attempt}/answers", headers=me, json={"written_through": 0, "answers": []}
    )
    assert waiting.status_code == 409 and waiting.json()["errors"][0]["field"] == "consent"
    countersigned = await hall.api.post(
        f"/attempts/{attempt}/consent", headers=hall.assessor_headers(),
        json={"terms_version": terms},
    )  # fmt: skip
    assert countersigned.json()["complete"], countersigned.text

    first = [answer(q["question_id"], i + 1, 0) for i, q in enumerate(questions[:5])]
    sent = await hall.api.post(
        f"/exams/{attempt}/answers", headers=me, json={"written_through": 5, "answers": first}
    )
    assert [r["outcome"] for r in sent.json()["receipts"]] == ["applied"] * 5
    resent = await hall.api.post(
        f"/exams/{attempt}/answers", headers=me, json={"written_through": 5, "answers": first[::-1]}
    )
    assert [r["outcome"] for r in resent.json()["receipts"]] == ["duplicate"] * 5
    changed_mind = [
        answer(questions[0]["question_id"], 7, 3),
        answer(questions[0]["question_id"], 6, 2),
    ]
    out_of_order = await hall.api.post(
        f"/exams/{attempt}/answers",
        headers=me,
        json={"written_through": 7, "answers": changed_mind},
    )
    assert [r["outcome"] for r in out_of_order.json()["receipts"]] == ["applied", "superseded"]
    body = (await hall.api.get(f"/exams/{attempt}", headers=me)).json()
    assert body["answers"][questions[0]["question_id"]]["choice"] == 3
    assert body["held_through"] == 7 and len(body["answers"]) == 5

    await wait_until(
        lambda: roster_states(hall, session_id, {"writing": 1, "never_heard": 2}),
        what="the roster showing one phone writing and two never heard",
    )
    hall.clock.now += timedelta(minutes=3)  # the hall's uplink goes down: nothing for 3 minutes
    await wait_until(lambda: roster_states(hall, session_id, {"quiet": 1, "never_heard": 2}))

    deadline = datetime.fromisoformat(started.json()["deadline"])
    hall.clock.now = deadline + timedelta(minutes=6)

    async def scored() -> dict[str, Any] | None:
        state = (await hall.api.get(f"/exams/{attempt}", headers=me)).json()
        return state if state["scored"] else None

    await wait_until(scored, timeout=20, what="the finaliser scoring at the deadline")
    for other in assignments[1:]:  # those who wrote nothing are scored too
        probe = phone(UUID(other["candidate_id"]))
        await wait_until(lambda p=probe, o=other: _scored(hall, o["attempt_id"], p), timeout=20)

    hall.clock.now = deadline + timedelta(minutes=30)  # the uplink comes back
    late = [
        answer(questions[5]["question_id"], 8, 1, elapsed_ms=59 * 60_000),
        answer(questions[6]["question_id"], 9, 1, elapsed_ms=61 * 60_000),
    ]
    delivered = await hall.api.post(
        f"/exams/{attempt}/answers",
        headers=me,
        json={"written_through": 9, "answers": late, "finished": True},
    )
    assert [r["outcome"] for r in delivered.json()["receipts"]] == ["applied", "refused"]
    assert delivered.json()["all_sent"]
    state = (await hall.api.get(f"/exams/{attempt}", headers=me)).json()
    assert len(state["answers"]) == 6 and [r["seq"] for r in state["refused"]] == [9]
    assert state["all_sent"]
    await wait_until(lambda: roster_states(hall, session_id, {"all_sent": 1, "never_heard": 2}))
    revisions = await hall.service.pool.fetchval(
        f'SELECT count(*) FROM "{hall.service.schema}".events '
        "WHERE stream_id = $1 AND event_type = 'AttemptScored'",
        f"attempt-{attempt}",
    )
    assert revisions == 2  # scored at the deadline, and again for the late batch

    # A training provider recorded a diklat module of the first candidate, with its trainer:
    # the recommendation names the trainer, whom certification bars from deciding.
    trainer = uuid4()
    await trained_by(hall, UUID(mine["candidate_id"]), trainer)

    # The assessor judges each candidate; the one whose phone confirmed everything sent is
    # recommended at once, the two who never did once the assessor closes the session.
    judged = await judge(hall, attempt, "K")
    assert judged["recommendation"] is not None
    for other in assignments[1:]:
        assert (await judge(hall, other["attempt_id"], "K"))["recommendation"] is None
    early_close = await hall.api.get(f"/sessions/{session_id}", headers=hall.assessor_headers())
    assert early_close.json()["closed"] is False
    closed = await hall.api.post(f"/sessions/{session_id}/close", headers=hall.assessor_headers())
    assert closed.status_code == 200 and closed.json()["closed"], closed.text

    async def published() -> list[dict[str, Any]] | None:
        records = await all_records(hall.service.settings.kafka_bootstrap, hall.service.topic)
        found = [json.loads(r.value) for r in records if _type(r) == RECOMMENDED]
        return found if len(found) >= 3 else None

    found = await wait_until(published, timeout=30, what="three recommendations on Kafka")
    records = await all_records(hall.service.settings.kafka_bootstrap, hall.service.topic)
    scheduled_notices = [json.loads(r.value) for r in records if _type(r) == SCHEDULED]
    assert sorted(n["attempt_id"] for n in scheduled_notices) == sorted(
        a["attempt_id"] for a in assignments
    )  # one confirmation per assignment
    assert sorted(r["attempt_id"] for r in found) == sorted(a["attempt_id"] for a in assignments)
    mine = next(r for r in found if r["attempt_id"] == attempt)
    # 6 answers, at most 6 right of 40: the written test holds back every unit the assessor
    # judged K; the others wrote nothing.
    assert mine["overall"] == "BK" and mine["assessor_ids"] == [str(hall.assessor)]
    assert mine["trainer_ids"] == [str(trainer)]
    assert all(r["trainer_ids"] == [] for r in found if r["attempt_id"] != attempt)
    assert {u["unit_code"] for u in mine["units"]} == set(KASIR)
    assert all(r["overall"] == "BK" for r in found)
    assert "nik" not in json.dumps(found).lower()


async def roster_states(hall: Hall, session_id: str, expected: dict[str, int]) -> bool:
    roster = await hall.api.get(f"/sessions/{session_id}/roster", headers=hall.assessor_headers())
    assert roster.status_code == 200, roster.text
    counts = {k: v for k, v in roster.json()["counts"].items() if v}
    return counts == expected


RECOMMENDED = "id.kompeten.assessment.RecommendationPublished.v1"


async def trained_by(hall: Hall, candidate_id: UUID, trainer: UUID) -> None:
    """A module completion on the candidate's training record, as the training feature
    records it (the stream's own event; the training API's tests cover how it gets there)."""
    completed = ModuleCompleted(
        client_id=uuid4(), candidate_id=candidate_id, scheme_code="KOP-KASIR",
        module_code="KAS-01", completed_on=STARTS.date() - timedelta(days=7),
        provider_ref="BLK-KARANGASEM", trainer_id=trainer, lsp_id=LSP, recorded_by=uuid4(),
        recorded_at=hall.clock.now,
    )  # fmt: skip
    streams = records(PostgresEventStore(hall.service.pool, hall.service.schema))
    await streams.append((LSP, candidate_id), 0, [completed])


SCHEDULED = "id.kompeten.assessment.AssessmentScheduled.v1"


def _type(record: Any) -> str:
    return dict(record.headers).get("ce_type", b"").decode()


async def judge(hall: Hall, attempt: str, outcome: str) -> dict[str, Any]:
    body = {
        "units": [
            {"unit_code": u, "outcome": outcome, "evidence": ["IA.05", "IA.09"]} for u in KASIR
        ],
        "feedback": "Asesi memahami prosedur kas; umpan balik disampaikan dan diterima.",
    }
    response = await hall.api.put(
        f"/attempts/{attempt}/judgement", json=body, headers=hall.assessor_headers()
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def _scored(hall: Hall, attempt: str, headers: dict[str, str]) -> bool:
    return bool((await hall.api.get(f"/exams/{attempt}", headers=headers)).json()["scored"])


async def test_a_candidate_lists_their_own_exams_and_no_one_elses(hall: Hall) -> None:
    applications = await accepted(hall, 2)
    plan = await scheduled(hall, applications)
    mine, theirs = plan["assignments"]
    me = phone(UUID(mine["candidate_id"]))

    async def listed() -> list[dict[str, Any]] | None:
        found: list[dict[str, Any]] = (await hall.api.get("/exams", headers=me)).json()
        return found or None  # the sessions read model follows the log

    exams = await wait_until(listed, what="the assignment in the candidate's list")
    assert [e["attempt_id"] for e in exams] == [mine["attempt_id"]]
    assert theirs["attempt_id"] not in json.dumps(exams)
    exam = exams[0]
    assert (exam["session_id"], exam["scheme_code"], exam["exam_minutes"]) == (
        plan["session_id"],
        "KOP-KASIR",
        60,
    )
    assert datetime.fromisoformat(exam["starts_at"]) == STARTS
    assert exam["deadline"] is None and exam["cancelled"] is False
    assert datetime.fromisoformat(exam["server_now"]) == hall.clock.now

    hall.clock.now = STARTS - timedelta(minutes=5)
    started = await hall.api.post(
        f"/sessions/{plan['session_id']}/start", headers=hall.assessor_headers()
    )
    assert started.status_code == 200, started.text

    async def with_deadline() -> str | None:
        found = (await hall.api.get("/exams", headers=me)).json()
        deadline: str | None = found[0]["deadline"]
        return deadline

    deadline = await wait_until(with_deadline, what="the deadline in the candidate's list")
    assert deadline == started.json()["deadline"]
    stranger = await hall.api.get("/exams", headers=phone(uuid4()))
    assert stranger.status_code == 200 and stranger.json() == []
    staff = await hall.api.get("/exams", headers=hall.assessor_headers())
    assert staff.status_code == 403
