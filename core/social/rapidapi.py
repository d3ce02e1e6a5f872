"""The RapidAPI transport shared by the Instagram and TikTok clients (ING-API-2..7).

One `ProviderTransport` per provider owns one pooled `httpx.AsyncClient`, the provider's
process-wide concurrency slot pool (ING-API-4), the retry loop with exponential backoff, jitter
and `Retry-After` (ING-API-5), and the Instagram 401/403 host fallback (ING-API-6). Endpoint
code above it only builds paths and reads payloads.

Every wait goes through an injectable `sleep` and every jitter through an injectable `rng`, so
tests pin both; all delays are settings and are zero in tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal

import httpx

from core.config import Settings
from core.social.provider_limit import SharedProviderLimit
from core.timewindow import record_now

log = logging.getLogger(__name__)

Platform = Literal["instagram", "tiktok"]
ErrorKind = Literal["network", "rate_limited", "server_error", "client_error", "bad_payload", "throttled"]
Sleep = Callable[[float], Awaitable[None]]
# Names the shape of a 2xx answer that carries nothing (a throttling or glitch answer), or None for
# a real answer; endpoint code passes one per call (../shared/notes/rapidapi.md, "Answers that are
# not what they look like").
ThrottleCheck = Callable[[Any], str | None]

KEY_MISSING_MESSAGE = "RAPIDAPI_KEY belum di-set"


class RapidApiConfigError(Exception):
    """ING-API-2: the effective key is empty; raised before any HTTP request."""

    def __init__(self, code: str = "RAPIDAPI_KEY_MISSING", message: str = KEY_MISSING_MESSAGE) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class RapidApiError(Exception):
    """ING-API-7: a request that failed for good (after retries where they apply)."""

    def __init__(
        self,
        *,
        platform: str,
        endpoint: str,
        kind: ErrorKind,
        status: int | None = None,
        attempts: int = 1,
        body: str = "",
        message: str | None = None,
        shape: str | None = None,
    ) -> None:
        self.platform = platform
        self.endpoint = endpoint
        self.kind = kind
        self.status = status
        self.attempts = attempts
        self.body = body[:500]
        # What the answer looked like when it was a 2xx that proves nothing (logged, summarised).
        self.shape = shape
        self.message = message or f"{platform} {endpoint}: {kind}" + (f" (HTTP {status})" if status else "")
        if shape and shape not in self.message:
            self.message += f" [{shape}]"
        super().__init__(self.message)

    @property
    def is_auth_failure(self) -> bool:
        return self.status in (401, 403)

    @property
    def inconclusive(self) -> bool:
        """A 2xx answer without usable content (throttled/empty, statusCode≠0, HTML, no container):
        it proves nothing about the account, so nothing stored may be removed on it (issue 15)."""
        return self.kind in ("throttled", "bad_payload")

    @property
    def stops_everything(self) -> bool:
        """A failure that would hit every following request too (quota exhausted, DIR-46.0 item 6)."""
        return self.kind == "rate_limited"

    @property
    def reason(self) -> str:
        """A short Indonesian reason for replies and summaries (DIR-46.8)."""
        if self.kind == "rate_limited":
            return "kuota RapidAPI habis atau dibatasi"
        if self.kind == "network":
            return "RapidAPI tidak dapat dihubungi (timeout)"
        if self.kind == "server_error":
            return f"server RapidAPI error (HTTP {self.status})"
        if self.kind == "bad_payload":
            return "respons RapidAPI tidak valid"
        if self.kind == "throttled":
            return "RapidAPI menjawab kosong (dibatasi)"
        if self.status == 404:
            return "post tidak ditemukan, dihapus, atau privat"
        if self.status in (401, 403):
            return f"akses RapidAPI ditolak (HTTP {self.status})"
        return f"permintaan ditolak RapidAPI (HTTP {self.status})"


@dataclass(frozen=True)
class Endpoint:
    """Where requests go (`base_url`), what `X-RapidAPI-Host` says, and which key is sent."""

    base_url: str
    host: str
    key: str

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    base_ms: int = 500
    max_ms: int = 30000
    retry_after_max_s: float = 120.0

    def backoff_s(self, attempt: int, rng: Callable[[], float]) -> float:
        """ING-API-5: wait before attempt `attempt + 1`: capped doubling times a factor in [0.5, 1]."""
        d = min(self.max_ms, self.base_ms * 2 ** (attempt - 1))
        return d * (0.5 + 0.5 * rng()) / 1000.0


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds: delta seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or record_now())).total_seconds())


# ING-API-4: one slot pool per provider for the whole process. asyncio primitives belong to one
# event loop, so the pool is keyed by loop as well (one loop per process in production).
_SLOTS: dict[tuple[str, int, int], asyncio.Semaphore] = {}


def provider_slots(platform: str, limit: int) -> asyncio.Semaphore:
    key = (platform, max(1, limit), id(asyncio.get_running_loop()))
    slots = _SLOTS.get(key)
    if slots is None:
        slots = _SLOTS[key] = asyncio.Semaphore(max(1, limit))
    return slots


@dataclass
class ProviderTransport:
    platform: Platform
    primary: Endpoint
    fallback: Endpoint | None
    concurrency: int
    timeout_s: float
    policy: RetryPolicy
    sleep: Sleep = asyncio.sleep
    rng: Callable[[], float] = random.random
    http: httpx.AsyncClient = field(default_factory=httpx.AsyncClient)
    shared: SharedProviderLimit | None = None  # the cross-process limit (core.social.provider_limit)

    def require_key(self) -> None:
        if not self.primary.key:
            raise RapidApiConfigError()

    async def get_json(
        self, path: str, params: Mapping[str, str] | None = None, throttled: ThrottleCheck | None = None
    ) -> Any:
        """GET `path` on the primary host; Instagram falls back on 401/403 when configured (ING-API-6).

        A 2xx body that `throttled` names as a throttling answer is retried like a 5xx and, when
        every attempt gets one, raised as kind `throttled`.
        """
        self.require_key()
        try:
            return await self._request(self.primary, path, params, throttled)
        except RapidApiError as exc:
            if self.platform == "instagram" and exc.is_auth_failure and self.fallback is not None:
                log.warning(
                    "rapidapi_fallback",
                    extra={"platform": self.platform, "path": path, "status": exc.status},
                )
                return await self._request(self.fallback, path, params, throttled)
            raise

    async def get_json_at(
        self,
        endpoint: Endpoint,
        path: str,
        params: Mapping[str, str] | None = None,
        throttled: ThrottleCheck | None = None,
    ) -> Any:
        """GET on an explicit endpoint (the TikTok fallback post list of ING-API-12 step 3)."""
        if not endpoint.key:
            raise RapidApiConfigError()
        return await self._request(endpoint, path, params, throttled)

    async def _request(
        self,
        endpoint: Endpoint,
        path: str,
        params: Mapping[str, str] | None,
        throttled: ThrottleCheck | None = None,
    ) -> Any:
        headers = {
            "X-RapidAPI-Key": endpoint.key,
            "X-RapidAPI-Host": endpoint.host,
            "x-cache-control": "no-cache",
            "Accept": "application/json",
        }
        query = {k: str(v) for k, v in (params or {}).items() if v is not None}
        slots = provider_slots(self.platform, self.concurrency)
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            retry_after: float | None = None
            # ING-API-4: the slot is held only while the exchange is in flight, never while sleeping.
            async with slots, self.shared.slot() if self.shared else contextlib.nullcontext():
                try:
                    response = await self.http.get(
                        endpoint.url(path), params=query, headers=headers, timeout=self.timeout_s
                    )
                    error = self._classify(response, path, attempt)
                except httpx.TransportError as exc:  # connect/read/write/pool timeouts, resets, DNS, TLS
                    response = None
                    error = RapidApiError(
                        platform=self.platform,
                        endpoint=path,
                        kind="network",
                        attempts=attempt,
                        message=f"{self.platform} {path}: {type(exc).__name__}",
                    )
            elapsed_ms = round((time.monotonic() - started) * 1000)
            if error is None:
                assert response is not None
                try:
                    body = response.json()
                except ValueError:
                    # ING-API-5: an unparsable 2xx (an HTML error page served with 200) is not retried.
                    html = response.text.lstrip()[:1] == "<"
                    raise RapidApiError(
                        platform=self.platform,
                        endpoint=path,
                        kind="bad_payload",
                        status=response.status_code,
                        attempts=attempt,
                        body=response.text,
                        shape=f"{'HTML' if html else 'non-JSON'} {response.status_code}",
                    ) from None
                shape = throttled(body) if throttled is not None else None
                if shape is None:
                    return body
                error = RapidApiError(
                    platform=self.platform,
                    endpoint=path,
                    kind="throttled",
                    status=response.status_code,
                    attempts=attempt,
                    body=response.text,
                    shape=shape,
                )
            log.warning(
                "rapidapi_attempt_failed",
                extra={
                    "platform": self.platform,
                    "host": endpoint.host,
                    "path": path,
                    "status": error.status,
                    "kind": error.kind,
                    "shape": error.shape,
                    "attempt": attempt,
                    "elapsed_ms": elapsed_ms,
                },
            )
            if error.kind not in ("network", "rate_limited", "server_error", "throttled"):
                raise error
            if response is not None:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if retry_after is not None and self.shared is not None and error.kind == "rate_limited":
                    await self.shared.pause(min(retry_after, self.policy.retry_after_max_s))
            if retry_after is not None and retry_after > self.policy.retry_after_max_s:
                # ING-API-5: a wait longer than we accept ends the request now as a rate-limit error.
                error.kind = "rate_limited"
                raise error
            if attempt >= self.policy.max_attempts:
                raise error
            wait = self.policy.backoff_s(attempt, self.rng)
            if retry_after is not None:
                wait = max(retry_after, wait)
            await self.sleep(wait)

    def _classify(self, response: httpx.Response, path: str, attempt: int) -> RapidApiError | None:
        status = response.status_code
        if 200 <= status < 300:
            return None
        kind: ErrorKind
        if status == 429:
            kind = "rate_limited"
        elif status >= 500:
            kind = "server_error"
        else:
            kind = "client_error"
        return RapidApiError(
            platform=self.platform,
            endpoint=path,
            kind=kind,
            status=status,
            attempts=attempt,
            body=response.text,
        )

    async def aclose(self) -> None:
        await self.http.aclose()


def _base(explicit: str, host: str) -> str:
    return explicit or (f"https://{host}" if host else "")


def _key(secret: Any) -> str:
    return secret.get_secret_value() if secret is not None else ""


def instagram_transport(
    settings: Settings, *, sleep: Sleep = asyncio.sleep, rng: Callable[[], float] = random.random
) -> ProviderTransport:
    key = _key(settings.rapidapi_key)
    fallback_key = _key(settings.rapidapi_fallback_key) or key
    fallback = None
    if settings.rapidapi_instagram_fallback_host:
        fallback = Endpoint(
            _base(settings.rapidapi_instagram_fallback_base_url, settings.rapidapi_instagram_fallback_host),
            settings.rapidapi_instagram_fallback_host,
            fallback_key,
        )
    return ProviderTransport(
        platform="instagram",
        primary=Endpoint(
            _base(settings.instagram_api_base_url, settings.rapidapi_instagram_host),
            settings.rapidapi_instagram_host,
            key,
        ),
        fallback=fallback,
        concurrency=settings.rapidapi_instagram_concurrency,
        timeout_s=settings.rapidapi_timeout_s,
        policy=retry_policy(settings),
        sleep=sleep,
        rng=rng,
        http=_http_client(settings.rapidapi_instagram_concurrency),
    )


def tiktok_transport(
    settings: Settings, *, sleep: Sleep = asyncio.sleep, rng: Callable[[], float] = random.random
) -> ProviderTransport:
    key = _key(settings.rapidapi_key)
    fallback_key = _key(settings.rapidapi_fallback_key) or key
    fallback = None
    if settings.rapidapi_fallback_host:
        fallback = Endpoint(
            _base(settings.rapidapi_fallback_base_url, settings.rapidapi_fallback_host),
            settings.rapidapi_fallback_host,
            fallback_key,
        )
    return ProviderTransport(
        platform="tiktok",
        primary=Endpoint(
            _base(settings.tiktok_api_base_url, settings.rapidapi_tiktok_host),
            settings.rapidapi_tiktok_host,
            key,
        ),
        fallback=fallback,
        concurrency=settings.rapidapi_tiktok_concurrency,
        timeout_s=settings.rapidapi_timeout_s,
        policy=retry_policy(settings),
        sleep=sleep,
        rng=rng,
        http=_http_client(settings.rapidapi_tiktok_concurrency),
    )


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(
        max_attempts=max(1, settings.rapidapi_max_attempts),
        base_ms=settings.rapidapi_retry_base_ms,
        max_ms=settings.rapidapi_retry_max_ms,
        retry_after_max_s=settings.rapidapi_retry_after_max_s,
    )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default context, built once per process: loading the CA bundle costs ~28 ms of CPU
    and every fetch unit opens its own clients (a third of a worker's CPU per client before,
    tests/bench/bench_workers.py)."""
    return httpx.create_ssl_context()


def _http_client(concurrency: int) -> httpx.AsyncClient:
    # The pool never needs more connections than the provider's slot count (ING-API-3/4).
    limits = httpx.Limits(
        max_connections=max(1, concurrency) * 2, max_keepalive_connections=max(1, concurrency)
    )
    return httpx.AsyncClient(limits=limits, verify=_tls_context())
