"""Post rows: provider item → row mapping, the provenance upsert, and post deletion (ING-POST-4..10).

The merge rules of ING-POST-7 live in one SQL template shared by `insta_post`,
`insta_post_khusus` and `tiktok_post`, so a scheduled fetch can never downgrade a manual row on
any of the three tables (spec/README.md decision 6).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from core.db import UnitOfWork
from core.social.instagram import taken_at
from core.social.tiktok import TikTokPost
from core.timewindow import utc_naive

SourceType = Literal["cron_fetch", "manual_input"]
PostTable = Literal["insta_post", "insta_post_khusus", "tiktok_post"]

# ING-POST-6: what counts as manual when reading (legacy spellings included).
MANUAL_SQL = "lower(replace(replace(btrim(coalesce({col}, '')), ' ', '_'), '-', '_')) IN ('manual_input', 'manual_fetch')"

IG_CONTENT = (
    "caption",
    "comment_count",
    "like_count",
    "thumbnail_url",
    "is_video",
    "video_url",
    "image_url",
    "images_url",
    "is_carousel",
)
TT_CONTENT = ("caption", "like_count", "comment_count")
_KEY = {"insta_post": "shortcode", "insta_post_khusus": "shortcode", "tiktok_post": "video_id"}


def is_manual(source_type: str | None) -> bool:
    """ING-POST-6 reading rule."""
    norm = (source_type or "").strip().lower().replace(" ", "_").replace("-", "_")
    return norm in ("manual_input", "manual_fetch")


# --- mapping ------------------------------------------------------------------------------------


def _first_url(*values: Any) -> str | None:
    return next((v for v in values if isinstance(v, str) and v), None)


def _image_versions_url(obj: Any) -> str | None:
    items = obj.get("image_versions", {}).get("items") if isinstance(obj, dict) else None
    if isinstance(items, list) and items and isinstance(items[0], dict):
        url = items[0].get("url")
        return url if isinstance(url, str) and url else None
    return None


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def instagram_row(
    item: dict[str, Any], client_id: str, *, source_type: SourceType, created_at: datetime, now: datetime
) -> dict[str, Any]:
    """ING-POST-4 mapping of a post item (posts page or `v1/post_info`) to an `insta_post` row."""
    caption = item.get("caption")
    if isinstance(caption, dict):
        caption = caption.get("text")
    if not isinstance(caption, str):
        caption = None
    image_url = _image_versions_url(item)
    carousel = item.get("carousel_media") if isinstance(item.get("carousel_media"), list) else []
    images = [u for u in (_image_versions_url(m) for m in carousel) if u]
    if not images and image_url:
        images = [image_url]
    versions = item.get("video_versions")
    first_version = (
        versions[0] if isinstance(versions, list) and versions and isinstance(versions[0], dict) else {}
    )
    published = taken_at(item)
    return {
        "shortcode": str(item["code"]),
        "client_id": client_id,
        "caption": caption,
        "comment_count": _int_or_none(item.get("comment_count")),
        "like_count": _int_or_none(item.get("like_count")),
        "thumbnail_url": _first_url(
            item.get("thumbnail_url"), item.get("thumbnail_src"), item.get("display_url"), image_url
        ),
        "is_video": bool(item.get("is_video")),
        "video_url": _first_url(item.get("video_url"), first_version.get("url")),
        "image_url": image_url,
        "images_url": json.dumps(images) if images else None,
        "is_carousel": len(carousel) > 1,
        "source_type": source_type,
        "created_at": utc_naive(created_at),
        "original_created_at": published,
        "fetched_at": now,
    }


def tiktok_row(
    post: TikTokPost, client_id: str, *, source_type: SourceType, created_at: datetime, now: datetime
) -> dict[str, Any]:
    """ING-POST-5 / ING-API-11 mapping of a normalised TikTok item to a `tiktok_post` row."""
    return {
        "video_id": post.video_id,
        "client_id": client_id,
        "caption": post.caption,
        "like_count": post.like_count,
        "comment_count": post.comment_count,
        "source_type": source_type,
        "created_at": utc_naive(created_at),
        "original_created_at": post.create_time,
        "fetched_at": now,
    }


# --- upsert -------------------------------------------------------------------------------------


def _upsert_sql(table: PostTable, with_source: bool) -> str:
    key = _KEY[table]
    content = TT_CONTENT if table == "tiktok_post" else IG_CONTENT
    columns = [key, "client_id", *content, "source_type", "created_at", "original_created_at", "fetched_at"]
    values = [f"CAST(:{c} AS jsonb)" if c == "images_url" else f":{c}" for c in columns]
    s_manual = MANUAL_SQL.format(col="s.source_type")
    final_manual = f"({s_manual} OR EXCLUDED.source_type = 'manual_input')"
    sets = [f"{c} = COALESCE(EXCLUDED.{c}, s.{c})" for c in content]
    sets += [
        # ING-POST-7: client_id is never changed by a later write; provenance never downgraded.
        f"source_type = CASE WHEN {final_manual} THEN 'manual_input' ELSE 'cron_fetch' END",
        "created_at = CASE"
        f" WHEN {s_manual} AND EXCLUDED.source_type = 'manual_input' AND s.created_at < :today_lo"
        " THEN EXCLUDED.created_at"
        f" WHEN {s_manual} THEN s.created_at ELSE EXCLUDED.created_at END",
        "original_created_at = COALESCE(s.original_created_at, EXCLUDED.original_created_at)",
        "fetched_at = GREATEST(s.fetched_at, EXCLUDED.fetched_at)",
    ]
    if with_source:
        # ING-POST-6: the legacy `tiktok_post.source` mirrors the provenance where the column exists.
        columns.append("source")
        values.append(":legacy_source")
        sets.append(f"source = CASE WHEN {final_manual} THEN 'manual' ELSE 'official' END")
    return (
        f"INSERT INTO {table} AS s ({', '.join(columns)}) VALUES ({', '.join(values)}) "  # noqa: S608 - fixed names
        f"ON CONFLICT ({key}) DO UPDATE SET {', '.join(sets)} "
        f"RETURNING {', '.join([key, 'client_id', *content, 'source_type', 'created_at', 'original_created_at'])}"
    )


# Whether the legacy `tiktok_post.source` column exists, per database (it never disappears at runtime).
_HAS_SOURCE: dict[str, bool] = {}


async def _tiktok_has_source(uow: UnitOfWork) -> bool:
    engine_key = uow.conn.engine.url.render_as_string(hide_password=True)
    if engine_key not in _HAS_SOURCE:
        found = await uow.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = 'tiktok_post' AND column_name = 'source'"
        )
        _HAS_SOURCE[engine_key] = found.first() is not None
    return _HAS_SOURCE[engine_key]


@dataclass(frozen=True)
class UpsertOutcome:
    key: str
    status: Literal["inserted", "updated", "unchanged"]
    previous: dict[str, Any] | None
    row: dict[str, Any]


async def upsert_post(
    uow: UnitOfWork, table: PostTable, row: dict[str, Any], today_lo: datetime
) -> UpsertOutcome:
    """Insert or merge one post row (ING-POST-7) inside the caller's transaction.

    `today_lo` is today's WIB midnight as naive UTC: a manual re-registration of a manual row
    dated before it takes the new input time (DIR-46.1 `didaftarkan ulang`).
    """
    key = _KEY[table]
    content = TT_CONTENT if table == "tiktok_post" else IG_CONTENT
    fields = [key, "client_id", *content, "source_type", "created_at", "original_created_at"]
    prev = (
        (
            await uow.execute(
                f"SELECT {', '.join(fields)} FROM {table} WHERE {key} = :k FOR UPDATE",  # noqa: S608
                {"k": row[key]},
            )
        )
        .mappings()
        .first()
    )
    with_source = table == "tiktok_post" and await _tiktok_has_source(uow)
    params = {**row, "today_lo": today_lo}
    if with_source:
        params["legacy_source"] = "manual" if row["source_type"] == "manual_input" else "official"
    result = await uow.execute(_upsert_sql(table, with_source), params)
    new = dict(result.mappings().one())
    if prev is None:
        status: Literal["inserted", "updated", "unchanged"] = "inserted"
    else:
        status = "unchanged" if dict(prev) == new else "updated"
    return UpsertOutcome(str(row[key]), status, dict(prev) if prev else None, new)


# --- deletion (ING-POST-10 step 4) ----------------------------------------------------------------


async def delete_instagram_posts(uow: UnitOfWork, shortcodes: list[str]) -> None:
    """Remove posts with their stored engagement, inside the caller's transaction.

    The engagement rows are deleted explicitly first so that a database whose legacy foreign keys
    lack ON DELETE CASCADE cannot fail the removal (ING-POST-11 *fixed*).
    """
    if not shortcodes:
        return
    params = {"ids": list(shortcodes)}
    for table in ("insta_like_audit", "insta_like", "insta_comment"):
        await uow.execute(f"DELETE FROM {table} WHERE shortcode = ANY(:ids)", params)  # noqa: S608
    await uow.execute("DELETE FROM insta_post WHERE shortcode = ANY(:ids)", params)


async def delete_tiktok_posts(uow: UnitOfWork, video_ids: list[str]) -> None:
    if not video_ids:
        return
    params = {"ids": list(video_ids)}
    for table in ("tiktok_comment_audit", "tiktok_comment"):
        await uow.execute(f"DELETE FROM {table} WHERE video_id = ANY(:ids)", params)  # noqa: S608
    await uow.execute("DELETE FROM tiktok_post WHERE video_id = ANY(:ids)", params)
