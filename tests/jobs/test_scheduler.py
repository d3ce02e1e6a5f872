"""JOB-1/2/5: what fires when (WIB), leader election, and the `cicero jobs` CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta

from bot.scheduler import Scheduler, latest_slot, load_all_configs
from core.app import AppContext
from core.jobs.cron import parse_cron
from core.timewindow import WIB


def fires_on(day: datetime) -> dict[str, list[str]]:
    """Every job's fire times (HH:MM WIB) during one day, from the effective configuration."""
    start = day - timedelta(seconds=1)
    out: dict[str, list[str]] = {}
    for key, config in load_all_configs().items():
        times = []
        for expr in config.schedules:
            times += [t for t in expr.next_fire_times(start, 60) if t.date() == day.date()]
        out[key] = sorted(t.strftime("%H:%M") for t in times)
    return out


def test_the_p1_day_in_wib() -> None:
    day = fires_on(datetime(2026, 11, 25, tzinfo=WIB))  # a Wednesday, not a month end
    assert day["fetch_sosmed"][:3] == ["07:00", "07:30", "08:00"] and day["fetch_sosmed"][-2:] == [
        "21:30",
        "22:00",
    ]
    assert len(day["fetch_sosmed"]) == 31  # 07:00…21:30 every 30 min, then 22:00
    assert day["link_recap"] == ["15:05", "18:05", "21:05"]
    assert day["engagement_recap"] == ["15:20", "18:20", "20:20"]
    assert day["operator_daily_report"] == ["21:07"]
    assert day["username_update_recap"] == ["06:45"]
    assert day["dirreq_rekap_update"] == ["08:00", "12:00", "16:00"]
    assert day["dirreq_ditbinmas_group_recap"] == ["15:20", "18:10"]
    assert day["dirreq_bidhumas_evening"] == ["15:45", "20:15", "22:15"]
    assert day["housekeeping"] == ["03:30"]
    # The monthly Excel is scheduled on days 28–31 only; applicability then picks the last day.
    assert day["amplify_monthly_excel"] == []
    assert fires_on(datetime(2026, 11, 30, tzinfo=WIB))["amplify_monthly_excel"] == ["23:00"]


def test_a_late_tick_keeps_its_own_slot() -> None:
    expr = parse_cron("5 15,18,21 * * *")
    assert latest_slot(expr, datetime(2026, 11, 25, 15, 8, 30, tzinfo=WIB), 300) == datetime(
        2026, 11, 25, 15, 5, tzinfo=WIB
    )
    assert latest_slot(expr, datetime(2026, 11, 25, 16, 0, tzinfo=WIB), 300) is None


async def test_only_one_scheduler_leads(db, app_context: AppContext) -> None:
    first, second = Scheduler(app_context, configs={}), Scheduler(app_context, configs={})
    try:
        assert await first._acquire_leadership() is True
        assert await second._acquire_leadership() is False
        assert await first._leader_alive()
    finally:
        await first.stop()
        await second.stop()
    third = Scheduler(app_context, configs={})
    try:
        assert await third._acquire_leadership() is True  # released when the leader stopped
    finally:
        await third.stop()


def test_jobs_cli_lists_and_toggles(test_database_url: str) -> None:
    env = dict(os.environ, DATABASE_URL=test_database_url)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True, timeout=60
        )

    listed = run("jobs", "list")
    assert listed.returncode == 0, listed.stderr
    lines = {line.split("\t")[0]: line for line in listed.stdout.splitlines()}
    assert "fetch_sosmed" in lines and "0,30 7-21 * * *; 0 22 * * *" in lines["fetch_sosmed"]
    assert run("jobs", "disable", "link_recap").returncode == 0
    assert (
        "\tnonaktif\t"
        in {line.split("\t")[0]: line for line in run("jobs", "list").stdout.splitlines()}["link_recap"]
    )
    assert run("jobs", "enable", "link_recap").returncode == 0
    unknown = run("jobs", "run", "nope")
    assert unknown.returncode == 2 and "valid keys" in unknown.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "bot.cli", "jobs", "list"],
        env=dict(env, JOB_LINK_RECAP_CRON="0 9 1 * 1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "JOB_LINK_RECAP_CRON" in bad.stderr
