"""Which stored posts a fetch step works on: today's task posts of a client, and exclusions.

ING-ATT-2 (posts in scope) restricted to one day, as ING-ENG-1/3/4 select them; exclusions per
ING-POST-12. Windows come from `core.timewindow` (ING-TIME-4: half-open range on the raw column).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from core.db import UnitOfWork
from core.ingest.posts import MANUAL_SQL
from core.timewindow import Window

Platform = Literal["instagram", "tiktok"]


def client_key(client_id: str) -> str:
    """ING-GEN-2: client ids compare as lower(btrim(id))."""
    return client_id.strip().lower()


async def excluded_ids(uow: UnitOfWork, client_id: str, platform: Platform) -> set[str]:
    rows = await uow.execute(
        "SELECT btrim(content_id) FROM task_post_exclusions"
        " WHERE lower(btrim(client_id)) = :c AND platform = :p",
        {"c": client_key(client_id), "p": platform},
    )
    return {r[0] for r in rows}


_IG_TASKS = """
SELECT p.shortcode FROM insta_post p
WHERE p.created_at >= :lo AND p.created_at < :hi
  AND (lower(btrim(p.client_id)) = :c
       OR EXISTS (SELECT 1 FROM insta_post_clients pc
                  WHERE pc.shortcode = p.shortcode AND lower(btrim(pc.client_id)) = :c)
       OR (:directorate AND EXISTS (SELECT 1 FROM insta_post_roles r
                                    WHERE r.shortcode = p.shortcode AND r.role_name = :c)))
  AND NOT EXISTS (SELECT 1 FROM task_post_exclusions e
                  WHERE lower(btrim(e.client_id)) = :c AND e.platform = 'instagram'
                    AND btrim(e.content_id) = p.shortcode)
"""

_TT_TASKS = """
SELECT p.video_id FROM tiktok_post p
WHERE p.created_at >= :lo AND p.created_at < :hi
  AND (lower(btrim(p.client_id)) = :c
       OR (:directorate AND EXISTS (SELECT 1 FROM tiktok_post_roles r
                                    WHERE r.video_id = p.video_id AND r.role_name = :c)))
  AND NOT EXISTS (SELECT 1 FROM task_post_exclusions e
                  WHERE lower(btrim(e.client_id)) = :c AND e.platform = 'tiktok'
                    AND btrim(e.content_id) = p.video_id)
"""


async def task_post_ids(
    uow: UnitOfWork,
    client_id: str,
    platform: Platform,
    day: Window,
    *,
    directorate: bool = False,
    manual_only: bool = False,
    only_ids: Sequence[str] | None = None,
) -> list[str]:
    """Ids of the client's task posts in `day`, ordered by created_at then id (ING-ATT-2)."""
    sql = _IG_TASKS if platform == "instagram" else _TT_TASKS
    key = "shortcode" if platform == "instagram" else "video_id"
    params: dict[str, object] = {
        "lo": day.start_utc,
        "hi": day.end_utc,
        "c": client_key(client_id),
        "directorate": directorate,
    }
    if manual_only:
        sql += " AND " + MANUAL_SQL.format(col="p.source_type")
    if only_ids is not None:
        sql += f" AND p.{key} = ANY(:ids)"
        params["ids"] = list(only_ids)
    sql += f" ORDER BY p.created_at, p.{key}"
    return [r[0] for r in await uow.execute(sql, params)]
