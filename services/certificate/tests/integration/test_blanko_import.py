"""The national authority's blanko numbers imported on the real stack: certificates issued from
recommendations published on a fresh topic; a file with bad rows (unknown number, malformed,
twice in the file) refused row by row with nothing recorded, a dry run that records nothing,
the good file attached, the same file again changing nothing, and a number already attached
refused; the blanko number shown on the certificate and printed on its PDF, and published to
partners once per certificate (never again for the same file), with nothing personal."""

from __future__ import annotations

import asyncio
import io
import json
import re
import zlib
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from certificate_cases import recommendation
from certificate_stack import (
    api_of,
    decision_maker,
    lsp_admin,
    publish,
    running_certificate,
    sealed_holder,
)
from openpyxl import Workbook
from printing_cases import PROFILE, scheme_version

from certificate.bootstrap import CertificateService
from eventkit.testing.infra import admin_connection
from eventkit.testing.kafka import all_records
from eventkit.testing.waiting import wait_until

pytestmark = pytest.mark.integration
LSP = uuid4()
ADMIN = lsp_admin(LSP)
Started = tuple[CertificateService, httpx.AsyncClient]


@pytest.fixture(scope="module")
async def started() -> AsyncIterator[Started]:
    async with running_certificate() as service, api_of(service) as api:
        yield service, api


