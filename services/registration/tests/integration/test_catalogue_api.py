"""The cooperative registry and the scheme catalogue over HTTP on the real stack: who may register
and publish, one cooperative per legal number, read models that follow the log, a published
version on Kafka with its full content, and a seed that a second run leaves alone."""

from __future__ import annotations

import asyncio
import re
import sys
import uuid
from typing import Any

import pytest

from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, admin_connection, unique_topic
from eventkit.testing.kafka import record_count
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from registration.seed import DEMO_LSPS, scheme_contents
from registration.seed.cooperatives import DEMO_COOPERATIVES
from servicekit.auth import bearer_headers

from .conftest import events, http, running, topic_records

pytestmark = pytest.mark.integration

LSP = uuid.uuid4()  # the certification body whose schemes these tests draft
ADMIN = bearer_headers(Role.LSP_ADMIN, lsp_id=LSP)
OPERATOR = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107", "5103"))
CANDIDATE = bearer_headers(Role.CANDIDATE, candidate_id=uuid.uuid4())


def cooperative(name: str, legal_number: str, district_code: str = "5107") -> dict[str, str]:
    return {
        "name": name,
        "kind": "ksp_usp",
        "legal_number": legal_number,
        "district_code": district_code,
        "province_code": district_code[:2],
    }


SCHEME = "KOP-UJI-KASIR"
CONTENT: dict[str, Any] = {
    "title": "Kasir Koperasi Simpan Pinjam",
    "brochure": "Skema ini untuk kasir koperasi simpan pinjam yang melayani anggota.",
    "basic_requirements": ["Pendidikan minimal SMA/SMK", "Bekerja di koperasi minimal 1 tahun"],
    "occupational_groups": ["kasir"],
    "cooperative_kinds": ["ksp_usp", "kspps_uspps"],
    "units": [
        {
            "code": "M.649000.011.01",
            "title": "Melayani Transaksi Tunai Anggota",
            "elements": [
                {
                    "code": "1",
                    "title": "Menerima setoran",
                    "criteria": [
                        {"code": "1.1", "text": "Uang setoran dihitung di depan anggota"},
                        {"code": "1.2", "text": "Bukti setoran diberikan kepada anggota"},
                    ],
                },
                {
                    "code": "2",
                    "title": "Membayar penarikan",
                    "criteria": [{"code": "2.1", "text": "Saldo diperiksa sebelum membayar"}],
                },
            ],
        }
    ],
}


async def test_staff_register_cooperatives_that_signed_in_people_find_by_district(
    schema: str,
) -> None:
    async with running(schema) as service, http(service) as api:
        amerta = await api.post(
            "/cooperatives", json=cooperative("KSP Sari Amerta", "AHU-0001.AH.01"), headers=ADMIN
        )
        bugbug = await api.post(
            "/cooperatives",
            json=cooperative("Koperasi Desa Merah Putih Bugbug", "AHU-0002.AH.01"),
            headers=OPERATOR,
        )
        badung = await api.post(
            "/cooperatives",
            json=cooperative("KSP Badung Sejahtera", "AHU-0003.AH.01", "5103"),
            headers=ADMIN,
        )
        assert [r.status_code for r in (amerta, bugbug, badung)] == [201, 201, 201]
        registered = len(await events(schema))

        refused = [
            await api.post(
                "/cooperatives", json=cooperative("KSP Liar", "AHU-0009.AH.01"), headers=who
            )
            for who in (CANDIDATE, bearer_headers(Role.ASSESSOR), {})
        ]
        assert [r.status_code for r in refused] == [403, 403, 401]
        assert all(r.json()["errors"][0]["field"] == "Authorization" for r in refused)
        assert len(await events(schema)) == registered

        async def listed() -> list[Any] | None:
            found = await api.get("/cooperatives", params={"district_code": "5107"},
                                  headers=CANDIDATE)  # fmt: skip
            assert found.status_code == 200, found.text
            return found.json() if len(found.json()) == 2 else None

        in_karangasem = await wait_until(listed, timeout=10, what="cooperatives projected")
        assert [c["name"] for c in in_karangasem] == [
            "Koperasi Desa Merah Putih Bugbug",
            "KSP Sari Amerta",
        ]
        assert {c["cooperative_id"] for c in in_karangasem} == {
            amerta.json()["cooperative_id"],
            bugbug.json()["cooperative_id"],
        }
        assert in_karangasem[1]["kind_label"].startswith("Koperasi/Unit Simpan Pinjam")
        one = await api.get(f"/cooperatives/{badung.json()['cooperative_id']}", headers=CANDIDATE)
        assert one.json()["district_code"] == "5103"
        assert (await api.get("/cooperatives")).status_code == 401
        missing = await api.get(f"/cooperatives/{uuid.uuid4()}", headers=CANDIDATE)
        assert missing.status_code == 404
        assert missing.json()["errors"][0]["field"] == "cooperative_id"


