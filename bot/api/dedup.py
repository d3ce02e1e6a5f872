"""Request de-duplication for the create endpoints (API-18)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from redis.exceptions import RedisError

from bot.api import deps
from bot.api.errors import ApiError, error_response


async def deduplicated(
    request: Request, principal: str, body: dict[str, Any], run: Callable[[], Awaitable[Response]]
) -> Response:
    settings = deps.settings(request)
    if settings.allow_duplicate_requests:
        return await run()
    redis = deps.ctx(request).redis
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(
        f"{principal}|{request.method}|{request.url.path}|{canonical}".encode()
    ).hexdigest()
    key = redis.key("dedup", digest)
    window = settings.api_dedup_window_seconds
    try:
        first = await redis.client.set(key, "pending", nx=True, ex=window)
        stored = None if first else await redis.client.get(key)
    except RedisError:
        return await run()  # fail open
    if not first:
        if stored is None or stored == "pending":
            raise ApiError(429, "duplicate_request", "Duplicate request detected")
        saved = json.loads(stored)
        return JSONResponse(
            saved["body"], status_code=saved["status"], headers={"X-Duplicate-Request": "true"}
        )
    try:
        response = await run()
    except ApiError as exc:
        response = error_response(exc, deps.request_id(request), request.url.path)
    except BaseException:
        await _forget(redis, key)
        raise
    try:
        if response.status_code >= 500:
            await redis.client.delete(key)
        else:
            saved_body = json.loads(bytes(response.body)) if response.body else None
            await redis.client.set(
                key, json.dumps({"status": response.status_code, "body": saved_body}), keepttl=True
            )
    except (RedisError, ValueError):
        pass
    return response


async def _forget(redis: Any, key: str) -> None:
    try:
        await redis.client.delete(key)
    except RedisError:
        pass
