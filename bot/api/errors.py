"""One place that turns every failure into the error envelope of API-3."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from core.accounts.errors import AccountError
from core.auth.errors import AuthError

DEFAULT_MESSAGES = {
    400: "Permintaan tidak valid",
    401: "Token required",
    403: "Forbidden",
    404: "Endpoint not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Body terlalu besar",
    429: "Terlalu banyak permintaan.",
    500: "Terjadi kesalahan pada server.",
    503: "Layanan sementara tidak tersedia",
}
STATUS_OF_REASON = {"validation_error": 400, "forbidden": 403, "not_found": 404, "conflict": 409}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message or DEFAULT_MESSAGES.get(status, "Error")
        self.extra = extra

    @classmethod
    def from_account(cls, exc: AccountError) -> ApiError:
        extra: dict[str, Any] = {}
        if exc.reason == "validation_error" and exc.field:
            extra["errors"] = [{"field": exc.field, "message": exc.message}]
        return cls(STATUS_OF_REASON[exc.reason], exc.reason, exc.message, **extra)

    @classmethod
    def from_auth(cls, exc: AuthError) -> ApiError:
        return cls(exc.status, exc.code, exc.message, **exc.extra)


def bad_request(message: str, field: str | None = None) -> ApiError:
    extra = {"errors": [{"field": field, "message": message}]} if field else {}
    return ApiError(400, "validation_error", message, **extra)


def error_response(error: ApiError, request_id: str, path: str) -> JSONResponse:
    body: dict[str, Any] = {
        "success": False,
        "message": error.message,
        "code": error.code,
        "request_id": request_id,
    }
    body.update({k: v for k, v in error.extra.items() if v is not None})
    headers = {"X-Request-ID": request_id}
    if error.status == 429 and "retry_after" in body:
        headers["Retry-After"] = str(body["retry_after"])
    if path.startswith("/api/clients") and "error" not in body:
        # API-3: legacy clients of /api/clients read `error`.
        body["error"] = error.message
    return JSONResponse(body, status_code=error.status, headers=headers)
