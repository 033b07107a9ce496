"""A session's changes and each candidate's preparation through the real API on PostgreSQL: a
new window is checked like a new session (assessors' unavailable days, the candidates' other
sessions); nothing moves or is cancelled once the exam started; a cancelled session's attempts
take no answers; the plan (MAPA) names the bank's instruments; the consultation, the
adjustments for the application's needs and FR.AK.01 are the session's assessor's and the
candidate's own, and answers wait for both signatures. The clock is the test's."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from assessment_hall import licensed_assessor, verified_site
from assessment_seeded import KASIR, seeded_banks

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import AcceptedApplication
from assessment.planning.domain.consent_terms import TERMS_VERSION
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP = uuid4()
NOW = datetime(2026, 12, 1, 0, tzinfo=UTC)
DAY = NOW + timedelta(days=7)
ADMIN = bearer_headers(Role.LSP_ADMIN, lsp_id=LSP)


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    service: AssessmentService
    api: httpx.AsyncClient
    clock: Clock
    site_id: UUID
    assessor: UUID
    other_assessor: UUID  # of the same LSP, not of the sessions below
    attempts: dict[UUID, str] = field(default_factory=dict)  # by candidate, as assigned

    def assessor_headers(self, who: UUID | None = None) -> dict[str, str]:
        return bearer_headers(Role.ASSESSOR, account_id=who or self.assessor, lsp_id=LSP)


@pytest.fixture(scope="module")
async def world() -> AsyncIterator[World]:
    clock = Clock()
    async with fresh_schema("change") as schema:
        service = AssessmentService(
            load_settings(),
            schema=schema,
            database=TEST_DATABASE,
            run_relay=False,
            source_topic=unique_topic("kompeten.registration.events"),
            group_id=f"assessment-{uuid4().hex[:8]}",
            clock=clock,
        )
        await service.start()
        try:
            await seeded_banks(service, LSP)
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                site_id = await verified_site(api, ADMIN, DAY.date())
                assessor = await licensed_assessor(api, ADMIN, uuid4(), DAY.date())
                other = await licensed_assessor(api, ADMIN, uuid4(), DAY.date())
                yield World(service, api, clock, site_id, assessor, other)
        finally:
            await service.stop()


async def accepted(world: World, needs: list[str] | None = None) -> AcceptedApplication:
    application = AcceptedApplication(
        uuid4(), uuid4(), "KOP-KASIR", 1, "kasir", uuid4(), "5107", needs or [], NOW, LSP
    )
    async with world.service.pool.acquire() as conn, conn.transaction():
        await world.service.accepted().add(conn, application)
    return application


def window(starts: datetime, hours: int = 3) -> dict[str, str]:
    return {
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=hours)).isoformat(),
    }


async def session_with(world: World, starts: datetime, *applications: AcceptedApplication) -> str:
    body = {
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "site_id": str(world.site_id),
        "district_code": "5107",
        **window(starts),
        "exam_minutes": 60,
        "capacity": 10,
        "assessor_ids": [str(world.assessor)],
    }
    created = await world.api.post("/sessions", json=body, headers=ADMIN)
    assert created.status_code == 201, created.text
    session_id: str = created.json()["session_id"]
    ids = [str(a.application_id) for a in applications]
    assigned = await world.api.post(
        f"/sessions/{session_id}/assignments", json={"application_ids": ids}, headers=ADMIN
    )
    assert assigned.status_code == 200, assigned.text
    for a in assigned.json():
        world.attempts[UUID(a["candidate_id"])] = a["attempt_id"]
    return session_id


async def attempt_of(world: World, application: AcceptedApplication) -> str:
    return world.attempts[application.candidate_id]


def errors(response: httpx.Response, status: int) -> list[dict[str, Any]]:
    assert response.status_code == status, response.text
    found: list[dict[str, Any]] = response.json()["errors"]
    return found


async def projected(world: World, session_id: str, starts: datetime, count: int = 1) -> None:
    """The session's `count` assignments (at least) in the read model, at window `starts`."""

    async def moved() -> bool:
        rows = await world.service.pool.fetch(
            f'SELECT starts_at FROM "{world.service.schema}".session_assignments '
            "WHERE session_id = $1",
            UUID(session_id),
        )
        return len(rows) >= count and all(r["starts_at"] == starts for r in rows)

    await wait_until(moved, timeout=10, what="the assignments' window projected")


