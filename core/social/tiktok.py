"""TikTok provider client (`tiktok-api23`, ING-API-10..13): profiles, post lists, comments, detail."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from core.cache import RedisStore
from core.config import Settings
from core.social.handles import normalize_handle
from core.social.paging import Paged
from core.social.rapidapi import ProviderTransport, RapidApiError

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

DETAIL_INVALID = "Response detail TikTok tidak memiliki data post yang valid."
_REPLY_KEYS = (
    "replies",
    "reply_comment",
    "reply_comments",
    "comment_replies",
    "comments",
    "children",
    "items",
    "sub_comments",
    "subComments",
)
_AUTHOR_KEYS = ("author_user_name", "author_username", "user_unique_id", "userUniqueId")
# ../shared/notes/rapidapi.md: `api/user/posts` called with a handle only is answered this way.
MISSING_PARAMS = "missing required params"


@dataclass(frozen=True)
class TikTokPost:
    """One post-list item normalised per ING-API-11."""

    video_id: str
    create_time: datetime | None
    caption: str
    like_count: int
    comment_count: int
    pinned: bool = False
    author: str | None = None


@dataclass
class PostList:
    """A post source's outcome: the items (older ones included), `complete`, error, malformed count."""

    source: str
    paged: Paged[TikTokPost]
    malformed: int = 0

    @property
    def missing_secuid(self) -> bool:
        """The handle-only call was answered "missing required params" (../shared/notes/rapidapi.md)."""
        return self.paged.error is not None and self.paged.error.shape == MISSING_PARAMS


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def parse_time(value: Any) -> datetime | None:
    """Seconds or milliseconds (numbers or digit strings; > 10¹² = ms) or an ISO string → aware UTC."""
    number = _int(value) if not isinstance(value, float) else value
    if isinstance(number, int | float) and number > 0:
        if number > 10**12:
            number = number / 1000
        return datetime.fromtimestamp(number, UTC)
    if isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def normalize_post(item: Any) -> TikTokPost | None:
    """ING-API-11 item normalisation; None when there is no video id."""
    if not isinstance(item, dict):
        return None
    raw_id = next((item[k] for k in ("id", "video_id", "aweme_id") if item.get(k) not in (None, "")), None)
    video_id = str(raw_id).strip() if raw_id is not None else ""
    if not video_id.isdigit():
        return None
    create_time = None
    for key in ("createTime", "create_time", "timestamp", "create_at"):
        if item.get(key) not in (None, ""):
            create_time = parse_time(item[key])
            if create_time is not None:
                break
    caption = next((item[k] for k in ("desc", "caption", "title") if isinstance(item.get(k), str)), "")

    def count(*paths: tuple[str, ...]) -> int:
        for path in paths:
            value = _int(_get(item, *path))
            if value is not None:
                return value
        return 0

    likes = count(
        ("stats", "diggCount"),
        ("digg_count",),
        ("like_count",),
        ("stats", "likeCount"),
        ("statsV2", "diggCount"),
    )
    comments = count(
        ("stats", "commentCount"), ("comment_count",), ("stats", "comments"), ("statsV2", "commentCount")
    )
    # `isPinnedItem` (tiktok-api23), `is_pinned`, and `is_top` of the fallback host (0/1), per
    # ../shared/notes/rapidapi.md: a pinned old post never ends the paging.
    pinned = any(item.get(k) is True or item.get(k) == 1 for k in ("isPinnedItem", "is_pinned", "is_top"))
    author = normalize_handle(item.get("author")) if item.get("author") is not None else None
    return TikTokPost(video_id, create_time, caption, likes, comments, pinned, author)


