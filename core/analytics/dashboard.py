"""Dashboard figures besides the recaps (API-84): stats, web logins, aggregator, per-post analysis.

Post sets are the report engine's (`attendance.task_posts`: the client's posts in the window,
exclusions removed), so a count here is the count the WhatsApp reports print.
"""

from __future__ import annotations

from typing import Any

from core.analytics.query import AnalyticsQuery
from core.analytics.recaps import engagement_attendance, report_context
from core.config import Settings
from core.db import UnitOfWork
from core.reports import attendance
from core.reports.model import Platform

LATEST_POSTS = 12


async def stats(uow: UnitOfWork, settings: Settings, q: AnalyticsQuery) -> dict[str, Any]:
    """Members, active members, task posts, their stored likes/comments and link reports."""
    ctx = await report_context(uow, settings, q, "REP-IG-UNIT")
    ig = await attendance.task_posts(uow, ctx.client, Platform.INSTAGRAM, q.window)
    tt = await attendance.task_posts(uow, ctx.client, Platform.TIKTOK, q.window)
    member = "UPPER(u.client_id) = :c"
    if ctx.client.is_directorate:
        member = (
            "(UPPER(u.client_id) = :c OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id"
            " WHERE ur.user_id = u.user_id AND LOWER(r.role_name) = LOWER(:c)))"
        )
    row = (
        await uow.execute(
            f"SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE u.status IS TRUE) AS active"  # noqa: S608
            f' FROM "user" u WHERE {member}',
            {"c": q.client_id},
        )
    ).one()
    ids = [p.id for p in ig]
    links = 0
    if ids:
        links = (
            await uow.execute("SELECT COUNT(*) FROM link_report WHERE shortcode = ANY(:ids)", {"ids": ids})
        ).scalar_one()
    return {
        **q.describe(),
        "total_members": int(row.total),
        "active_members": int(row.active),
        "instagram_posts": len(ig),
        "tiktok_posts": len(tt),
        "likes": sum(p.engaged for p in ig),
        "comments": sum(p.engaged for p in tt),
        "link_reports": int(links),
    }


async def login_web_recap(uow: UnitOfWork, q: AnalyticsQuery) -> list[dict[str, Any]]:
    """Web logins (`login_log.login_source = 'web'`, API-34) per active dashboard account of the
    client over the window, the figures of clientrequest's Absensi Login Web (CONV-155)."""
    since, params = q.window.sql_range("l.logged_at")
    rows = await uow.execute(
        f"""SELECT d.dashboard_user_id::text AS dashboard_user_id, d.username, COUNT(l.log_id) AS logins,
                   MAX(l.logged_at) AS last_login
              FROM dashboard_user d
              JOIN dashboard_user_clients dc ON dc.dashboard_user_id = d.dashboard_user_id
              LEFT JOIN login_log l ON l.actor_id = d.dashboard_user_id::text
                   AND l.login_source = 'web' AND {since}
             WHERE UPPER(dc.client_id) = :c AND d.status IS TRUE
             GROUP BY d.dashboard_user_id, d.username
             ORDER BY COUNT(l.log_id) DESC, d.username""",  # noqa: S608 - `since` is built from a column name
        {"c": q.client_id, **params},
    )
    return [{**dict(r), "logins": int(r.logins), "sudah_login": bool(r.logins)} for r in rows.mappings()]


async def aggregator(uow: UnitOfWork, q: AnalyticsQuery) -> dict[str, Any]:
    """The client's stored profile data and latest posts of both platforms (no RapidAPI call)."""
    c = q.client
    handle = (c.get("client_insta") or "").strip().lstrip("@").lower()
    profile = None
    if handle:
        found = (
            (await uow.execute("SELECT * FROM insta_profile WHERE LOWER(username) = :u", {"u": handle}))
            .mappings()
            .first()
        )
        profile = dict(found) if found else None
    latest = {}
    for platform, table, key in (
        ("instagram", "insta_post", "shortcode"),
        ("tiktok", "tiktok_post", "video_id"),
    ):
        rows = await uow.execute(
            f"SELECT {key} AS id, caption, like_count, comment_count, created_at, source_type"  # noqa: S608
            f" FROM {table} WHERE UPPER(client_id) = :c ORDER BY created_at DESC, {key} LIMIT :n",
            {"c": q.client_id, "n": LATEST_POSTS},
        )
        latest[platform] = [dict(r) for r in rows.mappings()]
    return {
        "client_id": q.client_id,
        "nama": c.get("nama"),
        "instagram": {"username": handle or None, "profile": profile, "posts": latest["instagram"]},
        "tiktok": {
            "username": (c.get("client_tiktok") or "").strip().lstrip("@").lower() or None,
            "posts": latest["tiktok"],
        },
    }


async def instagram_analysis(uow: UnitOfWork, settings: Settings, q: AnalyticsQuery) -> dict[str, Any]:
    """Per task post of the window: stored likes and comments and the members who liked it."""
    _, att = await engagement_attendance(uow, settings, q, Platform.INSTAGRAM, with_posts=True)
    rows = {
        r.shortcode: r
        for r in await uow.execute(
            "SELECT shortcode, caption, like_count, comment_count FROM insta_post WHERE shortcode = ANY(:ids)",
            {"ids": [p.id for p in att.posts]},
        )
    }
    people = att.people
    posts = []
    for post in att.posts:
        row = rows.get(post.id)
        liked = [p.user_id for p in people if post.id in p.engaged_posts]
        posts.append(
            {
                "shortcode": post.id,
                "created_at": post.created_at,
                "caption": row.caption if row else post.caption,
                "like_count": row.like_count if row else post.like_count,
                "comment_count": row.comment_count if row else post.comment_count,
                "stored_likes": post.engaged,
                "participating_members": len(liked),
                "participation_percent": round(100.0 * len(liked) / len(people), 2) if people else 0.0,
                "member_ids": liked,
            }
        )
    return {**q.describe(), "total_members": len(people), "posts": posts}
