"""`GET /api/auth/open` (API-87): the public visitor ping."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.api import deps
from bot.api.analytics_schemas import SuccessOnly
from bot.api.responses import legacy
from bot.api.schemas import errors
from core.analytics.visitors import record_visit

router = APIRouter(tags=["auth"])


@router.get(
    "/api/auth/open",
    summary="Visitor ping (one visitor_logs row per IP per minute)",
    response_model=SuccessOnly,
    responses=errors(503),
)
async def open_ping(request: Request) -> JSONResponse:
    ctx = deps.ctx(request)
    # API-17: the client IP as the middleware resolved it (X-Forwarded-For only from TRUSTED_PROXIES).
    async with ctx.db.uow() as uow:
        await record_visit(uow, ctx.redis, deps.client_ip(request), request.headers.get("user-agent", ""))
    return legacy({"success": True})
