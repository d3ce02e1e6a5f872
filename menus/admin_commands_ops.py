"""Operations commands for admins: `health#` (JOB-106), `jobs#` (JOB-107/108, JOB-11) and
`outbox#` (JOB-109, DLV-17). They read and switch what `core.health`, `core.jobs` and the
`wa_outbox` table hold; registration is done by `menus.admin_commands` (one command table)."""

from __future__ import annotations

import logging
from typing import Any

from core.app import AppContext
from core.health import health_report
from core.jobs.catalogue import CATALOGUE, UnknownJob, get_job, job_config, seed_all
from core.jobs.runner import JobRefused, run_manual
from core.jobs.schedule_words import describe_cron
from core.outbox import cancel, outbox_status, requeue, requeue_recent_dead
from core.timefmt import jam
from core.timewindow import record_now
from core.wa_health import decrypt_failures, ending_reasons
from menus.framework import Reply, StepContext

log = logging.getLogger(__name__)

MARK = {"ok": "✅", "degraded": "⚠️", "down": "❌"}


def _app(ctx: StepContext) -> AppContext:
    return AppContext(settings=ctx.settings, db=ctx.services.db, redis=ctx.services.redis)


def _mask(phone: str | None) -> str:
    """JOB-102: first 5 and last 3 digits kept."""
    if not phone or len(phone) < 9:
        return "***"
    return f"{phone[:5]}***{phone[-3:]}"


async def health(ctx: StepContext, parts: list[str], text: str) -> Reply:
    report = await health_report(_app(ctx), record_now(), "", False)
    checks: dict[str, Any] = report.get("checks", {})
    lines = [
        f"{MARK.get(report['status'], 'ℹ️')} *Status Cicero: {report['status']}* ({jam(record_now())} WIB)"
    ]
    sessions = checks.get("whatsapp", [])
    names = [s["session"] for s in sessions]
    try:
        reasons = await ending_reasons(ctx.services.db, names)
        failures = await decrypt_failures(ctx.services.redis, names)
    except Exception:  # noqa: BLE001 - the report goes out without these figures
        log.debug("session_details_unavailable", exc_info=True)
        reasons, failures = {}, {}
    for s in sessions:
        reason = reasons.get(s["session"])
        count = failures.get(s["session"], {}).get("count")
        # CONV-7: why it is down, and decryption failures (counted, never a reason to drop the login).
        extra = (f" ({reason})" if reason else "") + (f", gagal dekripsi {count}" if count else "")
        lines.append(f"- Sesi {s['session']}: {s['state']}{extra}")
    ob = checks.get("outbox", {})
    oldest = ob.get("oldest_pending_seconds")
    lines.append(
        f"- Outbox: antre {ob.get('pending', 0)}, dead letter 24 jam {ob.get('dead_letter_24h', 0)}"
        + (f", tertua {int(oldest)} detik" if oldest else "")
    )
    db = checks.get("database", {})
    lines.append(f"- Database: {db.get('status', '-')}; Redis: {checks.get('redis', {}).get('status', '-')}")
    sched = checks.get("scheduler", {})
    if sched:
        lines.append(f"- Scheduler: {sched.get('status', '-')}" + (
            f", job gagal terakhir {sched['last_failed_job']}" if sched.get("last_failed_job") else ""))  # fmt: skip
    queue = checks.get("queue", {})
    lines.append(
        f"- Worker/antrian: {queue.get('status', '-')}"
        + (
            f" (antre {queue['tasks']}, retry {queue['retry']}, dead {queue['dead']})"
            if "tasks" in queue
            else ""
        )
    )
    return Reply.text("\n".join(lines), code="health")


def _config(key: str):
    return job_config(key)


