"""Cohort import on the real stack: a district's 151 staff from 40 cooperatives with a few bad
rows; dry run, commit, invitations in the SMTP sink, re-upload, progress view."""

from __future__ import annotations

import io
from datetime import timedelta
from uuid import UUID, uuid4, uuid5

import openpyxl
import pytest

from eventkit.settings import load_settings
from eventkit.testing.infra import admin_connection
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from registration.cohorts.application.commit_cohort_import import LEASE
from registration.seed import seed
from registration.seed.cohort_file import HEADER, as_csv, nik, staff_rows
from servicekit.auth import bearer_headers

from .conftest import ManualClock, events, http, mailed, running

pytestmark = pytest.mark.integration

OPERATOR = uuid4()
HEADERS = bearer_headers(Role.DISTRICT_OPERATOR, account_id=OPERATOR, districts=("5107",))


async def seeded(service) -> None:
    await seed(service.catalogues())

    async def all_there() -> bool:
        return len(await service.catalogues().cooperative_directory.search("5107")) == 40

    await wait_until(all_there, timeout=30, what="40 cooperatives in the read model")


async def finished(client, import_id: str) -> dict:
    async def done() -> dict | None:
        body = (await client.get(f"/cohort-imports/{import_id}", headers=HEADERS)).json()
        return body if body["state"] == "done" else None

    return await wait_until(done, timeout=60, what="import done")


async def scalar(schema: str, sql: str) -> int:
    conn = await admin_connection()
    try:
        return int(await conn.fetchval(sql.replace("S.", f'"{schema}".')))
    finally:
        await conn.close()


async def test_a_district_cohort_with_bad_rows_is_checked_committed_and_invited(schema) -> None:
    async with running(schema) as service, http(service) as client:
        await seeded(service)
        good = staff_rows(151)
        known = {
            "client_id": str(uuid4()),
            "full_name": "I Wayan Sudarsana",
            "nik": nik(500),
            "email": f"known.{uuid4().hex[:8]}@example.id",
            "district_code": "5107",
        }
        assert (await client.post("/candidates", json=known, headers=HEADERS)).status_code == 201
        bad = [
            ["5107019913910001", *good[0][1:2], "bad.nik@example.id", *good[0][3:]],
            [nik(300), "Dup A", f"dupa.{uuid4().hex[:6]}@example.id", *good[0][3:]],
            [nik(300), "Dup B", f"dupb.{uuid4().hex[:6]}@example.id", *good[0][3:]],
            [nik(500), "Someone Else", f"else.{uuid4().hex[:6]}@example.id", *good[0][3:]],
            [nik(301), "No Coop", f"nocoop.{uuid4().hex[:6]}@example.id", "081299999999",
             "AHU-9999999.AH.01.29", "pengurus", "Ketua", "5107"],
            [nik(302), "No Mail", "", *good[0][3:]],
        ]  # fmt: skip
        content = as_csv(good + bad)
        uploaded = await client.post("/cohort-imports", files={"file": ("c.txt", content)},
                                     headers=HEADERS)  # fmt: skip
        assert uploaded.status_code == 201, uploaded.text
        report = uploaded.json()
        assert (report["valid_rows"], report["invalid_rows"], report["total_rows"]) == (151, 6, 157)
        found = {(e["row"], e["field"]) for e in report["errors"]}
        assert found == {(153, "nik"), (154, "nik"), (155, "nik"), (156, "nik"),
                         (157, "cooperative"), (158, "email")}  # fmt: skip
        by_row = {e["row"]: e for e in report["errors"]}
        assert "baris 155" in by_row[154]["reason"] and "row(s) 154" in by_row[155]["reason_en"]
        assert "I W***n S*******a" in by_row[156]["reason"] and nik(500) not in str(report)
        assert all(e["reason"] and e["reason_en"] for e in report["errors"])
        assert len(report["preview"]) == 151 and "*" in report["preview"][0]["nik"]
        assert len(await events(schema, "CandidateRegistered")) == 1  # the dry run registers none

        committed = await client.post(f"/cohort-imports/{report['import_id']}/commit",
                                      headers=HEADERS)  # fmt: skip
        assert committed.status_code == 202
        done = await finished(client, report["import_id"])
        assert (done["registered"], done["processed"], done["skipped"]) == (151, 151, 0)
        assert len(await events(schema, "CandidateRegistered")) == 152

        # The sink is read only once all went out: polling it while it receives is slow.
        await wait_until(
            lambda: _count_is(schema, "SELECT count(*) FROM S.cohort_invitations_sent", 151),
            timeout=60, what="151 invitations recorded",
        )  # fmt: skip
        for row in (good[0], good[77], good[150]):
            mail = (await mailed(row[2], 1))[0]
            assert "Cara masuk" in mail["text"] and "How to sign in" in mail["text"]
            link = f"Kompeten di ponsel Anda: {load_settings().app_url}"  # to the app
            assert link in mail["text"]

        again = await client.post("/cohort-imports", files={"file": ("same.csv", content)},
                                  headers=HEADERS)  # fmt: skip
        assert again.status_code == 200 and again.json()["import_id"] == report["import_id"]
        recommit = await client.post(f"/cohort-imports/{report['import_id']}/commit",
                                     headers=HEADERS)  # fmt: skip
        assert recommit.json()["state"] == "done"
        assert len(await events(schema, "CandidateRegistered")) == 152

        async def progress_counts() -> bool:
            body = (await client.get("/progress/districts/5107", headers=HEADERS)).json()
            return body["registered"] == 152

        await wait_until(progress_counts, timeout=30, what="progress caught up")
        per_coop = (await client.get("/progress/districts/5107/cooperatives",
                                     headers=HEADERS)).json()  # fmt: skip
        assert len(per_coop) == 40 and sum(c["registered"] for c in per_coop) == 151
        assert all(c["name"] for c in per_coop)
        other = bearer_headers(Role.ASSESSOR)
        assert (await client.get("/progress/districts/5107", headers=other)).status_code == 403


