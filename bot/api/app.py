"""The FastAPI application of the HTTP sidecar (API-1 … API-10).

`create_app(ctx)` builds the app around an open `AppContext` (tests, `cicero run`); without one it
opens its own at startup and closes it at shutdown (`cicero api`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.api import deps
from bot.api.errors import ApiError, error_response
from bot.api.middleware import ApiMiddleware
from bot.api.routes import (
    analytics,
    auth,
    claim,
    client_posts,
    clients,
    complaints,
    dashboard_accounts,
    dashboard_analytics,
    dashboard_page,
    health,
    link_reports,
    me,
    premium_requests,
    satbinmas,
    users,
    visitor,
)
from core.accounts.errors import AccountError
from core.alerts import notify_admins
from core.app import AppContext
from core.auth.claim import ClaimService, MxLookup, dns_mx_lookup
from core.auth.errors import AuthError
from core.auth.logins import AuthService
from core.auth.tokens import secret_problem
from core.config import Settings, get_settings
from core.email import EmailSender
from core.timewindow import record_now

log = logging.getLogger("bot.api")
PUBLIC_TAGS = {"health", "claim", "auth"}


class StartupRefused(Exception):
    """API-1: the sidecar must not start (exit code 2); the message names the variable."""


def check_startup(settings: Settings) -> None:
    problem = secret_problem(settings)
    if problem and not settings.demo_mode:
        raise StartupRefused(problem)


def cicero_version() -> str:
    try:
        return version("cicero")
    except PackageNotFoundError:
        return "0"


def _request_id(request: Request) -> str:
    return request.scope.get("state", {}).get("request_id", "")


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc, _request_id(request), request.url.path)

    @app.exception_handler(AccountError)
    async def account_error(request: Request, exc: AccountError) -> JSONResponse:
        return error_response(ApiError.from_account(exc), _request_id(request), request.url.path)

    @app.exception_handler(AuthError)
    async def auth_error(request: Request, exc: AuthError) -> JSONResponse:
        return error_response(ApiError.from_auth(exc), _request_id(request), request.url.path)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        items = []
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body", "header")]
            items.append(
                {"field": ".".join(loc) or None, "message": f"{'.'.join(loc) or 'nilai'} tidak valid"}
            )
        first = items[0]["message"] if items else "Permintaan tidak valid"
        return error_response(
            ApiError(400, "validation_error", first, errors=items), _request_id(request), request.url.path
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            error = ApiError(404, "not_found", "Endpoint not found")
        elif exc.status_code == 405:
            error = ApiError(405, "method_not_allowed", "Method not allowed")
        else:
            error = ApiError(exc.status_code, "http_error", str(exc.detail))
        response = error_response(error, _request_id(request), request.url.path)
        if exc.headers and "Allow" in exc.headers:
            response.headers["Allow"] = exc.headers["Allow"]  # RFC 9110 §15.5.6: 405 names the methods
        return response


BAD_REQUEST = {
    "description": "Error (API-3): validation_error or bad_json",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title="Cicero HTTP sidecar", version=app.version, routes=app.routes)
    schema.setdefault("components", {})["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
        "cookie": {"type": "apiKey", "in": "cookie", "name": "token"},
    }
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            if not PUBLIC_TAGS & set(operation.get("tags", [])):
                operation["security"] = [{"bearer": []}, {"cookie": []}]
            # API-3/API-9: a request the input policy or validation refuses is a 400
            # (validation_error, bad_json) on every operation; FastAPI's 422 is never sent.
            operation.get("responses", {}).pop("422", None)
            operation.setdefault("responses", {}).setdefault("400", BAD_REQUEST)
    app.openapi_schema = schema
    return schema


def _operation_id(route: APIRoute) -> str:
    """Unique per path and method (multi-method routes get one operation per method)."""
    path = re.sub(r"[^a-z0-9]+", "_", route.path_format.lower()).strip("_") or "root"
    return f"{route.name}_{path}"


def create_app(
    ctx: AppContext | None = None,
    *,
    settings: Settings | None = None,
    email: EmailSender | None = None,
    mx_lookup: MxLookup = dns_mx_lookup,
    runs_sessions: bool = False,
    runs_scheduler: bool = False,
) -> FastAPI:
    settings = settings or (ctx.settings if ctx else get_settings())
    check_startup(settings)

    def bind(app: FastAPI, context: AppContext) -> None:
        app.state.ctx = context
        app.state.auth = AuthService(context.settings, context.db, context.redis)
        app.state.claim = ClaimService(
            context.settings, context.db, context.redis, email or EmailSender(context.settings), mx_lookup
        )

        async def notify_error(exc: Exception, request_id: str) -> None:
            # API-3: one admin notice per distinct error type per ADMIN_ALERT_MIN_INTERVAL_S (10 min).
            async with context.db.uow() as uow:
                text = f"⚠️ *Kesalahan API*\n{type(exc).__name__}\nRequest: {request_id}"
                await notify_admins(
                    uow,
                    context.redis,
                    "api_error",
                    text,
                    subject=type(exc).__name__,
                    settings=context.settings,
                )
                await uow.commit()

        app.state.notify_error = notify_error

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = None
        if not hasattr(app.state, "ctx"):
            owned = AppContext.open("api", settings)
            bind(app, owned)
        if not EmailSender(settings).configured:
            log.warning("email_not_configured", extra={"mail_dir": str(EmailSender(settings).mail_dir)})
        try:
            yield
        finally:
            if owned is not None:
                await owned.close()

    docs = settings.api_docs_enabled
    app = FastAPI(
        title="Cicero HTTP sidecar",
        version=cicero_version(),
        openapi_url="/api/openapi.json" if docs else None,
        docs_url="/api/docs" if docs else None,
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
        dependencies=[Depends(deps.storable_params)],
    )
    app.state.started_at = record_now()
    app.state.version = cicero_version()
    app.state.runs_sessions = runs_sessions
    app.state.runs_scheduler = runs_scheduler
    if ctx is not None:
        bind(app, ctx)
    _install_handlers(app)
    for module in (health, claim, auth, me, clients, users, premium_requests, dashboard_accounts):
        app.include_router(module.router)
    app.include_router(link_reports.regular)
    app.include_router(link_reports.khusus_router)
    app.include_router(analytics.router)
    app.include_router(dashboard_analytics.router)
    app.include_router(client_posts.router)
    app.include_router(satbinmas.router)  # API-86
    app.include_router(visitor.router)
    app.include_router(complaints.router)  # API-84 komplain
    app.include_router(dashboard_page.router)  # issue 22: the read-only /dashboard page
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(ApiMiddleware, settings=settings)
    return app
