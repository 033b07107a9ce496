"""A cohort of certificates prepared in the certificate service, for the issue and verify arms.

`certificate_service` starts the real CertificateService on a fresh schema of kompeten_test,
with its own fresh topics (assessment's, registration's, the internal personal-data topic and
its own, relay running) and a key store of its own (a fresh schema holding `person_keys`, as
registration's vault keeps them). `receive` publishes what the other services would: the
scheme version (12 units, titles to print), each holder's details sealed under their key, and
each attempt's recommendation (every unit K), and waits until the service's consumers hold them
all. `decide`, `sign` and `print_batch` then go through the service's own HTTP API in process
(ASGI), as a decision maker, each holder and the LSP's admin do."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import httpx

from certificate.agreements.domain.agreement import VERSION
from certificate.api.app import create_app
from certificate.bootstrap import CertificateService
from certificate.consumers import assessment_events, personal_data, registration_events
from certificate.printing.domain import print_batch as pb
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, admin_connection, fresh_schema, unique_topic
from eventkit.testing.kafka import publish
from eventkit.testing.key_store import ScratchKeyStore, fresh_key_store
from kompeten_contracts.assessment import OutcomeV1, RecommendationPublishedV1, UnitOutcomeV1
from kompeten_contracts.internal import HolderDetailsSealedV1
from kompeten_contracts.roles import Role
from kompeten_contracts.schemes import SchemeUnitV1, SchemeVersionPublishedV1
from servicekit.auth import bearer_headers

SCHEME = "KOP-KASIR"
UNITS = tuple(f"M.702090.{n:03d}.01" for n in range(1, 13))
PROFILE: dict[str, Any] = {
    "lsp_name": "LSP Koperasi Bali", "licence": "BNSP-LSP-0451-ID", "city": "Denpasar",
    "signatory_name": "Dr. I Made Suarta, S.E., M.M.", "signatory_title": "Ketua LSP Koperasi Bali",
    "calibration": {"offset_x_mm": 1.2, "offset_y_mm": -0.8, "scale": 1.004},
}  # fmt: skip


@contextlib.asynccontextmanager
async def certificate_service(**changes: Any) -> AsyncIterator[CertificateService]:
    async with fresh_schema("bench_cert") as schema, fresh_key_store() as keys:
        service = CertificateService(
            load_settings(), schema=schema, database=TEST_DATABASE,
            source_topic=unique_topic("bench.assessment"),
            registration_topic=unique_topic("bench.registration"),
            personal_data_topic=unique_topic("bench.personal-data"),
            topic=unique_topic("bench.certificate"), group_id=f"bench-{uuid.uuid4().hex[:8]}",
            key_store=keys.location,
            subscriptions=[assessment_events.subscribe, registration_events.subscribe,
                           personal_data.subscribe], **changes,
        )  # fmt: skip
        service.scratch_keys = keys  # type: ignore[attr-defined]
        await service.start()
        try:
            yield service
        finally:
            await service.stop()


def api_of(service: CertificateService) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(service))
    return httpx.AsyncClient(transport=transport, base_url="http://cert.bench", timeout=600)


def admin(lsp_id: UUID) -> dict[str, str]:
    return bearer_headers(Role.LSP_ADMIN, lsp_id=lsp_id)


def recommendation(lsp_id: UUID, session_id: UUID) -> RecommendationPublishedV1:
    return RecommendationPublishedV1(
        attempt_id=uuid.uuid4(), attempt_no=1, candidate_id=uuid.uuid4(),
        application_id=uuid.uuid4(), lsp_id=lsp_id, scheme_code=SCHEME, scheme_version=1,
        session_id=session_id, district_code="5107",
        units=[UnitOutcomeV1(unit_code=u, outcome=OutcomeV1.COMPETENT) for u in UNITS],
        overall=OutcomeV1.COMPETENT, assessor_ids=[uuid.uuid4()],
        recommended_at=datetime.now(UTC),
    )  # fmt: skip


def scheme_version(lsp_id: UUID) -> SchemeVersionPublishedV1:
    return SchemeVersionPublishedV1(
        scheme_code=SCHEME, scheme_version=1, title="Kasir Koperasi Simpan Pinjam",
        brochure="Skema kasir", basic_requirements=["Bekerja di koperasi"],
        occupational_groups=["kasir"], cooperative_kinds=["ksp_usp"],
        units=[SchemeUnitV1(code=u, title=f"Melakukan transaksi kas harian koperasi {n}",
                            elements=[]) for n, u in enumerate(UNITS, start=1)],
        published_at=datetime(2026, 10, 1, tzinfo=UTC), lsp_id=lsp_id,
    )  # fmt: skip


async def _wait(what: str, check: Any, timeout: float = 300, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := await check()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {timeout} s")
        await asyncio.sleep(every)
    return found


async def _sealed(keys: ScratchKeyStore, events: list[RecommendationPublishedV1]) -> list[Any]:
    conn = await admin_connection()
    try:
        return [
            HolderDetailsSealedV1(
                candidate_id=e.candidate_id, application_id=e.application_id, lsp_id=e.lsp_id,
                sealed=await keys.vault.seal(conn, e.candidate_id, {
                    "full_name": f"Peserta Uji Kompetensi {n + 1}", "birth_place": "Amlapura",
                    "birth_date": "1990-01-31"}),
                accepted_at=datetime.now(UTC),
            )
            for n, e in enumerate(events)
        ]  # fmt: skip
    finally:
        await conn.close()


async def receive(service: CertificateService, lsp_id: UUID, session_id: UUID,
                  count: int) -> list[RecommendationPublishedV1]:  # fmt: skip
    """The session's `count` recommendations, holders and scheme, held by the service."""
    events = [recommendation(lsp_id, session_id) for _ in range(count)]
    keys: ScratchKeyStore = service.scratch_keys  # type: ignore[attr-defined]
    await publish(service.registration_topic, [(f"scheme-{SCHEME}-1", scheme_version(lsp_id))])
    sealed = await _sealed(keys, events)
    await publish(service.personal_data_topic,
                  [(f"application-{s.application_id}", s) for s in sealed])  # fmt: skip
    await publish(service.source_topic, [(f"attempt-{e.attempt_id}", e) for e in events])
    features = service.features()
    wanted = [e.candidate_id for e in events]

    async def held() -> bool:
        awaiting = await features.listing.of_session(lsp_id, session_id, 2 * count)
        named = await features.holders.sealed(wanted)
        schemes = await features.schemes.get_many({(SCHEME, 1)})
        return len(awaiting) == count and len(named) == count and bool(schemes)

    await _wait(f"{count} recommendations, holders and the scheme received", held)
    return events


