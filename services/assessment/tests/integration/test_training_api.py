"""Training before the test on the real stack (PostgreSQL, the service's own API): an LSP's
admin requires the cashier course's six modules for KOP-KASIR; a training provider of the LSP
records completions through the API (a retry and a duplicate apply once) or as an XLSX file (a
file with any bad row records nothing, each row's problem named in both languages); a trainer
who is the LSP's assessor becomes "trained the candidate"; planning refuses to assign a
candidate missing modules, naming them, and assigns them once the modules are complete."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import openpyxl
import pytest
from assessment_bank import FixedBank
from assessment_hall import licensed_assessor, verified_site

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import AcceptedApplication
from assessment.intake.application.ports import PooledCandidate
from assessment.intake.application.scheme_version_published import PublishedSchemeVersion
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP, OTHER_LSP, PROVIDER_ID = uuid4(), uuid4(), uuid4()
ADMIN = bearer_headers(Role.LSP_ADMIN, lsp_id=LSP)
PROVIDER = bearer_headers(Role.TRAINING_PROVIDER, account_id=PROVIDER_ID, lsp_id=LSP)
STARTS = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
DONE_ON = (datetime.now(UTC) - timedelta(days=3)).date()
TITLES = (
    "Dasar-dasar Perkoperasian",
    "Pelayanan Anggota",
    "Penerimaan dan Pengeluaran Kas",
    "Pencatatan Transaksi Kas Harian",
    "Penyetoran Kas ke Bank",
    "Laporan Kas Kasir",
)
MODULES = [{"code": f"KAS-0{n}", "title": title} for n, title in enumerate(TITLES, 1)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class World:
    service: AssessmentService
    api: httpx.AsyncClient


@pytest.fixture(scope="module")
async def world() -> AsyncIterator[World]:
    async with fresh_schema("train") as schema:
        service = AssessmentService(
            load_settings(),
            schema=schema,
            database=TEST_DATABASE,
            run_relay=False,
            source_topic=unique_topic("kompeten.registration.events"),
            group_id=f"assessment-{uuid4().hex[:8]}",
            bank=FixedBank(),
        )
        await service.start()
        try:
            async with service.pool.acquire() as conn, conn.transaction():
                for code in ("KOP-KASIR", "KOP-BENDAHARA"):
                    version = PublishedSchemeVersion(code, 1, LSP, code.title(), [])
                    await service.schemes().add(conn, version)
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                required = await api.put(
                    "/training/requirements/KOP-KASIR", headers=ADMIN, json={"modules": MODULES}
                )
                assert required.status_code == 200, required.text
                yield World(service, api)
        finally:
            await service.stop()


async def accepted(world: World, cooperative_id: UUID | None = None) -> AcceptedApplication:
    candidate = PooledCandidate(uuid4(), "5107", STARTS - timedelta(days=30))
    application = AcceptedApplication(
        uuid4(),
        candidate.candidate_id,
        "KOP-KASIR",
        1,
        "kasir",
        cooperative_id or uuid4(),
        "5107",
        [],
        STARTS - timedelta(days=20),
        LSP,
    )
    async with world.service.pool.acquire() as conn, conn.transaction():
        await world.service.pooled().add(conn, candidate)
        await world.service.accepted().add(conn, application)
    return application


def completion(candidate_id: UUID, module: str, **changes: Any) -> dict[str, Any]:
    return {
        "client_id": str(uuid4()),
        "candidate_id": str(candidate_id),
        "scheme_code": "KOP-KASIR",
        "module_code": module,
        "completed_on": str(DONE_ON),
        "provider_ref": f"BLK-KRA/{DONE_ON.year}/0412",
        **changes,
    }


async def record(world: World, *items: dict[str, Any]) -> httpx.Response:
    return await world.api.post(
        "/training/completions", headers=PROVIDER, json={"completions": list(items)}
    )


async def record_events(world: World, candidate_id: UUID) -> int:
    stream = f"training-{LSP}-{candidate_id}"
    return len(await world.service.shared().store.load(stream))


def sheet(rows: list[list[Any]]) -> dict[str, Any]:
    book = openpyxl.Workbook()
    page = book.active
    assert page is not None
    page.append(["Kandidat", "Skema", "Modul", "Tanggal Selesai", "Referensi"])
    for row in rows:
        page.append(row)
    out = io.BytesIO()
    book.save(out)
    return {"files": {"file": ("diklat.xlsx", out.getvalue(), XLSX)}}


async def test_the_requirement_is_the_lsps_own_and_checked_whole(world: World) -> None:
    read = await world.api.get("/training/requirements/KOP-KASIR", headers=PROVIDER)
    assert [m["code"] for m in read.json()["modules"]] == [f"KAS-0{n}" for n in range(1, 7)]
    none = await world.api.get("/training/requirements/KOP-BENDAHARA", headers=ADMIN)
    assert none.json()["modules"] == []
    bad = await world.api.put(
        "/training/requirements/KOP-BENDAHARA",
        headers=ADMIN,
        json={
            "modules": [{"code": "BEN 1", "title": "Akuntansi"}, {"code": "BEN-2", "title": "x"}]
        },
    )
    assert bad.status_code == 422, bad.text
    fields = [e["field"] for e in bad.json()["errors"]]
    assert fields == ["modules[0].code", "modules[1].title"]
    assert (await world.api.get("/training/requirements/KOP-BENDAHARA", headers=ADMIN)).json()[
        "modules"
    ] == []
    other = bearer_headers(Role.LSP_ADMIN, lsp_id=OTHER_LSP)
    elsewhere = await world.api.put(
        "/training/requirements/KOP-KASIR", headers=other, json={"modules": MODULES[:1]}
    )
    assert elsewhere.status_code == 404, elsewhere.text
    assert (await world.api.get("/training/requirements/KOP-KASIR", headers=other)).json()[
        "modules"
    ] == []


async def test_completions_through_the_api_apply_once_on_retry_and_duplicate(
    world: World,
) -> None:
    application = await accepted(world)
    candidate = application.candidate_id
    batch = [completion(candidate, f"KAS-0{n}") for n in (1, 2, 3)]
    first = await record(world, *batch)
    assert first.status_code == 200, first.text
    assert [r["outcome"] for r in first.json()] == ["applied"] * 3
    retry = await record(world, *batch)
    assert [r["outcome"] for r in retry.json()] == ["already_applied"] * 3
    duplicate = await record(world, completion(candidate, "kas-02"))
    assert [r["outcome"] for r in duplicate.json()] == ["already_completed"]
    assert await record_events(world, candidate) == 3

    bad = await record(
        world,
        completion(candidate, "KAS-04"),
        completion(candidate, "KAS-09"),
        completion(uuid4(), "KAS-05", completed_on=str(STARTS.date())),
    )
    assert bad.status_code == 422, bad.text
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {
        "completions[1].module_code",
        "completions[2].candidate_id",
        "completions[2].completed_on",
    }
    assert await record_events(world, candidate) == 3  # the good item was not recorded either

    seen = await world.api.get(
        f"/training/candidates/{candidate}?scheme_code=KOP-KASIR", headers=ADMIN
    )
    assert seen.status_code == 200, seen.text
    [kasir] = seen.json()["schemes"]
    assert sorted(kasir["completed"]) == ["KAS-01", "KAS-02", "KAS-03"]
    assert [m["code"] for m in kasir["missing"]] == ["KAS-04", "KAS-05", "KAS-06"]
    assert {c["trainer_id"] for c in seen.json()["completions"]} == {str(PROVIDER_ID)}
    other = bearer_headers(Role.TRAINING_PROVIDER, lsp_id=OTHER_LSP)
    theirs = await world.api.get(f"/training/candidates/{candidate}", headers=other)
    assert theirs.json()["completions"] == []
    lsp_less = bearer_headers(Role.TRAINING_PROVIDER)
    refused = await world.api.post(
        "/training/completions",
        headers=lsp_less,
        json={"completions": [completion(candidate, "KAS-04")]},
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "lsp"


async def test_a_file_with_bad_rows_records_nothing_and_names_each_row(world: World) -> None:
    one, two = (await accepted(world)).candidate_id, (await accepted(world)).candidate_id
    stranger = uuid4()
    rows = [
        [str(one), "KOP-KASIR", "KAS-01", DONE_ON, "BLK/01"],
        [str(one), "KOP-KASIR", "KAS-07", DONE_ON, "BLK/01"],
        [str(two), "KOP-KASIR", "KAS-01", "31/02/2026", "BLK/01"],
        [str(stranger), "KOP-BENDAHARA", "BEN-01", DONE_ON, "BLK/01"],
        [str(two), "KOP-KASIR", "KAS-02", DONE_ON, ""],
    ]
    refused = await world.api.post("/training/completions/imports", headers=PROVIDER, **sheet(rows))
    assert refused.status_code == 422, refused.text
    errors = refused.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (3, "modul"),
        (4, "tanggal_selesai"),
        (5, "kandidat"),
        (5, "skema"),
        (6, "referensi"),
    ]
    assert all(
        e["reason"] != e["reason_en"] and e["field"] == f"rows[{e['row']}].{e['column']}"
        for e in errors
    )
    assert "KAS-07" in errors[0]["reason_en"] and "KAS-01" in errors[0]["reason"]
    assert await record_events(world, one) == 0

    good = [
        [str(c), "KOP-KASIR", f"KAS-0{n}", DONE_ON, "BLK/01"]
        for c in (one, two)
        for n in range(1, 7)
    ]
    dry = await world.api.post(
        "/training/completions/imports?dry_run=true", headers=PROVIDER, **sheet(good)
    )
    assert dry.status_code == 200, dry.text
    assert (dry.json()["applied"], dry.json()["candidates"], dry.json()["dry_run"]) == (12, 2, True)
    assert await record_events(world, one) == 0
    imported = await world.api.post(
        "/training/completions/imports", headers=PROVIDER, **sheet(good)
    )
    assert imported.status_code == 201, imported.text
    assert imported.json()["applied"] == 12
    again = await world.api.post("/training/completions/imports", headers=PROVIDER, **sheet(good))
    assert (again.json()["applied"], again.json()["already_applied"]) == (0, 12)
    assert await record_events(world, one) == 6
    not_xlsx = await world.api.post(
        "/training/completions/imports",
        headers=PROVIDER,
        files={"file": ("diklat.csv", b"kandidat;skema\n", "text/csv")},
    )
    assert not_xlsx.status_code == 415, not_xlsx.text


async def test_an_assignment_waits_for_the_modules_and_the_planner_sees_which(
    world: World,
) -> None:
    api = world.api
    site_id = await verified_site(api, ADMIN, STARTS.date())
    assessor = await licensed_assessor(api, ADMIN, uuid4(), STARTS.date())
    body = {
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "site_id": str(site_id),
        "district_code": "5107",
        "starts_at": STARTS.isoformat(),
        "ends_at": (STARTS + timedelta(hours=2)).isoformat(),
        "exam_minutes": 60,
        "capacity": 10,
        "assessor_ids": [str(assessor)],
    }
    session_id = (await api.post("/sessions", headers=ADMIN, json=body)).json()["session_id"]
    application = await accepted(world)
    candidate = application.candidate_id
    await record(world, *[completion(candidate, f"KAS-0{n}") for n in (1, 2, 3, 5)])
    assign = {"application_ids": [str(application.application_id)]}
    refused = await api.post(f"/sessions/{session_id}/assignments", headers=ADMIN, json=assign)
    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert str(candidate) in error["field"]
    assert error["reason_en"] == "training modules not completed: KAS-04, KAS-06"
    assert "KAS-04 (Pencatatan Transaksi Kas Harian)" in error["reason"]
    assert (await api.get(f"/sessions/{session_id}", headers=ADMIN)).json()["assigned"] == 0

    async def planner_sees_missing() -> list[str] | None:
        listed = await api.get(
            "/training/status?district_code=5107&scheme_code=KOP-KASIR",
            headers=bearer_headers(Role.ASSESSOR, lsp_id=LSP),
        )
        mine = [s for s in listed.json() if s["candidate_id"] == str(candidate)]
        missing = [m["code"] for m in mine[0]["missing"]] if mine else []
        return missing if missing == ["KAS-04", "KAS-06"] else None

    await wait_until(planner_sees_missing, timeout=10, what="the status listing")
    await record(world, *[completion(candidate, f"KAS-0{n}") for n in (4, 6)])
    assigned = await api.post(f"/sessions/{session_id}/assignments", headers=ADMIN, json=assign)
    assert assigned.status_code == 200, assigned.text
    assert [a["candidate_id"] for a in assigned.json()] == [str(candidate)]


async def test_a_trainer_who_is_the_lsps_assessor_may_not_assess_their_trainee(
    world: World,
) -> None:
    api = world.api
    trainer = await licensed_assessor(api, ADMIN, uuid4(), STARTS.date())
    application = await accepted(world)
    candidate = application.candidate_id
    done = await record(
        world, *[completion(candidate, f"KAS-0{n}", trainer_id=str(trainer)) for n in range(1, 7)]
    )
    assert done.status_code == 200, done.text
    seen = await api.get(f"/assessors/{trainer}", headers=ADMIN)
    assert seen.json()["trained"] == [str(candidate)]
    site_id = await verified_site(api, ADMIN, STARTS.date())
    body = {
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "site_id": str(site_id),
        "district_code": "5107",
        "starts_at": (STARTS + timedelta(days=1)).isoformat(),
        "ends_at": (STARTS + timedelta(days=1, hours=2)).isoformat(),
        "exam_minutes": 60,
        "capacity": 10,
        "assessor_ids": [str(trainer)],
    }
    session_id = (await api.post("/sessions", headers=ADMIN, json=body)).json()["session_id"]
    refused = await api.post(
        f"/sessions/{session_id}/assignments",
        headers=ADMIN,
        json={"application_ids": [str(application.application_id)]},
    )
    assert refused.status_code == 422, refused.text
    reasons = [e["reason_en"] for e in refused.json()["errors"]]
    assert any("trained this candidate" in r for r in reasons), reasons
    assert not any("training modules" in r for r in reasons)
