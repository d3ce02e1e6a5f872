"""JOB-6..JOB-12: gate, group switch, applicability, single-flight with one queued rerun, manual runs."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest

from core.app import AppContext
from core.jobs import catalogue
from core.jobs.catalogue import JobSpec
from core.jobs.config import JobConfig
from core.jobs.runner import JobRefused, mark_interrupted, run_manual, tick
from core.timewindow import WIB
from tests.jobs import bodies

CONFIG = JobConfig(schedules=[], recipients=[], extra_recipients="", clients=[], admin_report="off")
SLOT = datetime(2026, 11, 25, 15, 20, tzinfo=WIB)


def spec(key: str, body: str, group: str = "core", **kw) -> JobSpec:
    return JobSpec(key, f"Test {key}", group, ("0 * * * *",), f"tests.jobs.bodies:{body}", **kw)  # type: ignore[arg-type]


@pytest.fixture
async def jobs(monkeypatch: pytest.MonkeyPatch, db, app_context: AppContext):
    registry = dict(catalogue._BY_KEY)
    for s in (
        spec("t_ok", "ok"),
        spec("t_slow", "slow"),
        spec("t_half", "half"),
        spec("t_boom", "boom"),
        spec("t_dir", "ok", group="dir"),
        spec("t_month", "ok", applicable=catalogue.last_day_of_month),
        spec("t_legacy", "ok", legacy_keys=("./src/cron/legacy.js",)),
    ):
        registry[s.key] = s
    monkeypatch.setattr(catalogue, "_BY_KEY", registry)
    bodies.RUNS.clear()
    bodies.GATE.clear()
    bodies.STARTED.clear()
    # cron_job_config survives between tests (seed table): drop this module's rows.
    async with app_context.db.uow() as uow:
        await uow.execute(
            "DELETE FROM cron_job_config WHERE job_key LIKE 't\\_%' OR job_key LIKE './src/cron/legacy%'"
        )
        await uow.commit()
    return registry


async def statuses(ctx: AppContext, key: str) -> list[str]:
    async with ctx.db.uow() as uow:
        return [
            r[0]
            for r in await uow.execute(
                "SELECT status FROM job_run WHERE job_key = :k ORDER BY run_id", {"k": key}
            )
        ]


async def test_tick_runs_body_and_records_summary(db, app_context: AppContext, jobs) -> None:
    outcome = await tick(app_context, "t_ok", CONFIG, slot=SLOT, now=SLOT)
    assert outcome.status == "succeeded"
    assert outcome.summary == {"clients_total": 2}
    assert bodies.RUNS == [("t_ok", "schedule", "15:20")]
    async with app_context.db.uow() as uow:
        row = (await uow.execute("SELECT trigger, slot, summary, finished_at FROM job_run")).one()
    assert (
        row.trigger == "schedule"
        and row.slot == SLOT
        and row.summary == {"clients_total": 2}
        and row.finished_at
    )


async def test_partial_and_failed_runs(db, app_context: AppContext, jobs) -> None:
    half = await tick(app_context, "t_half", CONFIG, slot=SLOT, now=SLOT)
    assert half.status == "partial"
    assert half.summary["failures"] == [
        {"client_id": "POLRES_B", "step": "instagram_fetch", "error": "RuntimeError: HTTP 500"}
    ]
    boom = await tick(app_context, "t_boom", CONFIG, slot=SLOT, now=SLOT)
    assert boom.status == "failed"  # JOB-8.5: the exception is recorded, the caller keeps going
    async with app_context.db.uow() as uow:
        assert (await uow.execute("SELECT error FROM job_run WHERE job_key='t_boom'")).scalar_one() == (
            "RuntimeError: database went away"
        )


async def test_gate_inactive_and_missing_row_seeded_from_legacy_key(
    db, app_context: AppContext, jobs
) -> None:
    async with app_context.db.uow() as uow:
        await uow.execute(
            "INSERT INTO cron_job_config (job_key, display_name, is_active) VALUES ('t_ok', 'x', FALSE)"
        )
        await uow.execute(
            "INSERT INTO cron_job_config (job_key, display_name, is_active) VALUES ('./src/cron/legacy.js', 'l', FALSE)"
        )
        await uow.commit()
    assert (await tick(app_context, "t_ok", CONFIG, slot=SLOT, now=SLOT)).status == "skipped_inactive"
    # JOB-6: a job without a row gets one seeded with the legacy row's is_active (here: off).
    assert (await tick(app_context, "t_legacy", CONFIG, slot=SLOT, now=SLOT)).status == "skipped_inactive"
    assert bodies.RUNS == []
    async with app_context.db.uow() as uow:
        await uow.execute("UPDATE cron_job_config SET is_active = TRUE WHERE job_key = 't_ok'")
        await uow.commit()
    assert (await tick(app_context, "t_ok", CONFIG, slot=SLOT, now=SLOT)).status == "succeeded"


async def test_group_switch_and_applicability(db, app_context: AppContext, jobs, monkeypatch) -> None:
    monkeypatch.setattr(app_context, "settings", replace_settings(app_context, enable_dirrequest_group=False))
    assert (await tick(app_context, "t_dir", CONFIG, slot=SLOT, now=SLOT)).status == "skipped_group_disabled"
    with pytest.raises(JobRefused, match="dinonaktifkan"):
        await run_manual(app_context, "t_dir", CONFIG, requested_by="test")
    assert (
        await tick(app_context, "t_month", CONFIG, slot=SLOT, now=SLOT)
    ).status == "skipped_not_applicable"
    month_end = datetime(2026, 11, 30, 23, 0, tzinfo=WIB)
    assert (await tick(app_context, "t_month", CONFIG, slot=month_end, now=month_end)).status == "succeeded"
    # A manual run ignores applicability (JOB-11).
    assert (
        await run_manual(app_context, "t_month", CONFIG, requested_by="test", now=SLOT)
    ).status == "succeeded"
    assert bodies.RUNS[-1][1] == "manual"


def replace_settings(ctx: AppContext, **changes):
    return ctx.settings.model_copy(update=changes)


async def test_single_flight_queues_once_and_coalesces(db, app_context: AppContext, jobs) -> None:
    first = asyncio.create_task(tick(app_context, "t_slow", CONFIG, slot=SLOT, now=SLOT, now_fn=lambda: SLOT))
    await asyncio.wait_for(bodies.STARTED.wait(), timeout=10)
    t2 = datetime(2026, 11, 25, 15, 30, tzinfo=WIB)
    t3 = datetime(2026, 11, 25, 15, 40, tzinfo=WIB)
    second = await tick(app_context, "t_slow", CONFIG, slot=t2, now=t2)
    third = await tick(app_context, "t_slow", CONFIG, slot=t3, now=t3)
    assert (second.status, third.status) == ("queued", "coalesced")
    assert third.summary == {"merged_into": second.run_id}
    with pytest.raises(JobRefused, match="sedang berjalan sejak"):
        await run_manual(app_context, "t_slow", CONFIG, requested_by="test")
    bodies.GATE.set()
    await first
    # The queued run started at once after the first, with the newest coalesced slot.
    assert bodies.RUNS == [("t_slow", "schedule", "15:20"), ("t_slow", "rerun", "15:40")]
    assert await statuses(app_context, "t_slow") == ["succeeded", "succeeded", "coalesced"]


async def test_stale_queued_run_is_skipped(db, app_context: AppContext, jobs) -> None:
    async with app_context.db.uow() as uow:
        await uow.execute(
            "INSERT INTO job_run (job_key, trigger, slot, status) VALUES ('t_ok', 'rerun', :s, 'queued')",
            {"s": datetime(2026, 11, 25, 14, 0, tzinfo=WIB)},
        )
        await uow.commit()
    await tick(app_context, "t_ok", CONFIG, slot=SLOT, now=SLOT, now_fn=lambda: SLOT)
    assert await statuses(app_context, "t_ok") == ["skipped_stale", "succeeded"]


async def test_manual_run_keys_and_interrupted_rows(db, app_context: AppContext, jobs) -> None:
    outcome = await run_manual(
        app_context, "t_ok", CONFIG, requested_by="cli:test", now=SLOT, client_ids=["polres_a"]
    )
    async with app_context.db.uow() as uow:
        row = (
            await uow.execute(
                "SELECT trigger, requested_by FROM job_run WHERE run_id = :r", {"r": outcome.run_id}
            )
        ).one()
        assert tuple(row) == ("manual", "cli:test")
        await uow.execute(
            "INSERT INTO job_run (job_key, trigger, slot, status, started_at) VALUES ('t_ok', 'schedule', :s, 'running', NOW())",
            {"s": SLOT},
        )
        await uow.commit()
    assert await mark_interrupted(app_context) == 1
    assert (await statuses(app_context, "t_ok"))[-1] == "interrupted"


def test_operational_date_is_the_slot_date() -> None:
    assert SLOT.date() == date(2026, 11, 25)
