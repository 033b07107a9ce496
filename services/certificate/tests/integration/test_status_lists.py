"""The LSP's signed status lists on the real stack: each certificate gets its own random index
(in its QR payload), a suspension sets its bit in the suspension list within seconds, a
reinstatement clears it, a withdrawal sets it in the revocation list; the lists are public,
signed with the published keys, at least 131,072 bits long, cached by ETag; an LSP without
certificates has none."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import httpx
import pytest
from certificate_stack import api_of, lsp_admin, running_certificate
from released_cases import released as released_certificate

from certificate.bootstrap import CertificateService
from certificate.issuance.adapters.qr_payload import verify as verify_qr
from certificate.status_lists.adapters.offline_lists import StatusList, read_list
from certificate.status_lists.adapters.status_entries import StatusEntriesProjection
from certificate.status_lists.domain.bitstring import LIST_BITS
from eventkit.projection import ProjectionRunner
from eventkit.settings import load_settings
from eventkit.store import PostgresEventStore, create_pool
from eventkit.testing.infra import TEST_DATABASE
from eventkit.testing.waiting import wait_until

pytestmark = pytest.mark.integration
LSP = uuid4()
Started = tuple[CertificateService, httpx.AsyncClient]


@pytest.fixture(scope="module")
async def started() -> AsyncIterator[Started]:
    async with running_certificate() as service, api_of(service) as api:
        yield service, api


async def released(service: CertificateService, api: httpx.AsyncClient) -> dict[str, Any]:
    return await released_certificate(service, api, LSP)


def index_of(service: CertificateService, certificate: dict[str, Any]) -> int:
    claims = verify_qr(certificate["qr_payload"], service.key_ring().public()).claims
    assert claims.status_index is not None and claims.lsp_id == LSP
    return claims.status_index


async def status_list(service: CertificateService, api: httpx.AsyncClient,
                      purpose: str) -> StatusList:  # fmt: skip
    answer = await api.get(f"/status-lists/{LSP}/{purpose}")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vc+jwt")
    return read_list(answer.text, service.key_ring().public(), datetime.now(UTC))


async def marked(service: CertificateService, api: httpx.AsyncClient, purpose: str,
                 index: int, expected: bool) -> None:  # fmt: skip
    async def shows() -> bool:
        return (await status_list(service, api, purpose)).is_set(index) is expected

    await wait_until(shows, timeout=10, what=f"{purpose} bit {index} = {expected}")


async def test_suspension_reinstatement_and_withdrawal_reach_the_lists_within_seconds(
    started: Started,
) -> None:
    service, api = started
    certificate, other = await released(service, api), await released(service, api)
    index, other_index = index_of(service, certificate), index_of(service, other)
    assert index != other_index and 0 <= index < LIST_BITS
    suspension = await status_list(service, api, "suspension")
    assert len(suspension.bits) * 8 >= LIST_BITS and not suspension.is_set(index)
    assert suspension.url.endswith(f"/status-lists/{LSP}/suspension")

    url, admin = f"/certificates/{certificate['certificate_id']}", lsp_admin(LSP)
    answer = await api.post(f"{url}/suspension", json={"reason": "misuse_suspected"},
                            headers=admin)  # fmt: skip
    assert answer.status_code == 200, answer.text
    started_at = datetime.now(UTC)
    await marked(service, api, "suspension", index, True)
    assert (datetime.now(UTC) - started_at).total_seconds() < 10
    assert not (await status_list(service, api, "suspension")).is_set(other_index)
    assert not (await status_list(service, api, "revocation")).is_set(index)

    answer = await api.post(f"{url}/reinstatement", json={"reason": "review_cleared"},
                            headers=admin)  # fmt: skip
    assert answer.status_code == 200, answer.text
    await marked(service, api, "suspension", index, False)

    answer = await api.post(f"{url}/withdrawal", json={"reason": "misuse"}, headers=admin)
    assert answer.status_code == 200, answer.text
    await marked(service, api, "revocation", index, True)
    assert not (await status_list(service, api, "revocation")).is_set(other_index)


async def test_the_lists_are_public_cached_by_etag_and_only_for_an_lsp_with_certificates(
    started: Started,
) -> None:
    service, api = started
    await released(service, api)
    first = await api.get(f"/status-lists/{LSP}/revocation")
    assert first.status_code == 200 and "max-age=30" in first.headers["cache-control"]
    etag = first.headers["etag"]
    again = await api.get(f"/status-lists/{LSP}/revocation", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    none = await api.get(f"/status-lists/{uuid4()}/revocation")
    assert none.status_code == 404 and none.json()["errors"][0]["field"] == "lsp_id"
    bad = await api.get(f"/status-lists/{LSP}/expiry")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "purpose"
    assert (await api.get(f"/status-lists/{LSP}/suspension")).headers["etag"] != etag


async def test_an_index_is_never_given_twice_and_a_certificate_keeps_its_own(
    started: Started,
) -> None:
    service, api = started
    await released(service, api)
    conn = await service.pool.acquire()
    try:
        rows = await conn.fetch(
            f'SELECT certificate_id, idx FROM "{service.schema}".status_list_indices '
            "WHERE lsp_id = $1",
            LSP,
        )
        given = await conn.fetchval(
            f'SELECT allocated FROM "{service.schema}".status_list_counters WHERE lsp_id = $1',
            LSP,
        )
    finally:
        await service.pool.release(conn)
    assert len(rows) == given >= 1 and len({r["idx"] for r in rows}) == len(rows)
    store = service.features().decide.issuance.status_indices
    assert store is not None
    async with service.pool.acquire() as conn, conn.transaction():
        for row in rows:
            assert await store.allocate(conn, row["certificate_id"], LSP) == row["idx"]


async def test_a_replaced_certificate_is_revoked_and_its_replacement_has_its_own_index(
    started: Started,
) -> None:
    service, api = started
    certificate = await released(service, api)
    index = index_of(service, certificate)
    url, admin = f"/certificates/{certificate['certificate_id']}", lsp_admin(LSP)
    answer = await api.post(f"{url}/replacement", json={"reason": "data_correction"},
                            headers=admin)  # fmt: skip
    assert answer.status_code == 200, answer.text
    await marked(service, api, "revocation", index, True)

    async def replacement() -> dict[str, Any] | None:
        found = await api.get(f"/certificates/{answer.json()['replaced_by']}", headers=admin)
        return found.json() if found.status_code == 200 else None

    new = await wait_until(replacement, timeout=30, what="the replacement in the register")
    new_index = index_of(service, new)
    assert new_index != index
    assert not (await status_list(service, api, "revocation")).is_set(new_index)


async def entries(service: CertificateService) -> list[tuple[Any, ...]]:
    rows = await service.pool.fetch(
        f'SELECT * FROM "{service.schema}".status_list_entries ORDER BY certificate_id'
    )
    return [tuple(row) for row in rows]


async def test_a_rebuild_of_the_bits_from_the_log_gives_the_live_rows(started: Started) -> None:
    service, api = started
    certificate = await released(service, api)
    url = f"/certificates/{certificate['certificate_id']}/suspension"
    answer = await api.post(url, json={"reason": "data_under_review"}, headers=lsp_admin(LSP))
    assert answer.status_code == 200, answer.text
    await marked(service, api, "suspension", index_of(service, certificate), True)
    live = await entries(service)
    assert any(row[3] for row in live)  # a suspended one among them
    pool = await create_pool(load_settings().admin_dsn(TEST_DATABASE),
                             server_settings={"search_path": service.schema})  # fmt: skip
    try:
        store = PostgresEventStore(pool, service.schema)
        for batch in (1, 500):  # one event at a time, and many
            runner = ProjectionRunner(pool, service.schema, store,
                                      StatusEntriesProjection(service.schema),
                                      replay_batch_size=batch)  # fmt: skip
            assert await runner.rebuild() == await store.last_position()
            assert await entries(service) == live
    finally:
        await pool.close()


async def test_indices_given_many_at_once_are_distinct_random_and_kept() -> None:
    """`allocate_many` (a cohort's certificates in one transaction) against one at a time:
    distinct indices below each place's range, the counter moved by the number given, and a
    certificate that has one keeps it, alone or among others."""
    async with running_certificate(consume=False) as service:
        store = service.features().decide.issuance.status_indices
        assert store is not None
        lsp, first, cohort = uuid4(), uuid4(), [uuid4() for _ in range(300)]
        async with service.pool.acquire() as conn, conn.transaction():
            one = await store.allocate(conn, first, lsp)
            many = await store.allocate_many(conn, [first, *cohort, cohort[0]], lsp)
            again = await store.allocate_many(conn, cohort[:5], lsp)
            given = await conn.fetchval(
                f'SELECT allocated FROM "{service.schema}".status_list_counters WHERE lsp_id = $1',
                lsp,
            )
        assert many[first] == one and len(many) == 301 and given == 301
        assert len(set(many.values())) == 301 and all(0 <= i < LIST_BITS for i in many.values())
        assert again == {c: many[c] for c in cohort[:5]}
