"""Client post lists (API-88) under /api/clients (errors carry `error` as every route there, API-3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from bot.api import deps
from bot.api.analytics_schemas import ListResponse
from bot.api.responses import core_errors, ok
from bot.api.schemas import errors
from core.analytics import posts
from core.timewindow import today_wib

router = APIRouter(prefix="/api/clients", tags=["clients"])
ERRORS = errors(400, 401, 403, 404, 503)
Day = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD (WIB)")]


async def _list(
    request: Request, who: deps.Authed, client_id: str, platform: str, day: str | None, start: str | None,
    end: str | None, *, engagement: bool,
) -> JSONResponse:  # fmt: skip
    win = posts.post_window(today_wib(), day, start, end)
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(await posts.client_posts(uow, who.caller, client_id, platform, win, engagement=engagement))


@router.get(
    "/{client_id}/posts/instagram",
    summary="Stored Instagram posts of a client",
    response_model=ListResponse,
    responses=ERRORS,
)
async def instagram_posts(
    client_id: str,
    request: Request,
    who: deps.Who,
    date: Day = None,
    start_date: Day = None,
    end_date: Day = None,
) -> JSONResponse:
    return await _list(request, who, client_id, "instagram", date, start_date, end_date, engagement=False)


@router.get(
    "/{client_id}/posts/instagram/likes",
    summary="Stored likes per Instagram post of a client",
    response_model=ListResponse,
    responses=ERRORS,
)
async def instagram_likes(
    client_id: str,
    request: Request,
    who: deps.Who,
    date: Day = None,
    start_date: Day = None,
    end_date: Day = None,
) -> JSONResponse:
    return await _list(request, who, client_id, "instagram", date, start_date, end_date, engagement=True)


@router.get(
    "/{client_id}/posts/tiktok",
    summary="Stored TikTok posts of a client",
    response_model=ListResponse,
    responses=ERRORS,
)
async def tiktok_posts(
    client_id: str,
    request: Request,
    who: deps.Who,
    date: Day = None,
    start_date: Day = None,
    end_date: Day = None,
) -> JSONResponse:
    return await _list(request, who, client_id, "tiktok", date, start_date, end_date, engagement=False)


@router.get(
    "/{client_id}/posts/tiktok/comments",
    summary="Stored comments per TikTok video of a client",
    response_model=ListResponse,
    responses=ERRORS,
)
async def tiktok_comments(
    client_id: str,
    request: Request,
    who: deps.Who,
    date: Day = None,
    start_date: Day = None,
    end_date: Day = None,
) -> JSONResponse:
    return await _list(request, who, client_id, "tiktok", date, start_date, end_date, engagement=True)