async def test_a_new_window_is_checked_again_and_nothing_changes_once_started(
    world: World,
) -> None:
    one, two = await accepted(world), await accepted(world)
    first = await session_with(world, DAY, one)
    elsewhere = DAY + timedelta(days=2)
    await session_with(world, elsewhere, two)
    # The same person's second application (another scheme's attempt may not wait on the
    # first: one application has one open attempt at a time) in the first session.
    again = dataclasses.replace(two, application_id=uuid4())
    async with world.service.pool.acquire() as conn, conn.transaction():
        await world.service.accepted().add(conn, again)
    joined = await world.api.post(
        f"/sessions/{first}/assignments",
        headers=ADMIN,
        json={"application_ids": [str(again.application_id)]},
    )
    assert joined.status_code == 200, joined.text
    # Both assignments projected: the new window is checked against the read model's
    # candidates of the session (waiting for one of them only was a race, failed once in CI).
    await projected(world, first, DAY, count=2)

    busy_day = DAY + timedelta(days=1)
    off = await world.api.post(
        f"/assessors/{world.assessor}/unavailability",
        headers=ADMIN,
        json={"dates": [str(busy_day.date())]},
    )
    assert off.status_code == 200, off.text
    move = {"reason": "site_unavailable", "note": "Aula dipakai"}
    unavailable = await world.api.post(
        f"/sessions/{first}/reschedule", headers=ADMIN, json={**window(busy_day), **move}
    )
    assert [e["field"] for e in errors(unavailable, 409)] == ["assessor_ids[0]"]
    short = await world.api.post(
        f"/sessions/{first}/reschedule", headers=ADMIN, json={**window(DAY, hours=0), **move}
    )
    assert errors(short, 422)[0]["field"] == "ends_at"
    overlapping = await world.api.post(
        f"/sessions/{first}/reschedule", headers=ADMIN, json={**window(elsewhere), **move}
    )
    [problem] = errors(overlapping, 409)
    assert str(two.candidate_id) in problem["field"] and "another session" in problem["reason_en"]
    assert (await world.api.get(f"/sessions/{first}", headers=ADMIN)).json()["starts_at"] == (
        DAY.isoformat().replace("+00:00", "Z")
    )  # nothing changed

    later = DAY + timedelta(days=3)
    moved = await world.api.post(
        f"/sessions/{first}/reschedule", headers=ADMIN, json={**window(later), **move}
    )
    assert moved.status_code == 200, moved.text
    assert datetime.fromisoformat(moved.json()["starts_at"]) == later
    await projected(world, first, later)

    world.clock.now = later - timedelta(minutes=5)
    started = await world.api.post(f"/sessions/{first}/start", headers=world.assessor_headers())
    assert started.status_code == 200, started.text
    again = await world.api.post(
        f"/sessions/{first}/reschedule",
        headers=ADMIN,
        json={**window(later + timedelta(days=1)), **move},
    )
    assert errors(again, 409)[0]["field"] == "session_id"
    gone = await world.api.post(
        f"/sessions/{first}/cancel", headers=ADMIN, json={"reason": "other"}
    )
    assert errors(gone, 409)[0]["field"] == "session_id"
    world.clock.now = NOW


async def test_a_cancelled_sessions_attempts_take_no_answers(world: World) -> None:
    application = await accepted(world)
    session_id = await session_with(world, DAY + timedelta(days=5), application)
    attempt = await attempt_of(world, application)
    unknown = await world.api.post(
        f"/sessions/{session_id}/cancel", headers=ADMIN, json={"reason": "because"}
    )
    assert errors(unknown, 422)[0]["field"] == "reason"
    cancelled = await world.api.post(
        f"/sessions/{session_id}/cancel",
        headers=ADMIN,
        json={"reason": "force_majeure", "note": "Banjir"},
    )
    assert cancelled.status_code == 200 and cancelled.json()["cancelled"], cancelled.text
    phone = bearer_headers(Role.CANDIDATE, candidate_id=application.candidate_id)
    answers = await world.api.post(
        f"/exams/{attempt}/answers", headers=phone, json={"written_through": 0, "answers": []}
    )
    [problem] = errors(answers, 409)
    assert problem["field"] == "attempt_id" and "cancelled" in problem["reason_en"]
    assert errors(
        await world.api.post(
            f"/exams/{attempt}/consent", headers=phone, json={"terms_version": TERMS_VERSION}
        ),
        409,
    )
    kinds = await world.service.pool.fetch(
        f"SELECT data->>'kind' AS kind FROM \"{world.service.schema}\".events "
        "WHERE stream_id = $1 AND event_type = 'NoticesIssued' ORDER BY position",
        f"session-{session_id}",
    )
    assert [r["kind"] for r in kinds] == ["scheduled", "cancelled"]
    other_lsp = bearer_headers(Role.LSP_ADMIN, lsp_id=uuid4())
    assert (
        await world.api.post(
            f"/sessions/{session_id}/cancel", headers=other_lsp, json={"reason": "other"}
        )
    ).status_code == 404


