"""Fetch actions shared by oprrequest, clientrequest and the `#` commands (ING-POST-2/4/5,
ING-ENG-1/4) with the ING-ENG-5 summary texts. Each runs as a long action (CONV-66)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from core.ingest.engagement import EngagementSummary
from core.ingest.run import ClientFetchResult, run_fetch
from core.manual_posts.deps import open_ingest_deps
from core.social.links import ig_link
from menus.framework import StepContext

ENGAGEMENT_DONE = {
    "instagram_likes": "✅ Selesai fetch likes IG client {cid}. Berhasil: {ok}, Gagal: {bad}",
    "instagram_comments": "✅ Selesai fetch komentar IG client {cid}. Berhasil: {ok}, Gagal: {bad}",
    "tiktok_comments": "✅ Selesai fetch komentar TikTok client {cid}. Berhasil: {ok}, Gagal: {bad}",
}
NO_POSTS = {
    "instagram_likes": "Tidak ada konten IG hari ini untuk client {cid}.",
    "instagram_comments": "Tidak ada konten IG hari ini untuk client {cid}.",
    "tiktok_comments": "Tidak ada konten TikTok hari ini untuk client {cid}.",
}


def _deps_env(ctx: StepContext):
    return ctx.services


async def fetch(
    ctx: StepContext,
    client_id: str,
    platforms: Collection[str],
    *,
    posts_only: bool = False,
    engagement_only: bool = False,
    history: bool = False,
    now: datetime | None = None,
) -> tuple[ClientFetchResult | None, str | None]:
    """Run ING-POST-2 for one client; returns the client's result or a run-level error text."""
    async with open_ingest_deps(_deps_env(ctx)) as deps:
        run = await run_fetch(
            deps,
            [client_id],
            platforms=frozenset(platforms),  # type: ignore[arg-type]
            posts_only=posts_only,
            engagement_only=engagement_only,
            history=history,
            trigger="menu",
            now=now or ctx.received_at,
        )
    if run.error:
        return None, run.error
    if not run.clients:
        return None, f"Client {client_id} tidak ditemukan atau tidak aktif."
    return run.clients[0], None


def engagement_text(summary: EngagementSummary) -> str:
    cid = summary.client_id
    if not summary.posts:
        return NO_POSTS[summary.kind].format(cid=cid)
    return ENGAGEMENT_DONE[summary.kind].format(cid=cid, ok=summary.ok_count, bad=len(summary.failed))


def posts_text(result: ClientFetchResult, platform: str, links: list[str]) -> str:
    """ING-ENG-5 'post fetch done' text (links in blocks of at most 30 lines)."""
    head = "✅ Fetch selesai!" if platform == "instagram" else "✅ Fetch TikTok selesai!"
    label = "Link konten Instagram:" if platform == "instagram" else "Link konten TikTok:"
    lines = [head, f"Client: *{result.client_id}*", f"Jumlah konten hari ini: *{len(links)}*"]
    if result.errors.get(f"{platform}_posts"):
        lines.append(f"⚠️ {result.errors[f'{platform}_posts']}")
    chunks = [links[i : i + 30] for i in range(0, len(links), 30)]
    out = "\n".join(lines)
    for chunk in chunks:
        out += "\n\n" + "\n".join([label, *chunk])
    return out


async def todays_instagram_links(ctx: StepContext, client_id: str) -> list[str]:
    from core.amplify.tasks import TaskClient, open_tasks
    from core.timewindow import today_wib

    async with ctx.services.db.uow() as uow:
        row = (
            await uow.execute(
                "SELECT client_id, nama, COALESCE(client_type, '') AS ctype FROM clients WHERE UPPER(client_id) = UPPER(:c)",
                {"c": client_id},
            )
        ).first()
        if row is None:
            return []
        tasks = await open_tasks(
            uow, [TaskClient(row.client_id, row.nama, row.ctype, True, True)], today_wib(ctx.received_at), 1
        )
    return [ig_link(t.shortcode) for t in tasks]


async def todays_tiktok_videos(ctx: StepContext, client_id: str) -> list[dict]:
    from core.timewindow import day_window, today_wib

    win = day_window(today_wib(ctx.received_at))
    async with ctx.services.db.uow() as uow:
        rows = await uow.execute(
            "SELECT p.video_id, p.caption, p.created_at, p.like_count, p.comment_count, c.client_tiktok "
            "FROM tiktok_post p JOIN clients c ON c.client_id = p.client_id "
            "WHERE UPPER(p.client_id) = UPPER(:c) AND p.created_at >= :lo AND p.created_at < :hi "
            "ORDER BY p.created_at, p.video_id",
            {"c": client_id, "lo": win.start_utc, "hi": win.end_utc},
        )
        return [dict(r._mapping) for r in rows]
