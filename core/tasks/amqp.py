"""RabbitMQ objects and publishing (WRK-2): aio-pika, durable queues, persistent messages, confirms.

Queue names are `<WORKER_QUEUE_PREFIX>.tasks`, `.tasks.retry` and `.tasks.dead` (prefix `cicero`
gives the spec's names; tests use a per-run prefix). Publishers and workers both declare them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractQueue

from core.config import Settings
from core.tasks.message import TaskMessage

CONNECT_TIMEOUT_S = 5.0
REASON_HEADER = "x-cicero-reason"


@dataclass(frozen=True)
class Topology:
    prefix: str

    @property
    def tasks(self) -> str:
        return f"{self.prefix}.tasks"

    @property
    def retry(self) -> str:
        return f"{self.prefix}.tasks.retry"

    @property
    def dead(self) -> str:
        return f"{self.prefix}.tasks.dead"

    @classmethod
    def of(cls, settings: Settings) -> Topology:
        return cls(settings.worker_queue_prefix.strip() or "cicero")


def amqp_url(settings: Settings) -> str:
    return settings.amqp_url.get_secret_value().strip() if settings.amqp_url else ""


async def declare(channel: AbstractChannel, topo: Topology) -> dict[str, AbstractQueue]:
    """Idempotent declarations of WRK-2; the retry queue dead-letters expired copies back to the tasks queue."""
    return {
        "tasks": await channel.declare_queue(topo.tasks, durable=True),
        "retry": await channel.declare_queue(
            topo.retry,
            durable=True,
            arguments={"x-dead-letter-exchange": "", "x-dead-letter-routing-key": topo.tasks},
        ),
        "dead": await channel.declare_queue(topo.dead, durable=True),
    }


def amqp_message(
    msg: TaskMessage, *, expiration_s: float | None = None, headers: dict[str, Any] | None = None
) -> aio_pika.Message:
    return aio_pika.Message(
        msg.body(),
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        content_type="application/json",
        message_id=msg.task_id,
        correlation_id=str(msg.job_run_id),
        expiration=expiration_s,
        headers=headers,
    )


async def connect(url: str, name: str = "cicero") -> AbstractConnection:
    """`name` shows in the broker's connection list (rabbitmqctl list_connections client_properties)."""
    return await asyncio.wait_for(
        aio_pika.connect(url, client_properties={"connection_name": name}), timeout=CONNECT_TIMEOUT_S
    )


class TaskPublisher:
    """One connection and confirming channel for the publishing side of a run."""

    def __init__(self, settings: Settings) -> None:
        self.url = amqp_url(settings)
        self.topo = Topology.of(settings)
        self._conn: AbstractConnection | None = None
        self._channel: AbstractChannel | None = None

    async def __aenter__(self) -> TaskPublisher:
        self._conn = await connect(self.url)
        self._channel = await self._conn.channel(publisher_confirms=True)
        await declare(self._channel, self.topo)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._conn is not None:
            await self._conn.close()

    async def publish(self, msg: TaskMessage) -> None:
        """Returns once the broker confirmed the message (persisted); raises otherwise."""
        assert self._channel is not None
        await self._channel.default_exchange.publish(
            amqp_message(msg), routing_key=self.topo.tasks, mandatory=True
        )


async def queue_depths(settings: Settings) -> dict[str, int]:
    """Ready messages per queue (passive declarations: nothing is created by looking)."""
    topo = Topology.of(settings)
    conn = await connect(amqp_url(settings))
    try:
        depths: dict[str, int] = {}
        for name in (topo.tasks, topo.retry, topo.dead):
            channel = await conn.channel()
            try:
                queue = await channel.declare_queue(name, passive=True)
                depths[name] = int(queue.declaration_result.message_count or 0)
            except aio_pika.exceptions.ChannelClosed:
                depths[name] = 0  # not declared yet: no worker or publisher has started
        return depths
    finally:
        await conn.close()
