"""Question banks on the real stack: the scheme versions arrive from registration's topic
(Kafka -> inbox -> intake), an LSP's admin imports a bank file (XLSX) and publishes it, its
staff read the published version (correct options included), planning and exams get it from
`published` and draw from it. Another LSP's staff see none of it; a bad file changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from bank_samples import bank_rows, scheme_event

from assessment.api.app import create_app
from assessment.banks.application.bank_commands import BankUpload
from assessment.banks.domain.draw import draw
from assessment.banks.seed.workbook import workbook
from assessment.bootstrap import AssessmentService
from assessment.consumers import registration_events
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.waiting import wait_until
from kompeten_contracts import Envelope, encode
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP_A, LSP_B = uuid4(), uuid4()
ADMIN_A = bearer_headers(Role.LSP_ADMIN, lsp_id=LSP_A)
ASSESSOR_A = bearer_headers(Role.ASSESSOR, lsp_id=LSP_A)
ADMIN_B = bearer_headers(Role.LSP_ADMIN, lsp_id=LSP_B)
SCHEMES = {"KOP-KASIR": LSP_A, "KOP-DUA": LSP_A, "KOP-TIGA": LSP_A, "KOP-LAIN": LSP_B}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class World:
    service: AssessmentService
    api: httpx.AsyncClient


async def publish_schemes(bootstrap: str, topic: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for code, lsp_id in SCHEMES.items():
            event = scheme_event(code, lsp_id)
            subject = f"scheme-{code}"
            envelope = Envelope(id=uuid4(), source=event.source(), type=event.ce_type(),
                                time=event.published_at, subject=subject)  # fmt: skip
            await producer.send_and_wait(topic, key=subject.encode(), value=encode(event),
                                         headers=envelope.to_headers())  # fmt: skip
    finally:
        await producer.stop()


@pytest.fixture(scope="module")
async def world() -> AsyncIterator[World]:
    async with fresh_schema("ass") as schema:
        service = AssessmentService(
            load_settings(), schema=schema, database=TEST_DATABASE,
            source_topic=unique_topic("kompeten.registration.events"),
            group_id=f"assessment-{uuid4().hex[:8]}", run_relay=False,
            subscriptions=[registration_events.subscribe],
        )  # fmt: skip
        await service.start()
        try:
            await publish_schemes(service.settings.kafka_bootstrap, service.source_topic)

            async def all_received() -> bool:
                return all([await service.schemes().get(code, 1) for code in SCHEMES])

            await wait_until(all_received, what="scheme versions from registration's topic")
            # LSP B's bank, published through the same handlers the API calls.
            lain = BankUpload(LSP_B, "KOP-LAIN", workbook(bank_rows()), uuid4())
            await service.banks().import_file(lain)
            await service.banks().publish(LSP_B, "KOP-LAIN", uuid4())
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://ass.test") as api:
                yield World(service, api)
        finally:
            await service.stop()


def upload(rows: list[dict[str, str]]) -> dict[str, Any]:
    return {"files": {"file": ("bank.xlsx", workbook(rows), XLSX)}}


async def published_version(world: World, code: str, version: int, headers: Any) -> Any:
    async def served() -> Any:
        response = await world.api.get(f"/banks/{code}/versions/{version}", headers=headers)
        return response.json() if response.status_code == 200 else None

    return await wait_until(served, what=f"{code} version {version} in the read model")


async def test_the_scheme_versions_arrive_with_their_units_and_owner(world: World) -> None:
    kasir = await world.service.schemes().get("KOP-KASIR", 1)
    assert kasir is not None and kasir.lsp_id == LSP_A
    assert kasir.unit_codes == [u.code for u in scheme_event("KOP-KASIR", LSP_A).units]
    assert kasir.units[0]["elements"][1]["criteria"] == [
        {"code": "2.1", "text": "Fisik kas dicocokkan"}
    ]
    assert (await world.service.schemes().latest("KOP-KASIR")) == kasir


async def test_an_admin_imports_and_publishes_and_the_lsps_staff_read_the_version(
    world: World,
) -> None:
    path = "/banks/KOP-KASIR"
    dry = await world.api.post(
        f"{path}/imports?dry_run=true", headers=ADMIN_A, **upload(bank_rows())
    )
    assert dry.status_code == 200, dry.text
    assert (dry.json()["draft_version"], dry.json()["items"]) == (None, 68)
    imported = await world.api.post(f"{path}/imports", headers=ADMIN_A, **upload(bank_rows()))
    assert imported.status_code == 201, imported.text
    assert imported.json()["draft_version"] == 1
    assert imported.json()["units"][0]["counts"]["pilihan_ganda"] == 12

    published = await world.api.post(f"{path}/versions", headers=ADMIN_A, json={"per_unit": 10})
    assert published.status_code == 201, published.text
    assert published.json() == {"scheme_code": "KOP-KASIR", "version": 1}
    again = await world.api.post(f"{path}/versions", headers=ADMIN_A, json={})
    assert again.status_code == 409, again.text

    body = await published_version(world, "KOP-KASIR", 1, ASSESSOR_A)
    assert (body["per_unit"], body["scheme_version"], len(body["questions"])) == (10, 1, 60)
    first = body["questions"][0]
    assert (first["item_id"], first["kind"], first["correct"]) == ("U1-PG-01", "pilihan_ganda", 1)
    unit = body["instruments"][0]
    assert unit["instruments"] == ["IA.01", "IA.02", "IA.05", "IA.06", "IA.07", "IA.08", "IA.09"]
    assert [c["text"] for c in unit["checklist"]][:2] == ["Slip setoran diperiksa", "Uang dihitung"]
    listed = (await world.api.get("/banks", headers=ASSESSOR_A)).json()
    kasir = next(bank for bank in listed if bank["scheme_code"] == "KOP-KASIR")
    assert (kasir["published_version"], kasir["draft_version"]) == (1, None)

    bank = await world.service.published_banks().published(LSP_A, "KOP-KASIR")
    assert bank.version == 1 and len(draw(bank, 10, "attempt")) == 40


async def test_a_file_with_bad_rows_changes_nothing_and_answers_every_row(world: World) -> None:
    rows = bank_rows()
    rows[0] |= {"kunci": "Z"}  # row 2
    rows[16] |= {"unit": "M.649000.099.01"}  # row 18
    for dry_run in ("true", "false"):
        response = await world.api.post(f"/banks/KOP-TIGA/imports?dry_run={dry_run}",
                                        headers=ADMIN_A, **upload(rows))  # fmt: skip
        assert response.status_code == 422, response.text
        errors = response.json()["errors"]
        assert [(e["row"], e["column"], e["field"]) for e in errors] == [
            (2, "kunci", "rows[2].kunci"), (18, "unit", "rows[18].unit")
        ]  # fmt: skip
        assert all(e["reason"] and e["reason_en"] != e["reason"] for e in errors)
    assert (await world.service.banks().banks.load((LSP_A, "KOP-TIGA"))).version == 0
    csv = {"file": ("bank.csv", b"kode;jenis\n", "text/csv")}
    not_xlsx = await world.api.post("/banks/KOP-TIGA/imports", headers=ADMIN_A, files=csv)
    assert (not_xlsx.status_code, not_xlsx.json()["errors"][0]["field"]) == (415, "file")


async def test_a_bank_file_larger_than_a_json_body_is_read_whole(world: World) -> None:
    """A real bank (hundreds of questions) is well over the 64 KB a JSON body may have."""
    body = upload(bank_rows(per_unit=400))
    assert len(body["files"]["file"][1]) > 64 * 1024
    checked = await world.api.post("/banks/KOP-TIGA/imports?dry_run=true", headers=ADMIN_A,
                                   **body)  # fmt: skip
    assert checked.status_code == 200, checked.text


async def test_publishing_names_each_unit_short_of_a_draw(world: World) -> None:
    imported = await world.api.post("/banks/KOP-DUA/imports", headers=ADMIN_A,
                                    **upload(bank_rows(per_unit=6)))  # fmt: skip
    assert imported.status_code == 201, imported.text
    short = await world.api.post("/banks/KOP-DUA/versions", headers=ADMIN_A, json={"per_unit": 8})
    assert short.status_code == 422, short.text
    reasons = [e["reason_en"] for e in short.json()["errors"]]
    assert reasons[0] == "unit M.649000.011.01 has 6 multiple-choice questions; 8 needed"
    assert len(reasons) == 4
    enough = await world.api.post("/banks/KOP-DUA/versions", headers=ADMIN_A,
                                  json={"per_unit": 6, "draft_version": 1})  # fmt: skip
    assert enough.status_code == 201, enough.text


async def test_an_lsps_banks_are_its_own(world: World) -> None:
    await published_version(world, "KOP-LAIN", 1, ADMIN_B)
    assert [b["scheme_code"] for b in (await world.api.get("/banks", headers=ADMIN_B)).json()] == [
        "KOP-LAIN"
    ]
    listed = (await world.api.get("/banks", headers=ASSESSOR_A)).json()
    assert "KOP-LAIN" not in [b["scheme_code"] for b in listed]
    read = await world.api.get("/banks/KOP-LAIN/versions/1", headers=ASSESSOR_A)
    assert (read.status_code, read.json()["errors"][0]["field"]) == (404, "version")
    imported = await world.api.post("/banks/KOP-LAIN/imports", headers=ADMIN_A,
                                    **upload(bank_rows()))  # fmt: skip
    assert (imported.status_code, imported.json()["errors"][0]["field"]) == (404, "scheme_code")
    publish = await world.api.post("/banks/KOP-LAIN/versions", headers=ADMIN_A, json={})
    assert publish.status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - the query's 404 refusal
        await world.service.published_banks().published(LSP_A, "KOP-LAIN")


async def test_no_candidate_reads_a_bank(world: World) -> None:
    candidate = bearer_headers(Role.CANDIDATE, candidate_id=uuid4(), lsp_id=LSP_B)
    for path in ("/banks", "/banks/KOP-LAIN/versions/1"):
        response = await world.api.get(path, headers=candidate)
        assert response.status_code == 403, response.text
        assert "kunci" not in response.text and "correct" not in response.text
