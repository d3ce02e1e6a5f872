"""Logins and logout (API-30 … API-33); responses keep the legacy top-level shape (API-2)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.api import deps
from bot.api.responses import core_errors, legacy
from bot.api.schemas import (
    ClientLoginBody,
    DashboardLoginBody,
    LoginResponse,
    MessageResponse,
    UserLoginBody,
    body_doc,
    errors,
)
from core.auth.logins import LoginResult
from core.auth.tokens import lifetime_seconds
from core.config import Settings

router = APIRouter(prefix="/api/auth", tags=["auth"])
LOGIN_ERRORS = errors(400, 401, 403, 429, 503)


def _with_cookie(result: LoginResult, settings: Settings) -> JSONResponse:
    """API-13: HttpOnly, SameSite=Lax cookie `token` with the token's lifetime."""
    response = legacy(result.body)
    response.set_cookie(
        "token",
        result.token,
        max_age=lifetime_seconds(settings),
        httponly=True,
        samesite="lax",
        path="/",
        secure=settings.cookie_secure,
        domain=settings.cookie_domain or None,
    )
    return response


@router.post(
    "/login",
    summary="Client operator login (mobile app)",
    response_model=LoginResponse,
    responses=LOGIN_ERRORS,
    openapi_extra=body_doc(ClientLoginBody),
)
async def login(
    request: Request,
    body: deps.Body,
    auth: deps.AuthDep,
) -> JSONResponse:
    async with core_errors():
        return _with_cookie(await auth.login_client(body, deps.meta(request)), auth.settings)


@router.post(
    "/user-login",
    summary="Personnel login (mobile app)",
    response_model=LoginResponse,
    responses=LOGIN_ERRORS,
    openapi_extra=body_doc(UserLoginBody),
)
async def user_login(
    request: Request,
    body: deps.Body,
    auth: deps.AuthDep,
) -> JSONResponse:
    async with core_errors():
        return _with_cookie(await auth.login_user(body, deps.meta(request)), auth.settings)


@router.post(
    "/dashboard-login",
    summary="Dashboard login",
    response_model=LoginResponse,
    responses=LOGIN_ERRORS,
    openapi_extra=body_doc(DashboardLoginBody),
)
async def dashboard_login(
    request: Request,
    body: deps.Body,
    auth: deps.AuthDep,
) -> JSONResponse:
    async with core_errors():
        return _with_cookie(await auth.login_dashboard(body, deps.meta(request)), auth.settings)


@router.post(
    "/logout", summary="End the current session", response_model=MessageResponse, responses=errors(503)
)
async def logout(request: Request, auth: deps.AuthDep) -> JSONResponse:
    token, _ = deps.token_of(request)
    async with core_errors():
        principal = await auth.logout(token)
    if principal is not None:
        request.scope.setdefault("state", {})["principal"] = principal  # API-8: not `anonymous`
    response = legacy({"success": True, "message": "Logout berhasil"})
    response.delete_cookie(
        "token",
        path="/",
        domain=auth.settings.cookie_domain or None,
        secure=auth.settings.cookie_secure,
        httponly=True,
        samesite="lax",
    )
    return response
