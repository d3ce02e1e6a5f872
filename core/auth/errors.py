"""Auth errors carry the HTTP-neutral reason code of API-3 and the spec's message."""

from __future__ import annotations

from typing import Any


class AuthError(Exception):
    """`code` is the API-3 machine code (e.g. `invalid_token`, `rate_limited`); `status` its HTTP status."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


def rate_limited(retry_after: int, message: str | None = None) -> AuthError:
    text = message or f"Terlalu banyak permintaan. Coba lagi dalam {retry_after} detik."
    return AuthError(429, "rate_limited", text, retry_after=retry_after)


def invalid_token(error: str) -> AuthError:
    return AuthError(401, "invalid_token", "Invalid token", error=error)


def service_unavailable() -> AuthError:
    return AuthError(503, "service_unavailable", "Layanan sementara tidak tersedia")


def db_unavailable() -> AuthError:
    return AuthError(503, "db_unavailable", "Database tidak tersedia")
