"""Client post lists (API-88): stored posts and their engagement sets, no RapidAPI call."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.accounts import clients
from core.accounts.access import Caller
from core.accounts.errors import invalid
from core.analytics.query import parse_window
from core.db import UnitOfWork
from core.timewindow import Window

# platform → (post table, key column, engagement table, engagement column, list key, count key)
SOURCES = {
    "instagram": ("insta_post", "shortcode", "insta_like", "likes", "likes", "like_count"),
    "tiktok": ("tiktok_post", "video_id", "tiktok_comment", "comments", "comments", "comment_count"),
}


def post_window(today: date, day: str | None, start_date: str | None, end_date: str | None) -> Window:
    """API-88: `date`, or `start_date`+`end_date` (WIB, inclusive), default today."""
    if start_date or end_date:
        return parse_window(today, None, None, start_date, end_date)[1]
    return parse_window(today, "harian", day, None, None)[1]


async def client_posts(
    uow: UnitOfWork, caller: Caller, client_id: str, platform: str, win: Window, *, engagement: bool
) -> list[dict[str, Any]]:
    """The client's stored posts created in `win` (oldest first); with `engagement`, each post's
    stored likes (Instagram) or comments (TikTok) and their number instead."""
    if platform not in SOURCES:
        raise invalid("platform tidak dikenal", "platform")
    client = await clients.get_client(uow, caller, client_id)
    table, key, etable, ecol, list_key, count_key = SOURCES[platform]
    where, params = win.sql_range("p.created_at")
    params["c"] = client["client_id"].upper()
    if not engagement:
        rows = await uow.execute(
            f"SELECT p.* FROM {table} p WHERE UPPER(p.client_id) = :c AND {where}"  # noqa: S608 - fixed names
            f" ORDER BY p.created_at, p.{key}",
            params,
        )
        return [dict(r) for r in rows.mappings()]
    rows = await uow.execute(
        f"SELECT p.{key} AS id, CASE WHEN jsonb_typeof(e.{ecol}) = 'array' THEN e.{ecol} ELSE '[]'::jsonb END"  # noqa: S608
        f" AS items FROM {table} p LEFT JOIN {etable} e ON e.{key} = p.{key}"
        f" WHERE UPPER(p.client_id) = :c AND {where} ORDER BY p.created_at, p.{key}",
        params,
    )
    return [{key: r.id, count_key: len(r.items), list_key: r.items} for r in rows]
