"""The outer HTTP layer (API-3 … API-8): request id, CORS, sensitive-path guard, body limit,
JSON errors for everything that escapes a route, and one log line per request."""

from __future__ import annotations

import ipaddress
import logging
import re
import time
import uuid
from typing import Any
from urllib.parse import unquote

from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.api.errors import ApiError, error_response
from core.config import Settings

log = logging.getLogger("bot.api")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
_PROBES = (".env", ".git", ".aws", ".ssh", "wp-admin", "wp-login")
CORS_METHODS = "GET, POST, PUT, DELETE, OPTIONS"
CORS_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-ID"


class BodyTooLarge(Exception):
    pass


def is_probe(path: str) -> bool:
    """API-7: paths that only scanners ask for."""
    lowered = unquote(path).lower()
    return any(p in lowered for p in _PROBES) or lowered.endswith(".php")


def _networks(raw: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    nets = []
    for part in raw.split(","):
        part = part.strip()
        if part:
            try:
                nets.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                log.warning("trusted_proxy_invalid", extra={"value": part})
    return nets


def from_trusted_proxy(scope: Scope, trusted: list[Any]) -> bool:
    return bool(trusted) and _trusted((scope.get("client") or ("unknown", 0))[0], trusted)


def _trusted(ip: str, nets: list[Any]) -> bool:
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(addr in net for net in nets)


def client_ip(scope: Scope, headers: dict[str, str], trusted: list[Any]) -> str:
    """API-17, the one place that decides the client IP: the socket address; `X-Forwarded-For` only
    when that address is in TRUSTED_PROXIES, and then its right-most untrusted entry. uvicorn's own
    proxy handling is off (`server.uvicorn_config`), so `scope["client"]` is the real peer."""
    peer = (scope.get("client") or ("unknown", 0))[0]
    if not from_trusted_proxy(scope, trusted):
        return peer
    chain = [p.strip() for p in headers.get("x-forwarded-for", "").split(",") if p.strip()]
    for hop in reversed(chain):
        if not _trusted(hop, trusted):
            return hop
    return chain[0] if chain else peer


class ApiMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.trusted = _networks(settings.trusted_proxies)
        self.origins = [o.strip() for o in settings.cors_origin.split(",") if o.strip()]
        self._probe_logged: dict[str, float] = {}

    def _cors_headers(self, origin: str | None) -> list[tuple[bytes, bytes]]:
        if not origin or not self.origins:
            return []
        if self.origins == ["*"]:
            return [(b"access-control-allow-origin", b"*")]
        if origin in self.origins:
            return [
                (b"access-control-allow-origin", origin.encode()),
                (b"access-control-allow-credentials", b"true"),
                (b"vary", b"Origin"),
            ]
        return []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        incoming = headers.get("x-request-id", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        ip = client_ip(scope, headers, self.trusted)
        proto = headers.get("x-forwarded-proto", "").strip().lower()
        if proto in ("http", "https") and from_trusted_proxy(scope, self.trusted):
            scope["scheme"] = proto  # a TLS-terminating proxy: the API's own origin is https (API-13)
        state = scope.setdefault("state", {})
        state.update(request_id=request_id, client_ip=ip, principal="anonymous")
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET")
        origin = headers.get("origin")
        cors = self._cors_headers(origin)
        status_box = {"status": 500, "started": False}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_box["status"] = message["status"]
                status_box["started"] = True
                extra = [(b"x-request-id", request_id.encode()), *cors]
                existing = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in extra if h[0] not in existing
                ]
            await send(message)

        async def respond(error: ApiError) -> None:
            response = error_response(error, request_id, path)
            await response(scope, receive, send_wrapper)

        try:
            if method == "OPTIONS" and "access-control-request-method" in headers:
                # API-6: pre-flight answered before auth, dedup and rate limits.
                preflight = [(b"x-request-id", request_id.encode())]
                if cors:
                    preflight += [
                        (b"access-control-allow-methods", CORS_METHODS.encode()),
                        (b"access-control-allow-headers", CORS_HEADERS.encode()),
                        (b"access-control-max-age", b"600"),
                    ]
                await send({"type": "http.response.start", "status": 204, "headers": preflight + cors})
                await send({"type": "http.response.body", "body": b""})
                status_box["status"] = 204
                return
            if is_probe(path):
                self._log_probe(path, ip)
                await respond(ApiError(404, "not_found", "Endpoint not found"))
                return
            limit = self.settings.api_max_body_bytes
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                await respond(ApiError(413, "payload_too_large", "Body terlalu besar"))
                return
            await self.app(scope, _limited(receive, limit), send_wrapper)
        except BodyTooLarge:
            if not status_box["started"]:
                await respond(ApiError(413, "payload_too_large", "Body terlalu besar"))
        except Exception as exc:  # API-3: nothing escapes as HTML or a hung connection
            if status_box["started"]:
                raise
            await respond(await self._unexpected(exc, scope, request_id))
        finally:
            log.info(
                "http_request",
                extra={
                    "request_id": request_id,
                    "method": method,
                    "path": path,
                    "status": status_box["status"],
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "principal": state.get("principal", "anonymous"),
                    "client_ip": ip,
                },
            )

    def _log_probe(self, path: str, ip: str) -> None:
        now = time.monotonic()
        if now - self._probe_logged.get(ip, -1e9) >= 60:
            self._probe_logged[ip] = now
            if len(self._probe_logged) > 10000:
                self._probe_logged.clear()
            log.warning("security.probe", extra={"path": path[:200], "client_ip": ip})

    async def _unexpected(self, exc: Exception, scope: Scope, request_id: str) -> ApiError:
        if isinstance(exc, OperationalError | InterfaceError) or (
            isinstance(exc, DBAPIError) and exc.connection_invalidated
        ):
            log.error("db_unavailable", extra={"request_id": request_id, "error_class": type(exc).__name__})
            return ApiError(503, "db_unavailable", "Database tidak tersedia")
        if isinstance(exc, RedisError):
            log.error(
                "redis_unavailable", extra={"request_id": request_id, "error_class": type(exc).__name__}
            )
            return ApiError(503, "service_unavailable", "Layanan sementara tidak tersedia")
        log.error("internal_error", exc_info=exc, extra={"request_id": request_id})
        notifier = scope.get("app") and getattr(scope["app"].state, "notify_error", None)
        if notifier is not None:
            try:
                await notifier(exc, request_id)
            except Exception:
                log.warning("internal_error_notice_failed", extra={"request_id": request_id})
        return ApiError(500, "internal_error", "Terjadi kesalahan pada server.")


def _limited(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge()
        return message

    return wrapped