def post_list_items(body: Any) -> tuple[list[Any], dict[str, Any]]:
    """ING-API-11 container rules: the raw item list and the container (for cursor/hasMore)."""
    container: Any = body
    if isinstance(body, dict):
        data = _maybe_json(body.get("data"))
        if isinstance(data, dict) and data.get("data") is not None:
            container = _maybe_json(data.get("data"))
        elif (
            isinstance(data, dict)
            and data.get("result") is not None
            and not isinstance(data.get("result"), list)
        ):
            container = _maybe_json(data.get("result"))
        elif data is not None:
            container = data
    if not isinstance(container, dict):
        return (container if isinstance(container, list) else []), {}
    for key in ("itemList", "items", "videos"):
        if isinstance(container.get(key), list):
            return container[key], container
    nested = _get(container, "result", "videos")
    if isinstance(nested, list):
        return nested, container
    return [], container


def status_code(body: Any) -> int | None:
    """TikTok's own non-zero `statusCode`/`status_code` (top level or in `data`), else None."""
    data = _maybe_json(body.get("data")) if isinstance(body, dict) else None
    for obj in (body, data):
        if isinstance(obj, dict):
            for key in ("statusCode", "status_code"):
                code = _int(obj.get(key))
                if code:
                    return code
    return None


def says_missing_params(body: Any) -> bool:
    """The handle-only `api/user/posts` answer (../shared/notes/rapidapi.md), in a body or error text."""
    text = body if isinstance(body, str) else json.dumps(body, default=str)
    return MISSING_PARAMS in text.lower()


def _has_list(container: dict[str, Any]) -> bool:
    return any(isinstance(container.get(k), list) for k in ("itemList", "items", "videos")) or isinstance(
        _get(container, "result", "videos"), list
    )


def post_list_throttled(body: Any) -> str | None:
    """Throttle check of post lists (core.social.rapidapi.ThrottleCheck).

    ../shared/notes/rapidapi.md: throttling comes back as HTTP 200 with no `itemList`
    (`{"data":{"cursor":"0","hasMore":false,"statusCode":0}}`) or an empty one; an official
    account's feed is never empty. An answer that states its own error (`statusCode`≠0,
    "missing required params") is not throttling and is left to the caller, never retried.
    """
    if status_code(body) or says_missing_params(body):
        return None
    raw, container = post_list_items(body)
    if not isinstance(body, list) and not _has_list(container):
        return "200 without item list"
    return "empty item list" if not raw else None


def _comments_container(body: Any) -> dict[str, Any]:
    """`data` when it holds the comment list, else the top level (ING-API-10 comments page)."""
    if not isinstance(body, dict):
        return {}
    data = body.get("data") if isinstance(body.get("data"), dict) else None
    if data is not None and (
        isinstance(data.get("comments"), list) or not isinstance(body.get("comments"), list)
    ):
        return data
    return body


def comments_throttled(first_page: bool, expect_items: bool):  # type: ignore[no-untyped-def]
    """Throttle check of comment and reply pages: a page without comments is throttling after a
    page that said "more", or on page 1 when the video is known to have comments; otherwise the
    video may simply have none yet (../shared/notes/rapidapi.md)."""

    def check(body: Any) -> str | None:
        if status_code(body) or not (expect_items or not first_page):
            return None
        comments = _comments_container(body).get("comments")
        if not isinstance(comments, list):
            return "200 without comment list"
        return "empty comment list" if not comments else None

    return check


def comment_usernames(comment: Any, out: list[str]) -> None:
    """ING-API-13: the commenter of `comment` and, recursively, of its replies."""
    if not isinstance(comment, dict):
        return
    handle = normalize_handle(comment)
    if not handle:
        raw = next(
            (comment[k] for k in _AUTHOR_KEYS if isinstance(comment.get(k), str) and comment[k].strip()), None
        )
        handle = normalize_handle(raw) if raw else None
    if handle:
        out.append(handle)
    for key in _REPLY_KEYS:
        children = comment.get(key)
        if isinstance(children, list):
            for child in children:
                comment_usernames(child, out)


