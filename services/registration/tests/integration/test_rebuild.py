"""Every read model registration builds from its log rebuilds from it: the cooperative registry
and the scheme catalogue (drafts included) come back row for row after they were lost, while
the service keeps running."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import pytest

from eventkit.testing.infra import TEST_DATABASE, admin_connection
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from registration.rebuild import PROJECTIONS
from registration.seed import demo_lsp_id, scheme_contents, scheme_owner
from registration.seed.cooperatives import DEMO_COOPERATIVES
from servicekit.auth import bearer_headers

from .conftest import http, running
from .test_catalogue_api import seed

pytestmark = pytest.mark.integration

# An admin of the demo LSP the first seeded scheme belongs to.
ADMIN = bearer_headers(Role.LSP_ADMIN, lsp_id=demo_lsp_id(scheme_owner(scheme_contents()[0][0])))


async def rows(schema: str, table: str) -> list[dict[str, Any]]:
    conn = await admin_connection()
    try:
        found = await conn.fetch(f'SELECT * FROM "{schema}".{table}')
    finally:
        await conn.close()
    return sorted((dict(r) for r in found), key=repr)


async def lose(schema: str, table: str) -> None:
    conn = await admin_connection()
    try:
        await conn.execute(f'DELETE FROM "{schema}".{table}')
    finally:
        await conn.close()


async def rebuild(schema: str, name: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "registration.rebuild", name, "--schema", schema,
        "--database", TEST_DATABASE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await process.communicate()
    assert process.returncode == 0, out.decode()
    return out.decode()


def test_every_read_model_has_a_rebuild() -> None:
    assert set(PROJECTIONS) == {
        "application_queue", "cooperatives", "district_progress", "progress_view",
        "scheme_versions", "scheme_progress",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "table", "count"),
    [
        ("cooperatives", "cooperatives", len(DEMO_COOPERATIVES)),
        ("scheme_versions", "scheme_versions", len(scheme_contents()) + 1),
    ],
)
async def test_a_lost_catalogue_read_model_is_rebuilt_row_for_row(
    schema: str, name: str, table: str, count: int
) -> None:
    await seed(schema)
    async with running(schema) as service, http(service) as api:
        code = scheme_contents()[0][0]
        drafted = await api.post(f"/schemes/{code}/versions", headers=ADMIN)  # a draft too
        assert drafted.status_code == 201, drafted.text

        async def projected() -> list[dict[str, Any]] | None:
            found = await rows(schema, table)
            return found if len(found) == count else None

        before = await wait_until(projected, timeout=30, what=f"{table} projected")
        await lose(schema, table)
        assert await rows(schema, table) == []
        out = await rebuild(schema, name)
        assert f"{name} rebuilt up to log position" in out
        assert await rows(schema, table) == before
