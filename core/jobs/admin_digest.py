"""`admin_daily_digest` (JOB-44): one message per admin with the day's operations at a glance.

The day is the run's operational date (JOB-1). Job runs are selected by their slot (a business
instant); outbox rows and session states carry record-clock stamps, so the day's bounds are
mapped onto that clock with `to_record_time` (one business clock, issue 13). The digest goes
through the admin channel unthrottled (DLV-28), keyed by the run's slot (JOB-19): a rerun of the
same slot sends nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from core.alerts import notify_admins
from core.db import UnitOfWork
from core.jobs.catalogue import CATALOGUE
from core.jobs.context import JobContext
from core.phones import FieldKind, parse_recipients
from core.timefmt import hari_tanggal
from core.timewindow import WIB, record_now, to_record_time
from core.wa_sessions import load_session_config

# Dead letters that show the broadcast session is not a member of the group: whatsmeow's
# ErrNotInGroup ("you're not participating in that group", errors.go, status 403) as SendMessage
# wraps it ("failed to get group members: …"), and the DLV-18 reason code.
NOT_IN_GROUP_PATTERNS = ("%not participating in that group%", "%not_in_group%", "%not a participant%")
MAX_LISTED = 15


@dataclass
class JobLine:
    key: str
    runs: int
    failed: int
    last_status: str


@dataclass
class Digest:
    day: datetime
    jobs: list[JobLine] = field(default_factory=list)
    outbox: dict[str, int] = field(default_factory=dict)
    sessions: list[tuple[str, str]] = field(default_factory=list)
    clients_without_group: list[str] = field(default_factory=list)
    groups_not_joined: list[str] = field(default_factory=list)
    invalid_recipients: list[dict[str, str]] = field(default_factory=list)


def _minutes(delta: timedelta) -> str:
    total = max(0, int(delta.total_seconds() // 60))
    return f"{total // 60} jam {total % 60} menit" if total >= 60 else f"{total} menit"


async def _jobs(uow: UnitOfWork, start: datetime, end: datetime) -> list[JobLine]:
    rows = await uow.execute(
        "SELECT job_key, count(*) FILTER (WHERE status IN ('succeeded', 'partial', 'failed', 'interrupted')),"
        " count(*) FILTER (WHERE status IN ('partial', 'failed')),"
        " (array_agg(status ORDER BY run_id DESC)"
        "  FILTER (WHERE status NOT IN ('queued', 'coalesced', 'running')))[1]"
        " FROM job_run WHERE slot >= :a AND slot < :b GROUP BY job_key",
        {"a": start, "b": end},
    )
    found = {r[0]: JobLine(r[0], int(r[1]), int(r[2]), r[3] or "-") for r in rows}
    order = [s.key for s in CATALOGUE]
    return sorted(found.values(), key=lambda j: order.index(j.key) if j.key in order else len(order))


async def _outbox(uow: UnitOfWork, start: datetime, end: datetime) -> dict[str, int]:
    row = (
        await uow.execute(
            "SELECT count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status = 'dead_letter'),"
            " count(*) FILTER (WHERE status = 'expired') FROM wa_outbox WHERE updated_at >= :a AND updated_at < :b",
            {"a": start, "b": end},
        )
    ).one()
    return {"sent": int(row[0]), "dead_letter": int(row[1]), "expired": int(row[2])}


async def _sessions(uow: UnitOfWork, ctx: JobContext, day_start_record: datetime) -> list[tuple[str, str]]:
    """Outage time per configured session, as far as `wa_session_state` knows it (JOB-103)."""
    rows = {
        r.session_name: r
        for r in await uow.execute(
            "SELECT session_name, state, last_connected_at, last_disconnected_at FROM wa_session_state"
        )
    }
    now = record_now()
    out: list[tuple[str, str]] = []
    for name in load_session_config(ctx.settings).names:
        r = rows.get(name)
        if r is None:
            out.append((name, "belum pernah tersambung"))
        elif r.state != "ready":
            since = max(r.last_disconnected_at or day_start_record, day_start_record)
            out.append((name, f"{r.state}, terputus {_minutes(now - since)} hari ini"))
        elif (
            r.last_disconnected_at is not None
            and r.last_disconnected_at >= day_start_record
            and r.last_connected_at is not None
            and r.last_connected_at >= r.last_disconnected_at
        ):
            out.append(
                (
                    name,
                    f"tersambung; gangguan terakhir {_minutes(r.last_connected_at - r.last_disconnected_at)}",
                )
            )
        else:
            out.append((name, "tersambung, tidak ada gangguan hari ini"))
    return out


async def _clients_without_group(uow: UnitOfWork) -> list[str]:
    rows = await uow.execute(
        "SELECT upper(btrim(client_id)), client_group FROM clients WHERE client_status IS TRUE ORDER BY client_id"
    )
    return [cid for cid, raw in rows if not parse_recipients(raw, FieldKind.GROUP)[0]]


async def _groups_not_joined(uow: UnitOfWork, start: datetime, end: datetime) -> list[str]:
    rows = await uow.execute(
        "SELECT DISTINCT chat_id FROM wa_outbox WHERE status = 'dead_letter' AND chat_id LIKE '%@g.us'"
        " AND updated_at >= :a AND updated_at < :b AND last_error ILIKE ANY(:patterns) ORDER BY chat_id",
        {"a": start, "b": end, "patterns": list(NOT_IN_GROUP_PATTERNS)},
    )
    return [r[0] for r in rows]


async def _invalid_recipients(uow: UnitOfWork, start: datetime, end: datetime) -> list[dict[str, str]]:
    """JOB-13: the skipped values every run of the day recorded (already masked, JOB-102)."""
    rows = await uow.execute(
        "SELECT DISTINCT e->>'client_id', e->>'field', e->>'value', e->>'reason' FROM job_run j"
        " CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(j.summary->'invalid_recipients')"
        " = 'array' THEN j.summary->'invalid_recipients' ELSE '[]'::jsonb END) AS e"
        " WHERE j.slot >= :a AND j.slot < :b ORDER BY 1, 2, 3",
        {"a": start, "b": end},
    )
    return [{"client_id": r[0], "field": r[1], "value": r[2], "reason": r[3]} for r in rows]


async def collect(ctx: JobContext) -> Digest:
    start = datetime.combine(ctx.today, time(0), WIB)
    end = start + timedelta(days=1)
    rec_start, rec_end = to_record_time(start), to_record_time(end)
    digest = Digest(day=start)
    async with ctx.app.db.uow() as uow:
        digest.jobs = await _jobs(uow, start, end)
        digest.outbox = await _outbox(uow, rec_start, rec_end)
        digest.sessions = await _sessions(uow, ctx, rec_start)
        digest.clients_without_group = await _clients_without_group(uow)
        digest.groups_not_joined = await _groups_not_joined(uow, rec_start, rec_end)
        digest.invalid_recipients = await _invalid_recipients(uow, start, end)
    return digest


def _listed(items: list[str]) -> list[str]:
    lines = [f"• {item}" for item in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        lines.append(f"… dan {len(items) - MAX_LISTED} lainnya")
    return lines


def render_digest(d: Digest) -> str:
    lines = [f"📊 *Ringkasan Harian Admin* – {hari_tanggal(d.day)}", "", "*Job hari ini*"]
    lines += [
        f"• {j.key}: {j.runs} run, {j.failed} gagal/sebagian · terakhir {j.last_status}" for j in d.jobs
    ] or ["• Tidak ada job yang berjalan"]
    ob = d.outbox
    lines += [
        "",
        f"*Outbox hari ini*: terkirim {ob['sent']} · dead letter {ob['dead_letter']} · kedaluwarsa {ob['expired']}",
        "",
        "*Sesi WhatsApp*",
        *(f"• {name}: {text}" for name, text in d.sessions),
        "",
        f"*Klien tanpa grup WhatsApp valid* ({len(d.clients_without_group)})",
        *(_listed(d.clients_without_group) or ["• Tidak ada"]),
        "",
        f"*Grup yang tidak diikuti nomor broadcast* ({len(d.groups_not_joined)})",
        *(_listed(d.groups_not_joined) or ["• Tidak ada"]),
        "",
        f"*Nomor/grup penerima tidak valid* ({len(d.invalid_recipients)})",
        *(
            _listed(
                [f"{i['client_id']} {i['field']}: {i['value']} ({i['reason']})" for i in d.invalid_recipients]
            )
            or ["• Tidak ada"]
        ),
    ]
    return "\n".join(lines)


async def run(ctx: JobContext) -> None:
    digest = await collect(ctx)
    text = render_digest(digest)
    async with ctx.app.db.uow() as uow:
        queued = await notify_admins(
            uow,
            ctx.app.redis,
            "admin_digest",
            text,
            subject=f"{ctx.today:%Y%m%d}",
            rate_limited=False,  # JOB-44: the digest is never throttled (DLV-28)
            settings=ctx.settings,
            once_key=ctx.idempotency_prefix,
        )
        await uow.commit()
    ctx.summary.count("sent" if queued else "no_admins")
    ctx.summary.units_ok += 1
