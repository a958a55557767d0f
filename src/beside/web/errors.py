"""One JSON error shape for every failure, pinned by tests/web/test_api.py::test_error_shape.

    {"error": {"code": "validation_failed", "message": "...",
               "violations": [{"field": "peak_distress", "code": "...", "message": "..."}]}}

The domain raises ``BesideError``s; this is the only place that turns them into statuses.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from beside.errors import (
    AuthFailed,
    BesideError,
    Busy,
    ConfigError,
    Forbidden,
    NotFound,
    SourceError,
    TooManyAttempts,
    ValidationFailed,
    Violation,
)
from beside.records.rules import field_path
from beside.records.text import ID_PATTERN

STATUS: tuple[tuple[type[BesideError], int], ...] = (
    (ValidationFailed, 422),
    (NotFound, 404),
    (TooManyAttempts, 429),
    (AuthFailed, 401),
    (Forbidden, 403),
    (ConfigError, 400),
    (SourceError, 502),
    (Busy, 503),
)


def body(code: str, message: str, violations: list[Violation] | None = None) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": message,
            "violations": [
                {"field": v.field, "code": v.code, "message": v.message} for v in violations or []
            ],
        }
    }


def _in_words(error: Any) -> str:
    """Pydantic's message, but an id's pattern said as what it is."""
    if error.get("ctx", {}).get("pattern") == ID_PATTERN:
        return "must be an id: 32 characters, each 0-9 or a-f"
    return str(error["msg"])


def install(app: FastAPI) -> None:
    @app.exception_handler(BesideError)
    async def beside_error(_: Request, exc: BesideError) -> JSONResponse:
        status = next((s for cls, s in STATUS if isinstance(exc, cls)), 500)
        violations = list(exc.violations) if isinstance(exc, ValidationFailed) else []
        headers = (
            {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, TooManyAttempts) else None
        )
        if isinstance(exc, AuthFailed) and not isinstance(exc, TooManyAttempts):
            headers = {"WWW-Authenticate": "Bearer"}
        return JSONResponse(
            body(exc.code, exc.message, violations), status_code=status, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def request_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        """A path id or a query parameter FastAPI refused: the same shape and the same
        one-line message (the field, then the rule) as every other 422."""
        violations = {  # a path id checked by two dependencies is reported once
            Violation(
                field_path([p for p in e["loc"] if p not in ("query", "path")]) or "body",
                str(e["type"]),
                _in_words(e),
            ): None
            for e in exc.errors()
        }
        failed = ValidationFailed(list(violations))
        return JSONResponse(
            body(failed.code, failed.message, list(failed.violations)), status_code=422
        )

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(body(code, str(exc.detail)), status_code=exc.status_code)
