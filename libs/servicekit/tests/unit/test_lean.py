"""The kit's fast lane answers exactly as FastAPI would answer the same declared endpoint: the
same app is made with and without the lane and asked the same things (a good request, a bad
path parameter, a bad body, no token, a wrong role, a refusal, a body the guards refuse, another
method on the lane's path), and each answer compared."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request, Response
from pydantic import BaseModel, Field

from kompeten_contracts.errors import conflict
from kompeten_contracts.roles import Role
from servicekit.app import create_app
from servicekit.auth import bearer_headers
from servicekit.guards import BodyLimit
from servicekit.lean import Lane, body_as, json_answer, lean_doc, principal_in
from servicekit.root import root_in


class Root:
    def __init__(self) -> None:
        self.saved: list[tuple[UUID, int]] = []


class ScoreIn(BaseModel):
    score: int = Field(ge=0, le=100)
    note: str = Field(default="", max_length=20)


class SavedOut(BaseModel):
    item_id: UUID
    total: int


router = APIRouter()


@router.post("/items/{item_id}/scores", response_model=SavedOut, openapi_extra=lean_doc(ScoreIn))
async def save_score(request: Request, item_id: UUID) -> Response:
    await principal_in(request, Role.ASSESSOR)
    body = await body_as(ScoreIn, request)
    if body.note == "taken":
        raise conflict("note", "sudah dipakai", "already taken")
    root = root_in(request, Root)
    root.saved.append((item_id, body.score))
    return json_answer(SavedOut(item_id=item_id, total=len(root.saved)))


@router.get("/items/{item_id}/scores")
async def scores(item_id: UUID) -> dict[str, str]:
    return {"item": str(item_id)}


def app_of(lanes: list[Lane]) -> FastAPI:
    return create_app(
        "Lane test", Root(), [router], limit_for=lambda _: BodyLimit(200), lanes=lanes
    )


@pytest.fixture
async def both() -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    lane = Lane("POST", "/items/{item_id}/scores", save_score)
    declared, lean = app_of([]), app_of([lane])
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(declared), base_url="http://t") as a,
        httpx.AsyncClient(transport=httpx.ASGITransport(lean), base_url="http://t") as b,
    ):
        yield a, b


ITEM = uuid4()
ASSESSOR = bearer_headers(Role.ASSESSOR)
CASES: list[tuple[str, str, dict[str, str], Any]] = [
    ("POST", f"/items/{ITEM}/scores", ASSESSOR, {"score": 7}),
    ("POST", "/items/not-a-uuid/scores", ASSESSOR, {"score": 7}),
    ("POST", f"/items/{ITEM}/scores", ASSESSOR, {"score": 700, "note": "x" * 30}),
    ("POST", f"/items/{ITEM}/scores", ASSESSOR, "not json"),
    ("POST", f"/items/{ITEM}/scores", {}, {"score": 7}),
    ("POST", f"/items/{ITEM}/scores", {"Authorization": "Bearer nonsense"}, {"score": 7}),
    ("POST", f"/items/{ITEM}/scores", bearer_headers(Role.CANDIDATE), {"score": 7}),
    ("POST", f"/items/{ITEM}/scores", ASSESSOR, {"score": 7, "note": "taken"}),
    ("POST", f"/items/{ITEM}/scores", ASSESSOR, {"score": 7, "note": "a\u0000"}),
    ("POST", f"/items/{ITEM}/scores", ASSESSOR, {"score": 7, "note": "y" * 300}),
    ("GET", f"/items/{ITEM}/scores", ASSESSOR, None),
]


@pytest.mark.parametrize(("method", "path", "headers", "body"), CASES)
async def test_the_lane_answers_as_the_declared_endpoint(
    both: tuple[httpx.AsyncClient, httpx.AsyncClient],
    method: str,
    path: str,
    headers: dict[str, str],
    body: Any,
) -> None:
    answers = []
    for http in both:
        if isinstance(body, str):
            sent = {"content": body, "headers": {**headers, "content-type": "application/json"}}
        else:
            sent = {"json": body, "headers": headers}
        response = await http.request(method, path, **sent)
        answers.append(
            (response.status_code, response.json(), response.headers.get("www-authenticate"))
        )
    declared, lean = answers
    assert lean == declared


def test_the_document_shows_the_lane_s_body_and_answer() -> None:
    operation = app_of([]).openapi()["paths"]["/items/{item_id}/scores"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["score"]["maximum"] == 100 and body["required"] == ["score"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SavedOut"
    }
    assert operation["parameters"][0]["name"] == "item_id"
    assert operation["security"] == [{"HTTPBearer": []}]


async def test_the_lane_serves_its_path_ahead_of_fastapi_routing() -> None:
    # A lane whose path no router declares: only the lane can answer it.
    app = app_of([Lane("POST", "/only-lane/{item_id}", save_score)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as http:
        answered = await http.post(f"/only-lane/{ITEM}", json={"score": 3}, headers=ASSESSOR)
        assert answered.status_code == 200 and answered.json() == {"item_id": str(ITEM), "total": 1}
        assert (await http.get(f"/only-lane/{ITEM}")).status_code == 404
