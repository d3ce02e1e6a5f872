"""Short-link resolution for amplification links (CONV-243).

Redirects are followed by the shared `core.shortlinks.ShortLinkResolver` (HEAD, at most 5 hops,
10 s overall) until a URL that is not itself a short link appears; results are cached in Redis
for 7 days, failures too (as an empty value) so a dead shortener is not asked again and again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx

from core.amplify.classify import LinkKind, classify_url
from core.cache import RedisStore
from core.shortlinks import ShortLinkResolver

ResolveShortLink = Callable[[str], Awaitable[str | None]]

TIMEOUT_S = 10.0
CACHE_TTL_S = 7 * 24 * 3600


def _not_short(url: str) -> str | None:
    return url if classify_url(url).kind != LinkKind.SHORT else None


def short_link_resolver(
    redis: RedisStore | None, *, transport: httpx.AsyncBaseTransport | None = None
) -> ResolveShortLink:
    """A resolver `url -> final URL | None`, cached in Redis for 7 days (CONV-243)."""
    follower = ShortLinkResolver(timeout_s=TIMEOUT_S, transport=transport)

    async def resolve(url: str) -> str | None:
        key = redis.key("amplify", "shortlink", url) if redis is not None else None
        if redis is not None and key is not None:
            cached = await redis.client.get(key)
            if cached is not None:
                return cached or None
        final = await follower.resolve(url, _not_short)
        if redis is not None and key is not None:
            await redis.client.set(key, final or "", ex=CACHE_TTL_S)
        return final

    return resolve
