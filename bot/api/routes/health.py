"""Health endpoints (API-10)."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from core.health import CHECK_TIMEOUT_S, health_report, wa_report
from core.wa_health import decrypt_failures, ending_reasons

log = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


async def liveness() -> dict[str, str]:
    """Touches neither the database nor Redis."""
    return {"status": "ok"}


for _path in ("/", "/_next/dev/"):
    for _method in ("GET", "POST", "HEAD"):
        router.add_api_route(
            _path, liveness, methods=[_method], name=f"liveness_{_method.lower()}", summary="Liveness"
        )


@router.get("/api/health", summary="Detailed health", responses={503: {"description": "status down"}})
async def health(request: Request) -> JSONResponse:
    state = request.app.state
    report = await health_report(state.ctx, state.started_at, state.version, state.runs_scheduler)
    await add_session_details(state.ctx, report)
    return JSONResponse(report, status_code=503 if report["status"] == "down" else 200)


@router.get("/api/health/wa", summary="WhatsApp health (legacy shape)")
async def health_wa(request: Request) -> JSONResponse:
    return JSONResponse(await wa_report(request.app.state.ctx, request.app.state.runs_sessions))


async def add_session_details(ctx, report: dict) -> None:
    """Each whatsapp entry gets `reason` (why a session that is not ready ended its last connection)
    and CONV-7's `decrypt_failures` since its process started it; `null` when the database or Redis
    does not answer within the check bound."""
    sessions = report["checks"]["whatsapp"]
    names = [s["session"] for s in sessions]
    try:
        reasons = await asyncio.wait_for(ending_reasons(ctx.db, names), CHECK_TIMEOUT_S)
    except Exception:  # noqa: BLE001 - health answers even when the database does not
        log.debug("ending_reasons_unavailable", exc_info=True)
        reasons = {}
    try:
        counts = await asyncio.wait_for(decrypt_failures(ctx.redis, names), CHECK_TIMEOUT_S)
    except Exception:  # noqa: BLE001 - health answers even when Redis does not
        log.debug("decrypt_failures_unavailable", exc_info=True)
        counts = {}
    for s in sessions:
        figure = counts.get(s["session"])
        s["reason"] = reasons.get(s["session"])
        s["decrypt_failures"] = figure["count"] if figure else None
        s["decrypt_failures_since"] = figure["since"] if figure else None
