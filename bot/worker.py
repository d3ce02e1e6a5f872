"""The `cicero worker` component: consumes `<prefix>.tasks` until stopped (WRK-2, WRK-4).

SIGTERM (through `bot.runtime.run_components`) stops consuming, lets running tasks finish for up
to 60 s, then closes the connection; unacknowledged tasks go back to the queue.
"""

from __future__ import annotations

import asyncio
import logging

from core.app import AppContext
from core.tasks.amqp import amqp_url
from core.tasks.worker import TaskWorker

log = logging.getLogger(__name__)


class WorkerComponent:
    name = "worker"

    def __init__(self, app: AppContext) -> None:
        self.worker = TaskWorker(app)
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self.worker.run(self._stop), name="task-worker")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task


def component(app: AppContext) -> WorkerComponent | None:
    if not amqp_url(app.settings):
        log.warning("worker_without_amqp_url")
        return None
    return WorkerComponent(app)
