"""Options that pull data from RapidAPI: official fetches 12-16 (DIR-12.0 .. DIR-16) and the manual
engagement refresh 50-52 (DIR-50.0 .. DIR-52).

The fetch steps are ingestion's (the ones the scheduled fetch runs, DIR-12.0 item 1); each runs
under the client's fetch lock, so a fetch already running answers `busy` (DIR-12.0 item 2).
Steps are independent: a failed step is named in the reply and the others still run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from core.actions.build import (
    ActionRequest,
    Built,
    Env,
    Output,
    TextOut,
    client_label,
    error_built,
    report_for,
)
from core.actions.catalogue import ActionSpec
from core.ingest.context import ClientAccounts, load_client
from core.ingest.engagement import EngagementSummary, refresh_client_engagement
from core.ingest.locks import FetchLockBusy, client_fetch_lock
from core.ingest.official import fetch_instagram_posts, fetch_tiktok_posts
from core.ingest.selection import task_post_ids
from core.manual_posts.deps import open_ingest_deps
from core.manual_posts.refresh import refresh_todays_manual, render_manual_refresh
from core.social.rapidapi import RapidApiConfigError, RapidApiError
from core.timewindow import day_window

PARTIAL = "⚠️ Sebagian data gagal diambil."
_STEP_NAMES = {
    "ig_posts": "Instagram konten",
    "ig_likes": "Instagram likes",
    "tt_posts": "TikTok konten",
    "tt_comments": "TikTok komentar",
}


def label_of(client: ClientAccounts) -> str:
    return client_label(client.client_id, client.nama)


def busy_built(client_label: str) -> Built:
    text = f"⏳ Pengambilan data untuk {client_label} sedang berjalan. Coba lagi beberapa menit lagi."
    return Built("busy", [TextOut(text)], detail=text)


async def _try(failed: list[str], name: str, work: Callable[[], Awaitable[Any]]) -> Any:
    """One isolated step (ING-POST-2 step 4): a failure is recorded, never raised (except a missing key)."""
    try:
        result = await work()
    except RapidApiConfigError:
        raise
    except RapidApiError:
        failed.append(name)
        return None
    if getattr(result, "error", None):
        failed.append(name)
    if isinstance(result, EngagementSummary) and result.posts and not result.ok_count:
        failed.append(name)
    return result


def _summary_text(head: str, summary: EngagementSummary) -> str:
    lines = [head, f"Berhasil: {summary.ok_count}, Gagal: {len(summary.failed)}"]
    lines += [f"- {p.post_id}: {p.reason or 'gagal'}" for p in summary.failed]
    return "\n".join(lines)


async def build_fetch(env: Env, spec: ActionSpec, req: ActionRequest) -> Built:
    if spec.number in (37, 38, 39):  # Satbinmas Official accounts of the jajaran, not the client's own
        from core.actions.satbinmas import build_satbinmas_fetch

        return await build_satbinmas_fetch(env, spec, req)
    async with env.db.uow() as uow:
        client = await load_client(uow, req.client_id)
    label = label_of(client)
    n = spec.number
    if n == 12 and not (client.insta_status and client.insta):
        return error_built(f"❌ Akun Instagram Official {label} belum aktif atau belum diisi.")
    if n == 14 and not (client.tiktok_status and (client.tiktok or client.tiktok_secuid)):
        return error_built(f"❌ Akun TikTok Official {label} belum aktif atau belum diisi.")
    try:
        async with (
            open_ingest_deps(env) as deps,
            client_fetch_lock(deps.redis, client.client_id, token=req.lock_token),
        ):
            return await _fetch(env, deps, spec, req, client, label)
    except FetchLockBusy:
        return busy_built(label)
    except RapidApiConfigError as exc:
        return error_built(f"❌ {exc.message}")


async def _fetch(
    env: Env, deps: Any, spec: ActionSpec, req: ActionRequest, client: ClientAccounts, label: str
) -> Built:
    n, cid, now = spec.number, client.client_id, req.now
    failed: list[str] = []
    if n in (13, 15):
        kind = "instagram_likes" if n == 13 else "tiktok_comments"
        summary = await refresh_client_engagement(deps, kind, cid, now=now, directorate=client.is_directorate)
        if not summary.posts:
            what = "IG" if n == 13 else "TikTok"
            return Built("empty", [TextOut(f"Tidak ada konten {what} hari ini untuk client {label}.")])
        head = f"✅ Selesai fetch {'likes Instagram' if n == 13 else 'komentar TikTok'} {label}."
        return Built("ok", [TextOut(_summary_text(head, summary))])

    ig = n in (12, 16)
    tt = n in (14, 16)
    day = day_window(req.reference_date)
    previous: set[str] = set()
    if n == 16:  # DIR-16.1: the previous state marks new posts `[BARU]`
        async with env.db.uow() as uow:
            for platform in ("instagram", "tiktok"):
                previous |= set(
                    await task_post_ids(uow, cid, platform, day, directorate=client.is_directorate)
                )
    if ig and client.insta_status and client.insta:
        await _try(failed, "ig_posts", lambda: fetch_instagram_posts(deps, client, now))
    if ig:
        await _try(failed, "ig_likes", lambda: refresh_client_engagement(
            deps, "instagram_likes", cid, now=now, directorate=client.is_directorate))  # fmt: skip
    if tt and client.tiktok_eligible:
        await _try(failed, "tt_posts", lambda: fetch_tiktok_posts(deps, client, now))
    if tt:
        await _try(failed, "tt_comments", lambda: refresh_client_engagement(
            deps, "tiktok_comments", cid, now=now, directorate=client.is_directorate))  # fmt: skip

    if n == 16:
        out = await report_for(env, "REP-TASK-MENU", req, previous_ids=frozenset(previous))
        text = out.text or ""
    else:
        out = await report_for(env, "REP-IG-POSTS" if n == 12 else "REP-TT-POSTS", req)
        if out.empty or not out.text:
            if len(failed) == 2:
                what = "Instagram" if n == 12 else "TikTok"
                return error_built(f"❌ Gagal mengambil data {what} {label}.")
            empty = (
                f"Belum ada konten IG pada akun Official {label} hari ini."
                if n == 12
                else f"Tidak ada konten TikTok untuk {label} hari ini."
            )
            return Built("empty", [TextOut(empty)])
        text = out.text
    if failed:
        text += f"\n\n{PARTIAL}\n" + ", ".join(_STEP_NAMES[f] for f in failed)
    outputs: list[Output] = [TextOut(text)]
    return Built("ok", outputs, group_copy=text)


async def build_manual_refresh(env: Env, spec: ActionSpec, req: ActionRequest) -> Built:
    """50-52: today's manual posts only (the `⏳` start line is the menu's, DIR-0.12)."""
    try:
        async with open_ingest_deps(env) as deps:
            summary = await refresh_todays_manual(
                deps, spec.number, req.client_id, actor=req.requested_by, lock_token=req.lock_token
            )
    except FetchLockBusy:
        return busy_built(req.client_id)
    except RapidApiConfigError as exc:
        return error_built(f"❌ {exc.message}")
    return Built("empty" if not summary.posts else "ok", [TextOut(render_manual_refresh(summary))])
