"""The queue consumer of `cicero worker` (WRK-2, WRK-4, WRK-7).

Prefetch = WORKER_CONCURRENCY, manual acknowledgement: a task is acked only after its unit's
transactions committed and its `job_task` row is terminal, or after its retry copy / dead letter
was confirmed by the broker. A worker that dies before the ack gets the task redelivered by
RabbitMQ; the row and the outbox idempotency keys make the repeat harmless. A lost broker
connection is retried with back-off, 1 s doubling to 60 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from core.alerts import notify_admins
from core.app import AppContext
from core.jobs.runner import HOST
from core.tasks.amqp import REASON_HEADER, Topology, amqp_message, amqp_url, connect, declare
from core.tasks.execute import execute_task
from core.tasks.message import BadTask, TaskMessage, parse_message
from core.tasks.runs import complete_detached_run

log = logging.getLogger(__name__)

BACKOFF_START_S = 1.0
BACKOFF_MAX_S = 60.0
STOP_GRACE_S = 60.0  # WRK-4: running tasks may finish for this long after SIGTERM


def retry_delay_s(base_s: float, attempt: int) -> float:
    """WRK-4: 10 s × 3^(attempt − 1) with the default base."""
    return base_s * 3 ** (attempt - 1)


class TaskWorker:
    def __init__(self, app: AppContext) -> None:
        self.app = app
        self.settings = app.settings
        self.topo = Topology.of(app.settings)
        self.concurrency = max(1, app.settings.worker_concurrency)
        self.max_attempts = max(1, app.settings.worker_max_attempts)
        self.connected = asyncio.Event()
        self.handled = 0
        self._running: set[asyncio.Task[Any]] = set()
        self._channel: AbstractChannel | None = None

    async def run(self, stop: asyncio.Event) -> None:
        delay = BACKOFF_START_S
        while not stop.is_set():
            try:
                await self._session(stop)
                delay = BACKOFF_START_S
            except Exception as exc:  # noqa: BLE001 - connection refused, reset, channel closed
                self.connected.clear()
                log.warning(
                    "worker_broker_unavailable", extra={"error": type(exc).__name__, "retry_in_s": delay}
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=delay)
                delay = min(BACKOFF_MAX_S, delay * 2)

    async def _session(self, stop: asyncio.Event) -> None:
        conn = await connect(amqp_url(self.settings), name=f"cicero-worker {HOST} {self.topo.prefix}")
        lost = asyncio.Event()
        conn.close_callbacks.add(lambda *_: lost.set())
        try:
            channel = await conn.channel(publisher_confirms=True)
            await channel.set_qos(prefetch_count=self.concurrency)
            queues = await declare(channel, self.topo)
            self._channel = channel
            tag = await queues["tasks"].consume(self._on_message, no_ack=False)
            self.connected.set()
            log.info("worker_consuming", extra={"queue": self.topo.tasks, "prefetch": self.concurrency})
            stopping = asyncio.ensure_future(stop.wait())
            closing = asyncio.ensure_future(lost.wait())
            await asyncio.wait({stopping, closing}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            closing.cancel()
            if lost.is_set():
                raise ConnectionError("broker connection closed")
            # WRK-4 on SIGTERM: stop consuming, let running tasks finish, unacked ones return.
            await queues["tasks"].cancel(tag)
            if self._running:
                await asyncio.wait(set(self._running), timeout=STOP_GRACE_S)
        finally:
            self.connected.clear()
            self._channel = None
            with contextlib.suppress(Exception):
                await conn.close()

    async def _on_message(self, incoming: AbstractIncomingMessage) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            await self._handle(incoming)
            self.handled += 1
        finally:
            if task is not None:
                self._running.discard(task)

    async def _handle(self, incoming: AbstractIncomingMessage) -> None:
        try:
            msg = parse_message(incoming.body)
        except BadTask as exc:
            log.warning("task_malformed", extra={"message_id": incoming.message_id, "reason": exc.reason})
            await self._dead_letter_raw(incoming, exc.reason)
            await incoming.ack()
            return
        try:
            outcome = await execute_task(self.app, msg, max_attempts=self.max_attempts)
            kind, error = outcome.kind, outcome.error
        except Exception as exc:  # noqa: BLE001 - the database itself failed: treat as transient
            kind = "retry" if msg.attempt < self.max_attempts else "dead"
            error = f"{type(exc).__name__}: {exc}"
            log.warning("task_execute_failed", extra={"task_id": msg.task_id, "error": type(exc).__name__})
        if kind == "retry":
            delay = retry_delay_s(self.settings.worker_retry_base_s, msg.attempt)
            await self._publish(self.topo.retry, amqp_message(msg.next_attempt(), expiration_s=delay))
            log.info(
                "task_retry_scheduled",
                extra={"task_id": msg.task_id, "attempt": msg.attempt + 1, "delay_s": delay},
            )
        elif kind == "dead":
            await self._dead_letter(msg, error or "failed")
        await incoming.ack()
        if kind in ("succeeded", "dead", "expired"):
            await complete_detached_run(self.app, msg.job_run_id)

    async def _publish(self, queue: str, message: aio_pika.Message) -> None:
        assert self._channel is not None
        await self._channel.default_exchange.publish(message, routing_key=queue)

    async def _dead_letter_raw(self, incoming: AbstractIncomingMessage, reason: str) -> None:
        await self._publish(
            self.topo.dead,
            aio_pika.Message(
                incoming.body,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                content_type=incoming.content_type,
                message_id=incoming.message_id,
                correlation_id=incoming.correlation_id,
                headers={REASON_HEADER: reason[:500]},
            ),
        )
        await self._alert("?", None, reason)

    async def _dead_letter(self, msg: TaskMessage, reason: str) -> None:
        await self._publish(self.topo.dead, amqp_message(msg, headers={REASON_HEADER: reason[:500]}))
        log.warning("task_dead_lettered", extra={"task_id": msg.task_id, "type": msg.type, "reason": reason})
        await self._alert(msg.type, msg.client_id, reason)

    async def _alert(self, kind: str, client_id: str | None, reason: str) -> None:
        """JOB-110 `worker_dead_task`: task type, client, error (aggregated per DLV-28)."""
        text = (
            f"⚠️ Tugas antrean gagal permanen.\nJenis: {kind}\nClient: {client_id or '-'}\n"
            f"Galat: {reason[:300]}"
        )
        try:
            async with self.app.db.uow() as uow:
                await notify_admins(
                    uow,
                    self.app.redis,
                    "worker_dead_task",
                    text,
                    subject=f"{kind}:{client_id or '-'}",
                    settings=self.settings,
                )
                await uow.commit()
        except Exception:  # noqa: BLE001 - the dead letter is stored; the alert is best effort
            log.exception("worker_dead_task_alert_failed")
