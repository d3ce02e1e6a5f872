"""A fake RapidAPI server (both providers) for tests, benchmarks and the offline demo.

It is an ASGI app served by uvicorn on 127.0.0.1 in a background thread, answering every
endpoint Cicero calls (30-ingestion ING-API-8/10) in the providers' response shapes, from data
the caller sets up. The production clients run unchanged against it: point
`INSTAGRAM_API_BASE_URL` / `TIKTOK_API_BASE_URL` (and the fallback base URLs) at `fake.url`,
which `fake.settings()` / `fake.env()` do.

    fake = FakeRapidApi().start()
    fake.instagram.add_post("polres_a", "DAbc123xyz", taken_at=now)
    fake.instagram.set_likers("DAbc123xyz", ["warga.satu", "warga.dua"])
    settings = fake.settings(ig_likes_page_delay_ms=0)
    ...
    fake.stop()

In pytest use the `fake_rapidapi` fixture (`core/fakes/rapidapi_pytest.py`, registered for every
test): one server per session, state reset before each test.

Switches (`fake.faults`): `latency_s`; `auth_status[host] = 401|403`; `fault_rate` with
`fault_kinds` (`"429"`, `"500"`, `"503"`, `"timeout"`, or an answer shape below) from a seeded RNG
and `fault_streak_max` (at most that many consecutive faults per distinct request, so a retrying
client always gets through); `retry_after` (header sent with 429); `timeout_sleep_s`;
`fail_next(path, status_or_shape, times, retry_after, when)` for scripted failures; `answer_as[path]
= shape` to answer every request to `path` in that shape.

Answer shapes (HTTP 200 answers that are not what they look like, ../shared/notes/rapidapi.md
"Answers that are not what they look like"):

- `"throttled"`: the throttling answer. TikTok lists: `{"data":{"cursor":"0","hasMore":false,
  "statusCode":0}}` without `itemList` (quoted in the notes; comment and reply pages answer the same
  way without `comments`); Instagram: an empty `data.items` page (the notes); `api/user/info`:
  `{"statusCode":0,"userInfo":{}}`.
- `"empty"`: the list is there but empty (`itemList: []`, `comments: []`, `items: []`; the notes).
- `"status_error"`: an error stated inside a 200. TikTok: `statusCode` 10201 (non-zero = failure;
  the notes quote `statusCode` 0 on success); Instagram: a 200 without `data` (the notes: "a bad
  payload, not an empty result").
- `"html"`: a 200 whose body is an HTML error page (issue 15 "Bad input").

Real behaviour served without a switch: Instagram pinned posts carry `is_pinned` or, with
`add_post(pin_shape="timeline_pinned_user_ids" | "clips_tab_pinned_user_ids")`, the raw Instagram
lists; the TikTok fallback marks pinned posts `is_top`; `api/user/posts` without `secUid` answers
"missing required params"; `api/post/comments` previews at most `tiktok.reply_preview` replies per
comment (with `reply_comment_total`) and whole threads come from `api/post/comment/replies`;
`api/user/info` sends both `stats.heart` and `stats.heartCount` (all from the notes).
Multi-page cursors follow from the page sizes (`instagram.posts_page_size`, `likes_page_size`,
`comments_page_size`; TikTok honours `count`). Every request is recorded in `fake.requests`,
`fake.shapes_served` counts the answer shapes sent, and `fake.max_in_flight` is the highest number
of requests the server saw at once.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from core.config import Settings

IG_HOST = "social-api4.p.rapidapi.com"
TT_HOST = "tiktok-api23.p.rapidapi.com"
IG_FALLBACK_HOST = "ig-fallback.p.rapidapi.com"
TT_FALLBACK_HOST = "tt-fallback.p.rapidapi.com"
FAKE_KEY = "fake-rapidapi-key"
SHAPES = ("throttled", "empty", "status_error", "html")
# ../shared/notes/rapidapi.md: the answer to `api/user/posts` called with a handle only. The notes
# give the text, not the status; the client recognises it under any status.
MISSING_PARAMS_BODY = {"message": "missing required params"}


def _epoch(value: datetime | int | float) -> int:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return int(value.timestamp())
    return int(value)


@dataclass
class RecordedRequest:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    status: int = 200


@dataclass
class Faults:
    latency_s: float = 0.0
    auth_status: dict[str, int] = field(default_factory=dict)
    fault_rate: float = 0.0
    fault_kinds: tuple[str, ...] = ("429", "500", "timeout")
    fault_streak_max: int | None = 2
    retry_after: str | None = "0"
    timeout_sleep_s: float = 2.0
    answer_as: dict[str, str] = field(default_factory=dict)
    seed: int = 7
    scripted: dict[str, deque[tuple[str, str | None, dict[str, str]]]] = field(
        default_factory=lambda: defaultdict(deque)
    )

    def fail_next(
        self,
        path: str,
        status: int | str,
        times: int = 1,
        retry_after: str | None = None,
        when: dict[str, str] | None = None,
    ) -> None:
        """The next `times` requests to `path` (whose query includes `when`) answer `status`
        (an HTTP status, "timeout", or one of the answer shapes in SHAPES)."""
        for _ in range(times):
            self.scripted[path].append((str(status), retry_after, dict(when or {})))


class FakeInstagram:
    """Accounts (newest post first), likers and commenters per shortcode."""

    def __init__(self) -> None:
        self.accounts: dict[str, list[dict[str, Any]]] = {}
        self.posts: dict[str, dict[str, Any]] = {}
        self.likers: dict[str, list[Any]] = {}
        self.commenters: dict[str, list[Any]] = {}
        self.profiles: dict[str, dict[str, Any]] = {}
        self.posts_page_size = 12
        self.likes_page_size = 50
        self.comments_page_size = 20
        self._ids = 1784000

    def add_account(self, handle: str, **profile: Any) -> None:
        handle = handle.lower()
        self.accounts.setdefault(handle, [])
        self._ids += 1
        self.profiles[handle] = {
            "pk": str(self._ids),
            "id": str(self._ids),
            "username": handle,
            "full_name": profile.get("full_name", handle.upper()),
            "biography": profile.get("biography", ""),
            "follower_count": profile.get("follower_count", 1000),
            "following_count": profile.get("following_count", 10),
            "media_count": profile.get("media_count", 0),
            "is_private": profile.get("is_private", False),
            "is_verified": profile.get("is_verified", True),
            "profile_pic_url": f"https://cdn.example/{handle}.jpg",
        }

    def add_post(
        self,
        handle: str,
        code: str,
        *,
        taken_at: datetime | int,
        caption: str | None = "Giat rutin",
        like_count: int | None = None,
        comment_count: int | None = None,
        pinned: bool = False,
        pin_shape: str = "is_pinned",
        is_video: bool = False,
        carousel: int = 0,
    ) -> dict[str, Any]:
        """Add a post to `handle`'s feed (kept newest first; pinned posts go on top).

        `pin_shape` says how a pinned post is marked: `is_pinned` (social-api4's shape) or the raw
        Instagram `timeline_pinned_user_ids` / `clips_tab_pinned_user_ids` lists (the notes)."""
        handle = handle.lower()
        if handle not in self.accounts:
            self.add_account(handle)
        user = self.profiles[handle]
        image = {"items": [{"url": f"https://cdn.example/{code}.jpg"}]}
        item: dict[str, Any] = {
            "id": f"{abs(hash(code)) % 10**10}_{user['id']}",
            "code": code,
            "taken_at": _epoch(taken_at),
            "caption": {"text": caption} if caption is not None else None,
            "like_count": like_count if like_count is not None else len(self.likers.get(code, [])),
            "comment_count": comment_count
            if comment_count is not None
            else len(self.commenters.get(code, [])),
            "is_video": is_video,
            "is_pinned": pinned and pin_shape == "is_pinned",
            "media_type": 2 if is_video else (8 if carousel else 1),
            "thumbnail_url": f"https://cdn.example/{code}_thumb.jpg",
            "display_url": f"https://cdn.example/{code}.jpg",
            "video_url": f"https://cdn.example/{code}.mp4" if is_video else None,
            "image_versions": image,
            "video_versions": [{"url": f"https://cdn.example/{code}.mp4"}] if is_video else [],
            "carousel_media": [
                {
                    "id": f"{code}-{i}",
                    "image_versions": {"items": [{"url": f"https://cdn.example/{code}_{i}.jpg"}]},
                }
                for i in range(carousel)
            ],
            "user": {
                "id": user["id"],
                "username": handle,
                "full_name": user["full_name"],
                "is_private": False,
                "is_verified": True,
                "profile_pic_url": user["profile_pic_url"],
            },
        }
        if pin_shape != "is_pinned":
            item[pin_shape] = [user["id"]] if pinned else []
        self.remove_post(code)
        self.posts[code] = item
        feed = self.accounts[handle]
        feed.append(item)
        feed.sort(key=lambda p: (not _ig_pinned(p), -p["taken_at"]))
        return item

    def remove_post(self, code: str) -> None:
        self.posts.pop(code, None)
        for feed in self.accounts.values():
            feed[:] = [p for p in feed if p["code"] != code]

    def set_likers(self, code: str, usernames: list[Any]) -> None:
        self.likers[code] = list(usernames)
        if code in self.posts:
            self.posts[code]["like_count"] = len(usernames)

    def set_commenters(self, code: str, usernames: list[Any]) -> None:
        self.commenters[code] = list(usernames)
        if code in self.posts:
            self.posts[code]["comment_count"] = len(usernames)


def _ig_pinned(item: dict[str, Any]) -> bool:
    return bool(
        item.get("is_pinned") or item.get("timeline_pinned_user_ids") or item.get("clips_tab_pinned_user_ids")
    )


class FakeTikTok:
    """Accounts (by handle, with secUid), videos (newest first), comments and reply threads per video."""

    def __init__(self) -> None:
        self.accounts: dict[str, dict[str, Any]] = {}
        self.videos: dict[str, dict[str, Any]] = {}
        self.comments: dict[str, list[dict[str, Any]]] = {}
        self.replies: dict[str, list[dict[str, Any]]] = {}
        self.comments_wrapped = True
        # ../shared/notes/rapidapi.md: the comment list carries at most a preview of the replies.
        self.reply_preview = 1

    def add_account(self, handle: str, sec_uid: str | None = None) -> str:
        handle = handle.lower().lstrip("@")
        sec_uid = sec_uid or f"MS4wLjABAAAA{handle.replace('.', '_')}"
        self.accounts.setdefault(handle, {"secUid": sec_uid, "videos": []})
        self.accounts[handle]["secUid"] = sec_uid
        return sec_uid

    def add_video(
        self,
        handle: str,
        video_id: str,
        *,
        create_time: datetime | int,
        desc: str = "Kegiatan hari ini",
        digg_count: int = 0,
        comment_count: int | None = None,
        pinned: bool = False,
    ) -> dict[str, Any]:
        handle = handle.lower().lstrip("@")
        if handle not in self.accounts:
            self.add_account(handle)
        item = {
            "id": str(video_id),
            "createTime": _epoch(create_time),
            "desc": desc,
            "isPinnedItem": pinned,
            "author": {"uniqueId": handle, "nickname": handle.upper()},
            "stats": {
                "diggCount": digg_count,
                "commentCount": comment_count
                if comment_count is not None
                else len(self.comments.get(video_id, [])),
                "playCount": 1000,
            },
        }
        self.remove_video(str(video_id))
        self.videos[str(video_id)] = item
        feed = self.accounts[handle]["videos"]
        feed.append(item)
        feed.sort(key=lambda v: (not v["isPinnedItem"], -v["createTime"]))
        return item

    def remove_video(self, video_id: str) -> None:
        self.videos.pop(video_id, None)
        for account in self.accounts.values():
            account["videos"][:] = [v for v in account["videos"] if v["id"] != video_id]

    def set_commenters(
        self, video_id: str, usernames: list[str], replies: dict[str, list[str]] | None = None
    ) -> None:
        """Top-level comments by `usernames`; `replies[name]` is the reply thread under that
        person's comment: the comment list previews its first `reply_preview` replies, the whole
        thread is served by `api/post/comment/replies` only (the notes)."""
        replies = replies or {}
        self.comments[video_id] = []
        for i, name in enumerate(usernames):
            cid = f"{video_id}{i:04d}"
            thread = [
                {"cid": f"{cid}r{j}", "text": "siap", "user": {"uniqueId": r}}
                for j, r in enumerate(replies.get(name, []))
            ]
            self.replies[cid] = thread
            self.comments[video_id].append(
                {
                    "cid": cid,
                    "text": "Mantap",
                    "user": {"unique_id": name, "nickname": name.upper()},
                    "reply_comment_total": len(thread),
                    "reply_comment": thread[: self.reply_preview] or None,
                }
            )
        if video_id in self.videos:
            self.videos[video_id]["stats"]["commentCount"] = len(usernames)


class FakeRapidApi:
    def __init__(self, key: str = FAKE_KEY) -> None:
        self.key = key
        self.instagram = FakeInstagram()
        self.tiktok = FakeTikTok()
        self.faults = Faults()
        self.requests: list[RecordedRequest] = []
        self.shapes_served: Counter[str] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self._generation = 0
        self._rng = random.Random(self.faults.seed)
        self._streaks: dict[str, int] = defaultdict(int)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.url = ""
        self.app = Starlette(routes=[Route("/{path:path}", self._handle, methods=["GET", "HEAD"])])

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeRapidApi:
        config = uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name="fake-rapidapi", daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("fake RapidAPI server did not start")
            time.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        self._server, self._thread, self.url = server, thread, f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def reset(self) -> None:
        """Forget all data, faults and recorded requests (the server keeps running)."""
        self.instagram = FakeInstagram()
        self.tiktok = FakeTikTok()
        self.faults = Faults()
        self.requests.clear()
        self.shapes_served.clear()
        self._generation += 1
        self.in_flight = 0
        self.max_in_flight = 0
        self._rng = random.Random(self.faults.seed)
        self._streaks.clear()

    def env(self, **extra: str) -> dict[str, str]:
        """Environment variables that point Cicero at this server, with every delay zero."""
        values = {
            "RAPIDAPI_KEY": self.key,
            "INSTAGRAM_API_BASE_URL": self.url,
            "TIKTOK_API_BASE_URL": self.url,
            "RAPIDAPI_FALLBACK_BASE_URL": self.url,
            "RAPIDAPI_INSTAGRAM_FALLBACK_BASE_URL": self.url,
            "RAPIDAPI_RETRY_BASE_MS": "0",
            "IG_POSTS_PAGE_DELAY_MS": "0",
            "IG_LIKES_PAGE_DELAY_MS": "0",
            "IG_COMMENTS_PAGE_DELAY_MS": "0",
            "TIKTOK_COMMENTS_PAGE_DELAY_MS": "0",
        }
        values.update(extra)
        return values

    def settings(self, **overrides: Any) -> Settings:
        """A `Settings` pointed at this server with every delay zero; keyword overrides win."""
        values: dict[str, Any] = {k.lower(): v for k, v in self.env().items()}
        values.update(overrides)
        return Settings(**values)

    # --- observations -------------------------------------------------------------------------

    def calls(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    # --- request handling ---------------------------------------------------------------------

    async def _handle(self, request: Request) -> Response:
        path = request.path_params["path"].strip("/")
        params = dict(request.query_params)
        headers = {k.lower(): v for k, v in request.headers.items()}
        record = RecordedRequest(path, params, headers)
        self.requests.append(record)
        # Requests still running from before a reset() do not count towards the new test's numbers.
        generation = self._generation
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.faults.latency_s:
                await asyncio.sleep(self.faults.latency_s)
            response = await self._respond(path, params, headers)
        finally:
            if generation == self._generation:
                self.in_flight -= 1
        record.status = response.status_code
        return response

    async def _respond(self, path: str, params: dict[str, str], headers: dict[str, str]) -> Response:
        host = headers.get("x-rapidapi-host", "")
        if not headers.get("x-rapidapi-key"):
            return JSONResponse({"message": "You are not subscribed to this API."}, status_code=401)
        if headers["x-rapidapi-key"] != self.key:
            return JSONResponse(
                {"message": "Invalid API key. Go to https://docs.rapidapi.com"}, status_code=403
            )
        if host in self.faults.auth_status:
            return JSONResponse(
                {"message": "You are not subscribed to this API."}, status_code=self.faults.auth_status[host]
            )
        fault = await self._fault(path, params)
        if fault is not None:
            return fault
        if path in self.faults.answer_as:
            return self._shape(path, self.faults.answer_as[path])
        handler = _ROUTES.get(path)
        if handler is None:
            return JSONResponse({"message": f"Endpoint '/{path}' does not exist"}, status_code=404)
        return handler(self, params, host)

    async def _fault(self, path: str, params: dict[str, str]) -> Response | None:
        scripted = self.faults.scripted.get(path)
        for entry in list(scripted or ()):
            status, retry_after, when = entry
            if all(params.get(k) == v for k, v in when.items()):
                scripted.remove(entry)  # type: ignore[union-attr]
                return await self._fault_response(path, status, retry_after)
        if self.faults.fault_rate <= 0:
            return None
        key = path + "?" + "&".join(f"{k}={v}" for k, v in sorted(params.items()))
        limit = self.faults.fault_streak_max
        if (limit is None or self._streaks[key] < limit) and self._rng.random() < self.faults.fault_rate:
            self._streaks[key] += 1
            kind = self._rng.choice(self.faults.fault_kinds)
            return await self._fault_response(path, kind, self.faults.retry_after)
        self._streaks[key] = 0
        return None

    async def _fault_response(self, path: str, kind: str, retry_after: str | None) -> Response:
        if kind in SHAPES:
            return self._shape(path, kind)
        if kind == "timeout":
            await asyncio.sleep(self.faults.timeout_sleep_s)
            return JSONResponse({"message": "late"}, status_code=504)
        status = int(kind)
        headers = {"Retry-After": retry_after} if status == 429 and retry_after is not None else None
        body = {"message": "Too many requests"} if status == 429 else {"message": "Upstream error"}
        return JSONResponse(body, status_code=status, headers=headers)

    def _shape(self, path: str, shape: str) -> Response:
        self.shapes_served[shape] += 1
        return _shape_response(path, shape)

    # --- Instagram (social-api4) ----------------------------------------------------------------

    def _ig_posts(self, params: dict[str, str], host: str) -> Response:
        handle = params.get("username_or_id_or_url", "").lower()
        feed = self.instagram.accounts.get(handle)
        if feed is None:
            return JSONResponse({"detail": "User not found"}, status_code=404)
        start = _offset(params.get("pagination_token"))
        size = self.instagram.posts_page_size
        page = feed[start : start + size]
        more = start + size < len(feed) and bool(page)
        body: dict[str, Any] = {
            "data": {"count": len(page), "items": page, "user": self.instagram.profiles[handle]}
        }
        body["pagination_token"] = _token(start + size) if more else None
        return JSONResponse(body)

    def _ig_likes(self, params: dict[str, str], host: str) -> Response:
        code = params.get("code_or_id_or_url", "")
        if code not in self.instagram.posts and code not in self.instagram.likers:
            return JSONResponse({"detail": "Media not found"}, status_code=404)
        likers = self.instagram.likers.get(code, [])
        start = _offset(params.get("cursor"))
        size = self.instagram.likes_page_size
        chunk = likers[start : start + size]
        items = [
            x if not isinstance(x, str) else {"id": str(1000 + i), "username": x} for i, x in enumerate(chunk)
        ]
        more = start + size < len(likers) and bool(chunk)
        data: dict[str, Any] = {"count": len(items), "items": items, "has_more": more}
        if more:
            data["next_cursor"] = _token(start + size)
        return JSONResponse({"data": data})

    def _ig_comments(self, params: dict[str, str], host: str) -> Response:
        code = params.get("code_or_id_or_url", "")
        if code not in self.instagram.posts and code not in self.instagram.commenters:
            return JSONResponse({"detail": "Media not found"}, status_code=404)
        people = self.instagram.commenters.get(code, [])
        start = _offset(params.get("pagination_token"))
        size = self.instagram.comments_page_size
        chunk = people[start : start + size]
        items = [
            {
                "id": f"179{start + i}",
                "text": "Siap mendukung",
                "created_at": 1767226000 + i,
                "user": {"id": str(5000 + start + i), "username": p} if isinstance(p, str) else p,
            }
            for i, p in enumerate(chunk)
        ]
        more = start + size < len(people) and bool(chunk)
        return JSONResponse(
            {
                "data": {"count": len(items), "items": items, "has_more": more},
                "pagination_token": _token(start + size) if more else None,
            }
        )

    def _ig_post_info(self, params: dict[str, str], host: str) -> Response:
        item = self.instagram.posts.get(params.get("code_or_id_or_url", ""))
        if item is None:
            return JSONResponse({"detail": "Media not found or unavailable"}, status_code=404)
        return JSONResponse(
            {"data": {**item, "metrics": {"like_count": item["like_count"], "play_count": 0}}}
        )

    def _ig_info(self, params: dict[str, str], host: str) -> Response:
        handle = params.get("username_or_id_or_url", "").lower()
        profile = self.instagram.profiles.get(handle)
        if profile is None:
            return JSONResponse({"detail": "User not found"}, status_code=404)
        return JSONResponse(
            {"data": {**profile, "media_count": len(self.instagram.accounts.get(handle, []))}}
        )

    # --- TikTok (tiktok-api23) ----------------------------------------------------------------

    def _tt_user_info(self, params: dict[str, str], host: str) -> Response:
        handle = params.get("uniqueId", "").lower().lstrip("@")
        account = self.tiktok.accounts.get(handle)
        if account is None:
            return JSONResponse({"statusCode": 10221, "statusMsg": "user not exist", "userInfo": {}})
        return JSONResponse(
            {
                "statusCode": 0,
                "userInfo": {
                    "user": {
                        "id": str(abs(hash(handle)) % 10**18),
                        "uniqueId": handle,
                        "secUid": account["secUid"],
                        "nickname": handle.upper(),
                        "avatarThumb": f"https://cdn.example/tt/{handle}.jpg",
                        "verified": False,
                    },
                    "stats": {
                        "followerCount": 5120,
                        "followingCount": 3,
                        "heart": 88000,
                        "heartCount": 88000,
                        "videoCount": len(account["videos"]),
                    },
                },
            }
        )

    def _tt_account(self, params: dict[str, str]) -> dict[str, Any] | None:
        if params.get("secUid"):
            return next((a for a in self.tiktok.accounts.values() if a["secUid"] == params["secUid"]), None)
        handle = (params.get("uniqueId") or params.get("username") or "").lower().lstrip("@")
        return self.tiktok.accounts.get(handle)

    def _tt_user_posts(self, params: dict[str, str], host: str) -> Response:
        if not params.get("secUid"):
            # ../shared/notes/rapidapi.md: `secUid` is required; a handle-only call is refused.
            return JSONResponse(MISSING_PARAMS_BODY)
        account = self._tt_account(params)
        videos = account["videos"] if account else []
        start = int(params.get("cursor") or 0)
        count = int(params.get("count") or 35)
        page = videos[start : start + count]
        more = start + count < len(videos) and bool(page)
        return JSONResponse(
            {"data": {"itemList": page, "cursor": str(start + count), "hasMore": more, "extra": {"now": 0}}}
        )

    def _tt_fallback_videos(self, params: dict[str, str], host: str) -> Response:
        account = self._tt_account(params)
        count = int(params.get("count") or 35)
        videos = (account["videos"] if account else [])[:count]
        return JSONResponse(
            {
                "code": 0,
                "msg": "success",
                "data": {
                    "videos": [
                        {
                            "video_id": v["id"],
                            "create_time": v["createTime"],
                            "title": v["desc"],
                            "digg_count": v["stats"]["diggCount"],
                            "comment_count": v["stats"]["commentCount"],
                            "is_top": int(v["isPinnedItem"]),
                        }
                        for v in videos
                    ],
                    "hasMore": False,
                },
            }
        )

    def _tt_comments(self, params: dict[str, str], host: str) -> Response:
        return self._tt_comment_page(self.tiktok.comments.get(params.get("videoId", ""), []), params)

    def _tt_replies(self, params: dict[str, str], host: str) -> Response:
        """`api/post/comment/replies`: the whole reply thread of `commentId`, paged like comments."""
        return self._tt_comment_page(self.tiktok.replies.get(params.get("commentId", ""), []), params)

    def _tt_comment_page(self, comments: list[dict[str, Any]], params: dict[str, str]) -> Response:
        start = int(params.get("cursor") or 0)
        count = int(params.get("count") or 50)
        page = comments[start : start + count]
        more = start + count < len(comments) and bool(page)
        inner = {
            "comments": page,
            "total": len(comments),
            "has_more": 1 if more else 0,
            "cursor": start + len(page),
        }
        return JSONResponse({"data": inner} if self.tiktok.comments_wrapped else inner)

    def _tt_detail(self, params: dict[str, str], host: str) -> Response:
        item = self.tiktok.videos.get(params.get("videoId", ""))
        if item is None:
            return JSONResponse({"statusCode": 10204, "statusMsg": "item doesn't exist", "itemInfo": {}})
        return JSONResponse({"statusCode": 0, "itemInfo": {"itemStruct": item}})


_TT_LISTS = {
    "api/user/posts": "itemList",
    "user/videos": "videos",
    "api/post/comments": "comments",
    "api/post/comment/replies": "comments",
}
_IG_LISTS = ("v1/posts", "v1/likes", "v1/comments")


def _shape_response(path: str, shape: str) -> Response:
    """`path` answered in one of the SHAPES (sources in the module docstring)."""
    if shape == "html":
        return HTMLResponse("<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>")
    if path in _IG_LISTS:
        # Instagram's throttling answer and its empty page are the same: an empty `items` page.
        if shape == "status_error":
            return JSONResponse({"status": "fail"})
        return JSONResponse({"data": {"count": 0, "items": []}})
    if shape == "status_error":
        return JSONResponse({"statusCode": 10201, "statusMsg": "", "data": {}})
    if path in _TT_LISTS:
        if shape == "throttled":
            return JSONResponse({"data": {"cursor": "0", "hasMore": False, "statusCode": 0}})
        return JSONResponse({"data": {_TT_LISTS[path]: [], "cursor": "0", "hasMore": False}})
    if path == "api/user/info":
        return JSONResponse({"statusCode": 0, "userInfo": {}})
    return JSONResponse({"data": {}})


def _token(offset: int) -> str:
    return f"QVFE{offset:08d}"


def _offset(token: str | None) -> int:
    if not token or not token.startswith("QVFE"):
        return 0
    return int(token[4:])


_ROUTES = {
    "v1/posts": FakeRapidApi._ig_posts,
    "v1/likes": FakeRapidApi._ig_likes,
    "v1/comments": FakeRapidApi._ig_comments,
    "v1/post_info": FakeRapidApi._ig_post_info,
    "v1/info": FakeRapidApi._ig_info,
    "api/user/info": FakeRapidApi._tt_user_info,
    "api/user/posts": FakeRapidApi._tt_user_posts,
    "api/post/comments": FakeRapidApi._tt_comments,
    "api/post/comment/replies": FakeRapidApi._tt_replies,
    "api/post/detail": FakeRapidApi._tt_detail,
    "user/videos": FakeRapidApi._tt_fallback_videos,
}
