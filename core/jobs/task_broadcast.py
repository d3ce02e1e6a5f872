"""Task broadcasts to client groups after a scheduled fetch (ING-TASK-1..5, JOB-20.4..20.12).

The database is the only source of the task sets, so posts added or removed by the fetch, by
manual registration or by task-post removal are all announced the same way. Per client, the
state row, the decision and the outbox rows commit in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from core.alerts import notify_admins
from core.db import UnitOfWork
from core.jobs.context import JobContext
from core.jobs.delivery import Content, deliver, recipients_for
from core.reports.attendance import get_client, task_posts
from core.reports.daily import (
    LinkChange,
    TaskChanges,
    render_link_changes,
    render_new_instagram_posts,
    render_new_tiktok_posts,
    render_removed_posts,
    render_task_list,
)
from core.reports.model import Platform, Post
from core.timewindow import WIB, day_window, utc_naive

PLATFORMS = (("instagram", Platform.INSTAGRAM), ("tiktok", Platform.TIKTOK))


@dataclass
class PlatformDelta:
    current: list[Post]
    previous: list[str]
    added: list[Post] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)
    anomaly: bool = False


def is_anomaly(removed: int, previous: int) -> bool:
    """JOB-20.6: many posts vanishing at once is more likely a provider glitch than real deletions."""
    return removed >= 5 or (removed >= 3 and previous > 0 and removed * 2 >= previous)


def compute_delta(current: list[Post], previous: list[str], fetch_ok: bool) -> PlatformDelta:
    ids = [p.id for p in current]
    delta = PlatformDelta(current=current, previous=previous)
    delta.added = [p for p in current if p.id not in previous]
    if not fetch_ok:
        # JOB-20.6: without a successful fetch nothing is known to be gone; keep the union.
        delta.stored = previous + [i for i in ids if i not in previous]
        return delta
    removed = [i for i in previous if i not in ids]
    delta.stored = ids
    if removed and is_anomaly(len(removed), len(previous)):
        delta.anomaly = True
    else:
        delta.removed = removed
    return delta


def slot_label(now: datetime) -> str:
    """JOB-20.7 hourly slot key `YYYY-MM-DD-HH@00` (WIB)."""
    return now.astimezone(WIB).strftime("%Y-%m-%d-%H@00")


@dataclass
class BroadcastState:
    """JOB-20.5: what the last run announced today (empty sets on a new day or without a row)."""

    ids: dict[str, list[str]]
    slot: str | None
    link_notified_at: datetime | None = None  # ING-TASK-5 cut-off, today only


async def _load_state(uow: UnitOfWork, client_id: str, today: date) -> BroadcastState:
    row = (
        await uow.execute(
            "SELECT state_date, last_ig_ids, last_tiktok_ids, last_notified_slot, last_link_notified_at"
            " FROM wa_notification_scheduler_state WHERE client_id = :c FOR UPDATE",
            {"c": client_id},
        )
    ).first()
    if row is None:
        return BroadcastState({"instagram": [], "tiktok": []}, None)
    if row.state_date != today:
        return BroadcastState({"instagram": [], "tiktok": []}, row.last_notified_slot)
    return BroadcastState(
        {"instagram": list(row.last_ig_ids), "tiktok": list(row.last_tiktok_ids)},
        row.last_notified_slot,
        row.last_link_notified_at,
    )


async def link_changes(
    uow: UnitOfWork, shortcodes: list[str], since: datetime | None, day_start: datetime, now: datetime
) -> list[LinkChange]:
    """ING-TASK-5: link reports of today's Instagram tasks created or updated after the last notice
    (JOB-20.9: never the whole day again). The link-report writer stamps created_at/updated_at
    with the business clock (naive UTC), so the bounds are business instants too."""
    if not shortcodes:
        return []
    lower = max(since, day_start) if since is not None else day_start
    rows = await uow.execute(
        "SELECT u.nama, r.shortcode, r.instagram_link, r.facebook_link, r.twitter_link, r.tiktok_link,"
        ' r.youtube_link FROM link_report r JOIN "user" u ON u.user_id = r.user_id'
        " WHERE r.shortcode = ANY(:sc) AND coalesce(r.updated_at, r.created_at) > :lo"
        " AND coalesce(r.updated_at, r.created_at) <= :hi"
        " ORDER BY coalesce(r.updated_at, r.created_at), r.shortcode, r.user_id",
        {"sc": shortcodes, "lo": utc_naive(lower), "hi": utc_naive(now)},
    )
    return [LinkChange((r[0] or "").strip() or "-", *r[1:]) for r in rows]


async def broadcast_tasks(ctx: JobContext, client_row: dict[str, Any], fetch_ok: dict[str, bool]) -> None:
    """ING-TASK-4 for one client; `fetch_ok[platform]` says whether that post fetch succeeded now."""
    client_id = str(client_row["client_id"]).upper()
    settings = ctx.settings
    now = ctx.now
    async with ctx.app.db.uow() as uow:
        client = await get_client(uow, client_id)
        state = await _load_state(uow, client_id, ctx.today)
        day = day_window(ctx.today)
        deltas: dict[str, PlatformDelta] = {}
        for name, platform in PLATFORMS:
            current = await task_posts(uow, client, platform, day)
            deltas[name] = compute_delta(current, state.ids[name], fetch_ok.get(name, False))
        for name, delta in deltas.items():
            if delta.anomaly:
                ctx.summary.count("anomalies")
                vanished = len([i for i in delta.previous if i not in {p.id for p in delta.current}])
                await notify_admins(
                    uow,
                    ctx.app.redis,
                    "task_sync_anomaly",
                    f"⚠️ Sinkronisasi tugas {client_id} ({name}): {vanished} dari {len(delta.previous)} konten"
                    " hilang sekaligus. Perubahan tidak diumumkan ke grup; mohon dicek.",
                    subject=f"{client_id}:{name}",
                    settings=settings,
                )
        ig, tt = deltas["instagram"], deltas["tiktok"]
        has_tasks = bool(ig.current or tt.current)
        slot = slot_label(now)
        hour = now.astimezone(WIB).hour
        list_due = (
            settings.task_list_first_hour <= hour <= settings.task_list_last_hour
            and state.slot != slot
            and (has_tasks or settings.task_broadcast_send_empty)
        )
        task_list = Content(
            "tasklist",
            text=render_task_list(
                client,
                ig.current,
                tt.current,
                now,
                TaskChanges(len(ig.added), len(tt.added), len(ig.removed), len(tt.removed)),
            ),
        )
        contents: list[Content] = []
        links: list[LinkChange] = []
        if not list_due and settings.task_broadcast_link_changes:
            day_start = datetime.combine(ctx.today, datetime.min.time(), WIB)
            links = await link_changes(
                uow, [p.id for p in ig.current], state.link_notified_at, day_start, now
            )
        if list_due:
            contents = [task_list]
        elif ig.added or tt.added or ig.removed or tt.removed:
            if ig.added:
                contents.append(Content("new_ig", text=render_new_instagram_posts(client, ig.added)))
            if tt.added:
                contents.append(Content("new_tt", text=render_new_tiktok_posts(client, tt.added)))
            if ig.removed or tt.removed:
                contents.append(Content("removed", text=render_removed_posts(client, ig.removed, tt.removed)))
                if has_tasks or settings.task_broadcast_send_empty:
                    contents.append(task_list)
        elif not links:
            ctx.summary.count("no_changes")
        if links:  # ING-TASK-5, after the task changes of the same run
            contents.append(Content("link_changes", text=render_link_changes(client, links)))

        inserted = 0
        if contents:
            recipients = recipients_for(ctx, client_row)
            if not recipients.jids:
                ctx.summary.count("no_group")
            else:
                hour_key = now.astimezone(WIB).strftime("%Y%m%d%H")
                next_hour = now.astimezone(WIB).replace(minute=0, second=0, microsecond=0) + timedelta(
                    hours=1
                )

                def key_for(jid: str, content: Content) -> str:
                    if list_due:
                        return f"tasklist:{client_id}:{jid}:{hour_key}"
                    digest = hashlib.sha256((content.text or "").encode()).hexdigest()[:16]
                    return f"taskchange:{client_id}:{jid}:{digest}"

                inserted = await deliver(
                    ctx,
                    uow,
                    client_id,
                    recipients.jids,
                    contents,
                    key_for=key_for,
                    expires_at=next_hour if list_due else now + timedelta(minutes=60),
                )
                if inserted:
                    ctx.summary.count("task_lists" if list_due else "change_messages")
                    if links:
                        ctx.summary.count("link_changes")
        await uow.execute(
            "INSERT INTO wa_notification_scheduler_state (client_id, state_date, last_ig_ids, last_tiktok_ids,"
            " last_ig_count, last_tiktok_count, last_notified_at, last_notified_slot, last_link_notified_at)"
            " VALUES (:c, :d, CAST(:ig AS jsonb), CAST(:tt AS jsonb), :nig, :ntt,"
            " CASE WHEN :sent THEN NOW() END, CASE WHEN :sent AND :is_list THEN :slot END, :link_at)"
            " ON CONFLICT (client_id) DO UPDATE SET state_date = EXCLUDED.state_date,"
            " last_ig_ids = EXCLUDED.last_ig_ids, last_tiktok_ids = EXCLUDED.last_tiktok_ids,"
            " last_ig_count = EXCLUDED.last_ig_count, last_tiktok_count = EXCLUDED.last_tiktok_count,"
            " last_notified_at = CASE WHEN :sent THEN NOW() ELSE wa_notification_scheduler_state.last_notified_at END,"
            " last_notified_slot = CASE WHEN :sent AND :is_list THEN :slot"
            " ELSE wa_notification_scheduler_state.last_notified_slot END,"
            " last_link_notified_at = coalesce(:link_at, wa_notification_scheduler_state.last_link_notified_at),"
            " updated_at = NOW()",
            {
                "c": client_id,
                "d": ctx.today,
                "ig": json.dumps(ig.stored),
                "tt": json.dumps(tt.stored),
                "nig": len(ig.current),
                "ntt": len(tt.current),
                "sent": inserted > 0,
                "is_list": list_due,
                "slot": slot,
                # The cut-off moves only when the notice was queued (quiet hours keep it waiting).
                "link_at": now if links and inserted > 0 else None,
            },
        )
        await uow.commit()