def xlsx(rows: list[tuple[str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nomor Sertifikat", "Nomor Blanko"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload(api: httpx.AsyncClient, content: bytes, dry_run: bool = False) -> httpx.Response:
    files = {"file": ("blanko.xlsx", content, "application/vnd.openxmlformats-officedocument."
                      "spreadsheetml.sheet")}  # fmt: skip
    return await api.post("/blanko-imports", files=files, params={"dry_run": dry_run},
                          headers=ADMIN)  # fmt: skip


async def issued(service: CertificateService, api: httpx.AsyncClient) -> list[dict[str, Any]]:
    session = uuid4()
    events = [recommendation(lsp_id=LSP, session_id=session) for _ in range(3)]
    await publish(service.source_topic, events)

    async def received() -> bool:
        answers = [await api.get(f"/recommendations/{e.attempt_id}", headers=ADMIN)
                   for e in events]  # fmt: skip
        return all(a.status_code == 200 for a in answers)

    await wait_until(received, timeout=60, what="recommendations received")
    decided = await api.post(f"/sessions/{session}/decisions", headers=decision_maker(LSP))
    assert decided.status_code == 200, decided.text

    async def listed() -> list[dict[str, Any]] | None:
        found = (await api.get("/certificates", params={"session_id": str(session)},
                               headers=ADMIN)).json()  # fmt: skip
        return found if len(found) == 3 else None

    return await wait_until(listed, timeout=60, what="3 certificates issued")


async def blanko_events(service: CertificateService) -> int:
    conn = await admin_connection()
    try:
        sql = (f'SELECT count(*) FROM "{service.schema}".events '
               "WHERE event_type LIKE '%BlankoNumberAttached%'")  # fmt: skip
        return int(await conn.fetchval(sql))
    finally:
        await conn.close()


def pdf_text(pdf: bytes) -> bytes:
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    out = []
    for raw in streams:
        try:
            out.append(zlib.decompress(raw))
        except zlib.error:
            out.append(raw)
    return b"".join(out)


async def test_blanko_numbers_from_the_authoritys_file(started: Started) -> None:
    service, api = started
    one, two, three = await issued(service, api)
    bad = xlsx([
        (one["number"], "0012345 2026"),
        ("KOP-KASIR/2026/99999", "0012346 2026"),  # no such certificate
        (two["number"], "12"),  # malformed
        (three["number"], "0012347 2026"),
        (three["number"], "0012348 2026"),  # the same certificate twice
    ])  # fmt: skip
    for dry_run in (True, False):
        refused = await upload(api, bad, dry_run)
        assert refused.status_code == 422, refused.text
        errors = {(e["row"], e["field"]) for e in refused.json()["errors"]}
        assert errors == {
            (3, "rows[3].nomor_sertifikat"),
            (4, "rows[4].nomor_blanko"),
            (5, "rows[5].nomor_sertifikat"),
            (6, "rows[6].nomor_sertifikat"),
        }
        reasons = {e["row"]: e["reason_en"] for e in refused.json()["errors"]}
        assert "no such certificate number" in reasons[3] and "malformed" in reasons[4]
        assert "more than once" in reasons[5]
    assert await blanko_events(service) == 0

    good = xlsx([(one["number"], "0012345 2026"), (two["number"], "0012346  2026 ")])
    dry = await upload(api, good, dry_run=True)
    assert dry.status_code == 200, dry.text
    assert (dry.json()["attached"], [r["outcome"] for r in dry.json()["rows"]]) == (
        2, ["attach", "attach"])  # fmt: skip
    assert await blanko_events(service) == 0  # a dry run records nothing

    done = await upload(api, good)
    assert done.status_code == 201, done.text
    assert (done.json()["attached"], done.json()["unchanged"]) == (2, 0)
    assert await blanko_events(service) == 2
    again = await upload(api, good)
    assert again.status_code == 201 and (again.json()["attached"], again.json()["unchanged"]) == (
        0, 2)  # fmt: skip
    assert await blanko_events(service) == 2  # the same pairs again: nothing

    clash = await upload(api, xlsx([(one["number"], "0099999 2026"),
                                    (three["number"], "0012346 2026")]))  # fmt: skip
    assert clash.status_code == 422, clash.text
    reasons = {e["row"]: (e["field"], e["reason_en"]) for e in clash.json()["errors"]}
    assert reasons[2][0] == "rows[2].nomor_blanko" and "0012345 2026" in reasons[2][1]
    taken = "the blanko number is already attached to another certificate"
    assert reasons[3] == ("rows[3].nomor_blanko", taken)
    files = {"file": ("b.xlsx", good, "application/octet-stream")}
    other_lsp = await api.post("/blanko-imports", headers=lsp_admin(uuid4()), files=files)
    assert other_lsp.status_code == 422  # another LSP's numbers are unknown there
    assert await blanko_events(service) == 2

    async def shown() -> dict[str, Any] | None:
        found = (await api.get(f"/certificates/{two['certificate_id']}", headers=ADMIN)).json()
        return found if found.get("blanko_number") else None

    assert (await wait_until(shown, what="the blanko number on the certificate"))[
        "blanko_number"] == "0012346 2026"  # fmt: skip

    await publish(service.registration_topic, [scheme_version(LSP)])
    holder = UUID(two["candidate_id"])
    await publish(service.personal_data_topic, [await sealed_holder(
        service, holder, {"full_name": "Ni Luh Sari", "birth_place": "Amlapura",
                          "birth_date": "1990-01-31"})])  # fmt: skip
    assert (await api.put("/print-profile", json=PROFILE, headers=ADMIN)).status_code == 200

    async def printed() -> bytes | None:
        found = await api.get(f"/certificates/{two['certificate_id']}/certificate.pdf",
                              headers=ADMIN)  # fmt: skip
        return found.content if found.status_code == 200 else None

    pdf = await wait_until(printed, timeout=60, what="the certificate's PDF")
    assert b"0012346 2026" in pdf_text(pdf)

    # Partners got each pair once, the same file imported again published nothing: a later
    # change of the third certificate, published after all of it, marks the relay's progress.
    marker = await api.post(f"/certificates/{three['certificate_id']}/suspension",
                            json={"reason": "data_under_review"}, headers=ADMIN)  # fmt: skip
    assert marker.status_code == 200, marker.text
    records = await wait_until(lambda: public_after(service, "CertificateSuspended"),
                               timeout=60, what="the marker on the public topic")  # fmt: skip
    attached = [r for r in records if ce_name(r) == "CertificateBlankoNumberAttached"]
    assert sorted((r.key.decode(), json.loads(r.value)["number"],
                   json.loads(r.value)["blanko_number"]) for r in attached) == sorted([
        (f"certificate-{one['certificate_id']}", one["number"], "0012345 2026"),
        (f"certificate-{two['certificate_id']}", two["number"], "0012346 2026"),
    ])  # fmt: skip
    assert all(json.loads(r.value)["lsp_id"] == str(LSP) for r in attached)
    everything = b"".join(r.value for r in records)
    assert b"Ni Luh Sari" not in everything and b"Amlapura" not in everything
    assert b"import_id" not in everything


def ce_name(record: Any) -> str:
    return str(dict(record.headers)["ce_type"].decode().split(".")[3])


async def public_after(service: CertificateService, marker: str) -> list[Any] | None:
    """The certificate topic's records once `marker` is among them."""
    records = await all_records(service.settings.kafka_bootstrap, service.topic)
    return records if any(ce_name(r) == marker for r in records) else None


async def test_two_imports_at_once_never_put_one_blanko_number_on_two_certificates(
    started: Started,
) -> None:
    service, api = started
    one, two, _ = await issued(service, api)
    before = await blanko_events(service)
    first, second = await asyncio.gather(
        upload(api, xlsx([(one["number"], "0077777 2026")])),
        upload(api, xlsx([(two["number"], "0077777 2026")])),
    )
    assert sorted([first.status_code, second.status_code]) in ([201, 409], [201, 422])
    assert await blanko_events(service) == before + 1
