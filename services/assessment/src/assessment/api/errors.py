"""One error shape for every 4xx, the same as registration's: a list of
{field, reason (Bahasa Indonesia), reason_en}."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException


class FieldProblem(BaseModel):
    field: str
    reason: str
    reason_en: str


class ErrorBody(BaseModel):
    errors: list[FieldProblem]


# Documented on every operation, so the OpenAPI schema says what a client gets on any 4xx.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "Refused: each error names the field and the reason"}
}


def error_body(field: str, reason_id: str, reason_en: str) -> dict[str, Any]:
    return {"errors": [{"field": field, "reason": reason_id, "reason_en": reason_en}]}


def refused(
    status: int, field: str, reason_id: str, reason_en: str, headers: dict[str, str] | None = None
) -> HTTPException:
    return HTTPException(status, error_body(field, reason_id, reason_en), headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    # Registered for Starlette's class, so routing's own 404/405 get the same shape as refused().
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        body = (
            exc.detail
            if isinstance(exc.detail, dict) and "errors" in exc.detail
            else error_body("request", str(exc.detail), str(exc.detail))
        )
        return JSONResponse(body, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for error in exc.errors():
            where = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
            reason_id = INDONESIAN.get(error.get("type", ""), "nilai tidak valid")
            field = ".".join(where) or "request"
            errors.append({"field": field, "reason": reason_id, "reason_en": error["msg"]})
        return JSONResponse({"errors": errors}, 422)


INDONESIAN = {
    "missing": "wajib diisi",
    "string_pattern_mismatch": "format tidak sesuai",
    "uuid_parsing": "harus berupa UUID",
    "int_parsing": "harus berupa bilangan bulat",
    "greater_than_equal": "terlalu kecil",
    "less_than_equal": "terlalu besar",
}
