"""Short-lived Redis cache of recap responses (issue 22 item 2).

Keyed by (endpoint, query, caller scope, data version). The version is the latest write a fetch
makes for the client (post `fetched_at`, engagement `updated_at`, link report time), so a fetch of
that client makes the next request compute afresh; the TTL bounds everything else (roster edits).
The cache is never required: Redis errors fall through to computing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable

from redis.exceptions import RedisError

from core.accounts.access import Caller
from core.analytics.query import AnalyticsQuery
from core.cache import RedisStore
from core.db import UnitOfWork

log = logging.getLogger(__name__)
TTL_S = 60

VERSION_SQL = """
SELECT concat_ws('|',
  (SELECT max(fetched_at) FROM insta_post WHERE UPPER(client_id) = :c),
  (SELECT max(l.updated_at) FROM insta_like l JOIN insta_post p ON p.shortcode = l.shortcode
    WHERE UPPER(p.client_id) = :c),
  (SELECT max(fetched_at) FROM tiktok_post WHERE UPPER(client_id) = :c),
  (SELECT max(k.updated_at) FROM tiktok_comment k JOIN tiktok_post t ON t.video_id = k.video_id
    WHERE UPPER(t.client_id) = :c),
  (SELECT max(r.created_at) FROM link_report r JOIN insta_post p ON p.shortcode = r.shortcode
    WHERE UPPER(p.client_id) = :c))
"""


async def data_version(uow: UnitOfWork, client_id: str) -> str:
    return (await uow.execute(VERSION_SQL, {"c": client_id.upper()})).scalar_one() or ""


def cache_key(redis: RedisStore, endpoint: str, q: AnalyticsQuery, caller: Caller, version: str) -> str:
    w = q.window
    parts = [
        endpoint, q.client_id, w.kind, str(w.start_date), str(w.end_date), q.role or "", q.scope,
        q.regional_id or "", caller.kind, ",".join(sorted(caller.scope)), version,
    ]  # fmt: skip
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return redis.key("analytics", q.client_id, digest)


async def cached(
    redis: RedisStore,
    uow: UnitOfWork,
    endpoint: str,
    q: AnalyticsQuery,
    caller: Caller,
    compute: Callable[[], Awaitable[bytes]],
) -> bytes:
    key = cache_key(redis, endpoint, q, caller, await data_version(uow, q.client_id))
    try:
        hit = await redis.client.get(key)
    except RedisError:
        log.warning("analytics_cache_unavailable")
        return await compute()
    if hit is not None:
        return hit if isinstance(hit, bytes) else hit.encode()
    body = await compute()
    try:
        await redis.client.set(key, body, ex=TTL_S)
    except RedisError:
        log.warning("analytics_cache_unavailable")
    return body
