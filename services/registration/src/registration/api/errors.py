"""One error shape for every 4xx: a list of {field, reason (Bahasa Indonesia), reason_en}."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from kompeten_contracts.errors import Refusal
from registration.api.nul_guard import RejectNul
from registration.api.uploads import too_large
from registration.domain.evidence import MAX_EVIDENCE_BYTES

MAX_BODY_BYTES = 64 * 1024
# Evidence uploads (multipart, paths ending in /evidence): the document limit plus room for
# the multipart framing; the exact document limit is domain.evidence.MAX_EVIDENCE_BYTES.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024 + 64 * 1024
MAX_COHORT_UPLOAD_BYTES = 10 * 1024 * 1024 + 64 * 1024  # adapters.cohort_table.MAX_FILE_BYTES


class FieldProblem(BaseModel):
    field: str
    reason: str
    reason_en: str


class ErrorBody(BaseModel):
    errors: list[FieldProblem]


# Documented on every operation, so the OpenAPI schema says what a client gets on any 4xx
# (FastAPI would document only 422, and in its own {"detail": [...]} shape, which we never send).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "Refused: each error names the field and the reason"}
}


def error_body(field: str, reason_id: str, reason_en: str) -> dict[str, Any]:
    return {"errors": [{"field": field, "reason": reason_id, "reason_en": reason_en}]}


def install_error_handlers(app: FastAPI) -> None:
    app.add_middleware(RejectNul)

    @app.exception_handler(Refusal)
    async def refusal(_: Request, exc: Refusal) -> JSONResponse:
        problems = [
            {"field": p.field, "reason": p.reason_id, "reason_en": p.reason_en}
            for p in exc.problems
        ]
        retry_after = exc.retry_after  # rate limits: 429 says when
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
        return JSONResponse({"errors": problems}, exc.status, headers=headers)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        # Endpoints raise HTTPException(detail={"errors": [...]}); answer that shape as it is.
        # Registered for Starlette's class, so routing's 404/405 and FastAPI's 400 for a body
        # it cannot parse get the same shape.
        body = (
            exc.detail
            if isinstance(exc.detail, dict) and "errors" in exc.detail
            else error_body("request", _STATUS_ID.get(exc.status_code, "permintaan ditolak"),
                            str(exc.detail))
        )  # fmt: skip
        return JSONResponse(body, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for error in exc.errors():
            location = [str(part) for part in error.get("loc", ()) if part != "body"]
            field = ".".join(location) or "body"
            errors.append({"field": field, "reason": _indonesian(error), "reason_en": error["msg"]})
        return JSONResponse({"errors": errors}, 422)

    app.add_middleware(LimitBody)


class LimitBody:
    """Refuse a declared Content-Length over the path's limit with 413, before anything is read.
    Plain ASGI: starlette's BaseHTTPMiddleware (@app.middleware) costs a task group and a
    stream per request, a noticeable part of a small request's CPU.

    Without Content-Length (chunked) the body is only bounded where it is read: evidence uploads
    stream through api.uploads and stop at their limit."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refused = _over_limit(scope)
            if refused is not None:
                return await refused(scope, receive, send)
        await self.app(scope, receive, send)


def _over_limit(scope: Scope) -> JSONResponse | None:
    declared = [v for k, v in scope["headers"] if k == b"content-length"]
    if not declared:
        return None
    length = declared[0].decode("latin-1")
    path = scope["path"]
    limit = MAX_UPLOAD_BYTES if path.endswith("/evidence") else MAX_BODY_BYTES
    if path == "/cohort-imports":  # a cohort file; its own limit is checked
        limit = MAX_COHORT_UPLOAD_BYTES
    if length.isdigit() and int(length) <= limit:
        return None
    if limit == MAX_UPLOAD_BYTES and length.isdigit():  # the document is what is too big
        [problem] = too_large("file", MAX_EVIDENCE_BYTES).problems
        return JSONResponse(error_body(problem.field, problem.reason_id, problem.reason_en), 413)
    return JSONResponse(
        error_body(
            "body", f"isi permintaan melebihi {limit} byte", f"request body exceeds {limit} bytes"
        ),
        413,
    )


# Starlette's own refusals carry English text only (its `detail`); the Indonesian beside it.
_STATUS_ID = {
    400: "isi permintaan tidak dapat dibaca",
    404: "alamat tidak ditemukan",
    405: "metode ini tidak diizinkan untuk alamat ini",
    406: "format jawaban yang diminta tidak tersedia",
    415: "jenis isi permintaan tidak didukung",
}


def _indonesian(error: Any) -> str:
    kind = error.get("type", "")
    return {
        "missing": "wajib diisi",
        "extra_forbidden": "kolom ini tidak boleh dikirim",
        "string_too_long": "terlalu panjang",
        "string_too_short": "terlalu pendek",
        "string_pattern_mismatch": "format tidak sesuai",
        "uuid_parsing": "harus berupa UUID",
        "json_invalid": "JSON tidak valid",
        "model_attributes_type": "harus berupa objek JSON",
    }.get(kind, "nilai tidak valid")
