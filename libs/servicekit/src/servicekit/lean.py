"""A lean path for a service's hottest route (a hall's answer saves): the same request, answer,
errors and OpenAPI document as a declared FastAPI endpoint, without FastAPI's routing through
every route, its per-request dependency solving and its second validation of the returned model.

Such an endpoint takes `request: Request` and its path parameters, is declared on its router as
usual (the document; `response_model` for the document only, as a returned Response is sent as
it is), and is listed as a `Lane` for `create_app(lanes=...)`: the `FastLane` middleware, inside
the kit's guards, calls it directly. It does its own work with these helpers:
- `principal_in(request, roles)`: the caller, exactly as `require_roles` decides it;
- `body_as(Model, request)`: the JSON body parsed and validated in one pass (pydantic's
  `model_validate_json`); bad input is FastAPI's `RequestValidationError` with the field's
  location, so the kit's handler answers the usual 422 naming the field;
- `json_answer(model)`: the model serialised once;
- `lean_doc(Model)`: the body it reads itself, for the document (`openapi_extra`).

Measured on the answer route (`python -m bench.profile_answers`, CPU per save): FastAPI's
routing, dependency solving and response validation were about a third of the service's CPU."""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.routing import compile_path
from starlette.types import ASGIApp, Receive, Scope, Send

from kompeten_contracts.roles import Role
from servicekit.auth import Principal, bearer, current_principal, require_roles

M = TypeVar("M", bound=BaseModel)
# The app's exception handlers by exception class, read when a lane's endpoint raises (the app
# registers them after the middleware is declared).
Handlers = Callable[[], Mapping[Any, Callable[[Request, Any], Response | Awaitable[Response]]]]


async def principal_in(request: Request, *roles: Role) -> Principal:
    """The caller of one of `roles`, or the same 401/403 the declared dependency gives."""
    principal = await current_principal(request, await bearer(request))
    return await require_roles(*roles)(principal)


async def body_as(model: type[M], request: Request) -> M:
    raw = await request.body()
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for error in errors:
            error["loc"] = ("body", *error["loc"])
        raise RequestValidationError(errors) from None


def json_answer(model: BaseModel, status_code: int = 200) -> Response:
    return Response(model.model_dump_json(), status_code, media_type="application/json")


def lean_doc(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` declaring `model` as the required JSON body. Its nested models must be in
    the document's components already (another route's model names them)."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)
    content = {"application/json": {"schema": schema}}
    body = {"required": True, "content": content}
    return {"requestBody": body, "security": [{"HTTPBearer": []}]}


@dataclass(frozen=True)
class Lane:
    """One lean endpoint, also declared on its router (the document, and the same answers if
    the lane were gone): `endpoint(request, **path parameters)`."""

    method: str
    path: str
    endpoint: Callable[..., Awaitable[Response]]


@dataclass(frozen=True)
class _Compiled:
    lane: Lane
    pattern: re.Pattern[str]
    params: dict[str, TypeAdapter[Any]]


def _compiled(lane: Lane) -> _Compiled:
    pattern, _, _ = compile_path(lane.path)
    hints = get_type_hints(lane.endpoint)
    names = [n for n in inspect.signature(lane.endpoint).parameters if n != "request"]
    return _Compiled(lane, pattern, {name: TypeAdapter(hints[name]) for name in names})


class FastLane:
    """ASGI middleware inside the kit's guards that answers its lanes' requests itself: the
    route's endpoint, called with its path parameters validated by their annotations, and any
    exception answered by the app's own handlers (the same 4xx body). Everything else goes on
    to the app, and so does a lane's path with another method."""

    def __init__(self, app: ASGIApp, lanes: Sequence[Lane], handlers: Handlers) -> None:
        self.app = app
        self.lanes = [_compiled(lane) for lane in lanes]
        self.handlers = handlers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for lane in self.lanes:
                if scope["method"] == lane.lane.method and (
                    found := lane.pattern.match(scope["path"])
                ):
                    return await self._answer(lane, found.groupdict(), scope, receive, send)
        await self.app(scope, receive, send)

    async def _answer(
        self, lane: _Compiled, raw: dict[str, str], scope: Scope, receive: Receive, send: Send
    ) -> None:
        request = Request(scope, receive)
        try:
            params = _path_params(lane, raw)
            response = await lane.lane.endpoint(request, **params)
        except Exception as exc:
            handler = self._handler_for(exc)
            if handler is None:
                raise
            answered = handler(request, exc)
            response = await answered if inspect.isawaitable(answered) else answered
        await response(scope, receive, send)

    def _handler_for(self, exc: Exception) -> Any:
        handlers = self.handlers()
        for kind in type(exc).__mro__:
            if kind in handlers:
                return handlers[kind]
        return None


def _path_params(lane: _Compiled, raw: dict[str, str]) -> dict[str, Any]:
    params, errors = {}, []
    for name, adapter in lane.params.items():
        try:
            params[name] = adapter.validate_python(raw[name])
        except ValidationError as exc:
            errors += [{**e, "loc": ("path", name)} for e in exc.errors(include_url=False)]
    if errors:
        raise RequestValidationError(errors)
    return params
