"""Claim / OTP endpoints (API-21 … API-25): public, exempt from de-duplication."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.api import deps
from bot.api.responses import core_errors, ok
from bot.api.schemas import (
    ClaimUpdateBody,
    EmailBody,
    Envelope,
    OtpRequestBody,
    OtpVerifyBody,
    body_doc,
    errors,
)

router = APIRouter(prefix="/api/claim", tags=["claim"])


@router.post(
    "/validate-email",
    summary="Check that an email can receive mail (advisory)",
    response_model=Envelope,
    responses=errors(400, 403, 429, 503),
    openapi_extra=body_doc(EmailBody),
)
async def validate_email(
    request: Request,
    body: deps.Body,
    claim: deps.ClaimDep,
) -> JSONResponse:
    async with core_errors():
        return ok(await claim.validate_email(body, deps.client_ip(request)))


@router.post(
    "/request-otp",
    summary="Send a 6-digit code to the member's email",
    status_code=202,
    response_model=Envelope,
    responses=errors(400, 403, 404, 409, 429, 502, 503),
    openapi_extra=body_doc(OtpRequestBody),
)
async def request_otp(
    request: Request,
    body: deps.Body,
    claim: deps.ClaimDep,
) -> JSONResponse:
    async with core_errors():
        return ok(await claim.request_otp(body, deps.client_ip(request)), status=202)


@router.post(
    "/verify-otp",
    summary="Verify the code; opens the verified window",
    response_model=Envelope,
    responses=errors(400, 404, 409, 429, 503),
    openapi_extra=body_doc(OtpVerifyBody),
)
async def verify_otp(
    request: Request,
    body: deps.Body,
    claim: deps.ClaimDep,
) -> JSONResponse:
    async with core_errors():
        return ok(await claim.verify_otp(body, deps.client_ip(request)))


@router.post(
    "/user-data",
    summary="Read the own user row after verification",
    response_model=Envelope,
    responses=errors(400, 403, 404, 503),
    openapi_extra=body_doc(OtpRequestBody),
)
async def user_data(
    body: deps.Body,
    claim: deps.ClaimDep,
) -> JSONResponse:
    async with core_errors():
        return ok(await claim.user_data(body))


@router.put(
    "/update",
    summary="Update the own profile after verification",
    response_model=Envelope,
    responses=errors(400, 403, 404, 409, 429, 503),
    openapi_extra=body_doc(ClaimUpdateBody),
)
async def update(
    request: Request,
    body: deps.Body,
    claim: deps.ClaimDep,
) -> JSONResponse:
    async with core_errors():
        return ok(await claim.update(body, deps.client_ip(request), deps.request_id(request)))