async def _count_is(schema: str, sql: str, expected: int) -> bool:
    return await scalar(schema, sql) == expected


async def test_an_xlsx_cohort_is_read_by_content_and_committed(schema) -> None:
    async with running(schema) as service, http(service) as client:
        await seeded(service)
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(HEADER)
        for row in staff_rows(20, salt=3):
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        uploaded = await client.post("/cohort-imports", headers=HEADERS,
                                     files={"file": ("cohort.csv", buffer.getvalue())})  # fmt: skip
        assert uploaded.status_code == 201, uploaded.text
        assert (uploaded.json()["valid_rows"], uploaded.json()["errors"]) == (20, [])
        import_id = uploaded.json()["import_id"]
        await client.post(f"/cohort-imports/{import_id}/commit", headers=HEADERS)
        assert (await finished(client, import_id))["registered"] == 20


async def test_candidate_ids_cannot_be_derived_from_the_import_and_the_row(schema) -> None:
    """Whoever prepared the spreadsheet and learns the import id must not be able to name the
    people on the public topic: ids are random, not uuid5(import id, row)."""
    async with running(schema) as service, http(service) as client:
        await seeded(service)
        cohort = {"file": ("c.csv", as_csv(staff_rows(12, salt=5)))}
        uploaded = await client.post("/cohort-imports", headers=HEADERS, files=cohort)
        import_id = uploaded.json()["import_id"]
        await client.post(f"/cohort-imports/{import_id}/commit", headers=HEADERS)
        assert (await finished(client, import_id))["registered"] == 12
    registered = [
        UUID(e["data"]["candidate_id"]) for e in await events(schema, "CandidateRegistered")
    ]
    derivable = {uuid5(UUID(import_id), f"row-{row}") for row in range(0, 100)}
    assert len(registered) == 12 and not derivable & set(registered)
    assert {candidate_id.version for candidate_id in registered} == {4}


async def test_an_operator_imports_people_of_their_own_districts_only(schema) -> None:
    elsewhere = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5108",))
    async with running(schema) as service, http(service) as client:
        await seeded(service)
        cohort = {"file": ("c.csv", as_csv(staff_rows(4, salt=7)))}
        uploaded = await client.post("/cohort-imports", headers=elsewhere, files=cohort)
        assert uploaded.status_code == 201, uploaded.text
        report = uploaded.json()
        assert (report["valid_rows"], report["invalid_rows"]) == (0, 4)
        assert {e["field"] for e in report["errors"]} == {"district_code"}
        assert "5107 is not one of yours" in report["errors"][0]["reason_en"]