async def jobs(ctx: StepContext, parts: list[str], text: str) -> Reply:
    action = (parts[0] if parts else "").lower()
    if action == "":
        await seed_all(ctx.uow)
        active = dict((await ctx.uow.execute("SELECT job_key, is_active FROM cron_job_config")).all())
        last = {
            r[0]: r[1]
            for r in await ctx.uow.execute(
                "SELECT DISTINCT ON (job_key) job_key, status FROM job_run "
                "WHERE status NOT IN ('queued', 'coalesced') ORDER BY job_key, run_id DESC"
            )
        }
        lines = ["*Daftar Job Terjadwal*"]
        for n, spec in enumerate(CATALOGUE, start=1):
            state = "✅ Aktif" if active.get(spec.key, True) else "❌ Nonaktif"
            try:
                crons = [e.text for e in _config(spec.key).schedules]
            except Exception:  # noqa: BLE001 - a bad schedule variable is reported by the scheduler, not here
                crons = list(spec.default_cron)
            # JOB-111: the schedule in words first, the cron text an operator sets next to it
            schedule = "; ".join(f"{describe_cron(c)} ({c})" for c in crons) or "manual saja"
            lines.append(
                f"{n}. {spec.label} [{spec.key}] {state} · {schedule} · terakhir: {last.get(spec.key, '-')}"
            )
        return Reply.text("\n".join(lines), code="jobs")
    if action in ("on", "off", "run") and len(parts) > 1 and parts[1]:
        key = parts[1].strip().lower()
        try:
            get_job(key)
        except UnknownJob:
            keys = ", ".join(s.key for s in CATALOGUE)
            return Reply.text(f"❌ Job {key} tidak dikenal. Job yang ada: {keys}", code="not_found")
        if action in ("on", "off"):
            await seed_all(ctx.uow)
            await ctx.uow.execute(
                "UPDATE cron_job_config SET is_active = :a, updated_at = NOW() WHERE job_key = :k",
                {"a": action == "on", "k": key},
            )
            log.info("job_toggled", extra={"job": key, "active": action == "on", "by": _mask(ctx.sender)})
            return Reply.text(
                f"✅ Job {key} {'diaktifkan' if action == 'on' else 'dinonaktifkan'}.", code="job_toggled"
            )
        app = _app(ctx)
        requested = _mask(ctx.sender)

        async def job(jctx: StepContext) -> Reply:
            try:
                outcome = await run_manual(app, key, _config(key), requested_by=f"whatsapp:{requested}")
            except JobRefused as exc:
                return Reply.text(f"❌ {exc}", code="job_refused")
            return Reply.text(f"✅ Job {key} selesai: {getattr(outcome, 'status', outcome)}", code="job_run")

        return Reply.nothing().background(f"Menjalankan job {key}...", job)
    return Reply.text("ℹ️ Format: jobs#, jobs#on#<key>, jobs#off#<key>, jobs#run#<key>", code="usage")


async def outbox(ctx: StepContext, parts: list[str], text: str) -> Reply:
    action = (parts[0] if parts else "").lower()
    if action == "":
        status = await outbox_status(ctx.uow)
        lines = ["*Outbox*"] + [f"- {s}: {n}" for s, n in status.counts.items()]
        if status.dead_letters:
            lines += ["", "Dead letter terbaru:"]
            lines += [
                f"#{r.outbox_id} {r.chat_id} {r.client_id or '-'} {r.origin} — {(r.last_error or '-')[:120]}"
                for r in status.dead_letters
            ]
        return Reply.text("\n".join(lines), code="outbox")
    target = parts[1].strip().lower() if len(parts) > 1 else ""
    if action == "retry" and target == "dead":
        n = await requeue_recent_dead(ctx.uow, hours=24)
        return Reply.text(f"✅ {n} dead letter dijadwalkan ulang.", code="outbox_retry")
    if action in ("retry", "cancel") and target.lstrip("#").isdigit():
        oid = int(target.lstrip("#"))
        if not await (requeue if action == "retry" else cancel)(ctx.uow, oid):
            return Reply.text(
                f"❌ Pesan #{oid} tidak ditemukan atau statusnya tidak sesuai.", code="not_found"
            )
        done = "dijadwalkan ulang" if action == "retry" else "dibatalkan"
        return Reply.text(f"✅ Pesan #{oid} {done}.", code=f"outbox_{action}")
    return Reply.text(
        "ℹ️ Format: outbox#, outbox#retry#<id>, outbox#retry#dead, outbox#cancel#<id>", code="usage"
    )
