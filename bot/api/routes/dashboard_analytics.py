"""Dashboard figures of API-84 besides the recaps: stats, web logins, aggregator, per-post analysis,
and the Instagram profile lookup. Scope-checked in core.analytics.query like the recaps."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from bot.api import deps
from bot.api.analytics_schemas import ListResponse, ObjectResponse
from bot.api.errors import ApiError
from bot.api.responses import core_errors, ok
from bot.api.routes.analytics import READ_ERRORS, Common, resolve
from bot.api.schemas import errors
from core.accounts.errors import forbidden
from core.analytics import dashboard
from core.social.clients import open_social_clients
from core.social.handles import normalize_handle
from core.social.rapidapi import RapidApiConfigError, RapidApiError

router = APIRouter(tags=["dashboard"])


@router.get(
    "/api/dashboard/stats",
    summary="Members, posts, likes, comments and link reports of a client for the period",
    response_model=ObjectResponse,
    responses=READ_ERRORS,
)
async def stats(request: Request, who: deps.Who, p: Common) -> JSONResponse:
    ctx = deps.ctx(request)
    async with core_errors(), ctx.db.uow() as uow:
        return ok(await dashboard.stats(uow, ctx.settings, await resolve(uow, who, p)))


@router.get(
    "/api/dashboard/login-web/recap",
    summary="Web logins per dashboard account of a client for the period",
    response_model=ListResponse,
    responses=READ_ERRORS,
)
async def login_web_recap(request: Request, who: deps.Who, p: Common) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(await dashboard.login_web_recap(uow, await resolve(uow, who, p)))


@router.get(
    "/api/aggregator",
    summary="Stored profile data and latest posts of a client (no RapidAPI call)",
    response_model=ObjectResponse,
    responses=READ_ERRORS,
)
async def aggregator(request: Request, who: deps.Who, p: Common) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(await dashboard.aggregator(uow, await resolve(uow, who, p)))


@router.get(
    "/api/dashboard/social-media/instagram/analysis",
    summary="Per-post Instagram engagement for the period",
    response_model=ObjectResponse,
    responses=READ_ERRORS,
)
async def instagram_analysis(request: Request, who: deps.Who, p: Common) -> JSONResponse:
    ctx = deps.ctx(request)
    async with core_errors(), ctx.db.uow() as uow:
        return ok(await dashboard.instagram_analysis(uow, ctx.settings, await resolve(uow, who, p)))


@router.get(
    "/api/insta/rapid-profile",
    summary="Instagram profile from the profile cache (1 h) or RapidAPI",
    response_model=ObjectResponse,
    responses=errors(400, 401, 403, 404, 502, 503),
)
async def rapid_profile(
    request: Request, who: deps.Who, username: Annotated[str | None, Query(max_length=200)] = None
) -> JSONResponse:
    if who.caller.kind == "personnel":
        raise ApiError.from_account(forbidden())
    handle = normalize_handle(username or "", "instagram")
    if not handle:
        raise ApiError(400, "validation_error", "username wajib diisi")
    ctx = deps.ctx(request)
    social = open_social_clients(ctx.settings, ctx.redis)
    try:
        return ok(await social.instagram.profile(handle))
    except RapidApiConfigError:  # ING-API-2: no key configured — a service state, not a server fault
        raise ApiError(503, "service_unavailable", "Layanan RapidAPI belum dikonfigurasi") from None
    except RapidApiError as exc:
        if exc.status == 404:
            raise ApiError(404, "not_found", "Profil Instagram tidak ditemukan") from None
        raise ApiError(502, "upstream_error", "Profil Instagram tidak dapat diambil saat ini") from None
    finally:
        await social.aclose()
