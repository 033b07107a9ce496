"""A NUL character (U+0000), which PostgreSQL cannot store, is refused with the field named
instead of failing inside the service."""

from __future__ import annotations

import pytest

from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

from .conftest import events, http, running

pytestmark = pytest.mark.integration


async def test_nul_in_a_body_field_or_a_query_is_refused_on_that_field(schema: str) -> None:
    admin = bearer_headers(Role.LSP_ADMIN)
    async with running(schema) as service, http(service) as api:
        cooperative = await api.post(
            "/cooperatives",
            headers=admin,
            json={
                "name": "Koperasi\u0000Sejahtera",
                "kind": "ksp_usp",
                "legal_number": "123/BH/XXII/2020",
                "district_code": "5107",
                "province_code": "51",
            },
        )
        assert cooperative.status_code == 422, cooperative.text
        assert cooperative.json()["errors"][0]["field"] == "name"

        scheme = await api.post(
            "/schemes",
            headers=admin,
            json={"content": {"title": "Kasir\u0000"}, "scheme_code": "X"},
        )
        assert scheme.status_code == 422, scheme.text
        assert scheme.json()["errors"][0]["field"] == "content.title"

        search = await api.get("/cooperatives?q=a%00", headers=admin)
        assert search.status_code == 422, search.text
        assert search.json()["errors"][0]["field"] == "q"

        clean = await api.get("/cooperatives?q=Sejahtera", headers=admin)
        assert clean.status_code == 200
    assert await events(schema) == []
