"""Short-link resolution by following redirects (CONV-243; also DIR-46.3/47.2 via core.post_candidates).

`follow_redirects(url)` asks with HEAD (and with a GET whose body is never read whenever HEAD
brings no redirect), follows at
most 5 hops within 10 s overall and returns the first URL on the chain that is not itself a short
link (or the last one reached), or None when nothing could be opened. `cached_resolver(redis)`
adds the 7-day Redis cache of CONV-243 (failures cached too, as an empty value). The httpx
transport is injectable so tests never need the internet.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin

import httpx

from core.amplify.classify import LinkKind, classify_url
from core.cache import RedisStore

log = logging.getLogger(__name__)

ShortLinkResolver = Callable[[str], Awaitable[str | None]]

MAX_HOPS = 5
TIMEOUT_S = 10.0
CACHE_TTL_S = 7 * 24 * 3600


def _is_short(url: str) -> bool:
    return classify_url(url).kind == LinkKind.SHORT


async def _follow(url: str, transport: httpx.AsyncBaseTransport | None) -> str | None:
    async with httpx.AsyncClient(transport=transport, follow_redirects=False, timeout=TIMEOUT_S) as client:
        for _ in range(MAX_HOPS):
            response = await client.head(url)
            if not response.is_redirect:
                # HEAD is only an optimisation: some short-link servers (vt./vm.tiktok.com) answer it
                # with 200 and no redirect (../shared/notes/rapidapi.md), so GET decides (body unread).
                async with client.stream("GET", url) as streamed:
                    response = streamed
            location = response.headers.get("location")
            if not response.is_redirect or not location:
                return url if response.status_code < 400 else None
            url = urljoin(url, location)
            if not _is_short(url):
                return url
    return url if not _is_short(url) else None


async def follow_redirects(url: str, *, transport: httpx.AsyncBaseTransport | None = None) -> str | None:
    """The resolved URL of a short link, or None when it cannot be opened (CONV-243)."""
    if "://" not in url:
        url = "https://" + url
    try:
        return await asyncio.wait_for(_follow(url, transport), timeout=TIMEOUT_S)
    except (TimeoutError, httpx.HTTPError, ValueError) as exc:
        log.info("short_link_unresolved", extra={"url": url, "error": type(exc).__name__})
        return None


def cached_resolver(
    redis: RedisStore | None, resolve: ShortLinkResolver = follow_redirects
) -> ShortLinkResolver:
    """`resolve` with the 7-day Redis cache of CONV-243."""

    async def resolver(url: str) -> str | None:
        if redis is None:
            return await resolve(url)
        key = redis.key("amplify", "shortlink", url)
        cached = await redis.client.get(key)
        if cached is not None:
            return cached or None
        final = await resolve(url)
        await redis.client.set(key, final or "", ex=CACHE_TTL_S)
        return final

    return resolver


def short_link_resolver(redis: RedisStore | None) -> ShortLinkResolver:
    """The production resolver of the link-report flow."""
    return cached_resolver(redis)
