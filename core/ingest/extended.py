"""Extended Instagram data (ING-POST-14) and post-info enrichment (ING-POST-13), both P2.

After an `insta_post` upsert is committed, the item's author, post, media, tagged users and
hashtags go into the `ig_ext_*` tables; this never inserts `insta_post` rows (a post that is not
stored is skipped) and its failures are only logged, so they never undo the post fetch.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from core.db import UnitOfWork
from core.ingest.context import IngestDeps
from core.social.instagram import is_pinned, taken_at
from core.social.rapidapi import RapidApiConfigError, RapidApiError
from core.timewindow import day_window, utc_naive

log = logging.getLogger(__name__)

_HASHTAG = re.compile(r"#(\w{1,100})", re.UNICODE)
METRICS = ("play_count", "save_count", "share_count", "view_count", "fb_like_count", "fb_play_count")


def _s(value: Any, n: int) -> str | None:
    return str(value)[:n] if value not in (None, "") else None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _url(versions: Any) -> str | None:
    if isinstance(versions, dict):
        versions = versions.get("items") or versions.get("candidates")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        return versions[0].get("url")
    return None


def _caption(item: dict[str, Any]) -> str | None:
    caption = item.get("caption")
    if isinstance(caption, dict):
        return caption.get("text")
    return caption if isinstance(caption, str) else None


def hashtags(item: dict[str, Any]) -> list[str]:
    """Without `#`, lower-cased, first-seen order: the provider's list, else the caption's tags."""
    found = item.get("caption_hashtags") or item.get("hashtags")
    tags = (
        [str(t).lstrip("#") for t in found]
        if isinstance(found, list)
        else _HASHTAG.findall(_caption(item) or "")
    )
    return list(dict.fromkeys(t.lower()[:100] for t in tags if t))


async def _user(uow: UnitOfWork, user: Any) -> str | None:
    if not isinstance(user, dict):
        return None
    uid = _s(user.get("pk") or user.get("id"), 50)
    username = _s(user.get("username"), 100)
    if uid is None or username is None:
        return None
    await uow.execute(
        "INSERT INTO ig_ext_users (user_id, username, full_name, is_private, is_verified, profile_pic_url)"
        " VALUES (:id, :u, :n, :p, :v, :pic) ON CONFLICT (user_id) DO UPDATE SET username = EXCLUDED.username,"
        " full_name = EXCLUDED.full_name, is_private = EXCLUDED.is_private, is_verified = EXCLUDED.is_verified,"
        " profile_pic_url = EXCLUDED.profile_pic_url",
        {"id": uid, "u": username, "n": _s(user.get("full_name"), 100), "p": user.get("is_private") is True,
         "v": user.get("is_verified") is True, "pic": user.get("profile_pic_url")},
    )  # fmt: skip
    return uid


def _media(item: dict[str, Any]) -> Iterable[dict[str, Any]]:
    carousel = item.get("carousel_media")
    if isinstance(carousel, list) and carousel:
        return [m for m in carousel if isinstance(m, dict)]
    return [item]


async def store_extended(uow: UnitOfWork, item: dict[str, Any]) -> bool:
    """ING-POST-14 for one post item whose `insta_post` row exists; False when it does not."""
    code = _s(item.get("code"), 50)
    post_id = _s(item.get("id") or item.get("pk"), 50)
    if code is None or post_id is None:
        return False
    stored = (await uow.execute("SELECT 1 FROM insta_post WHERE shortcode = :s", {"s": code})).first()
    if stored is None:
        return False
    user_id = await _user(uow, item.get("user"))
    when = taken_at(item)
    await uow.execute(
        "INSERT INTO ig_ext_posts (post_id, shortcode, user_id, caption_text, created_at, like_count, comment_count,"
        " is_video, media_type, is_pinned) VALUES (:id, :s, :u, :c, :t, :l, :k, :v, :m, :p)"
        " ON CONFLICT (post_id) DO UPDATE SET shortcode = EXCLUDED.shortcode, user_id = EXCLUDED.user_id,"
        " caption_text = EXCLUDED.caption_text, created_at = EXCLUDED.created_at, like_count = EXCLUDED.like_count,"
        " comment_count = EXCLUDED.comment_count, is_video = EXCLUDED.is_video, media_type = EXCLUDED.media_type,"
        " is_pinned = EXCLUDED.is_pinned",
        {"id": post_id, "s": code, "u": user_id, "c": _caption(item), "t": utc_naive(when) if when else None,
         "l": _int(item.get("like_count")), "k": _int(item.get("comment_count")),
         "v": item.get("is_video") is True, "m": _int(item.get("media_type")), "p": is_pinned(item)},
    )  # fmt: skip
    for tag in hashtags(item):
        await uow.execute(
            "INSERT INTO ig_ext_hashtags (post_id, hashtag) VALUES (:id, :h) ON CONFLICT DO NOTHING",
            {"id": post_id, "h": tag},
        )
    for medium in _media(item):
        media_id = _s(medium.get("id") or medium.get("pk"), 50) or post_id
        await uow.execute(
            "INSERT INTO ig_ext_media_items (media_id, post_id, media_type, is_video, original_width,"
            " original_height, image_url, video_url, video_duration, thumbnail_url)"
            " VALUES (:id, :p, :m, :v, :w, :h, :img, :vid, :d, :th) ON CONFLICT (media_id) DO UPDATE SET"
            " post_id = EXCLUDED.post_id, media_type = EXCLUDED.media_type, is_video = EXCLUDED.is_video,"
            " original_width = EXCLUDED.original_width, original_height = EXCLUDED.original_height,"
            " image_url = EXCLUDED.image_url, video_url = EXCLUDED.video_url,"
            " video_duration = EXCLUDED.video_duration, thumbnail_url = EXCLUDED.thumbnail_url",
            {"id": media_id, "p": post_id, "m": _int(medium.get("media_type")), "v": medium.get("is_video") is True,
             "w": _int(medium.get("original_width")), "h": _int(medium.get("original_height")),
             "img": medium.get("display_url") or _url(medium.get("image_versions")),
             "vid": medium.get("video_url") or _url(medium.get("video_versions")),
             "d": medium.get("video_duration"), "th": medium.get("thumbnail_url")},
        )  # fmt: skip
        tags = medium.get("usertags")
        tagged = tags.get("in") if isinstance(tags, dict) else None
        for tag in tagged if isinstance(tagged, list) else []:
            if not isinstance(tag, dict):
                continue
            uid = await _user(uow, tag.get("user"))
            if uid is None:
                continue
            pos = tag.get("position") if isinstance(tag.get("position"), list) else [None, None]
            await uow.execute(
                "INSERT INTO ig_ext_tagged_users (media_id, user_id, x, y) VALUES (:m, :u, :x, :y)"
                " ON CONFLICT (media_id, user_id) DO UPDATE SET x = EXCLUDED.x, y = EXCLUDED.y",
                {
                    "m": media_id,
                    "u": uid,
                    "x": pos[0] if len(pos) > 0 else None,
                    "y": pos[1] if len(pos) > 1 else None,
                },
            )
    return True


async def store_extended_items(deps: IngestDeps, items: list[dict[str, Any]], client_id: str) -> int:
    """ING-POST-4: extended data of the committed posts, one transaction each; errors only logged."""
    stored = 0
    for item in items:
        try:
            async with deps.db.uow() as uow:
                if await store_extended(uow, item):
                    stored += 1
                await uow.commit()
        except Exception:  # noqa: BLE001 - extended data never fails the post fetch (ING-POST-4)
            log.warning(
                "ig_extended_failed",
                extra={"client_id": client_id, "shortcode": item.get("code")},
                exc_info=True,
            )
    return stored


async def enrich_posts(deps: IngestDeps, client_id: str, today: date) -> int:
    """ING-POST-13: `v1/post_info` for the client's posts of `today`: extended data and `ig_post_metrics`
    (from `data.metrics`). A post the provider does not know or a failed call changes nothing."""
    day = day_window(today)
    async with deps.db.uow() as uow:
        codes = [
            r[0]
            for r in await uow.execute(
                "SELECT shortcode FROM insta_post WHERE lower(btrim(client_id)) = lower(btrim(:c))"
                " AND created_at >= :lo AND created_at < :hi ORDER BY shortcode",
                {"c": client_id, "lo": day.start_utc, "hi": day.end_utc},
            )
        ]
    enriched = 0
    for code in codes:
        try:
            data = await deps.social.instagram.post_info(code)
        except RapidApiConfigError:
            raise
        except RapidApiError as exc:
            log.warning(
                "ig_enrich_failed", extra={"client_id": client_id, "shortcode": code, "error": exc.message}
            )
            continue
        if data is None:
            continue
        metrics = data.get("metrics") if isinstance(data.get("metrics"), dict) else {}
        async with deps.db.uow() as uow:
            if not await store_extended(uow, {**data, "code": data.get("code") or code}):
                continue
            post_id = _s(data.get("id") or data.get("pk"), 50)
            await uow.execute(
                "INSERT INTO ig_post_metrics (post_id, play_count, save_count, share_count, view_count,"
                " fb_like_count, fb_play_count) VALUES (:id, :play_count, :save_count, :share_count, :view_count,"
                " :fb_like_count, :fb_play_count) ON CONFLICT (post_id) DO UPDATE SET"
                " play_count = EXCLUDED.play_count, save_count = EXCLUDED.save_count,"
                " share_count = EXCLUDED.share_count, view_count = EXCLUDED.view_count,"
                " fb_like_count = EXCLUDED.fb_like_count, fb_play_count = EXCLUDED.fb_play_count",
                {"id": post_id, **{k: _int(metrics.get(k)) for k in METRICS}},
            )
            await uow.commit()
        enriched += 1
    return enriched