def find_detail(value: Any, depth: int = 0) -> dict[str, Any] | None:
    """ING-API-10 post detail: the first object (depth-first, JSON strings included) that looks like a post."""
    if depth > 12:
        return None
    value = _maybe_json(value)
    if isinstance(value, dict):
        has_id = any(value.get(k) not in (None, "") for k in ("id", "video_id", "aweme_id"))
        has_body = any(k in value for k in ("desc", "caption", "stats", "statsV2"))
        if has_id and has_body:
            return value
        for child in value.values():
            found = find_detail(child, depth + 1)
            if found is not None:
                return found
    elif isinstance(value, list):
        for child in value:
            found = find_detail(child, depth + 1)
            if found is not None:
                return found
    return None


def map_profile(body: Any) -> dict[str, Any]:
    user = _get(body, "userInfo", "user") or {}
    stats = _get(body, "userInfo", "stats") or {}
    if not isinstance(user, dict) or not user:
        code = status_code(body)
        raise RapidApiError(
            platform="tiktok",
            endpoint="api/user/info",
            kind="bad_payload",
            body=json.dumps(body, default=str)[:500],
            shape=f"statusCode {code}" if code else "200 without userInfo.user",
        )
    if not isinstance(stats, dict):
        stats = {}
    # ../shared/notes/rapidapi.md: profile like totals come as `stats.heart` and `stats.heartCount`.
    hearts = _int(stats.get("heart"))
    return {
        "username": normalize_handle(user.get("uniqueId")) if user.get("uniqueId") else None,
        "secUid": user.get("secUid"),
        "nickname": user.get("nickname"),
        "follower_count": _int(stats.get("followerCount")),
        "following_count": _int(stats.get("followingCount")),
        "like_count": hearts if hearts is not None else _int(stats.get("heartCount")),
        "video_count": _int(stats.get("videoCount")),
        "avatar_url": user.get("avatarThumb"),
        "verified": bool(user.get("verified")),
    }


def _user_info_throttled(body: Any) -> str | None:
    """A 200 `api/user/info` without the user and without an error code of its own is throttling."""
    user = _get(body, "userInfo", "user")
    if status_code(body) or (isinstance(user, dict) and user):
        return None
    return "200 without userInfo.user"


def _stated_error(body: Any, endpoint: str) -> RapidApiError | None:
    """An answer that carries its own failure: "missing required params" or `statusCode`≠0."""
    if says_missing_params(body):
        return RapidApiError(
            platform="tiktok",
            endpoint=endpoint,
            kind="client_error",
            status=200,
            body=json.dumps(body, default=str),
            shape=MISSING_PARAMS,
        )
    code = status_code(body)
    if code:
        return RapidApiError(
            platform="tiktok",
            endpoint=endpoint,
            kind="bad_payload",
            status=200,
            body=json.dumps(body, default=str),
            shape=f"statusCode {code}",
        )
    return None


