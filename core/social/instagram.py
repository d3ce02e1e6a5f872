"""Instagram provider client (`social-api4`, ING-API-8/9) and the post-item mapping helpers."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from core.cache import RedisStore
from core.config import Settings
from core.social.handles import normalize_handle
from core.social.paging import Paged
from core.social.rapidapi import ProviderTransport, RapidApiError

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


def _first_token(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return None


def _data(body: Any, endpoint: str) -> dict[str, Any]:
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        # ../shared/notes/rapidapi.md: a 200 without `data` is a bad payload, not an empty result.
        raise RapidApiError(
            platform="instagram",
            endpoint=endpoint,
            kind="bad_payload",
            body=json.dumps(body)[:500] if body is not None else "",
            message=f"instagram {endpoint}: response has no data object",
            shape="200 without data",
        )
    return data


def _items(data: dict[str, Any]) -> list[Any]:
    items = data.get("items")
    return items if isinstance(items, list) else []


def empty_items_page(body: Any) -> str | None:
    """The throttling answer of social-api4: HTTP 200 whose `data.items` is empty or missing
    (../shared/notes/rapidapi.md). A body without `data` is left to `_data` (bad payload)."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        return None
    items = data.get("items")
    if not isinstance(items, list):
        return "200 without items list"
    return "empty items page" if not items else None


def is_pinned(item: dict[str, Any]) -> bool:
    """A pinned post: `is_pinned` in social-api4's shape, or a non-empty `timeline_pinned_user_ids` /
    `clips_tab_pinned_user_ids` in the raw Instagram shape (../shared/notes/rapidapi.md)."""
    if item.get("is_pinned") is True or item.get("is_pinned") == 1:
        return True
    return any(
        isinstance(item.get(k), list) and bool(item[k])
        for k in ("timeline_pinned_user_ids", "clips_tab_pinned_user_ids")
    )


def _empty_check(cursor: str | None, expect_items: bool) -> Callable[[Any], str | None] | None:
    """Likes/comments: an empty page is throttling after a page that said "more", or on page 1 of
    a post known to have engagement; otherwise it may be a post nobody has liked yet."""
    return empty_items_page if cursor or expect_items else None


def taken_at(item: dict[str, Any]) -> datetime | None:
    """An item's publish time as an aware UTC datetime (epoch seconds, or milliseconds when huge)."""
    value = item.get("taken_at")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        if value > 10**12:
            value = value / 1000
        return datetime.fromtimestamp(value, UTC)
    return None


