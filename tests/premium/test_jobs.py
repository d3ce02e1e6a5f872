"""Issue 23 item 3: the three premium expiry jobs as an operator sees them (JOB-72, JOB-74, JOB-76):
listed by `cicero jobs list` with label, P2, schedule in cron and in words and the next fire time,
switched off and on by `cicero jobs disable|enable` like every job (JOB-6, JOB-111)."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.jobs.catalogue import job_config
from core.jobs.runner import tick
from core.timewindow import WIB
from tests.ops.test_jobs_cli_p2 import cicero

PREMIUM_JOBS = {
    "premium_expiry": ("Kedaluwarsa premium", "0 0 * * *", "2026-11-26 00:00"),
    "dashboard_subscription_expiry": ("Kedaluwarsa langganan dashboard", "*/30 * * * *", "2026-11-25 10:30"),
    "dashboard_premium_request_expiry": (
        "Kedaluwarsa permintaan premium dashboard",
        "20 * * * *",
        "2026-11-25 10:20",
    ),
}


async def test_premium_jobs_listed_with_schedules(db, cli_env) -> None:
    res = await cicero(dict(cli_env, CICERO_NOW="2026-11-25T10:00:00+07:00"), "jobs", "list")
    assert res.returncode == 0, res.stderr
    listed = {line.split("\t")[0]: line.split("\t") for line in res.stdout.splitlines()}
    for key, (label, schedule, first_fire) in PREMIUM_JOBS.items():
        assert listed[key][1:5] == [label, "P2", "aktif", schedule], listed[key]
        assert listed[key][6].startswith(f"next: {first_fire}"), listed[key]
    assert listed["premium_expiry"][5] == "setiap hari pukul 00.00"


@pytest.mark.parametrize("key", PREMIUM_JOBS)
async def test_premium_jobs_switch_off_and_on(db, app_context, cli_env, key) -> None:
    slot = datetime(2026, 11, 26, 0, 20, tzinfo=WIB)
    res = await cicero(cli_env, "jobs", "disable", key)
    assert res.returncode == 0 and "nonaktif" in res.stdout, res.stdout + res.stderr
    assert (await tick(app_context, key, job_config(key), slot=slot, now=slot)).status == "skipped_inactive"
    assert (await cicero(cli_env, "jobs", "enable", key)).returncode == 0
    outcome = await tick(app_context, key, job_config(key), slot=slot, now=slot)
    assert outcome.status == "succeeded", outcome
