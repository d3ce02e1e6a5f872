"""Accounts made outside WhatsApp (API-80 … API-83): dashboard registration, its approval over REST,
dashboard password reset, and personnel self-registration. Rules live in `core.accounts`; routes
parse, call one service and map its refusals (one place, `core_errors`). Approval is the same
decision as `approvedash#` / `denydash#` (`core.accounts.dashboard_accounts.decide`), which also
holds the admin-only check."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from bot.api import deps
from bot.api.errors import ApiError
from bot.api.responses import core_errors, legacy, ok
from bot.api.schemas import Doc, Envelope, MessageResponse, body_doc, errors
from core.accounts import dashboard_accounts as accounts
from core.accounts import dashboard_password_reset as reset
from core.accounts.self_registration import register_member
from core.timewindow import record_now

router = APIRouter()


class DashboardRegisterBody(Doc):
    username: str = Field(examples=["operator.polres"], description="3-50 of A-Z a-z 0-9 . _ -")
    password: str = Field(examples=["kata-sandi-rahasia"], description="8-128 characters, not the username")
    whatsapp: str = Field(examples=["081234567890"])
    role_id: int | None = None
    role: str | None = Field(None, examples=["operator"], description="any role but admin; default operator")
    client_ids: list[str] | None = Field(None, examples=[["POLRES_CONTOH"]])
    client_id: str | None = None


class ResetRequestBody(Doc):
    username: str = Field(examples=["operator.polres"])
    contact: str = Field(examples=["081234567890"], description="the account's WhatsApp number")


class ResetConfirmBody(Doc):
    token: str
    password: str
    confirmPassword: str | None = None  # noqa: N815 - the legacy field name
    password_confirmation: str | None = None


class UserRegisterBody(Doc):
    nrp: str = Field(examples=["87020001"])
    nama: str = Field(examples=["BUDI SANTOSO"])
    client_id: str = Field(examples=["POLRES_CONTOH"])
    whatsapp: str | None = None
    divisi: str | None = None
    jabatan: str | None = None
    title: str | None = None


@router.post(
    "/api/auth/dashboard-register",
    tags=["auth"],
    summary="Register a dashboard account; it waits for an admin's approval (API-80)",
    status_code=201,
    responses=errors(400, 503),
    openapi_extra=body_doc(DashboardRegisterBody),
)
async def dashboard_register(request: Request, body: deps.Body) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        account = await accounts.register(
            uow, body, settings=deps.settings(request), request_id=deps.request_id(request)
        )
        await uow.commit()
    return legacy({"success": True, "dashboard_user_id": account["dashboard_user_id"], "status": False}, 201)


async def _decide(request: Request, who: deps.Authed, dashboard_user_id: str, approve: bool) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        decision = await accounts.decide(
            uow, who.caller, lambda u: accounts.account_by_id(u, dashboard_user_id, lock=True), approve,
            sessions=deps.sessions(request), settings=deps.settings(request),
            request_id=deps.request_id(request),
        )  # fmt: skip
        await uow.commit()
    return ok(accounts.public_account(decision.account))


@router.put(
    "/api/dashboard/users/{dashboard_user_id}/approve",
    tags=["dashboard"],
    summary="Approve a dashboard account (admin, API-81)",
    response_model=Envelope,
    responses=errors(401, 403, 404, 503),
)
async def approve_dashboard_user(request: Request, who: deps.Who, dashboard_user_id: str) -> JSONResponse:
    return await _decide(request, who, dashboard_user_id, True)


@router.put(
    "/api/dashboard/users/{dashboard_user_id}/reject",
    tags=["dashboard"],
    summary="Reject a dashboard account and end its sessions (admin, API-81)",
    response_model=Envelope,
    responses=errors(401, 403, 404, 503),
)
async def reject_dashboard_user(request: Request, who: deps.Who, dashboard_user_id: str) -> JSONResponse:
    return await _decide(request, who, dashboard_user_id, False)


def _message(text: str) -> JSONResponse:
    return legacy({"success": True, "message": text})


async def reset_request(request: Request, body: deps.Body) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        await reset.request_reset(
            uow, body, ip=deps.client_ip(request), limiter=deps.auth_service(request).limiter,
            settings=deps.settings(request), now=record_now(), request_id=deps.request_id(request),
        )  # fmt: skip
        await uow.commit()
    return _message(reset.REQUEST_ANSWER)


async def reset_confirm(request: Request, body: deps.Body) -> JSONResponse:
    async with core_errors():
        async with deps.ctx(request).db.uow() as uow:
            dashboard_user_id = await reset.confirm_reset(
                uow, body, now=record_now(), request_id=deps.request_id(request)
            )
            await uow.commit()
        await deps.sessions(request).revoke_dashboard(dashboard_user_id, "password_reset")
    return _message(reset.CONFIRMED)


# API-82: the same two handlers under the three prefixes legacy dashboards call.
for prefix in ("/api/auth/dashboard-password-reset", "/api/auth/password-reset", "/api/password-reset"):
    router.add_api_route(
        f"{prefix}/request", reset_request, methods=["POST"], tags=["auth"], response_model=MessageResponse,
        summary="Ask for a dashboard password reset link on WhatsApp (API-82)",
        responses=errors(400, 429, 503), openapi_extra=body_doc(ResetRequestBody),
    )  # fmt: skip
    router.add_api_route(
        f"{prefix}/confirm", reset_confirm, methods=["POST"], tags=["auth"], response_model=MessageResponse,
        summary="Set a new dashboard password with the reset token (API-82)",
        responses=errors(400, 503), openapi_extra=body_doc(ResetConfirmBody),
    )  # fmt: skip


@router.post(
    "/api/auth/user-register",
    tags=["auth"],
    summary="Personnel self-registration, inactive until an operator activates it (API-83)",
    status_code=201,
    responses=errors(400, 404, 409, 503),
    openapi_extra=body_doc(UserRegisterBody),
)
async def user_register(request: Request, body: deps.Body) -> JSONResponse:
    if not deps.settings(request).auth_user_self_register:
        raise ApiError(404, "not_found", "Endpoint not found")  # API-83: off unless its setting is on
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        member: dict[str, Any] = await register_member(
            uow, body, settings=deps.settings(request), request_id=deps.request_id(request)
        )
        await uow.commit()
    return legacy({"success": True, "user_id": member["user_id"]}, 201)