class InstagramClient:
    def __init__(
        self, transport: ProviderTransport, settings: Settings, redis: RedisStore | None = None
    ) -> None:
        self.transport = transport
        self.settings = settings
        self.redis = redis

    @property
    def sleep(self) -> Sleep:
        return self.transport.sleep

    def require_key(self) -> None:
        self.transport.require_key()

    # --- single pages -------------------------------------------------------------------------

    async def posts_page(self, handle: str, token: str | None) -> tuple[list[Any], str | None, bool]:
        params = {"username_or_id_or_url": handle}
        if token:
            params["pagination_token"] = token
        # An official account's feed is never empty: an empty page is throttling, retried (issue 15).
        body = await self.transport.get_json("v1/posts", params, throttled=empty_items_page)
        data = _data(body, "v1/posts")
        nxt = _first_token(
            body.get("pagination_token"),
            data.get("pagination_token"),
            data.get("next_cursor"),
            data.get("end_cursor"),
        )
        more = bool(body.get("has_more") or data.get("has_more")) or nxt is not None
        return _items(data), nxt, more

    async def likes_page(
        self, shortcode: str, cursor: str | None, expect_items: bool = False
    ) -> tuple[list[Any], str | None, bool]:
        params = {"code_or_id_or_url": shortcode}
        if cursor:
            params["cursor"] = cursor
        body = await self.transport.get_json("v1/likes", params, throttled=_empty_check(cursor, expect_items))
        data = _data(body, "v1/likes")
        nxt = _first_token(data.get("next_cursor"), data.get("end_cursor"))
        return _items(data), nxt, bool(data.get("has_more")) or nxt is not None

    async def comments_page(
        self, shortcode: str, token: str | None, expect_items: bool = False
    ) -> tuple[list[Any], str | None, bool]:
        params = {"code_or_id_or_url": shortcode}
        if token:
            params["pagination_token"] = token
        body = await self.transport.get_json(
            "v1/comments", params, throttled=_empty_check(token, expect_items)
        )
        data = _data(body, "v1/comments")
        nxt = _first_token(body.get("pagination_token"), data.get("pagination_token"))
        return _items(data), nxt, bool(data.get("has_more")) or nxt is not None

    # --- paginators (ING-API-9) ---------------------------------------------------------------

    async def ig_posts(self, handle: str, today_start: datetime) -> Paged[dict[str, Any]]:
        """Newest-first post items of `handle` until today is covered, the limit, or the provider ends."""
        out: Paged[dict[str, Any]] = Paged()
        limit = max(1, self.settings.ig_posts_fetch_limit)
        used: set[str] = set()
        token: str | None = None
        while True:
            try:
                items, nxt, more = await self.posts_page(handle, token)
            except RapidApiError as exc:
                out.error = exc
                return out
            out.pages += 1
            older_seen = False
            for item in items:
                if not isinstance(item, dict):
                    continue
                out.items.append(item)
                when = taken_at(item)
                # A pinned old post at the top of page 1 is not the end of today (issue 15).
                if when is not None and when < today_start and not is_pinned(item):
                    older_seen = True
            if older_seen or not more or nxt is None:
                out.complete = True
                return out
            if len(out.items) >= limit or nxt in used:
                return out
            used.add(nxt)
            token = nxt
            await self.sleep(self.settings.ig_posts_page_delay_ms / 1000)

    async def ig_likes(self, shortcode: str, expect_items: bool = False) -> Paged[str]:
        return await self._user_pages(
            self.likes_page,
            shortcode,
            self.settings.ig_likes_max_pages,
            self.settings.ig_likes_page_delay_ms,
            expect_items,
        )

    async def ig_comments(self, shortcode: str, expect_items: bool = False) -> Paged[str]:
        return await self._user_pages(
            self.comments_page,
            shortcode,
            self.settings.ig_comments_max_pages,
            self.settings.ig_comments_page_delay_ms,
            expect_items,
        )

    async def _user_pages(
        self,
        fetch_page: Callable[[str, str | None, bool], Awaitable[tuple[list[Any], str | None, bool]]],
        shortcode: str,
        max_pages: int,
        delay_ms: int,
        expect_items: bool,
    ) -> Paged[str]:
        """Usernames across pages, de-duplicated in first-seen order (the observed set, ING-ENG-1).

        `expect_items`: the post is known to have likes/comments, so an empty first page is a
        throttling answer (retried) rather than "nobody yet"."""
        out: Paged[str] = Paged()
        seen: dict[str, None] = {}
        used: set[str] = set()
        cursor: str | None = None
        empty_run = 0
        while True:
            try:
                items, nxt, more = await fetch_page(shortcode, cursor, expect_items)
            except RapidApiError as exc:
                out.error = exc
                break
            out.pages += 1
            if not items:
                out.complete = True
                break
            found = 0
            for item in items:
                handle = normalize_handle(item)
                if handle:
                    found += 1
                    seen.setdefault(handle, None)
            empty_run = 0 if found else empty_run + 1
            if not more or nxt is None:
                out.complete = True
                break
            if nxt in used or (max_pages and out.pages >= max_pages):
                break
            if empty_run >= max(1, self.settings.fetch_empty_page_guard):
                break
            used.add(nxt)
            cursor = nxt
            await self.sleep(delay_ms / 1000)
        out.items = list(seen)
        return out

    # --- single objects -----------------------------------------------------------------------

    async def post_info(self, shortcode: str) -> dict[str, Any] | None:
        """The post item for `shortcode`, or None when the provider does not know it (404 / empty data)."""
        try:
            body = await self.transport.get_json("v1/post_info", {"code_or_id_or_url": shortcode})
        except RapidApiError as exc:
            if exc.status == 404:
                return None
            raise
        data = body.get("data") if isinstance(body, dict) else None
        if not data:
            return None
        if not isinstance(data, dict):
            raise RapidApiError(platform="instagram", endpoint="v1/post_info", kind="bad_payload")
        return data

    async def profile(self, handle: str) -> dict[str, Any]:
        """`v1/info` data, read through the `insta:profile:<handle>` cache (ING-CACHE-1)."""
        key = self.redis.key("insta", "profile", handle) if self.redis else None
        if key:
            try:
                cached = await self.redis.client.get(key)  # type: ignore[union-attr]
                if cached:
                    return json.loads(cached)
            except Exception:  # noqa: BLE001 - the cache is never required for correctness (ING-CACHE)
                log.warning("profile_cache_unavailable", extra={"platform": "instagram"})
        body = await self.transport.get_json("v1/info", {"username_or_id_or_url": handle})
        data = _data(body, "v1/info")
        if key:
            try:
                await self.redis.client.set(  # type: ignore[union-attr]
                    key, json.dumps(data), ex=self.settings.profile_cache_ttl_s
                )
            except Exception:  # noqa: BLE001
                log.warning("profile_cache_unavailable", extra={"platform": "instagram"})
        return data