async def decide(api: httpx.AsyncClient, lsp_id: UUID, session_id: UUID, count: int) -> None:
    """The session decided as recommended by one decision maker: each K issues its
    certificate (number, signed QR payload) in the decision's transaction."""
    maker = bearer_headers(Role.DECISION_MAKER, account_id=uuid.uuid4(), lsp_id=lsp_id)
    answer = await api.post(f"/sessions/{session_id}/decisions", headers=maker)
    if answer.status_code != 200 or len(answer.json()) != count:
        raise RuntimeError(f"session decisions: {answer.status_code} {answer.text[:300]}")


async def issued(service: CertificateService, lsp_id: UUID, session_id: UUID,
                 count: int, status: str) -> list[dict[str, Any]]:  # fmt: skip
    """The register's rows of the session once all `count` show `status`."""
    register = service.features().register

    async def rows() -> list[dict[str, Any]] | None:
        found = await register.of_lsp(lsp_id, session_id, 2 * count)
        ok = len(found) == count and all(str(r["status"]) == status for r in found)
        return found if ok else None

    found: list[dict[str, Any]] = await _wait(f"{count} certificates {status}", rows)
    return found


async def sign(api: httpx.AsyncClient, rows: list[dict[str, Any]]) -> None:
    """Each holder signs the agreement on the use of their certificate (their own token)."""
    for row in rows:
        holder = bearer_headers(Role.CANDIDATE, candidate_id=UUID(str(row["candidate_id"])))
        answer = await api.post(f"/certificates/{row['certificate_id']}/agreement",
                                json={"agreement_version": VERSION, "agree": True},
                                headers=holder)  # fmt: skip
        if answer.status_code != 200:
            raise RuntimeError(f"agreement: {answer.status_code} {answer.text[:300]}")


async def print_batch(service: CertificateService, api: httpx.AsyncClient, lsp_id: UUID,
                      session_id: UUID) -> dict[str, Any]:  # fmt: skip
    """The session's print batch asked for, then followed until the worker has merged it: by
    one indexed read of whether its stream holds PrintFileMerged yet. Loading the batch's
    stream instead (its events name every member) cost ~15 ms of this process's CPU a look,
    taken from the worker it watches."""
    asked = await api.post("/print-batches", headers=admin(lsp_id),
                           json={"session_id": str(session_id)})  # fmt: skip
    if asked.status_code != 201:
        raise RuntimeError(f"print batch: {asked.status_code} {asked.text[:300]}")
    batch_id = asked.json()["batch_id"]
    sql = (f"SELECT EXISTS (SELECT 1 FROM {service.schema}.events WHERE stream_id = $1"
           " AND event_type = 'PrintFileMerged')")  # fmt: skip

    async def merged() -> bool:
        return bool(await service.pool.fetchval(sql, pb.stream_id(UUID(batch_id))))

    # Looked for every 20 ms (one indexed read): the timed figure ends within 20 ms of the
    # merge, where a 100 ms step added ~50 ms (~1%) to a 1,000-page batch on average.
    await _wait(f"print batch {batch_id} merged", merged, 900, every=0.02)
    found: dict[str, Any] = (await api.get(f"/print-batches/{batch_id}",
                                           headers=admin(lsp_id))).json()  # fmt: skip
    return found


def today() -> date:
    return datetime.now(UTC).date()
