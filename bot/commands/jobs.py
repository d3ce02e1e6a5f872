"""`cicero jobs list|run|enable|disable` (JOB-111) and `cicero scheduler` (JOB-1)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.app import AppContext
    from core.jobs.config import JobConfig


def _config(key: str) -> JobConfig:
    from core.jobs.catalogue import job_config

    return job_config(key)


async def _list(ctx: AppContext) -> int:
    from core.jobs.catalogue import CATALOGUE, seed_all
    from core.jobs.schedule_words import describe_cron
    from core.timewindow import WIB, now_wib

    now = now_wib()
    async with ctx.db.uow() as uow:
        await seed_all(uow)
        await uow.commit()
        active = dict((await uow.execute("SELECT job_key, is_active FROM cron_job_config")).all())
        last = {
            row[0]: row[1:]
            for row in await uow.execute(
                "SELECT DISTINCT ON (job_key) job_key, status, slot FROM job_run"
                " WHERE status NOT IN ('queued', 'coalesced') ORDER BY job_key, run_id DESC"
            )
        }
    for spec in CATALOGUE:
        config = _config(spec.key)
        schedules = "; ".join(e.text for e in config.schedules) or "off"
        words = "; ".join(describe_cron(e.text) for e in config.schedules) or "manual saja"
        fires = sorted(t for e in config.schedules for t in e.next_fire_times(now, 3))[:3]
        next_text = ", ".join(t.strftime("%Y-%m-%d %H:%M") for t in fires) or "-"
        status = "aktif" if active.get(spec.key, True) else "nonaktif"
        last_run = (
            f"{last[spec.key][0]} ({last[spec.key][1].astimezone(WIB):%Y-%m-%d %H:%M})"
            if spec.key in last
            else "-"
        )
        print(
            f"{spec.key}\t{spec.label}\t{spec.priority}\t{status}\t{schedules}\t{words}\tnext: {next_text}"
            f"\tlast: {last_run}"
        )
    return 0


async def _run(ctx: AppContext, args: argparse.Namespace) -> int:
    from core.jobs.runner import JobRefused, run_manual
    from core.timewindow import WIB

    slot = datetime.fromisoformat(args.slot).replace(tzinfo=WIB) if args.slot else None
    try:
        outcome = await run_manual(
            ctx,
            args.key,
            _config(args.key),
            client_ids=args.client or None,
            slot=slot,
            requested_by=f"cli:{getpass.getuser()}",
            # JOB-111: with AMQP_URL the run returns once its tasks are published, unless --wait.
            detach=not args.wait,
        )
    except JobRefused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if outcome.status == "running":
        print(json.dumps({"run_id": outcome.run_id, "status": "running", "on": "queue workers"}))
        return 0
    print(
        json.dumps(
            {"run_id": outcome.run_id, "status": outcome.status, "summary": outcome.summary}, default=str
        )
    )
    return 0 if outcome.status in ("succeeded", "partial") else 1


async def _toggle(ctx: AppContext, key: str, active: bool) -> int:
    from core.jobs.catalogue import get_job, seed_all

    spec = get_job(key)
    async with ctx.db.uow() as uow:
        await seed_all(uow)
        await uow.execute(
            "UPDATE cron_job_config SET is_active = :a, updated_at = NOW() WHERE job_key = :k",
            {"a": active, "k": spec.key},
        )
        await uow.commit()
    print(f"{spec.key}: {'aktif' if active else 'nonaktif'}")
    return 0


def _with_app(coro_factory) -> int:
    from core.app import AppContext
    from core.config import get_settings
    from core.jobs.catalogue import UnknownJob
    from core.jobs.cron import CronError
    from core.logsetup import setup_logging

    settings = get_settings()
    setup_logging(settings)

    async def main() -> int:
        ctx = AppContext.open("jobs", settings)
        try:
            return await coro_factory(ctx)
        finally:
            await ctx.close()

    try:
        return asyncio.run(main())
    except (UnknownJob, CronError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _jobs(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _with_app(_list)
    if args.action == "run":
        return _with_app(lambda ctx: _run(ctx, args))
    return _with_app(lambda ctx: _toggle(ctx, args.key, args.action == "enable"))


def _scheduler(args: argparse.Namespace) -> int:
    from bot.runtime import ensure_schema, run_components
    from bot.scheduler import load_all_configs
    from core.app import AppContext
    from core.config import get_settings
    from core.jobs.cron import CronError
    from core.logsetup import setup_logging

    settings = get_settings()
    setup_logging(settings)
    try:
        load_all_configs()  # JOB-3: an invalid expression stops start-up, naming its variable
    except CronError as exc:
        print(str(exc), file=sys.stderr)
        return 2

    async def main() -> int:
        ctx = AppContext.open("scheduler", settings)
        try:
            await ensure_schema(ctx)
            return await run_components(ctx, ["bot.scheduler:component"])
        finally:
            await ctx.close()

    return asyncio.run(main())


def register(sub: argparse._SubParsersAction) -> None:
    jobs = sub.add_parser("jobs", help="list, run, enable or disable scheduled jobs")
    actions = jobs.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="every job: schedule in words and as cron, on/off, next runs, last run")
    run = actions.add_parser("run", help="run one job now, as an admin would from the menu")
    run.add_argument("key")
    run.add_argument("--client", action="append", help="restrict to this client id (repeatable)")
    run.add_argument("--slot", help="replay a scheduled slot, YYYY-MM-DDTHH:MM WIB (same idempotency keys)")
    run.add_argument(
        "--wait",
        action="store_true",
        help="with AMQP_URL: wait for the queue workers and print the summary (default: print the run id)",
    )
    for name in ("enable", "disable"):
        toggle = actions.add_parser(name, help=f"{name} a job at its next tick (cron_job_config)")
        toggle.add_argument("key")
    jobs.set_defaults(func=_jobs)
    scheduler = sub.add_parser("scheduler", help="run the scheduler alone (leader election per database)")
    scheduler.set_defaults(func=_scheduler)
