"""API-86: Satbinmas official accounts of a client under /api/clients (admin; operator and
directorate for their own clients). The rules are `core.satbinmas.service`'s."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.api import deps
from bot.api.responses import core_errors, ok
from bot.api.schemas import Doc, Envelope, body_doc, errors
from core.satbinmas import service

router = APIRouter(prefix="/api/clients", tags=["satbinmas"])


class SatbinmasAccountBody(Doc):
    platform: str
    username: str
    display_name: str | None = None
    profile_url: str | None = None
    secUid: str | None = None  # noqa: N815 - the legacy body field (also `secuid`)
    is_active: bool = True
    is_verified: bool = False


@router.get(
    "/{client_id}/satbinmas-official",
    summary="Satbinmas official accounts of a client",
    response_model=Envelope,
    responses=errors(401, 403, 404, 503),
)
async def list_accounts(client_id: str, request: Request, who: deps.Who) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(await service.list_accounts(uow, who.caller, client_id))


@router.get(
    "/{client_id}/satbinmas-official/data",
    summary="Satbinmas official accounts of a client with their stored media",
    response_model=Envelope,
    responses=errors(401, 403, 404, 503),
)
async def accounts_with_media(client_id: str, request: Request, who: deps.Who) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(await service.accounts_with_media(uow, who.caller, client_id))


@router.put(
    "/{client_id}/satbinmas-official",
    summary="Create or update the client's account of one platform",
    response_model=Envelope,
    responses=errors(400, 401, 403, 404, 409, 503),
    openapi_extra=body_doc(SatbinmasAccountBody),
)
async def upsert_account(client_id: str, request: Request, body: deps.Body, who: deps.Who) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        account, created = await service.upsert_account(uow, who.caller, client_id, body)
    return ok({"account": account, "created": created}, status=201 if created else 200)


@router.delete(
    "/{client_id}/satbinmas-official/{account_id}",
    summary="Delete one of the client's Satbinmas official accounts",
    response_model=Envelope,
    responses=errors(401, 403, 404, 503),
)
async def delete_account(client_id: str, account_id: str, request: Request, who: deps.Who) -> JSONResponse:
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        return ok(await service.delete_account(uow, who.caller, client_id, account_id))