async def test_the_plan_and_a_candidates_preparation_before_the_exam(world: World) -> None:
    application, neighbour = await accepted(world, ["vision"]), await accepted(world)
    starts = DAY + timedelta(days=8)
    session_id = await session_with(world, starts, application, neighbour)
    attempt, theirs = await attempt_of(world, application), await attempt_of(world, neighbour)
    me = bearer_headers(Role.CANDIDATE, candidate_id=application.candidate_id)
    assessor = world.assessor_headers()
    sign = {"terms_version": TERMS_VERSION}

    wrong = {"units": {**{u: ["IA.05"] for u in KASIR}, KASIR[0]: ["IA.99"]}}
    bad = errors(
        await world.api.put(f"/sessions/{session_id}/plan", json=wrong, headers=assessor), 422
    )
    assert [e["field"] for e in bad] == [f"units.{KASIR[0]}"]
    assert (
        errors(await world.api.post(f"/exams/{attempt}/consent", headers=me, json=sign), 409)[0][
            "field"
        ]
        == "session_id"
    )
    mapa = {"units": {u: ["IA.05", "IA.09"] for u in KASIR}}
    planned = await world.api.put(f"/sessions/{session_id}/plan", json=mapa, headers=ADMIN)
    assert planned.status_code == 200, planned.text
    shown = (await world.api.get(f"/sessions/{session_id}/plan", headers=assessor)).json()
    assert [u["instruments"] for u in shown["units"]] == [["IA.05", "IA.09"]] * len(KASIR)

    prep = (await world.api.get(f"/attempts/{attempt}/preparation", headers=assessor)).json()
    assert prep["needs"] == ["vision"] and not prep["complete"]
    talk = {
        "held_on": str(NOW.date()),
        "notes": "MAPA dan hak banding dijelaskan",
        "agreed": ["Soal cetak huruf besar"],
    }
    stranger = world.assessor_headers(world.other_assessor)
    assert errors(
        await world.api.put(f"/attempts/{attempt}/consultation", json=talk, headers=stranger), 403
    )
    elsewhere = bearer_headers(Role.ASSESSOR, account_id=world.assessor, lsp_id=uuid4())
    assert errors(
        await world.api.put(f"/attempts/{attempt}/consultation", json=talk, headers=elsewhere), 404
    )
    held = await world.api.put(f"/attempts/{attempt}/consultation", json=talk, headers=assessor)
    assert held.json()["consultation"]["agreed"] == ["Soal cetak huruf besar"], held.text

    assert errors(await world.api.post(f"/exams/{theirs}/consent", headers=me, json=sign), 404)
    signed = await world.api.post(f"/exams/{attempt}/consent", headers=me, json=sign)
    assert signed.status_code == 200 and signed.json()["candidate_signed_at"], signed.text
    assert (
        errors(
            await world.api.post(f"/attempts/{attempt}/consent", headers=assessor, json=sign), 409
        )[0]["field"]
        == "adjustments"
    )
    missing = await world.api.put(
        f"/attempts/{attempt}/adjustments", headers=assessor, json={"adjustments": []}
    )
    assert errors(missing, 422)[0]["field"] == "adjustments"
    adjust = {"adjustments": [{"need": "vision", "action": "Soal dicetak huruf 16 pt"}]}
    assert (
        await world.api.put(f"/attempts/{attempt}/adjustments", headers=assessor, json=adjust)
    ).status_code == 200
    countersigned = await world.api.post(
        f"/attempts/{attempt}/consent", headers=assessor, json=sign
    )
    assert countersigned.json()["complete"], countersigned.text
    assert (await world.api.get(f"/exams/{attempt}", headers=me)).json()["consented"]
    neighbours = bearer_headers(Role.CANDIDATE, candidate_id=neighbour.candidate_id)
    assert not (await world.api.get(f"/exams/{theirs}", headers=neighbours)).json()["consented"]

    world.clock.now = starts - timedelta(minutes=5)
    assert (await world.api.post(f"/sessions/{session_id}/start", headers=assessor)).is_success
    late = await world.api.put(f"/attempts/{attempt}/consultation", json=talk, headers=assessor)
    assert errors(late, 409)[0]["field"] == "attempt_id"
    plan_late = await world.api.put(f"/sessions/{session_id}/plan", json=mapa, headers=ADMIN)
    assert errors(plan_late, 409)[0]["field"] == "session_id"
    world.clock.now = NOW
