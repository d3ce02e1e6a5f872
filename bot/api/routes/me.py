"""`GET /api/auth/me` (API-35): the resolved principal (API-15) and its caller class (API-40)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.api import deps
from bot.api.responses import ok
from bot.api.schemas import Envelope, errors

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.get(
    "/me",
    summary="The caller's principal and caller class",
    response_model=Envelope,
    responses=errors(401, 403, 503),
    # The `auth` tag marks public routes; this one needs a session.
    openapi_extra={"security": [{"bearer": []}, {"cookie": []}]},
)
async def me(who: deps.Who) -> JSONResponse:
    p, caller = who.principal, who.caller
    data: dict[str, Any] = {"kind": p.kind, "nama": p.nama, "role": p.role}
    if p.kind == "client":
        data |= {"client_id": p.client_id, "client_type": p.client_type}
    elif p.kind == "user":
        data |= {"user_id": p.id, "client_id": p.client_id}
    else:
        data |= {"dashboard_user_id": p.id, "username": p.nama, "client_ids": list(p.client_ids),
                 "premium_tier": p.premium_tier}  # fmt: skip
    data["caller_class"] = caller.kind
    data["scope"] = sorted(caller.scope)
    if caller.role:
        data["directorate_role"] = caller.role
    return ok(data)
