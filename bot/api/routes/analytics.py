"""Dashboard analytics (API-84): recaps built by the report engine, scope-checked in core.analytics.query."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from bot.api import deps
from bot.api.analytics_schemas import AmplifyRecapResponse, EngagementRecapResponse
from bot.api.responses import core_errors
from bot.api.schemas import errors
from core.analytics import cache, query, recaps
from core.analytics.query import AnalyticsQuery
from core.db import UnitOfWork
from core.reports.model import Platform
from core.timewindow import today_wib

router = APIRouter(tags=["dashboard"])
READ_ERRORS = errors(400, 401, 403, 404, 503)

Text = Annotated[str | None, Query(max_length=64)]


@dataclass(frozen=True)
class Params:
    """API-84's common query parameters."""

    client_id: Text = None
    periode: Annotated[str | None, Query(max_length=16, description="harian, mingguan, bulanan, semua")] = (
        None
    )
    tanggal: Annotated[
        str | None, Query(max_length=10, description="YYYY-MM-DD, or YYYY-MM with bulanan")
    ] = None
    start_date: Annotated[str | None, Query(max_length=10, description="inclusive WIB date")] = None
    end_date: Annotated[str | None, Query(max_length=10, description="inclusive WIB date")] = None
    role: Text = None
    scope: Annotated[str | None, Query(max_length=16, description="org or direktorat")] = None
    regional_id: Text = None


Common = Annotated[Params, Depends()]


def envelope(data: dict[str, Any]) -> bytes:
    """API-2 envelope of a recap payload that holds JSON types only (core.analytics.recaps)."""
    return json.dumps({"success": True, "data": data}, ensure_ascii=False, separators=(",", ":")).encode()


async def cached_recap(
    request: Request,
    who: deps.Authed,
    p: Params,
    endpoint: str,
    build: Callable[[UnitOfWork, AnalyticsQuery], Awaitable[dict[str, Any]]],
) -> Response:
    """Authorise, then answer from the short-lived cache (core.analytics.cache) or compute.
    `app.state.analytics_cache = False` turns the cache off (the benchmark's cold run)."""
    ctx = deps.ctx(request)
    async with core_errors(), ctx.db.uow() as uow:
        q = await resolve(uow, who, p)

        async def compute() -> bytes:
            return envelope(await build(uow, q))

        if getattr(request.app.state, "analytics_cache", True):
            body = await cache.cached(ctx.redis, uow, endpoint, q, who.caller, compute)
        else:
            body = await compute()
    return Response(body, media_type="application/json")


async def resolve(uow: UnitOfWork, who: deps.Authed, p: Params) -> AnalyticsQuery:
    return await query.resolve(
        uow, who.caller, today_wib(),
        client_id=p.client_id, periode=p.periode, tanggal=p.tanggal, start_date=p.start_date,
        end_date=p.end_date, role=p.role, scope=p.scope, regional_id=p.regional_id,
    )  # fmt: skip


@router.get(
    "/api/insta/rekap-likes",
    summary="Instagram likes recap per member (REP-IG-UNIT figures)",
    response_model=EngagementRecapResponse,
    responses=READ_ERRORS,
)
async def rekap_likes(request: Request, who: deps.Who, p: Common) -> Response:
    settings = deps.settings(request)
    return await cached_recap(
        request,
        who,
        p,
        "rekap-likes",
        lambda uow, q: recaps.engagement_recap(uow, settings, q, Platform.INSTAGRAM),
    )


@router.get(
    "/api/tiktok/rekap-komentar",
    summary="TikTok comments recap per member (REP-TT-UNIT figures)",
    response_model=EngagementRecapResponse,
    responses=READ_ERRORS,
)
async def rekap_komentar(request: Request, who: deps.Who, p: Common) -> Response:
    settings = deps.settings(request)
    return await cached_recap(
        request,
        who,
        p,
        "rekap-komentar",
        lambda uow, q: recaps.engagement_recap(uow, settings, q, Platform.TIKTOK),
    )


async def _amplify(request: Request, who: deps.Authed, p: Params, *, khusus: bool) -> Response:
    settings = deps.settings(request)
    return await cached_recap(
        request,
        who,
        p,
        f"amplify-{khusus}",
        lambda uow, q: recaps.amplification_recap(uow, settings, q, khusus=khusus),
    )


@router.get(
    "/api/amplify/rekap",
    summary="Amplification link totals per member (REP-AMP-ATT figures)",
    response_model=AmplifyRecapResponse,
    responses=READ_ERRORS,
)
async def amplify_rekap(request: Request, who: deps.Who, p: Common) -> Response:
    return await _amplify(request, who, p, khusus=False)


@router.get(
    "/api/amplify/rekap-khusus",
    summary="Amplification link totals over khusus tasks (REP-AMP-KHUSUS figures)",
    response_model=AmplifyRecapResponse,
    responses=READ_ERRORS,
)
async def amplify_rekap_khusus(request: Request, who: deps.Who, p: Common) -> Response:
    return await _amplify(request, who, p, khusus=True)


@router.get(
    "/api/amplify-khusus/rekap",
    summary="Alias of /api/amplify/rekap-khusus",
    response_model=AmplifyRecapResponse,
    responses=READ_ERRORS,
)
async def amplify_khusus_rekap(request: Request, who: deps.Who, p: Common) -> Response:
    return await _amplify(request, who, p, khusus=True)