async def test_a_legal_number_belongs_to_one_cooperative(schema: str) -> None:
    async with running(schema) as service, http(service) as api:
        first = cooperative("KSP Sari Amerta", "AHU-0042.AH.01")
        created = await api.post("/cooperatives", json=first, headers=ADMIN)
        assert created.status_code == 201, created.text
        before = await events(schema)

        taken = await api.post(
            "/cooperatives",
            json={**first, "name": "KSP Penyerobot"},
            headers=OPERATOR,
        )
        assert taken.status_code == 409, taken.text
        [error] = taken.json()["errors"]
        assert error["field"] == "legal_number" and error["reason"]
        retry = await api.post("/cooperatives", json=first, headers=OPERATOR)
        assert retry.status_code == 200, retry.text  # the same cooperative again: a retry
        assert retry.json() == created.json()
        assert await events(schema) == before

        async def listed() -> list[str] | None:
            found = await api.get("/cooperatives", params={"q": "ksp"}, headers=CANDIDATE)
            names = [c["name"] for c in found.json()]
            return names or None

        assert await wait_until(listed, timeout=10, what="cooperative projected") == [
            "KSP Sari Amerta"
        ]


async def published_row(schema: str, version: int) -> Any:
    conn = await admin_connection()
    try:
        return await conn.fetchrow(
            f'SELECT published FROM "{schema}".scheme_versions '
            "WHERE scheme_code = $1 AND version = $2",
            SCHEME,
            version,
        )
    finally:
        await conn.close()


async def test_a_published_scheme_version_is_public_final_and_on_kafka_in_full(schema: str) -> None:
    topic = unique_topic("kompeten.registration.events")
    async with running(schema, topic=topic) as service, http(service) as api:
        draft = {"scheme_code": SCHEME, "content": CONTENT}
        for who, status in ((OPERATOR, 403), (CANDIDATE, 403), ({}, 401)):
            assert (await api.post("/schemes", json=draft, headers=who)).status_code == status
        drafted = await api.post("/schemes", json=draft, headers=ADMIN)
        assert drafted.status_code == 201, drafted.text
        assert drafted.json() == {"scheme_code": SCHEME, "version": 1}

        await wait_until(lambda: published_row(schema, 1), timeout=10, what="draft projected")
        assert SCHEME not in [s["scheme_code"] for s in (await api.get("/schemes")).json()]
        assert (await api.get(f"/schemes/{SCHEME}/versions/1")).status_code == 404

        publish = f"/schemes/{SCHEME}/versions/1/publish"
        assert (await api.post(publish, headers=OPERATOR)).status_code == 403
        published = await api.post(publish, headers=ADMIN)
        assert published.status_code == 200, published.text

        async def public() -> list[Any]:
            found = (await api.get("/schemes")).json()  # no token: candidates read brochures
            return [s for s in found if s["scheme_code"] == SCHEME]

        [listed] = await wait_until(public, timeout=10, what="published version listed")
        assert (listed["version"], listed["title"], listed["brochure"]) == (
            1,
            CONTENT["title"],
            CONTENT["brochure"],
        )
        full = (await api.get(f"/schemes/{SCHEME}/versions/1")).json()
        assert {k: full[k] for k in CONTENT} == CONTENT

        again = await api.post(publish, headers=ADMIN)
        assert again.status_code == 409, again.text
        assert again.json()["errors"][0]["field"] == "version"
        revise = await api.put(f"/schemes/{SCHEME}/versions/1", json=CONTENT, headers=ADMIN)
        assert revise.status_code == 409  # a published version never changes
        assert len(await events(schema, "SchemeVersionPublished")) == 1

        [record] = await topic_records(topic, at_least=1)
        # Drafts are private: the publication is the only record.
        assert await record_count(load_settings().kafka_bootstrap, topic) == 1
    assert record.envelope.type == "id.kompeten.registration.SchemeVersionPublished.v1"
    assert record.key == record.envelope.subject == f"scheme-{SCHEME}"
    assert (record.value["scheme_code"], record.value["scheme_version"]) == (SCHEME, 1)
    assert {k: record.value[k] for k in CONTENT} == CONTENT


