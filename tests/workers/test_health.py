"""Health shows the broker and the queue depths (issue 20 item 3; JOB-105, WRK-2)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import SecretStr

from core.app import AppContext
from core.health import health_report
from core.jobs.runner import record_run
from core.tasks import store
from core.tasks.amqp import TaskPublisher
from core.tasks.message import TaskMessage, new_task_id
from core.timewindow import record_now
from tests.workers.helpers import NOW


async def test_health_reports_queue_depths_and_a_broker_outage_as_degraded(
    db, redis, queue_app: AppContext, monkeypatch
) -> None:
    run_id = await record_run(queue_app, "fetch_sosmed", "manual", NOW, "running")
    messages = [
        TaskMessage(new_task_id(), "fetch.client", "fetch_sosmed", run_id, NOW, NOW, record_now() + timedelta(minutes=5),
                    {"client_id": f"C{i}", "key_prefix": "p"})
        for i in range(2)
    ]  # fmt: skip
    async with queue_app.db.uow() as uow:
        await store.insert_tasks(uow, messages)
        await uow.commit()
    async with TaskPublisher(queue_app.settings) as publisher:
        for msg in messages:
            await publisher.publish(msg)  # no worker consumes in this test

    report = await health_report(queue_app, record_now(), "test", False)
    assert report["checks"]["queue"] == {"status": "ok", "tasks": 2, "retry": 0, "dead": 0}

    monkeypatch.setattr(
        queue_app,
        "settings",
        queue_app.settings.model_copy(update={"amqp_url": SecretStr("amqp://guest:guest@127.0.0.1:1/")}),
    )
    report = await health_report(queue_app, record_now(), "test", False)
    assert report["checks"]["queue"] == {"status": "down"}
    assert report["status"] in ("degraded", "down")
