"""The one error body of every service's HTTP API, and the handlers that answer with it.

A domain's Refusal (kompeten_contracts.errors) is answered with its kind's status; FastAPI's
validation errors and Starlette's own refusals (404 route, 405, a body it cannot parse) get the
same shape, so a client of any service reads every 4xx one way."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from eventkit.pii import SubjectErased
from kompeten_contracts.errors import ErrorBody, Kind, Problem, Refusal, body_of, refuse

# Documented on every operation, so the OpenAPI schema says what a client gets on any 4xx
# (FastAPI would document only 422, and in its own {"detail": [...]} shape, which we never send).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "Refused: each error names the field and the reason"}
}

# Starlette's own refusals carry English text only (its `detail`); the Indonesian beside it.
_STATUS_ID = {
    400: "isi permintaan tidak dapat dibaca",
    404: "alamat tidak ditemukan",
    405: "metode ini tidak diizinkan untuk alamat ini",
    406: "format jawaban yang diminta tidak tersedia",
    415: "jenis isi permintaan tidak didukung",
}

_VALIDATION_ID = {
    "missing": "wajib diisi",
    "extra_forbidden": "kolom ini tidak boleh dikirim",
    "string_too_long": "terlalu panjang",
    "string_too_short": "terlalu pendek",
    "string_pattern_mismatch": "format tidak sesuai",
    "uuid_parsing": "harus berupa UUID",
    "json_invalid": "JSON tidak valid",
    "model_attributes_type": "harus berupa objek JSON",
    "int_parsing": "harus berupa bilangan bulat",
    "greater_than_equal": "terlalu kecil",
    "less_than_equal": "terlalu besar",
}
# Where FastAPI found the value is not part of its name: a client knows its own query and path.
_LOCATIONS = frozenset({"body", "query", "path"})


ERASED = refuse(
    "person",
    "data orang ini telah dihapus atas permintaannya",
    "this person's data was erased at their request",
    Kind.GONE,
)


def refusal_response(refusal: Refusal) -> JSONResponse:
    headers = None
    if refusal.retry_after is not None:  # rate limits: a 429 says when to try again
        headers = {"Retry-After": str(refusal.retry_after)}
    elif refusal.kind is Kind.UNAUTHORIZED:
        headers = {"WWW-Authenticate": "Bearer"}
    return JSONResponse(body_of(refusal).model_dump(), refusal.status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Refusal)
    async def refused(_: Request, exc: Refusal) -> JSONResponse:
        return refusal_response(exc)

    @app.exception_handler(SubjectErased)
    async def erased(_: Request, exc: SubjectErased) -> JSONResponse:
        # Whatever would be written for an erased person would undo the erasure: nothing is.
        return refusal_response(ERASED)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        # Registered for Starlette's class, so routing's 404/405 and FastAPI's 400 for a body
        # it cannot parse get the same shape.
        reason_id = _STATUS_ID.get(exc.status_code, "permintaan ditolak")
        body = {"errors": [{"field": "request", "reason": reason_id, "reason_en": str(exc.detail)}]}
        return JSONResponse(body, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors():
            location = [str(part) for part in error.get("loc", ()) if part not in _LOCATIONS]
            reason_id = _VALIDATION_ID.get(error.get("type", ""), "nilai tidak valid")
            problems.append(Problem(".".join(location) or "body", reason_id, error["msg"]))
        return refusal_response(Refusal(problems))
