"""Success envelopes (API-2) and the bridge from core errors to ApiError."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from bot.api.errors import ApiError
from core.accounts.errors import AccountError
from core.auth.errors import AuthError


def ok(data: Any = None, status: int = 200, message: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {"success": True, "data": jsonable_encoder(data)}
    if message:
        body["message"] = message
    return JSONResponse(body, status_code=status)


def legacy(body: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(jsonable_encoder(body), status_code=status)


@asynccontextmanager
async def core_errors() -> AsyncIterator[None]:
    """Turn typed core errors into API errors in one place."""
    try:
        yield
    except AccountError as exc:
        raise ApiError.from_account(exc) from None
    except AuthError as exc:
        raise ApiError.from_auth(exc) from None
