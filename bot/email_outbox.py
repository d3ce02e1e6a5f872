"""The email outbox drainer as a component of the processes that run outbox senders (JOB-64)."""

from __future__ import annotations

import asyncio

from core.app import AppContext
from core.email.outbox import EmailOutbox


class EmailOutboxComponent:
    name = "email_outbox"

    def __init__(self, app: AppContext) -> None:
        self.outbox = EmailOutbox(app)
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self.outbox.run(self._stop), name="email-outbox")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task


def component(app: AppContext) -> EmailOutboxComponent:
    return EmailOutboxComponent(app)
