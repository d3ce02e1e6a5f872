"""Complaint responses from the dashboard (API-84): `POST /api/dashboard/komplain/insta|tiktok`.

Transport only; the rules (who may answer whom, where the answer goes) are in
core.analytics.complaints."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.api import deps
from bot.api.analytics_schemas import ComplaintBody, DeliveryResponse
from bot.api.dedup import deduplicated
from bot.api.responses import core_errors, ok
from bot.api.schemas import body_doc, errors
from core.analytics import complaints
from core.analytics.complaints import Platform

router = APIRouter(tags=["dashboard"])


async def _respond(request: Request, body: dict, who: deps.Authed, platform: Platform) -> Response:
    async def run() -> Response:
        request_id = deps.request_id(request) or uuid.uuid4().hex
        async with core_errors(), deps.ctx(request).db.uow() as uow:
            data = await complaints.respond(uow, who.caller, platform, body, request_id)
            await uow.commit()
        return ok(data)

    # API-18: a double click does not send the member the same answer twice.
    return await deduplicated(request, who.principal.label, {"platform": platform, **body}, run)


DOC = {
    "response_model": DeliveryResponse,
    "responses": errors(400, 401, 403, 404, 429, 503),
    "openapi_extra": body_doc(ComplaintBody),
}


@router.post(
    "/api/dashboard/komplain/insta", summary="Send a response to a member's Instagram complaint", **DOC
)
async def komplain_insta(request: Request, body: deps.Body, who: deps.Who) -> Response:
    return await _respond(request, body, who, "instagram")


@router.post(
    "/api/dashboard/komplain/tiktok", summary="Send a response to a member's TikTok complaint", **DOC
)
async def komplain_tiktok(request: Request, body: deps.Body, who: deps.Who) -> Response:
    return await _respond(request, body, who, "tiktok")
