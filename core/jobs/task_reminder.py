"""`wa_task_reminder` (JOB-41): personal reminders of today's open like/comment tasks.

Per target client, every opted-in personnel member (`notifwa#on`, CONV-103) gets at most one
message per run: the next reminder stage (`initial` -> `followup1` -> `followup2`) listing the
task posts still open for them, or once everything is done a thank-you that closes their day
(`completed`). Who did what comes from the attendance engine (ING-ATT-3/4), so a reminder and
the recaps never disagree. The state row and the outbox row commit together; a rerun of the
same stage inserts nothing (key `reminder:<date>:<CLIENT>:<chat>:<stage>`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.db import UnitOfWork
from core.jobs.context import JobContext
from core.jobs.delivery import Content, deliver
from core.phones import FieldKind, RecipientError, mask_phones, parse_recipient
from core.reports.attendance import ClientNotFound, compute, get_client, task_posts
from core.reports.formatting import nama_lengkap
from core.reports.links import ig_link_slash, tt_link
from core.reports.model import ClientInfo, Engagement, Person, Platform, Rule, Scope, ScopeKind
from core.timefmt import salam
from core.timewindow import day_window

STAGES = ("initial", "followup1", "followup2")
COMPLETED = "completed"


def next_stage(last_stage: str | None) -> str:
    """JOB-41: no row today -> initial; then one step further per run, staying at followup2."""
    if last_stage not in STAGES:
        return STAGES[0]
    return STAGES[min(STAGES.index(last_stage) + 1, len(STAGES) - 1)]


@dataclass(frozen=True)
class OpenTasks:
    instagram: list[str]  # shortcodes not liked yet
    tiktok: list[str]  # video ids not commented yet

    @property
    def done(self) -> bool:
        return not self.instagram and not self.tiktok


def render_reminder(person: Person, client: ClientInfo, open_tasks: OpenTasks, now: datetime) -> str:
    lines = [
        f"{salam(now)} Bapak/Ibu {nama_lengkap(person.title, person.nama)},",
        "",
        "👋 Pengingat engagement harian",
        f"Tugas {client.unit_name} hari ini yang belum Anda kerjakan:",
    ]
    if open_tasks.instagram:
        lines += ["", f"📸 *Instagram* – belum di-like ({len(open_tasks.instagram)}):"]
        lines += [f"{i}. {ig_link_slash(sc)}" for i, sc in enumerate(open_tasks.instagram, 1)]
    if open_tasks.tiktok:
        lines += ["", f"🎵 *TikTok* – belum dikomentari ({len(open_tasks.tiktok)}):"]
        lines += [f"{i}. {tt_link(v, client)}" for i, v in enumerate(open_tasks.tiktok, 1)]
    lines += [
        "",
        "Silakan buka setiap link, beri like pada konten Instagram dan komentar pada video TikTok.",
        "Ketik *notifwa#off* untuk berhenti menerima pengingat ini.",
    ]
    return "\n".join(lines)


def render_thanks(person: Person, client: ClientInfo, now: datetime) -> str:
    return (
        f"{salam(now)} Bapak/Ibu {nama_lengkap(person.title, person.nama)},\n\n"
        f"✅ Terima kasih, semua tugas like dan komentar {client.unit_name} hari ini sudah Anda kerjakan."
    )


async def _opted_in(uow: UnitOfWork, user_ids: list[str]) -> set[str]:
    rows = await uow.execute(
        'SELECT user_id FROM "user" WHERE user_id = ANY(:ids) AND wa_notification_opt_in IS TRUE',
        {"ids": user_ids},
    )
    return {r[0] for r in rows}


async def _state(uow: UnitOfWork, ctx: JobContext, client_id: str) -> dict[str, tuple[str, bool]]:
    rows = await uow.execute(
        "SELECT chat_id, last_stage, is_complete FROM wa_notification_reminder_state"
        " WHERE date_key = :d AND client_id = :c FOR UPDATE",
        {"d": ctx.today, "c": client_id},
    )
    return {r.chat_id: (r.last_stage, bool(r.is_complete)) for r in rows}


async def _save_state(uow: UnitOfWork, ctx: JobContext, chat: str, client_id: str, stage: str) -> None:
    """Upsert on (date_key, chat_id, client_id); a completed row is never reopened (JOB-41 Write)."""
    await uow.execute(
        "INSERT INTO wa_notification_reminder_state (date_key, chat_id, client_id, last_stage, is_complete)"
        " VALUES (:d, :chat, :c, :stage, :done)"
        " ON CONFLICT (date_key, chat_id, client_id) DO UPDATE SET last_stage = EXCLUDED.last_stage,"
        " is_complete = EXCLUDED.is_complete WHERE NOT wa_notification_reminder_state.is_complete",
        {"d": ctx.today, "chat": chat, "c": client_id, "stage": stage, "done": stage == COMPLETED},
    )


async def _remind_client(ctx: JobContext, client_id: str) -> None:
    day = day_window(ctx.today)
    async with ctx.app.db.uow() as uow:
        client = await get_client(uow, client_id)
        if not client.active:
            ctx.summary.count("inactive_clients")
            return
        ig_posts = await task_posts(uow, client, Platform.INSTAGRAM, day)
        tt_posts = await task_posts(uow, client, Platform.TIKTOK, day)
        if not ig_posts and not tt_posts:
            ctx.summary.count("no_tasks")
            return
        kind = ScopeKind.DIRECTORATE if client.is_directorate else ScopeKind.UNIT
        scope = Scope(kind, client)
        liked = await compute(
            uow, ctx.settings, scope, Platform.INSTAGRAM, Engagement.LIKES, Rule.FULL, day,
            posts=ig_posts, with_posts=True,
        )  # fmt: skip
        commented = await compute(
            uow, ctx.settings, scope, Platform.TIKTOK, Engagement.COMMENTS, Rule.FULL, day,
            posts=tt_posts, with_posts=True,
        )  # fmt: skip
        tiktok_of = {p.user_id: p for p in commented.members}
        # Exempt personnel count as done in every recap; they get no reminder and no thanks.
        people = [p for p in liked.members if not p.exception]
        opted = await _opted_in(uow, [p.user_id for p in people])
        state = await _state(uow, ctx, client_id)
        seen: set[str] = set()
        for person in people:
            if person.user_id not in opted:
                continue
            try:
                chat = parse_recipient(person.whatsapp, FieldKind.PERSON)
            except RecipientError as exc:
                ctx.summary.invalid_recipients.append(
                    {"client_id": client_id, "field": "user.whatsapp",
                     "value": mask_phones(str(person.whatsapp or "")), "reason": exc.reason}
                )  # fmt: skip
                continue
            if chat in seen:  # one reminder per (chat, client), whoever else shares the number
                continue
            seen.add(chat)
            last_stage, complete = state.get(chat, (None, False))
            if complete:
                ctx.summary.count("already_completed")
                continue
            tt_person = tiktok_of.get(person.user_id, person)
            open_tasks = OpenTasks(
                [p.id for p in ig_posts if p.id not in person.engaged_posts],
                [p.id for p in tt_posts if p.id not in tt_person.engaged_posts],
            )
            if open_tasks.done:
                stage, text = COMPLETED, render_thanks(person, client, ctx.now)
            else:
                stage, text = next_stage(last_stage), render_reminder(person, client, open_tasks, ctx.now)
            inserted = await deliver(
                ctx, uow, client_id, [chat], [Content(stage, text=text)],
                key_for=lambda jid, content: f"reminder:{ctx.today:%Y-%m-%d}:{client_id}:{jid}:{content.item}",
            )  # fmt: skip
            await _save_state(uow, ctx, chat, client_id, stage)
            if inserted:
                ctx.summary.count("thanks" if stage == COMPLETED else "reminders")
        await uow.commit()
    ctx.summary.units_ok += 1


async def run(ctx: JobContext) -> None:
    """JOB-41 over `JOB_WA_TASK_REMINDER_CLIENTS` (default DITBINMAS, BIDHUMAS), one unit per client."""
    ctx.summary.count("clients_total", len(ctx.client_ids))
    for client_id in ctx.client_ids:
        target = client_id.upper()
        try:
            await _remind_client(ctx, target)
        except ClientNotFound:
            # A target that does not exist is a configuration error (JOB_WA_TASK_REMINDER_CLIENTS).
            ctx.summary.fail(target, "client", "client not found")
        except Exception as exc:  # noqa: BLE001 - JOB-16: one failing client never stops the others
            ctx.summary.fail(target, "reminder", exc)
