"""Health endpoints (API-10)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from core.health import health_report, wa_report

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
    return JSONResponse(report, status_code=503 if report["status"] == "down" else 200)


@router.get("/api/health/wa", summary="WhatsApp health (legacy shape)")
async def health_wa(request: Request) -> JSONResponse:
    return JSONResponse(await wa_report(request.app.state.ctx, request.app.state.runs_sessions))
