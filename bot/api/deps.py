"""Request dependencies: lenient JSON body (API-5), services, and the authenticated caller (API-13/15/40)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from bot.api.errors import ApiError
from core import input_policy
from core.accounts.access import Caller
from core.app import AppContext
from core.auth.claim import ClaimService
from core.auth.errors import AuthError
from core.auth.logins import AuthService, RequestMeta
from core.auth.principal import Principal, caller_for
from core.auth.sessions import SessionStore
from core.config import Settings

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Bodies here are flat objects with at most a list of strings; deeper nesting is refused before any
# walk over it (a 5,000-deep body used to end in RecursionError, a 500).
MAX_JSON_DEPTH = 32


def _trim(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return {k: _trim(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_trim(v) for v in value]
    return value


async def json_body(request: Request) -> dict[str, Any]:
    """API-5: JSON objects only; another Content-Type is an empty object; malformed JSON → 400 bad_json."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not (content_type == "application/json" or content_type.endswith("+json")):
        return {}
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, "bad_json", "Body JSON tidak valid") from None
    if not isinstance(data, dict) or input_policy.json_depth(data) > MAX_JSON_DEPTH:
        raise ApiError(400, "bad_json", "Body JSON tidak valid")
    unstorable = input_policy.first_unstorable(data)
    if unstorable is not None:
        raise unstorable_field(unstorable)
    return _trim(data)


def unstorable_field(field: str) -> ApiError:
    message = input_policy.field_message(field)
    return ApiError(400, "validation_error", message, errors=[{"field": field, "message": message}])


async def storable_params(request: Request) -> None:
    """Issue 17: NUL or a lone surrogate in a path or query parameter never reaches psycopg (400)."""
    field = input_policy.first_unstorable_pair(
        [*request.path_params.items(), *request.query_params.multi_items()]
    )
    if field is not None:
        raise unstorable_field(field)


def ctx(request: Request) -> AppContext:
    return request.app.state.ctx


def settings(request: Request) -> Settings:
    return request.app.state.ctx.settings


def auth_service(request: Request) -> AuthService:
    return request.app.state.auth


def claim_service(request: Request) -> ClaimService:
    return request.app.state.claim


def sessions(request: Request) -> SessionStore:
    return request.app.state.auth.sessions


def request_id(request: Request) -> str:
    return request.scope.get("state", {}).get("request_id", "")


def client_ip(request: Request) -> str:
    return request.scope.get("state", {}).get("client_ip", "unknown")


def meta(request: Request) -> RequestMeta:
    return RequestMeta(client_ip(request), request.headers.get("user-agent", ""), request_id(request))


def token_of(request: Request) -> tuple[str | None, bool]:
    """API-13: `Authorization: Bearer` first, then the `token` cookie; the bool says it came from the cookie."""
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer " and header[7:].strip():
        return header[7:].strip(), False
    cookie = request.cookies.get("token")
    return (cookie, True) if cookie else (None, False)


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"


@dataclass(frozen=True)
class Authed:
    principal: Principal
    caller: Caller
    claims: dict[str, Any]


async def authed(request: Request) -> Authed:
    token, from_cookie = token_of(request)
    if not token:
        raise ApiError(401, "token_required", "Token required")
    if from_cookie and request.method not in SAFE_METHODS:
        origin = request.headers.get("origin")
        allowed = {
            o.strip() for o in settings(request).cors_origin.split(",") if o.strip() and o.strip() != "*"
        }
        if origin and origin != _own_origin(request) and origin not in allowed:
            raise ApiError(403, "forbidden", "Forbidden")
    service = auth_service(request)
    try:
        principal, claims = await service.authenticate(token)
    except AuthError as exc:
        raise ApiError.from_auth(exc) from None
    async with service.db.uow() as uow:
        caller = await caller_for(uow, principal)
    caller = Caller(
        caller.kind, caller.scope, caller.role, caller.user_id, caller.actor_id or principal.id, channel="api"
    )
    request.scope.setdefault("state", {})["principal"] = principal.label
    return Authed(principal, caller, claims)


Body = Annotated[dict[str, Any], Depends(json_body)]
Who = Annotated[Authed, Depends(authed)]
AuthDep = Annotated[AuthService, Depends(auth_service)]
ClaimDep = Annotated[ClaimService, Depends(claim_service)]