class TikTokClient:
    def __init__(
        self, transport: ProviderTransport, settings: Settings, redis: RedisStore | None = None
    ) -> None:
        self.transport = transport
        self.settings = settings
        self.redis = redis

    @property
    def sleep(self) -> Sleep:
        return self.transport.sleep

    @property
    def has_fallback(self) -> bool:
        return self.transport.fallback is not None

    def require_key(self) -> None:
        self.transport.require_key()

    async def user_info(self, handle: str, *, fresh: bool = False) -> dict[str, Any]:
        """Mapped `api/user/info`, read through the `tiktok:profile:<handle>` cache (ING-CACHE-1);
        `fresh=True` asks the provider even when a cached profile exists."""
        key = self.redis.key("tiktok", "profile", handle) if self.redis else None
        if key and not fresh:
            try:
                cached = await self.redis.client.get(key)  # type: ignore[union-attr]
                if cached:
                    return json.loads(cached)
            except Exception:  # noqa: BLE001 - the cache is never required for correctness
                log.warning("profile_cache_unavailable", extra={"platform": "tiktok"})
        body = await self.transport.get_json(
            "api/user/info", {"uniqueId": handle}, throttled=_user_info_throttled
        )
        profile = map_profile(body)
        if key:
            try:
                await self.redis.client.set(  # type: ignore[union-attr]
                    key, json.dumps(profile), ex=self.settings.profile_cache_ttl_s
                )
            except Exception:  # noqa: BLE001
                log.warning("profile_cache_unavailable", extra={"platform": "tiktok"})
        return profile

    async def posts_by_secuid(self, secuid: str, today_start: datetime) -> PostList:
        return await self._post_pages("secuid", {"secUid": secuid}, today_start)

    async def posts_by_handle(self, handle: str, today_start: datetime) -> PostList:
        return await self._post_pages("handle", {"uniqueId": handle, "username": handle}, today_start)

    async def _post_pages(self, source: str, ident: dict[str, str], today_start: datetime) -> PostList:
        """ING-API-12 paging within one source: `data.cursor`/`hasMore`, capped, early stop on older items."""
        out = PostList(source, Paged())
        cursor = "0"
        used: set[str] = set()
        max_pages = max(1, self.settings.tiktok_posts_max_pages)
        while True:
            params = {**ident, "count": str(self.settings.tiktok_posts_count), "cursor": cursor}
            try:
                body = await self.transport.get_json("api/user/posts", params, throttled=post_list_throttled)
                stated = _stated_error(body, "api/user/posts")
                if stated is not None:
                    raise stated
            except RapidApiError as exc:
                if says_missing_params(exc.body):
                    exc.shape = MISSING_PARAMS
                out.paged.error = exc
                return out
            out.paged.pages += 1
            raw, container = post_list_items(body)
            older_seen = self._collect(out, raw, today_start)
            more = bool(container.get("hasMore") or container.get("has_more"))
            nxt = container.get("cursor")
            nxt = str(nxt) if nxt not in (None, "") else None
            # `complete` needs a page with items (the throttle check guarantees one here): an empty
            # listing proves nothing about the account (issue 15, overriding ING-POST-10 step 1).
            if older_seen or not more:
                out.paged.complete = True
                return out
            if nxt is None or nxt in used or nxt == cursor or out.paged.pages >= max_pages:
                return out
            used.add(cursor)
            cursor = nxt

    async def fallback_posts(self, ident: dict[str, str], today_start: datetime) -> PostList:
        """ING-API-12 step 3: `user/videos` on the fallback host, one call."""
        out = PostList("fallback", Paged())
        assert self.transport.fallback is not None
        params = {**ident, "count": str(self.settings.tiktok_posts_count)}
        try:
            body = await self.transport.get_json_at(
                self.transport.fallback, "user/videos", params, throttled=post_list_throttled
            )
            stated = _stated_error(body, "user/videos")
            if stated is not None:
                raise stated
        except RapidApiError as exc:
            out.paged.error = exc
            return out
        out.paged.pages = 1
        raw, container = post_list_items(body)
        older_seen = self._collect(out, raw, today_start)
        more = bool(container.get("hasMore") or container.get("has_more"))
        out.paged.complete = older_seen or not more
        return out

    def _collect(self, out: PostList, raw: list[Any], today_start: datetime) -> bool:
        older_seen = False
        for item in raw:
            post = normalize_post(item)
            if post is None:
                out.malformed += 1
                continue
            out.paged.items.append(post)
            if post.create_time is not None and post.create_time < today_start and not post.pinned:
                older_seen = True
        return older_seen

    async def comments(self, video_id: str, expect_items: bool = False) -> Paged[str]:
        """ING-API-13: commenter usernames of a video, observed set in first-seen order.

        `api/post/comments` gives top-level comments with at most a preview of their replies
        (../shared/notes/rapidapi.md); the whole thread of each comment whose reply total exceeds
        its preview is then read from `api/post/comment/replies`, for at most
        `TIKTOK_REPLY_THREADS_MAX` comments of the video, so personnel who answer inside a thread
        count. `expect_items`: the video is known to have comments (empty page 1 = throttling).
        """
        seen: dict[str, None] = {}
        threads: list[str] = []
        out = await self._comment_pages(
            "api/post/comments", {"videoId": video_id}, seen, threads, expect_items
        )
        cap = max(0, self.settings.tiktok_reply_threads_max)
        if len(threads) > cap:
            log.info(
                "tiktok_reply_threads_capped",
                extra={"video_id": video_id, "threads": len(threads), "cap": cap},
            )
        for comment_id in threads[:cap] if out.ok else []:
            await self.sleep(self.settings.tiktok_comments_page_delay_ms / 1000)
            thread = await self._comment_pages(
                "api/post/comment/replies", {"videoId": video_id, "commentId": comment_id}, seen, None, True
            )
            out.pages += thread.pages
            if thread.error is not None:
                # A missing thread makes the observed set partial: no audit snapshot (ING-ENG-6).
                out.error = thread.error
                break
        out.items = list(seen)
        return out

    async def _comment_pages(
        self,
        path: str,
        ident: dict[str, str],
        seen: dict[str, None],
        threads: list[str] | None,
        expect_items: bool,
    ) -> Paged[str]:
        """ING-API-13 paging of `path` (comments or one reply thread); usernames go into `seen`,
        ids of comments with more replies than their preview into `threads`."""
        out: Paged[str] = Paged()
        size = max(1, self.settings.tiktok_comments_page_size)
        cursor = 0
        used: set[int] = set()
        empty_run = 0
        max_pages = self.settings.tiktok_comments_max_pages
        while True:
            params = {**ident, "count": str(size), "cursor": str(cursor)}
            try:
                body = await self.transport.get_json(
                    path, params, throttled=comments_throttled(cursor == 0, expect_items)
                )
                stated = _stated_error(body, path)
                if stated is not None:
                    raise stated
            except RapidApiError as exc:
                out.error = exc
                break
            out.pages += 1
            if not isinstance(body, dict):
                out.error = RapidApiError(
                    platform="tiktok", endpoint=path, kind="bad_payload", shape="200 without an object"
                )
                break
            data = body.get("data") if isinstance(body.get("data"), dict) else None
            src = _comments_container(body)
            comments = src.get("comments") if isinstance(src.get("comments"), list) else []
            total = _int(src.get("total"))
            if total is None and data is not None:
                total = _int(data.get("total"))
            if not comments:
                out.complete = True
                break
            names: list[str] = []
            for comment in comments:
                comment_usernames(comment, names)
                if threads is not None and _has_more_replies(comment):
                    threads.append(str(comment.get("cid") or comment.get("id")))
            for name in names:
                seen.setdefault(name, None)
            empty_run = 0 if names else empty_run + 1
            more_flag = next((src[k] for k in ("has_more", "hasMore") if k in src), None)
            if more_flag is None and data is not None:
                more_flag = next((data[k] for k in ("has_more", "hasMore") if k in data), None)
            nxt = _int(src.get("cursor"))
            if nxt is None and data is not None:
                nxt = _int(data.get("cursor"))
            if nxt is None:
                nxt = cursor + size
            if (more_flag is not None and not more_flag) or (total is not None and nxt >= total):
                out.complete = True
                break
            used.add(cursor)
            if nxt in used or (max_pages and out.pages >= max_pages):
                break
            if empty_run >= max(1, self.settings.fetch_empty_page_guard):
                break
            cursor = nxt
            await self.sleep(self.settings.tiktok_comments_page_delay_ms / 1000)
        return out

    async def post_detail(self, video_id: str) -> TikTokPost:
        """`api/post/detail` normalised like a post-list item; bad_payload when no post object is found."""
        body = await self.transport.get_json("api/post/detail", {"videoId": video_id})
        found = find_detail(body)
        post = normalize_post(found) if found is not None else None
        if post is None:
            raise RapidApiError(
                platform="tiktok", endpoint="api/post/detail", kind="bad_payload", message=DETAIL_INVALID
            )
        return post


def _has_more_replies(comment: Any) -> bool:
    """A comment whose `reply_comment_total` exceeds the replies previewed inside it."""
    if not isinstance(comment, dict) or not (comment.get("cid") or comment.get("id")):
        return False
    total = _int(comment.get("reply_comment_total")) or 0
    preview = comment.get("reply_comment")
    return total > (len(preview) if isinstance(preview, list) else 0)
