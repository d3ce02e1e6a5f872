"""Fixtures for the queue tests: the real RabbitMQ, a private queue prefix per test, workers.

The broker is the one `AMQP_URL` named when pytest started (tests/conftest.py moves it to
CICERO_TEST_AMQP_URL so no other test publishes), else this machine's 127.0.0.1:5672. When
AMQP_URL was set (CI: .ci/run starts RabbitMQ and sets it) an unreachable broker fails the tests;
without it they are skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest

from core.app import AppContext
from core.fakes.rapidapi import FakeRapidApi
from core.tasks.amqp import Topology
from core.tasks.worker import TaskWorker
from tests.workers.helpers import ADMIN

DEFAULT_URL = "amqp://guest:guest@127.0.0.1:5672/"


@pytest.fixture(scope="session")
def amqp_url() -> str:
    explicit = os.environ.get("CICERO_TEST_AMQP_URL", "")
    url = explicit or DEFAULT_URL

    async def probe() -> None:
        conn = await aio_pika.connect(url, timeout=5)
        await conn.close()

    try:
        asyncio.run(probe())
    except Exception as exc:  # noqa: BLE001
        if explicit:
            pytest.fail(f"AMQP_URL is set but RabbitMQ does not answer: {type(exc).__name__}: {exc}")
        pytest.skip(f"RabbitMQ not reachable at {url} and AMQP_URL not set")
    return url


@pytest.fixture
async def queue_prefix(amqp_url: str) -> AsyncIterator[str]:
    """Queue names private to this test; deleted afterwards."""
    prefix = f"cicero-test-{secrets.token_hex(4)}"
    yield prefix
    conn = await aio_pika.connect(amqp_url)
    try:
        topo = Topology(prefix)
        for name in (topo.tasks, topo.retry, topo.dead):
            channel = await conn.channel()
            with contextlib.suppress(Exception):
                await channel.queue_delete(name)
    finally:
        await conn.close()


@pytest.fixture
def queue_settings(app_context: AppContext, fake_rapidapi: FakeRapidApi, amqp_url: str, queue_prefix: str):
    """Settings for queue mode: the fake RapidAPI, this test's queues, quick retries, one admin."""
    return fake_rapidapi.settings(
        amqp_url=amqp_url,
        worker_queue_prefix=queue_prefix,
        worker_retry_base_s=0.2,
        admin_whatsapp=ADMIN,
        redis_prefix=app_context.settings.redis_prefix,
    )


@pytest.fixture
def queue_app(app_context: AppContext, queue_settings, monkeypatch) -> AppContext:
    monkeypatch.setattr(app_context, "settings", queue_settings)
    return app_context


@pytest.fixture
async def worker(queue_app: AppContext) -> AsyncIterator[TaskWorker]:
    """A worker consuming in this process (same code as `cicero worker`), stopped after the test."""
    w = TaskWorker(queue_app)
    stop = asyncio.Event()
    task = asyncio.create_task(w.run(stop))
    await asyncio.wait_for(w.connected.wait(), timeout=10)
    yield w
    stop.set()
    await asyncio.wait_for(task, timeout=30)


async def dead_letters(amqp_url: str, prefix: str) -> list[tuple[dict[str, Any], bytes]]:
    """Every message in the test's dead-letter queue (headers, body), consumed."""
    conn = await aio_pika.connect(amqp_url)
    out: list[tuple[dict[str, Any], bytes]] = []
    try:
        channel = await conn.channel()
        queue = await channel.declare_queue(Topology(prefix).dead, durable=True)
        while (msg := await queue.get(no_ack=True, fail=False)) is not None:
            out.append((dict(msg.headers or {}), msg.body))
    finally:
        await conn.close()
    return out
