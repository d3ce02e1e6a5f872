"""Users (API-60 … API-70)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from bot.api import deps
from bot.api.dedup import deduplicated
from bot.api.errors import ApiError
from bot.api.responses import core_errors, ok
from bot.api.schemas import (
    DeleteRoleBody,
    DirectoryBody,
    Envelope,
    RenameBody,
    RolesBody,
    UserBody,
    WaNotificationBody,
    body_doc,
    errors,
)
from core.accounts import clients, fields, users
from core.accounts.access import directorate_roles

router = APIRouter(tags=["users"])
READ_ERRORS = errors(400, 401, 403, 404, 503)
ORG_ROW = (
    "user_id", "nama", "tiktok", "insta", "divisi", "title", "status", "exception", "jabatan", "whatsapp",
    "email", "client_id", "client_name", "regional_id",
)  # fmt: skip
FULL_ROW = ("user_id", "nama", "tiktok", "divisi", "title", "exception")


@router.get("/api/users", summary="Users in read scope", response_model=Envelope, responses=READ_ERRORS)
async def list_users(
    request: Request,
    who: deps.Who,
    client_id: Annotated[str | None, Query()] = None,
    status: Annotated[str, Query(pattern="^(true|false|all)$")] = "all",
    limit: Annotated[int | None, Query(ge=1, le=5000)] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(
            await users.list_users(
                uow, who.caller, client_id=client_id, status=status, limit=limit, offset=offset
            )
        )


async def _directory(request: Request, who: deps.Authed, params: dict[str, Any]) -> JSONResponse:
    """API-62: the personnel directory by role and scope."""
    caller, principal = who.caller, who.principal
    if caller.kind == "personnel":
        raise ApiError(403, "forbidden", "Forbidden")
    scope = (fields.as_text(params.get("scope")) or "org").lower()
    if scope not in ("org", "direktorat"):
        raise ApiError(400, "validation_error", "scope tidak valid")
    role = (fields.as_text(params.get("role")) or principal.role_name).lower()
    client_id = fields.as_text(params.get("client_id")).upper()
    regional = fields.as_text(params.get("regional_id")).upper()
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        if not role:
            raise ApiError(400, "validation_error", "role wajib diisi")
        if scope == "direktorat" and role not in await directorate_roles(uow):
            raise ApiError(400, "validation_error", "role direktorat tidak valid")
        if not client_id:
            single = caller.single_client() if caller.kind in ("operator", "viewer") else None
            if single is None:
                raise ApiError(400, "validation_error", "client_id wajib diisi")
            client_id = single
        if not caller.in_scope(client_id):
            raise ApiError(403, "forbidden", "client_id tidak diizinkan")
        rows = await users.directory(uow, caller, scope, role, client_id)
    if regional:
        rows = [r for r in rows if (r.get("regional_id") or "").upper() == regional]
    hidden = () if users.reveals_contact(caller) else ("whatsapp", "email")
    if scope == "org":
        return ok([{k: r.get(k) for k in ORG_ROW if k not in hidden} for r in rows])
    return ok([{k: v for k, v in r.items() if k != "operator" and k not in hidden} for r in rows])


@router.get("/api/users/list", summary="Personnel directory", response_model=Envelope, responses=READ_ERRORS)
async def directory_get(
    request: Request,
    who: deps.Who,
    client_id: Annotated[str | None, Query()] = None,
    role: Annotated[str | None, Query()] = None,
    scope: Annotated[str | None, Query()] = None,
    regional_id: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    params = {"client_id": client_id, "role": role, "scope": scope, "regional_id": regional_id}
    return await _directory(request, who, params)


@router.post(
    "/api/users/list",
    summary="Personnel directory (legacy POST)",
    response_model=Envelope,
    responses=READ_ERRORS,
    openapi_extra=body_doc(DirectoryBody),
)
async def directory_post(request: Request, body: deps.Body, who: deps.Who) -> JSONResponse:
    return await _directory(request, who, body)


async def _by_client(request: Request, who: deps.Authed, client_id: str, full: bool) -> JSONResponse:
    caller = who.caller
    if caller.kind == "personnel" or not caller.in_scope(client_id):
        raise ApiError(403, "forbidden", "client_id tidak diizinkan")
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        client = await clients.fetch_client(uow, client_id)
        if client is None:
            raise ApiError(404, "not_found", "Client not found")
        role = caller.role if caller.kind == "directorate" else None
        members = await users.client_members(uow, client, include_null_status=full, role=role)
    if full:
        return ok([{k: m.get(k) for k in FULL_ROW} for m in members])
    if not users.reveals_contact(caller):
        members = [{k: v for k, v in m.items() if k not in ("whatsapp", "email")} for m in members]
    return ok(members)


@router.get(
    "/api/users/by-client/{client_id}", summary="Active members of a client", response_model=Envelope,
    responses=READ_ERRORS,
)  # fmt: skip
async def by_client(client_id: str, request: Request, who: deps.Who) -> JSONResponse:
    return await _by_client(request, who, client_id, full=False)


@router.get(
    "/api/users/by-client-full/{client_id}", summary="Members (status true or null), short rows",
    response_model=Envelope, responses=READ_ERRORS,
)  # fmt: skip
async def by_client_full(client_id: str, request: Request, who: deps.Who) -> JSONResponse:
    return await _by_client(request, who, client_id, full=True)


async def _create(request: Request, body: dict[str, Any], who: deps.Authed) -> Response:
    async def run() -> Response:
        async with core_errors(), deps.ctx(request).db.uow() as uow:
            user, outcome = await users.create_user(
                uow, who.caller, body, request_id=deps.request_id(request)
            )
        if outcome == "created":
            return ok(user, status=201)
        if outcome == "updated":
            return ok(user, message="User sudah terdaftar, peran diperbarui")
        return ok(user)

    return await deduplicated(request, who.principal.label, body, run)


CREATE_DOC: dict[str, Any] = {
    "status_code": 201,
    "response_model": Envelope,
    "responses": errors(400, 401, 403, 409, 429, 503),
    "openapi_extra": body_doc(UserBody),
}


@router.post("/api/users", summary="Create or reactivate a user", **CREATE_DOC)
async def create_user(request: Request, body: deps.Body, who: deps.Who) -> Response:
    return await _create(request, body, who)


@router.post("/api/users/create", summary="Create or reactivate a user (alias)", **CREATE_DOC)
async def create_user_alias(request: Request, body: deps.Body, who: deps.Who) -> Response:
    return await _create(request, body, who)


@router.get("/api/users/{user_id}", summary="One user", response_model=Envelope, responses=READ_ERRORS)
async def get_user(user_id: str, request: Request, who: deps.Who) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(await users.get_user(uow, who.caller, user_id))


@router.put(
    "/api/users/{user_id}",
    summary="Partial update with the caller's allowlist",
    response_model=Envelope,
    responses=errors(400, 401, 403, 404, 409, 503),
    openapi_extra=body_doc(UserBody),
)
async def update_user(
    user_id: str,
    request: Request,
    body: deps.Body,
    who: deps.Who,
) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        updated = await users.update_user(
            uow,
            who.caller,
            user_id,
            body,
            sessions=deps.sessions(request),
            request_id=deps.request_id(request),
        )
    return ok(updated)


@router.put(
    "/api/users/{user_id}/roles",
    summary="Set the roles the caller manages",
    response_model=Envelope,
    responses=errors(400, 401, 403, 404, 503),
    openapi_extra=body_doc(RolesBody),
)
async def set_roles(
    user_id: str,
    request: Request,
    body: deps.Body,
    who: deps.Who,
) -> JSONResponse:
    if who.caller.kind in ("viewer", "personnel"):
        raise ApiError(403, "forbidden", "Forbidden")
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        updated = await users.set_user_roles(
            uow, who.caller, user_id, body.get("roles"), request_id=deps.request_id(request)
        )
    return ok(updated)


@router.put(
    "/api/users/{user_id}/wa-notification",
    summary="WhatsApp task-reminder preference",
    response_model=Envelope,
    responses=errors(400, 401, 403, 404, 503),
    openapi_extra=body_doc(WaNotificationBody),
)
async def wa_notification(
    user_id: str,
    request: Request,
    body: deps.Body,
    who: deps.Who,
) -> JSONResponse:
    preference = body["opt_in"] if "opt_in" in body else body.get("wa_notification_opt_in")
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        updated = await users.set_wa_notification(
            uow, who.caller, user_id, body.get("whatsapp"), preference, request_id=deps.request_id(request)
        )
    return ok(updated)


@router.delete(
    "/api/users/{user_id}",
    summary="Per-role deactivation",
    response_model=Envelope,
    responses=errors(401, 403, 404, 503),
    openapi_extra=body_doc(DeleteRoleBody),
)
async def deactivate(
    user_id: str,
    request: Request,
    body: deps.Body,
    who: deps.Who,
    role: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    chosen = role if role is not None else (fields.as_text(body.get("role")) or None)
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        updated = await users.deactivate_user(
            uow,
            who.caller,
            user_id,
            chosen,
            sessions=deps.sessions(request),
            request_id=deps.request_id(request),
        )
    return ok(updated)


RENAME_DOC: dict[str, Any] = {
    "summary": "Rename an NRP (admin)",
    "response_model": Envelope,
    "responses": errors(400, 401, 403, 404, 409, 503),
    "openapi_extra": body_doc(RenameBody),
}


@router.put("/api/user_roles/update", name="rename_put", **RENAME_DOC)
@router.post("/api/user_roles/update", name="rename_post", **RENAME_DOC)
async def rename(request: Request, body: deps.Body, who: deps.Who) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        result = await users.rename_user(
            uow,
            who.caller,
            body.get("old_user_id"),
            body.get("new_user_id"),
            sessions=deps.sessions(request),
            request_id=deps.request_id(request),
        )
    return ok(result)