async def test_lsp_admins_read_a_draft_that_nobody_else_sees(schema: str) -> None:
    async with running(schema) as service, http(service) as api:
        drafted = await api.post(
            "/schemes", json={"scheme_code": SCHEME, "content": CONTENT}, headers=ADMIN
        )
        assert drafted.status_code == 201, drafted.text
        await wait_until(lambda: published_row(schema, 1), timeout=10, what="draft projected")
        staff_view = f"/staff/schemes/{SCHEME}/versions/1"

        draft = await api.get(staff_view, headers=ADMIN)
        assert draft.status_code == 200, draft.text
        assert (draft.json()["published"], draft.json()["version"]) == (False, 1)
        assert {k: draft.json()[k] for k in CONTENT} == CONTENT
        [listed] = (await api.get("/staff/schemes", headers=ADMIN)).json()
        assert (listed["scheme_code"], listed["version"], listed["published"]) == (SCHEME, 1, False)
        assert listed["title"] == CONTENT["title"]

        for who, status in ((CANDIDATE, 403), (OPERATOR, 403), ({}, 401)):
            for path in (staff_view, "/staff/schemes"):
                refused = await api.get(path, headers=who)
                assert refused.status_code == status, (path, who, refused.text)
                assert CONTENT["brochure"] not in refused.text
        for who in (CANDIDATE, {}):  # the public view is of published versions only
            assert (await api.get(f"/schemes/{SCHEME}/versions/1", headers=who)).status_code == 404
            assert SCHEME not in (await api.get("/schemes", headers=who)).text
        missing = await api.get(f"/staff/schemes/{SCHEME}/versions/2", headers=ADMIN)
        assert missing.status_code == 404 and missing.json()["errors"][0]["field"] == "version"

        assert (await api.post(f"{staff_view[6:]}/publish", headers=ADMIN)).status_code == 200

        async def published() -> bool:
            return bool((await api.get(staff_view, headers=ADMIN)).json()["published"])

        await wait_until(published, timeout=10, what="the staff view shows it published")


async def seed(schema: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "registration.seed", "--schema", schema, "--database", TEST_DATABASE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await process.communicate()
    assert process.returncode == 0, out.decode()
    return out.decode()


async def test_seeding_twice_changes_nothing_the_second_time(schema: str) -> None:
    schemes, cooperatives = len(scheme_contents()), len(DEMO_COOPERATIVES)
    first = await seed(schema)
    assert re.search(
        rf"{schemes} scheme versions published, {cooperatives} cooperatives registered", first
    ), first
    recorded = len(await events(schema))
    # each scheme drafted and published, each cooperative and each of the two LSPs registered
    assert recorded == 2 * schemes + cooperatives + len(DEMO_LSPS)

    second = await seed(schema)
    assert "nothing changed" in second, second
    assert len(await events(schema)) == recorded

    async with running(schema) as service, http(service) as api:

        async def catalogue() -> list[Any] | None:
            found = (await api.get("/schemes")).json()
            return found if len(found) == schemes else None

        listed = await wait_until(catalogue, timeout=10, what="seeded schemes projected")
        assert {s["scheme_code"] for s in listed} == {code for code, _ in scheme_contents()}

        async def karangasem() -> list[Any] | None:
            found = await api.get(
                "/cooperatives", params={"district_code": "5107", "limit": 500}, headers=CANDIDATE
            )
            return found.json() if len(found.json()) == cooperatives else None

        await wait_until(karangasem, timeout=10, what="seeded cooperatives projected")
