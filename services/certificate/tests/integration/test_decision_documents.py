"""A session's decision document on the real stack: decided K and BK on recommendations
published on a fresh topic, signed as version 1; the same again signs nothing; a later
decision makes version 2 while version 1 stays downloadable and verifiable; an edited PDF
fails the check (online, and offline against the published key set); the blanko request
package points to the latest version."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from certificate_cases import recommendation
from certificate_stack import api_of, decision_maker, lsp_admin, publish, running_certificate
from openpyxl import load_workbook
from printing_cases import PROFILE, page_count

from certificate import verify as offline
from certificate.bootstrap import CertificateService
from eventkit.testing.infra import admin_connection
from eventkit.testing.waiting import wait_until

pytestmark = pytest.mark.integration
LSP = uuid4()
Started = tuple[CertificateService, httpx.AsyncClient]


@pytest.fixture(scope="module")
async def started() -> AsyncIterator[Started]:
    async with running_certificate() as service, api_of(service) as api:
        yield service, api


async def decided_in_read_model(api: httpx.AsyncClient, attempts: list[UUID]) -> None:
    async def probe() -> bool:
        for attempt in attempts:
            found = await api.get(f"/recommendations/{attempt}", headers=lsp_admin(LSP))
            if found.status_code != 200 or found.json()["decision"] is None:
                return False
        return True

    await wait_until(probe, timeout=60, what="the decisions in the read model")


async def decide_session(service: CertificateService, api: httpx.AsyncClient, session: UUID,
                         events: list[Any]) -> None:  # fmt: skip
    await publish(service.source_topic, events)

    async def all_received() -> bool:
        for event in events:
            found = await api.get(f"/recommendations/{event.attempt_id}", headers=lsp_admin(LSP))
            if found.status_code != 200:
                return False
        return True

    await wait_until(all_received, timeout=60, what="recommendations received")
    answer = await api.post(f"/sessions/{session}/decisions", headers=decision_maker(LSP))
    assert answer.status_code == 200, answer.text
    await decided_in_read_model(api, [e.attempt_id for e in events])


async def check(api: httpx.AsyncClient, pdf: bytes, headers: dict[str, str]) -> dict[str, Any]:
    files = {"file": ("berita-acara.pdf", pdf, "application/pdf")}
    answer = await api.post("/decision-documents/checks", files=files, headers=headers)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


async def test_a_sessions_decisions_signed_versioned_and_checked(
    started: Started, tmp_path: Path
) -> None:
    service, api = started
    admin, maker = lsp_admin(LSP), decision_maker(LSP)
    assert (await api.put("/print-profile", json=PROFILE, headers=admin)).status_code == 200
    session = uuid4()
    url = f"/sessions/{session}/decision-document"
    none_yet = await api.post(url, headers=maker)
    assert none_yet.status_code == 404 and none_yet.json()["errors"][0]["field"] == "session_id"

    first = [recommendation(lsp_id=LSP, session_id=session) for _ in range(2)]
    first.append(recommendation(lsp_id=LSP, session_id=session, competent=False))
    await decide_session(service, api, session, first)
    v1 = await api.post(url, headers=maker)
    assert v1.status_code == 200, v1.text
    doc1 = v1.json()
    assert (doc1["version"], doc1["competent"], doc1["not_yet_competent"]) == (1, 2, 1)
    again = (await api.post(url, headers=admin)).json()
    assert again == doc1  # the same decisions: nothing signed again

    pdf1 = await api.get(doc1["pdf"], headers=admin)
    assert pdf1.status_code == 200 and page_count(pdf1.content) >= 1
    assert f"KOMPETEN-SIG:{doc1['signature']}".encode() in pdf1.content
    checked = await check(api, pdf1.content, maker)
    assert checked["signature_valid"] and checked["on_record"]
    assert (checked["version"], checked["latest_version"]) == (1, 1)
    edited = pdf1.content.replace(b"(K)", b"(X)", 1)
    assert edited != pdf1.content
    tampered = await check(api, edited, maker)
    assert not tampered["signature_valid"] and not tampered["on_record"]
    # Another LSP's staff learn nothing of this LSP's documents.
    other = decision_maker(uuid4())
    assert (await api.get(doc1["pdf"], headers=other)).status_code == 404
    # Offline, against the published key set: the genuine file holds, the edited one fails.
    keys = tmp_path / "keys.json"
    keys.write_text((await api.get("/keys")).text)
    (tmp_path / "v1.pdf").write_bytes(pdf1.content)
    (tmp_path / "edited.pdf").write_bytes(edited)
    assert offline.main(["--keys", str(keys), str(tmp_path / "v1.pdf")]) == 0
    assert offline.main(["--keys", str(keys), str(tmp_path / "edited.pdf")]) == 1
    assert (await check(api, pdf1.content, other))["on_record"] is False

    # A late member decided: version 2 lists all four; version 1 stays on record.
    late = recommendation(lsp_id=LSP, session_id=session)
    await decide_session(service, api, session, [late])
    doc2 = (await api.post(url, headers=maker)).json()
    assert (doc2["version"], doc2["competent"], doc2["not_yet_competent"]) == (2, 3, 1)
    listed = (await api.get(url, headers=admin)).json()
    assert [d["version"] for d in listed] == [1, 2]
    pdf2 = (await api.get(doc2["pdf"], headers=admin)).content
    assert doc1["sha256"].encode() in pdf2  # it names the version it supersedes
    old = await check(api, (await api.get(doc1["pdf"], headers=admin)).content, admin)
    assert old["signature_valid"] and (old["version"], old["latest_version"]) == (1, 2)
    assert await log_count(service, session) == 2

    package = await api.get(f"/sessions/{session}/blanko-request.xlsx", headers=maker)
    assert package.status_code == 200, package.text
    book = load_workbook(io.BytesIO(package.content))
    minutes = {r[0]: r[1] for r in book["Berita Acara"].iter_rows(min_row=2, values_only=True)}
    pointer = minutes["Dokumen keputusan (berita acara pleno)"]
    assert "versi 2" in pointer and doc2["sha256"] in pointer and "belum" not in pointer


async def log_count(service: CertificateService, session: UUID) -> int:
    conn = await admin_connection()
    try:
        sql = f'SELECT count(*) FROM "{service.schema}".events WHERE stream_id = $1'
        return int(await conn.fetchval(sql, f"decision-document-{LSP}-{session}"))
    finally:
        await conn.close()
