"""Premium requests over HTTP: the mobile flow of API-85 (`/api/premium-requests`) and the dashboard
premium request of JOB-75 (`/api/dashboard/premium-requests`). Responses keep the legacy key
`request` (API-2). Rules live in `core.premium`; this module parses, authorises by caller class
and maps refusals to statuses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from bot.api import deps
from bot.api.dedup import deduplicated
from bot.api.errors import ApiError
from bot.api.responses import core_errors, legacy
from bot.api.schemas import Doc, body_doc, errors
from core.premium import dashboard, mobile
from core.timewindow import now_utc, now_wib, today_wib

router = APIRouter()
MAX_SERIAL = 2_147_483_647  # premium_request.request_id is a SERIAL (int4)


class PremiumRequestBody(Doc):
    sender_name: str = Field(max_length=100, examples=["BUDI SANTOSO"])
    account_number: str = Field(
        examples=["1234567890"], description="5-30 digits; spaces, dots and dashes dropped"
    )
    bank_name: str = Field(max_length=60, examples=["BRI"])
    screenshot_url: str | None = Field(None, max_length=2048, examples=["https://contoh.com/bukti/123.jpg"])


class PremiumRequestUpdate(Doc):
    sender_name: str | None = Field(None, max_length=100)
    account_number: str | None = None
    bank_name: str | None = Field(None, max_length=60)
    screenshot_url: str | None = Field(None, max_length=2048)
    status: str | None = Field(None, description="admin only: approved or rejected", examples=["approved"])


class DashboardPremiumBody(Doc):
    bank_name: str = Field(max_length=60, examples=["BNI"])
    account_number: str = Field(examples=["0987654321"])
    sender_name: str = Field(max_length=100, examples=["SITI AMINAH"])
    premium_tier: str = Field(max_length=50, examples=["gold"])
    transfer_amount: float | None = Field(None, ge=0, examples=[150000])
    proof_url: str | None = Field(None, max_length=2048, examples=["https://contoh.com/bukti/456.jpg"])
    client_id: str | None = Field(None, examples=["POLRES_CONTOH"])


class DashboardPremiumConfirm(Doc):
    proof_url: str = Field(max_length=2048, examples=["https://contoh.com/bukti/456.jpg"])
    transfer_amount: float | None = Field(None, ge=0)


class PremiumRequestResponse(BaseModel):
    success: bool = True
    request: dict[str, Any]


def _request(body: dict[str, Any], status: int = 200) -> JSONResponse:
    return legacy({"success": True, "request": body}, status)


@router.post(
    "/api/premium-requests",
    tags=["users"],
    summary="Apply for mobile premium (personnel, API-85)",
    status_code=201,
    response_model=PremiumRequestResponse,
    responses=errors(400, 401, 403, 404, 409, 429, 503),
    openapi_extra=body_doc(PremiumRequestBody),
)
async def create_premium_request(request: Request, body: deps.Body, who: deps.Who) -> Response:
    async def run() -> Response:
        async with core_errors(), deps.ctx(request).db.uow() as uow:
            created = await mobile.create_request(
                uow, who.caller, body, now=now_wib(), settings=deps.settings(request),
                request_id=deps.request_id(request),
            )  # fmt: skip
            await uow.commit()
        return _request(created, 201)

    return await deduplicated(request, who.principal.label, body, run)


@router.put(
    "/api/premium-requests/{request_id}",
    tags=["users"],
    summary="Edit a pending premium request (owner) or decide it (admin, API-85)",
    response_model=PremiumRequestResponse,
    responses=errors(400, 401, 403, 404, 409, 503),
    openapi_extra=body_doc(PremiumRequestUpdate),
)
async def update_premium_request(
    request: Request,
    body: deps.Body,
    who: deps.Who,
    request_id: Annotated[int, Path(ge=1, le=MAX_SERIAL)],
) -> Response:
    now = now_wib()
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        updated = await mobile.update_request(
            uow, who.caller, request_id, body, now=now, today=today_wib(now), settings=deps.settings(request),
            audit_request_id=deps.request_id(request),
        )  # fmt: skip
        await uow.commit()
    return _request(updated)


def _dashboard_user(who: deps.Authed) -> str:
    if who.principal.kind != "dashboard":
        raise ApiError(403, "forbidden", "Hanya pengguna dashboard yang dapat mengajukan premium dashboard")
    return who.principal.id


@router.post(
    "/api/dashboard/premium-requests",
    tags=["dashboard"],
    summary="Apply for a dashboard premium tier (JOB-75)",
    status_code=201,
    response_model=PremiumRequestResponse,
    responses=errors(400, 401, 403, 404, 409, 503),
    openapi_extra=body_doc(DashboardPremiumBody),
)
async def create_dashboard_premium_request(request: Request, body: deps.Body, who: deps.Who) -> Response:
    dashboard_user_id = _dashboard_user(who)
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        created = await dashboard.create_request(
            uow,
            dashboard_user_id,
            who.principal.client_ids,
            body,
            now=now_utc(),
            settings=deps.settings(request),
        )
        await uow.commit()
    return _request(created, 201)


@router.put(
    "/api/dashboard/premium-requests/{token}",
    tags=["dashboard"],
    summary="Upload the transfer proof of a pending dashboard premium request (JOB-75)",
    response_model=PremiumRequestResponse,
    responses=errors(400, 401, 403, 404, 409, 503),
    openapi_extra=body_doc(DashboardPremiumConfirm),
)
async def confirm_dashboard_premium_request(
    request: Request, body: deps.Body, who: deps.Who, token: Annotated[str, Path(max_length=64)]
) -> Response:
    dashboard_user_id = _dashboard_user(who)
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        confirmed = await dashboard.confirm(
            uow, dashboard_user_id, dashboard.parse_token(token), body, now=now_utc(),
            settings=deps.settings(request),
        )  # fmt: skip
        await uow.commit()
    return _request(confirmed)
