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
`fault_kinds` (`"429"`, `"500"`, `"503"`, `"timeout"`) from a seeded RNG and `fault_streak_max`
(at most that many consecutive faults per distinct request, so a retrying client always gets
through); `retry_after` (header sent with 429); `timeout_sleep_s`; `fail_next(path, status,
times, retry_after)` for scripted failures; `empty_pages` (paths answering an empty item list).
Multi-page cursors follow from the page sizes (`instagram.posts_page_size`, `likes_page_size`,
`comments_page_size`; TikTok honours `count`). Every request is recorded in `fake.requests`, and
`fake.max_in_flight` is the highest number of requests the server saw at once.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from core.config import Settings

IG_HOST = "social-api4.p.rapidapi.com"
TT_HOST = "tiktok-api23.p.rapidapi.com"
IG_FALLBACK_HOST = "ig-fallback.p.rapidapi.com"
TT_FALLBACK_HOST = "tt-fallback.p.rapidapi.com"
FAKE_KEY = "fake-rapidapi-key"


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
    empty_pages: set[str] = field(default_factory=set)
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
        (an HTTP status, or "timeout")."""
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
            "is_private": False,
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
        is_video: bool = False,
        carousel: int = 0,
    ) -> dict[str, Any]:
        """Add a post to `handle`'s feed (kept newest first; pinned posts go on top)."""
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
            "is_pinned": pinned,
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
        self.remove_post(code)
        self.posts[code] = item
        feed = self.accounts[handle]
        feed.append(item)
        feed.sort(key=lambda p: (not p["is_pinned"], -p["taken_at"]))
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


class FakeTikTok:
    """Accounts (by handle, with secUid), videos (newest first), comments per video."""

    def __init__(self) -> None:
        self.accounts: dict[str, dict[str, Any]] = {}
        self.videos: dict[str, dict[str, Any]] = {}
        self.comments: dict[str, list[dict[str, Any]]] = {}
        self.comments_wrapped = True

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
        """Top-level comments by `usernames`; `replies[name]` adds replies under that person's comment."""
        replies = replies or {}
        self.comments[video_id] = [
            {
                "cid": f"{video_id}{i}",
                "text": "Mantap",
                "user": {"unique_id": name, "nickname": name.upper()},
                "reply_comment": [{"text": "siap", "user": {"uniqueId": r}} for r in replies.get(name, [])],
            }
            for i, name in enumerate(usernames)
        ]
        if video_id in self.videos:
            self.videos[video_id]["stats"]["commentCount"] = len(usernames)


class FakeRapidApi:
    def __init__(self, key: str = FAKE_KEY) -> None:
        self.key = key
        self.instagram = FakeInstagram()
        self.tiktok = FakeTikTok()
        self.faults = Faults()
        self.requests: list[RecordedRequest] = []
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
                return await self._fault_response(status, retry_after)
        if self.faults.fault_rate <= 0:
            return None
        key = path + "?" + "&".join(f"{k}={v}" for k, v in sorted(params.items()))
        limit = self.faults.fault_streak_max
        if (limit is None or self._streaks[key] < limit) and self._rng.random() < self.faults.fault_rate:
            self._streaks[key] += 1
            kind = self._rng.choice(self.faults.fault_kinds)
            return await self._fault_response(kind, self.faults.retry_after)
        self._streaks[key] = 0
        return None

    async def _fault_response(self, kind: str, retry_after: str | None) -> Response:
        if kind == "timeout":
            await asyncio.sleep(self.faults.timeout_sleep_s)
            return JSONResponse({"message": "late"}, status_code=504)
        status = int(kind)
        headers = {"Retry-After": retry_after} if status == 429 and retry_after is not None else None
        body = {"message": "Too many requests"} if status == 429 else {"message": "Upstream error"}
        return JSONResponse(body, status_code=status, headers=headers)

    # --- Instagram (social-api4) ----------------------------------------------------------------

    def _ig_posts(self, params: dict[str, str], host: str) -> Response:
        handle = params.get("username_or_id_or_url", "").lower()
        feed = self.instagram.accounts.get(handle)
        if feed is None:
            return JSONResponse({"detail": "User not found"}, status_code=404)
        start = _offset(params.get("pagination_token"))
        size = self.instagram.posts_page_size
        page = [] if "v1/posts" in self.faults.empty_pages else feed[start : start + size]
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
        chunk = [] if "v1/likes" in self.faults.empty_pages else likers[start : start + size]
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
        chunk = [] if "v1/comments" in self.faults.empty_pages else people[start : start + size]
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
        account = self._tt_account(params)
        videos = account["videos"] if account else []
        start = int(params.get("cursor") or 0)
        count = int(params.get("count") or 35)
        page = [] if "api/user/posts" in self.faults.empty_pages else videos[start : start + count]
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
        video_id = params.get("videoId", "")
        comments = self.tiktok.comments.get(video_id, [])
        start = int(params.get("cursor") or 0)
        count = int(params.get("count") or 50)
        page = [] if "api/post/comments" in self.faults.empty_pages else comments[start : start + count]
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
    "api/post/detail": FakeRapidApi._tt_detail,
    "user/videos": FakeRapidApi._tt_fallback_videos,
}
