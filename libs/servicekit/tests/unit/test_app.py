"""What every service's app gets from the kit, tried on a small app of its own: the errors
body, the guards, role checks, the typed composition root, and docs that need no internet."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any
from uuid import uuid4

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from pydantic import BaseModel

from eventkit.pii import SubjectErased
from kompeten_contracts.errors import Kind, conflict, refuse
from kompeten_contracts.roles import Role
from servicekit.app import create_app
from servicekit.auth import Principal, bearer_headers, issue_token, require_roles
from servicekit.guards import BodyLimit
from servicekit.root import root_of


class Root:
    def __init__(self) -> None:
        self.seen: list[Any] = []


class Other:
    pass


class Note(BaseModel):
    text: str
    score: float = 0


router = APIRouter()
Service = Annotated[Root, Depends(root_of(Root))]
Admin = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN))]


@router.post("/notes")
async def add_note(note: Note, service: Service) -> dict[str, int]:
    service.seen.append(note)
    return {"count": len(service.seen)}


@router.post("/admin")
async def admin_only(who: Admin) -> dict[str, str]:
    return {"role": who.role.value}


@router.post("/taken")
async def taken() -> None:
    raise conflict("code", "sudah dipakai", "already taken")


@router.post("/slow-down")
async def slow_down() -> None:
    refusal = refuse("email", "terlalu banyak", "too many", Kind.TOO_MANY)
    refusal.retry_after = 30
    raise refusal


@router.post("/erased")
async def write_for_an_erased_person() -> None:
    raise SubjectErased(uuid4())


@router.post("/upload")
async def upload(request: Request) -> dict[str, int]:
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
    return {"size": size}


def limits(path: str) -> BodyLimit:
    return BodyLimit(1000, streamed=True) if path == "/upload" else BodyLimit(100)


@pytest.fixture
async def kit() -> AsyncIterator[tuple[Root, httpx.AsyncClient]]:
    root = Root()
    app = create_app("Kit test", root, [router], limit_for=limits)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as http:
        yield root, http


def field_of(response: httpx.Response) -> str:
    field: str = response.json()["errors"][0]["field"]
    return field


async def chunks(body: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(body), 30):
        yield body[start : start + 30]


async def test_endpoints_get_the_root_they_were_made_for(kit: tuple[Root, Any]) -> None:
    root, http = kit
    response = await http.post("/notes", json={"text": "ok"})
    assert response.json() == {"count": 1} and root.seen == [Note(text="ok")]


async def test_an_app_made_for_another_root_refuses_to_hand_it_out() -> None:
    app = create_app("Wrong root", Other(), [router])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as http:
        with pytest.raises(TypeError, match="made for Other, not Root"):
            await http.post("/notes", json={"text": "ok"})


async def test_refusals_validation_and_routing_answer_in_one_shape(kit: tuple[Root, Any]) -> None:
    _, http = kit
    taken = await http.post("/taken")
    assert taken.status_code == 409 and taken.json() == {
        "errors": [{"field": "code", "reason": "sudah dipakai", "reason_en": "already taken"}]
    }
    slow = await http.post("/slow-down")
    assert slow.status_code == 429 and slow.headers["Retry-After"] == "30"
    missing = await http.post("/notes", json={})
    assert missing.status_code == 422 and field_of(missing) == "text"
    assert missing.json()["errors"][0]["reason"] == "wajib diisi"
    erased = await http.post("/erased")
    assert erased.status_code == 410 and field_of(erased) == "person"
    nowhere = await http.get("/nowhere")
    assert nowhere.status_code == 404 and field_of(nowhere) == "request"
    wrong_verb = await http.get("/notes")
    assert wrong_verb.status_code == 405 and field_of(wrong_verb) == "request"


@pytest.mark.parametrize(
    "content_type", ["application/json", "APPLICATION/JSON", "application/vnd.kompeten+JSON"]
)
async def test_nul_and_non_finite_numbers_are_refused_on_their_field(
    kit: tuple[Root, Any], content_type: str
) -> None:
    root, http = kit
    headers = {"Content-Type": content_type}
    nul = await http.post("/notes", content=b'{"text": "a\\u0000b"}', headers=headers)
    assert nul.status_code == 422 and field_of(nul) == "text"
    for number in (b"1e400", b"NaN", b"-Infinity"):
        body = b'{"text": "a", "score": ' + number + b"}"
        refused = await http.post("/notes", content=body, headers=headers)
        assert refused.status_code == 422 and field_of(refused) == "score", number
    fine = await http.post("/notes", content=b'{"text": "1e300", "score": 2.5e10}', headers=headers)
    assert fine.status_code == 200
    assert root.seen == [Note(text="1e300", score=2.5e10)]


async def test_a_nul_in_the_query_is_refused_on_its_name(kit: tuple[Root, Any]) -> None:
    _, http = kit
    response = await http.post("/notes?q=a%00b", json={"text": "ok"})
    assert response.status_code == 422 and field_of(response) == "q"


async def test_bodies_over_the_limit_are_refused_declared_or_chunked(kit: tuple[Root, Any]) -> None:
    root, http = kit
    big = b'{"text": "' + b"x" * 200 + b'"}'
    declared = await http.post("/notes", content=big, headers={"Content-Type": "application/json"})
    chunked = await http.post(
        "/notes", content=chunks(big), headers={"Content-Type": "application/json"}
    )
    assert "content-length" not in chunked.request.headers
    for response in (declared, chunked):
        assert response.status_code == 413 and field_of(response) == "body"
    assert root.seen == []


async def test_a_streamed_path_reads_up_to_its_limit_and_no_further(kit: tuple[Root, Any]) -> None:
    _, http = kit
    within = await http.post("/upload", content=chunks(b"y" * 900))
    assert within.status_code == 200 and within.json() == {"size": 900}
    over = await http.post("/upload", content=chunks(b"y" * 1100))
    assert over.status_code == 413 and field_of(over) == "body"


async def test_roles_are_checked_from_the_signed_token(kit: tuple[Root, Any]) -> None:
    _, http = kit
    assert (await http.post("/admin")).status_code == 401
    forged = await http.post("/admin", headers={"Authorization": "Bearer not.a.token"})
    assert forged.status_code == 401 and forged.headers["WWW-Authenticate"] == "Bearer"
    assessor = await http.post("/admin", headers=bearer_headers(Role.ASSESSOR))
    assert assessor.status_code == 403 and field_of(assessor) == "Authorization"
    token = issue_token(Principal(uuid4(), Role.LSP_ADMIN))
    admin = await http.post("/admin", headers={"Authorization": f"Bearer {token}"})
    assert admin.status_code == 200 and admin.json() == {"role": "lsp_admin"}


async def test_api_docs_load_their_assets_from_the_service_itself(kit: tuple[Root, Any]) -> None:
    _, http = kit
    for page in ("/docs", "/redoc"):
        html = (await http.get(page)).text
        assert "cdn." not in html and "/docs-assets/" in html, page
    script = await http.get("/docs-assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.text[:2000]
    assert (await http.get("/docs-assets/redoc.standalone.js")).status_code == 200
    schema = (await http.get("/openapi.json")).json()
    assert "4XX" in schema["paths"]["/notes"]["post"]["responses"]


def test_the_errors_body_is_the_contract_every_service_documents() -> None:
    app: FastAPI = create_app("Schema", Root(), [router])
    schemas = app.openapi()["components"]["schemas"]
    assert set(schemas["ErrorBody"]["properties"]) == {"errors"}
    assert set(schemas["FieldProblem"]["required"]) == {"field", "reason", "reason_en"}
