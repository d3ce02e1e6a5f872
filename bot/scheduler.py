"""APScheduler runner (JOB-1, JOB-2, JOB-10): turns cron ticks into `core.jobs.runner.tick()` calls.

Only the leader fires ticks: the process holding a PostgreSQL advisory lock on a dedicated
connection. Standbys retry every 30 s and take over when the leader's connection drops.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from core.app import AppContext
from core.jobs.catalogue import CATALOGUE, job_config, seed_all
from core.jobs.config import JobConfig
from core.jobs.cron import CronExpr
from core.jobs.runner import HOST, LOCK_CLASS, catch_up_monthly_excel, mark_interrupted, record_run, tick
from core.timewindow import WIB, now_wib

log = logging.getLogger(__name__)

LEADER_KEY = "scheduler-leader"
LEADER_RETRY_S = 30


def load_all_configs() -> dict[str, JobConfig]:
    """Every job's effective configuration; an invalid expression stops start-up naming the variable."""
    return {spec.key: job_config(spec.key) for spec in CATALOGUE}


def latest_slot(expr: CronExpr, now: datetime, grace_s: int) -> datetime | None:
    """The fire time this tick belongs to: the latest one of the trigger at or before `now`."""
    start = now - timedelta(seconds=grace_s + 60)
    slot = None
    previous = None
    current = start
    while True:
        nxt = expr.trigger.get_next_fire_time(previous, current)
        if nxt is None or nxt > now:
            return slot
        slot, previous, current = nxt, nxt, nxt


class Scheduler:
    name = "scheduler"

    def __init__(self, app: AppContext, configs: dict[str, JobConfig] | None = None) -> None:
        self.app = app
        self.configs = configs if configs is not None else load_all_configs()
        self.scheduler = AsyncIOScheduler(timezone=WIB)
        self._leader: AsyncConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def _fire(self, key: str, expr_index: int) -> None:
        expr = self.configs[key].schedules[expr_index]
        now = now_wib()
        slot = latest_slot(expr, now, self.app.settings.job_misfire_grace_s) or now
        log.info("job_tick", extra={"job_key": key, "slot": slot.isoformat()})
        await tick(self.app, key, self.configs[key], slot=slot, now=now)

    def _on_missed(self, event: JobExecutionEvent) -> None:
        key = event.job_id.split("#", 1)[0]
        asyncio.get_running_loop().create_task(
            record_run(self.app, key, "schedule", event.scheduled_run_time.astimezone(WIB), "missed")
        )

    def _register(self) -> None:
        grace = self.app.settings.job_misfire_grace_s
        for key, config in self.configs.items():
            for index, expr in enumerate(config.schedules):
                self.scheduler.add_job(
                    self._fire,
                    trigger=expr.trigger,
                    args=[key, index],
                    id=f"{key}#{index}",
                    misfire_grace_time=grace,
                    coalesce=True,
                    max_instances=3,
                )
        self.scheduler.add_listener(self._on_missed, EVENT_JOB_MISSED)

    async def _acquire_leadership(self) -> bool:
        conn = await self.app.db.engine.connect()
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        got = (
            await conn.execute(
                text("SELECT pg_try_advisory_lock(:c, hashtext(:k))"), {"c": LOCK_CLASS, "k": LEADER_KEY}
            )
        ).scalar_one()
        if got:
            self._leader = conn
            log.info("scheduler_leader_acquired", extra={"host": HOST})
            return True
        await conn.close()
        log.info("scheduler_standby", extra={"host": HOST})
        return False

    async def _leader_alive(self) -> bool:
        if self._leader is None:
            return False
        try:
            await self._leader.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - a dropped connection means we lost the lock
            log.warning("scheduler_leader_lost", extra={"host": HOST})
            self._leader = None
            return False

    async def _supervise(self) -> None:
        while not self._stopping.is_set():
            if self._leader is None and await self._acquire_leadership():
                await self._on_became_leader()
            elif self._leader is not None and not await self._leader_alive():
                self.scheduler.pause()
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=LEADER_RETRY_S)
            except TimeoutError:
                pass

    async def _on_became_leader(self) -> None:
        async with self.app.db.uow() as uow:
            await seed_all(uow)
            await uow.commit()
        await mark_interrupted(self.app)
        await catch_up_monthly_excel(self.app, self.configs["amplify_monthly_excel"], now_wib())
        if self.scheduler.state == 0:
            self.scheduler.start()
        else:
            self.scheduler.resume()

    async def start(self) -> None:
        self._register()
        self._task = asyncio.create_task(self._supervise())

    async def stop(self) -> None:
        self._stopping.set()
        if self._task is not None:
            await self._task
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self._leader is not None:
            # The connection goes back to the pool: release the session lock explicitly first.
            try:
                await self._leader.execute(text("SELECT pg_advisory_unlock_all()"))
            finally:
                await self._leader.close()
                self._leader = None


def component(app: AppContext) -> Scheduler | None:
    """`cicero run` / `cicero scheduler` component; None when SCHEDULER_ENABLED is false (JOB-1)."""
    if not app.settings.scheduler_enabled:
        log.info("scheduler_disabled")
        return None
    return Scheduler(app)
