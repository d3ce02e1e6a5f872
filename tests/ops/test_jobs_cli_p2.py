"""The P2 jobs (JOB-40, JOB-41, JOB-43, JOB-44) as an operator sees them: listed by
`cicero jobs list` with their schedules and next fire times, and switched off by `cicero jobs
disable`, after which their scheduled tick is recorded as inactive (JOB-5, JOB-6, JOB-111)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime

from core.jobs.catalogue import job_config
from core.jobs.runner import tick
from core.timewindow import WIB

P2_JOBS = {
    "dirreq_ditsamapta_incomplete": ("Rekap data belum lengkap DITSAMAPTA", "15 6 * * *", "2026-11-26 06:15"),
    "wa_task_reminder": ("Pengingat tugas personal", "5 17 * * *; 35 17 * * *", "2026-11-25 17:05"),
    "db_backup": ("Backup database", "0 4 * * *", "2026-11-26 04:00"),
    "admin_daily_digest": ("Ringkasan harian admin", "45 22 * * *", "2026-11-25 22:45"),
}


async def cicero(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


async def test_p2_jobs_listed_with_schedule_and_next_runs_job111(db, cli_env) -> None:
    env = dict(cli_env, CICERO_NOW="2026-11-25T10:00:00+07:00")
    res = await cicero(env, "jobs", "list")
    assert res.returncode == 0, res.stderr
    rows = {line.split("\t")[0]: line.split("\t") for line in res.stdout.splitlines()}
    for key, (label, schedule, first_fire) in P2_JOBS.items():
        assert rows[key][1:5] == [label, "P2", "aktif", schedule], rows[key]
        assert rows[key][6].startswith(f"next: {first_fire}")
    # JOB-111 / issue 19: the schedule in words next to the cron text
    assert rows["wa_task_reminder"][5] == "setiap hari pukul 17.05; setiap hari pukul 17.35"


async def test_disable_then_tick_is_inactive_and_enable_again_job6(db, app_context, cli_env) -> None:
    slot = datetime(2026, 11, 25, 22, 45, tzinfo=WIB)
    res = await cicero(cli_env, "jobs", "disable", "admin_daily_digest")
    assert res.returncode == 0 and "nonaktif" in res.stdout
    outcome = await tick(
        app_context, "admin_daily_digest", job_config("admin_daily_digest"), slot=slot, now=slot
    )
    assert outcome.status == "skipped_inactive"
    res = await cicero(cli_env, "jobs", "enable", "admin_daily_digest")
    assert res.returncode == 0
    outcome = await tick(
        app_context, "admin_daily_digest", job_config("admin_daily_digest"), slot=slot, now=slot
    )
    assert outcome.status == "succeeded"


async def test_schedule_override_and_off_job4(db, cli_env) -> None:
    env = dict(cli_env, CICERO_NOW="2026-11-25T10:00:00+07:00", JOB_WA_TASK_REMINDER_CRON="off",
               JOB_DB_BACKUP_CRON="30 2 * * *")  # fmt: skip
    res = await cicero(env, "jobs", "list")
    rows = {line.split("\t")[0]: line.split("\t") for line in res.stdout.splitlines()}
    assert rows["wa_task_reminder"][4] == "off" and rows["wa_task_reminder"][6] == "next: -"
    assert rows["wa_task_reminder"][5] == "manual saja"
    assert rows["db_backup"][4] == "30 2 * * *" and rows["db_backup"][6].startswith("next: 2026-11-26 02:30")
