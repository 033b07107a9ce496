"""Staff accounts: the first LSP admin is opened from the command line, signs in by a mailed
code, and opens the accounts of other staff, who sign in the same way and act in their role.
Nobody else may open staff accounts."""

from __future__ import annotations

import asyncio
import sys
import uuid

import pytest

from eventkit import tokens
from eventkit.testing.infra import TEST_DATABASE, admin_connection
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

from .conftest import bearer, events, http, mailed, new_email, running, signed_in

pytestmark = pytest.mark.integration


LSP = "LSP-KOPERASI-BALI"


async def cli(*args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def staff_cli(schema: str, email: str, role: str) -> tuple[int, str, str]:
    """The staff command, as the platform's operator runs it: an LSP's staff are opened for
    their LSP, which is registered first (again: the same id)."""
    where = ("--schema", schema, "--database", TEST_DATABASE)
    name = ("--name", "LSP Koperasi Bali", "--licence", "BNSP-LSP-001")
    code, _, err = await cli("registration.lsps", "register", "--code", LSP, *name, *where)
    assert code == 0, err
    lsp = ("--lsp", LSP) if role in ("lsp_admin", "assessor") else ()
    return await cli("registration.staff", "create", "--email", email, "--role", role, *lsp,
                     *where)  # fmt: skip


async def test_the_first_admin_opens_a_staff_account_that_signs_in_by_a_mailed_code(
    schema: str,
) -> None:
    admin_email = new_email("admin.lsp")
    code, out, err = await staff_cli(schema, admin_email, "lsp_admin")
    assert code == 0, err
    admin_id = out.split()[2]
    assert f"staff account {admin_id} opened (lsp_admin)" in out

    async with running(schema) as service, http(service) as api:
        admin = await signed_in(api, admin_email)
        assert (admin["account_id"], admin["role"], admin["candidate_id"]) == (
            admin_id,
            "lsp_admin",
            None,
        )
        operator_email = new_email("operator.karangasem")
        opened = await api.post(
            "/staff",
            json={"email": operator_email, "role": "district_operator", "districts": ["5107"]},
            headers=bearer(admin["token"]),
        )
        assert opened.status_code == 201, opened.text
        opened_by = {
            e["data"]["account_id"]: e["data"]["opened_by"]
            for e in await events(schema, "AccountOpened")
        }
        assert opened_by[opened.json()["account_id"]] == admin_id  # attributed to the admin
        [invitation] = await mailed(operator_email, 1)
        assert "district_operator" in invitation["text"]

        operator = await signed_in(api, operator_email)
        assert operator["account_id"] == opened.json()["account_id"]
        assert (operator["role"], operator["candidate_id"]) == ("district_operator", None)
        acting = await api.post(
            "/cooperatives",
            headers=bearer(operator["token"]),
            json={"name": "KSP Sari Amerta", "kind": "ksp_usp", "legal_number": "AHU-0001.AH.01",
                  "district_code": "5107", "province_code": "51"},
        )  # fmt: skip
        assert acting.status_code == 201, acting.text  # the role the admin gave is in the token
        elsewhere = await api.post(
            "/cooperatives",
            headers=bearer(operator["token"]),
            json={"name": "KSP Badung", "kind": "ksp_usp", "legal_number": "AHU-0002.AH.01",
                  "district_code": "5103", "province_code": "51"},
        )  # fmt: skip
        assert elsewhere.status_code == 403  # and so are their districts, and only those
        assert elsewhere.json()["errors"][0]["field"] == "district_code"
        no_district = await api.post(
            "/staff",
            json={"email": new_email(), "role": "district_operator"},
            headers=bearer(admin["token"]),
        )
        assert no_district.status_code == 422
        assert no_district.json()["errors"][0]["field"] == "districts"

        before = len(await events(schema))
        for headers in (bearer(operator["token"]), bearer_headers(Role.CANDIDATE)):
            refused = await api.post(
                "/staff", json={"email": new_email(), "role": "lsp_admin"}, headers=headers
            )
            assert refused.status_code == 403, refused.text
            assert refused.json()["errors"][0]["field"] == "Authorization"
        anonymous = await api.post("/staff", json={"email": new_email(), "role": "lsp_admin"})
        assert anonymous.status_code == 401
        assert len(await events(schema)) == before


@pytest.mark.parametrize("role", ["candidate", "superuser"])
async def test_no_staff_account_with_a_role_that_is_not_staff(schema: str, role: str) -> None:
    async with running(schema) as service, http(service) as api:
        refused = await api.post(
            "/staff",
            json={"email": new_email(), "role": role},
            headers=bearer_headers(Role.LSP_ADMIN),
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == "role"
        assert await events(schema) == []


async def test_an_address_that_has_an_account_gets_no_second_one(schema: str) -> None:
    email = new_email("kembar")
    async with running(schema) as service, http(service) as api:
        first = await api.post(
            "/staff",
            json={"email": email, "role": "assessor"},
            headers=bearer_headers(Role.LSP_ADMIN, lsp_id=uuid.uuid4()),
        )
        assert first.status_code == 201, first.text
        again = await api.post(
            "/staff",
            json={"email": email.upper(), "role": "lsp_admin"},
            headers=bearer_headers(Role.LSP_ADMIN),
        )
        assert again.status_code == 409, again.text
        assert again.json()["errors"][0]["field"] == "email"
    assert len(await events(schema, "AccountOpened")) == 1


async def test_the_staff_command_run_twice_opens_one_account(schema: str) -> None:
    email = new_email("Admin.Kedua")
    first = await staff_cli(schema, email, "lsp_admin")
    second = await staff_cli(schema, email.lower(), "assessor")
    assert first[0] == 0, first[2]
    # The second run refuses in one line an operator can read, and exits 1.
    assert second[0] == 1, second
    assert "Traceback" not in second[2]
    assert second[2].strip().splitlines()[-1] == (
        "error: --email: e-mail ini sudah dipakai sebuah akun"
        " / this e-mail already belongs to an account"
    )
    assert second[1] == ""
    [opened] = await events(schema, "AccountOpened")
    assert opened["data"]["role"] == "lsp_admin"
    assert email.lower() not in str(opened["data"]).lower()  # the address is sealed, not plain


async def test_the_staff_command_refuses_an_address_sign_in_would_refuse(schema: str) -> None:
    code, out, err = await cli(
        "registration.staff", "create", "--email", "admin@lsp..example", "--role", "lsp_admin",
        "--lsp", LSP, "--schema", schema, "--database", TEST_DATABASE,
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.strip().splitlines() == [
        "error: --email: alamat e-mail tidak valid / not a valid e-mail address"
    ]
    conn = await admin_connection()
    try:  # refused before the service was even installed on the schema
        tables = await conn.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1", schema
        )
    finally:
        await conn.close()
    assert tables == 0


async def test_an_lsp_admin_opens_staff_of_their_own_lsp_and_their_tokens_carry_it(
    schema: str,
) -> None:
    own, other = uuid.uuid4(), uuid.uuid4()
    assessor_email = new_email("asesor")
    async with running(schema) as service, http(service) as api:
        opened = await api.post(
            "/staff",
            json={"email": assessor_email, "role": "assessor", "lsp": str(other)},
            headers=bearer_headers(Role.LSP_ADMIN, lsp_id=own),
        )
        assert opened.status_code == 422  # no choosing another LSP: the field is not taken
        opened = await api.post(
            "/staff",
            json={"email": assessor_email, "role": "assessor"},
            headers=bearer_headers(Role.LSP_ADMIN, lsp_id=own),
        )
        assert opened.status_code == 201, opened.text
        session = await signed_in(api, assessor_email)
        assert tokens.verify(session["token"]).lsp_id == own
        stray = await api.post(
            "/staff",
            json={"email": new_email(), "role": "assessor"},
            headers=bearer_headers(Role.LSP_ADMIN),  # an admin of no LSP
        )
        assert stray.status_code == 422 and stray.json()["errors"][0]["field"] == "lsp"
