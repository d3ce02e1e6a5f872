"""Clients (API-50 … API-58). Every error body on these routes also carries `error` (API-3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from bot.api import deps
from bot.api.dedup import deduplicated
from bot.api.errors import ApiError
from bot.api.responses import core_errors, legacy, ok
from bot.api.schemas import ClientBody, ClientProfileResponse, Envelope, body_doc, errors
from core.accounts import clients, users
from core.accounts.access import client_read_scope, directorate_roles

router = APIRouter(prefix="/api/clients", tags=["clients"])
READ_ERRORS = errors(401, 403, 404, 503)


@router.get("", summary="Clients in read scope", response_model=Envelope, responses=errors(401, 403, 503))
async def list_clients(
    request: Request,
    who: deps.Who,
    group: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(await clients.list_clients(uow, who.caller, group=group))


@router.get(
    "/active",
    summary="Active clients in read scope",
    response_model=Envelope,
    responses=errors(401, 403, 503),
)
async def list_active(
    request: Request,
    who: deps.Who,
    group: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(await clients.list_clients(uow, who.caller, group=group, active_only=True))


@router.get(
    "/profile",
    summary="Legacy client profile (mobile app, dashboard)",
    response_model=ClientProfileResponse,
    responses=errors(400, 401, 403, 404, 503),
)
async def profile(
    request: Request,
    who: deps.Who,
    client_id: Annotated[str | None, Query()] = None,
    role: Annotated[str | None, Query()] = None,
    scope: Annotated[str | None, Query()] = None,
    regional_id: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """API-53."""
    principal, caller = who.principal, who.caller
    target = (client_id or "").strip() or principal.client_id or caller.single_client()
    if not target:
        raise ApiError(400, "validation_error", "client_id required")
    standard = any(v is not None for v in (role, scope, regional_id))
    effective_role = ((role or "").strip() or principal.role_name).lower()
    scope_name = (scope or "org").strip().lower()
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        if standard:
            if not effective_role:
                raise ApiError(400, "validation_error", "role wajib diisi")
            if scope_name not in ("org", "direktorat"):
                raise ApiError(400, "validation_error", "scope tidak valid")
            if scope_name == "direktorat" and effective_role not in await directorate_roles(uow):
                raise ApiError(400, "validation_error", "role direktorat tidak valid")
        readable = await client_read_scope(uow, caller)
        if readable is not None and target.upper() not in readable:
            raise ApiError(
                403,
                "forbidden",
                "client_id tidak terdaftar untuk operator ini. Gunakan client_id yang ada di token.",
            )
        profile_id = effective_role.upper() if standard and scope_name == "direktorat" else target
        client = await clients.fetch_client(uow, profile_id)
        if client is None or (
            standard
            and scope_name == "direktorat"
            and (client.get("client_type") or "").lower() != "direktorat"
        ):
            raise ApiError(404, "not_found", "Client not found")
        if regional_id and (client.get("regional_id") or "").upper() != regional_id.strip().upper():
            raise ApiError(404, "not_found", "Client not found")
        data = clients.client_object(client, reveal_operators=clients.reveals_operators(caller))
        if (
            effective_role not in ("operator", "client")
            and (client.get("client_type") or "").lower() == "org"
        ):
            overlay = await clients.fetch_client(uow, effective_role.upper())
            if overlay is not None:
                for key in (
                    "client_insta",
                    "client_insta_status",
                    "client_tiktok",
                    "client_tiktok_status",
                    "client_amplify_status",
                ):
                    data[key] = overlay.get(key)
    tier_source = principal.premium_tier if principal.kind == "dashboard" and principal.premium_tier else None
    tier_source = tier_source or client.get("client_level")
    tier = tier_source.lower() if tier_source else None
    return legacy({"success": True, "client": {**data, "level": client.get("client_level"), "tier": tier,
                                                "premium_tier": tier}})  # fmt: skip


@router.post(
    "",
    summary="Create a client (admin)",
    status_code=201,
    response_model=Envelope,
    responses=errors(400, 401, 403, 409, 429, 503),
    openapi_extra=body_doc(ClientBody),
)
async def create_client(request: Request, body: deps.Body, who: deps.Who) -> Response:
    async def run() -> Response:
        async with core_errors(), deps.ctx(request).db.uow() as uow:
            created = await clients.create_client(uow, who.caller, body, request_id=deps.request_id(request))
        return ok(created, status=201)

    return await deduplicated(request, who.principal.label, body, run)


@router.get("/{client_id}", summary="One client", response_model=Envelope, responses=READ_ERRORS)
async def get_client(client_id: str, request: Request, who: deps.Who) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(await clients.get_client(uow, who.caller, client_id))


@router.put(
    "/{client_id}",
    summary="Partial update with the caller's allowlist",
    response_model=Envelope,
    responses=errors(400, 401, 403, 404, 503),
    openapi_extra=body_doc(ClientBody),
)
async def update_client(
    client_id: str,
    request: Request,
    body: deps.Body,
    who: deps.Who,
) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        updated = await clients.update_client(
            uow,
            who.caller,
            client_id,
            body,
            sessions=deps.sessions(request),
            request_id=deps.request_id(request),
        )
    return ok(updated)


@router.delete(
    "/{client_id}", summary="Delete a client without personnel (admin)", response_model=Envelope,
    responses=errors(401, 403, 404, 409, 503),
)  # fmt: skip
async def delete_client(client_id: str, request: Request, who: deps.Who) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        deleted = await clients.delete_client(
            uow, who.caller, client_id, sessions=deps.sessions(request), request_id=deps.request_id(request)
        )
    return ok(deleted)


MEMBER_FIELDS = (
    "user_id", "nama", "title", "divisi", "jabatan", "insta", "tiktok", "whatsapp", "email", "status",
    "exception", "client_id", "client_name", "regional_id",
)  # fmt: skip


@router.get(
    "/{client_id}/users", summary="Active members of a client", response_model=Envelope, responses=READ_ERRORS
)
async def client_users(client_id: str, request: Request, who: deps.Who) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        client = await clients.get_client(uow, who.caller, client_id)
        members = await users.client_members(uow, client)
    hidden = () if users.reveals_contact(who.caller) else ("whatsapp", "email")
    return ok([{k: m.get(k) for k in MEMBER_FIELDS if k not in hidden} for m in members])


@router.get(
    "/{client_id}/summary",
    summary="Member and content totals",
    response_model=Envelope,
    responses=READ_ERRORS,
)
async def client_summary(client_id: str, request: Request, who: deps.Who) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(await clients.client_summary(uow, who.caller, client_id))
