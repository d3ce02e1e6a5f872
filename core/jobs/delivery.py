"""Enqueueing job output (JOB-13, JOB-15, JOB-16, JOB-19): clients, recipients, quiet hours, keys.

A unit (one client) builds its content once and enqueues it for every recipient in one
transaction with its other writes, so a failed unit leaves no half-sent message set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.db import UnitOfWork
from core.jobs.context import JobContext
from core.jobs.quiet import parse_quiet_hours
from core.jobs.recipients import Recipients, build_recipients
from core.outbox import enqueue_document, enqueue_text
from core.phones import is_group_jid
from core.timewindow import to_record_time

CLIENT_COLUMNS = (
    "client_id, nama, client_type, client_status, client_insta, client_insta_status, client_tiktok,"
    " client_tiktok_status, client_amplify_status, client_operator, client_group, client_super"
)


@dataclass(frozen=True)
class Content:
    """One message of a unit's output: a text, or a document with an optional caption."""

    item: str
    text: str | None = None
    file_name: str | None = None
    file_bytes: bytes | None = None
    mimetype: str | None = None
    caption: str | None = None


async def select_clients(ctx: JobContext, where: str) -> list[dict[str, Any]]:
    """JOB-14: eligible clients by the job's filter, in client_id order, narrowed by JOB_<KEY>_CLIENTS."""
    sql = f"SELECT {CLIENT_COLUMNS} FROM clients WHERE {where} ORDER BY client_id"  # noqa: S608 - fixed filters
    async with ctx.app.db.uow() as uow:
        rows = [dict(r._mapping) for r in await uow.execute(sql)]
    if ctx.client_ids:
        wanted = {c.upper() for c in ctx.client_ids}
        rows = [r for r in rows if str(r["client_id"]).upper() in wanted]
    return rows


ORG = "LOWER(TRIM(client_type)) = 'org'"


def recipients_for(ctx: JobContext, client: dict[str, Any] | None) -> Recipients:
    out = build_recipients(
        ctx.config.recipients, client, ctx.settings.admin_whatsapp, ctx.config.extra_recipients
    )
    ctx.summary.invalid_recipients.extend(out.invalid)
    return out


def group_expiry(ctx: JobContext) -> datetime | None:
    quiet = parse_quiet_hours(ctx.settings.group_quiet_hours)
    return quiet.next_start(ctx.now) if quiet else None


def in_quiet_hours(ctx: JobContext) -> bool:
    quiet = parse_quiet_hours(ctx.settings.group_quiet_hours)
    return quiet is not None and quiet.contains(ctx.now)


async def deliver(
    ctx: JobContext,
    uow: UnitOfWork,
    client_id: str | None,
    jids: list[str],
    contents: list[Content],
    *,
    key_for: Any = None,
    expires_at: datetime | None = None,
) -> int:
    """Enqueue every content for every recipient (recipient-major order); returns rows inserted.

    Group recipients are skipped during quiet hours and expire no later than the next quiet start.
    """
    inserted = 0
    quiet = in_quiet_hours(ctx)
    cap = group_expiry(ctx)
    for jid in jids:
        group = is_group_jid(jid)
        if group and quiet:
            ctx.summary.count("suppressed_quiet_hours")
            continue
        expiry = expires_at
        if group and cap is not None:
            expiry = min(expiry, cap) if expiry else cap
        for content in contents:
            key = key_for(jid, content) if key_for else ctx.idempotency_key(client_id, jid, content.item)
            common = {
                "origin": f"job:{ctx.key}",
                "idempotency_key": key,
                "client_id": client_id.upper() if client_id else None,
                "job_run_id": ctx.run_id,
                # Deadlines are business instants; the sender compares them with the DB clock.
                "expires_at": to_record_time(expiry) if expiry else None,
                "settings": ctx.settings,
            }
            if content.file_bytes is not None:
                ids = await enqueue_document(
                    uow,
                    jid,
                    content.file_bytes,
                    content.file_name or "laporan.xlsx",
                    mimetype=content.mimetype,
                    caption=content.caption,
                    **common,
                )
            else:
                ids = await enqueue_text(uow, jid, content.text or "", **common)
            inserted += len(ids)
    ctx.summary.count("messages", inserted)
    return inserted