async def test_the_kept_file_is_shredded_once_the_import_is_done(schema) -> None:
    async with running(schema) as service, http(service) as client:
        await seeded(service)
        rows = staff_rows(12, salt=7)
        bad = [nik(700), "Tanpa Koperasi", f"tk.{uuid4().hex[:6]}@example.id", "081299999998",
               "AHU-9999999.AH.01.29", "pengurus", "Ketua", "5107"]  # fmt: skip
        uploaded = await client.post("/cohort-imports", headers=HEADERS,
                                     files={"file": ("c.csv", as_csv([*rows, bad]))})  # fmt: skip
        report = uploaded.json()
        import_id = report["import_id"]
        assert (len(report["preview"]), len(report["errors"])) == (12, 1)  # kept for the commit
        kept = (  # a key, not the tombstone an erased subject keeps
            f"SELECT count(*) FROM S.person_keys WHERE subject_id = '{import_id}' "
            "AND wrapped_key IS NOT NULL"
        )
        assert await scalar(schema, kept) == 1
        await client.post(f"/cohort-imports/{import_id}/commit", headers=HEADERS)
        done = await finished(client, import_id)
        assert (done["registered"], done["invalid_rows"]) == (12, 1)  # the counts stay
        assert (done["preview"], done["errors"]) == ([], [])  # the rows are gone
        assert await scalar(schema, kept) == 0  # the file's key is erased
        sealed = f"SELECT count(*) FROM S.cohort_import_files WHERE import_id = '{import_id}'"
        assert await scalar(schema, sealed) == 1  # what is left of it is unreadable ciphertext
        assert await service.cohort().imports.content(UUID(import_id)) == {
            "rows": [],
            "problems": [],
        }
        names = await scalar(
            schema,
            "SELECT count(*) FROM S.cohort_import_files WHERE sealed::text LIKE '%Tanpa Koperasi%'",
        )
        assert names == 0


async def test_a_commit_interrupted_after_some_chunks_resumes_and_registers_each_once(
    schema,
) -> None:
    async with running(schema) as service, http(service) as client:
        await seeded(service)
        content = as_csv(staff_rows(230, salt=5))
        uploaded = await client.post("/cohort-imports", files={"file": ("c.csv", content)},
                                     headers=HEADERS)  # fmt: skip
        import_id = uploaded.json()["import_id"]
        commit = service.cohort().commit
        commit.chunk_rows = 50

        async def die_after_two(chunk: int) -> None:
            if chunk == 1:
                raise RuntimeError("process died")

        commit.after_chunk = die_after_two
        try:
            await commit(UUID(import_id), OPERATOR)
        except RuntimeError:
            pass
        halfway = (await client.get(f"/cohort-imports/{import_id}", headers=HEADERS)).json()
        assert (halfway["state"], halfway["registered"]) == ("failed", 100)
        commit.after_chunk = lambda chunk: _noop()
        await client.post(f"/cohort-imports/{import_id}/commit", headers=HEADERS)
        assert (await finished(client, import_id))["registered"] == 230
        registered = await events(schema, "CandidateRegistered")
        assert len(registered) == 230
        assert len({e["data"]["nik_hash"] for e in registered}) == 230
        assert await scalar(schema, "SELECT count(*) FROM S.nik_index") == 230


async def _noop() -> None:
    return None


class ProcessDied(BaseException):
    """What a killed process leaves: the commit stops where it is, records nothing more."""


async def die_after_first_chunk(chunk: int) -> None:
    raise ProcessDied


async def interrupted_import(service, client) -> str:
    """An import of 120 rows whose commit's process died after its first chunk of 50."""
    await seeded(service)
    content = as_csv(staff_rows(120, salt=9))
    uploaded = await client.post("/cohort-imports", files={"file": ("c.csv", content)},
                                 headers=HEADERS)  # fmt: skip
    import_id = uploaded.json()["import_id"]
    commit = service.cohort().commit
    commit.chunk_rows, commit.after_chunk = 50, die_after_first_chunk
    with pytest.raises(ProcessDied):
        await commit(UUID(import_id), OPERATOR)
    commit.after_chunk = lambda chunk: _noop()
    return str(import_id)


async def test_a_commit_whose_process_died_reads_interrupted_once_its_lease_expires(
    schema,
) -> None:
    clock = ManualClock()
    async with running(schema, clock=clock) as service, http(service) as client:
        import_id = await interrupted_import(service, client)
        url = f"/cohort-imports/{import_id}"
        seen = (await client.get(url, headers=HEADERS)).json()
        assert (seen["state"], seen["registered"]) == ("running", 50)  # as far as anyone knows
        clock.advance(LEASE + timedelta(seconds=1))
        seen = (await client.get(url, headers=HEADERS)).json()
        assert (seen["state"], seen["registered"]) == ("interrupted", 50)
        resumed = await client.post(f"{url}/commit", headers=HEADERS)
        assert resumed.status_code == 202 and resumed.json()["state"] == "interrupted"
        assert (await finished(client, import_id))["registered"] == 120
    assert len(await events(schema, "CandidateRegistered")) == 120


async def test_a_commit_left_unfinished_resumes_when_the_service_starts(schema) -> None:
    async with running(schema) as service, http(service) as client:
        import_id = await interrupted_import(service, client)
    async with running(schema) as service, http(service) as client:
        done = await finished(client, import_id)  # nobody committed it again
        assert (done["registered"], done["skipped"]) == (120, 0)
    registered = await events(schema, "CandidateRegistered")
    assert len({e["data"]["nik_hash"] for e in registered}) == len(registered) == 120
