"""Bad tasks and tasks that keep failing end in `<prefix>.tasks.dead` with a reason (WRK-4, JOB-110).

Malformed payloads, unknown task types and tasks for deleted clients are dead-lettered at once;
a task whose dependency stays down is retried with a delay up to WORKER_MAX_ATTEMPTS, then
dead-lettered, its `job_task` row `failed` and the admins alerted (`worker_dead_task`). The
worker keeps consuming throughout.
"""

from __future__ import annotations

import json
from datetime import timedelta

import aio_pika

from core.app import AppContext
from core.jobs.runner import record_run
from core.tasks import kinds, store
from core.tasks.amqp import TaskPublisher, Topology
from core.tasks.message import TaskMessage, new_task_id
from core.tasks.worker import TaskWorker
from core.timewindow import record_now
from tests.workers import flaky_units
from tests.workers.conftest import dead_letters
from tests.workers.helpers import ADMIN, NOW, rows, seed_clients, wait_for


async def _publish(app: AppContext, kind: str, args: dict) -> TaskMessage:  # type: ignore[type-arg]
    run_id = await record_run(app, "fetch_sosmed", "manual", NOW, "running")
    msg = TaskMessage(
        task_id=new_task_id(),
        type=kind,
        job_key="fetch_sosmed",
        job_run_id=run_id,
        slot=NOW,
        now=NOW,
        deadline=record_now() + timedelta(minutes=5),
        args={**args, "key_prefix": f"manual:{run_id}:job:fetch_sosmed"},
    )
    async with app.db.uow() as uow:
        await store.insert_tasks(uow, [msg])
        await uow.commit()
    async with TaskPublisher(app.settings) as publisher:
        await publisher.publish(msg)
    return msg


async def _publish_raw(app: AppContext, body: bytes) -> None:
    conn = await aio_pika.connect(app.settings.amqp_url.get_secret_value())
    try:
        channel = await conn.channel()
        await channel.default_exchange.publish(
            aio_pika.Message(body, message_id="junk-1"), routing_key=Topology.of(app.settings).tasks
        )
    finally:
        await conn.close()


async def test_wrk4_bad_tasks_are_dead_lettered_with_a_reason_and_the_worker_keeps_running(
    db, redis, fake_rapidapi, queue_app: AppContext, worker: TaskWorker, amqp_url: str, queue_prefix: str
) -> None:
    ids = await seed_clients(db, fake_rapidapi, 1)
    await _publish_raw(queue_app, b"{not json")
    await _publish_raw(queue_app, json.dumps({"v": 1, "task_id": "x"}).encode())
    unknown = await _publish(queue_app, "report.nope", {"client_id": ids[0]})
    gone = await _publish(queue_app, "fetch.client", {"client_id": "POLRES_DIHAPUS"})
    good = await _publish(queue_app, "fetch.client", {"client_id": ids[0]})

    async def all_handled() -> bool:
        return worker.handled >= 5

    await wait_for(all_handled)
    dead = await dead_letters(amqp_url, queue_prefix)
    reasons = sorted(h["x-cicero-reason"] for h, _ in dead)
    assert reasons == [
        "Client ID POLRES_DIHAPUS tidak ditemukan atau tidak aktif",
        "body is not JSON",
        "task_id is not a UUID",
        "unknown task type 'report.nope'",
    ]
    by_id = {
        r["task_id"]: r for r in await rows(queue_app, "SELECT task_id::text, status, error FROM job_task")
    }
    assert (
        by_id[unknown.task_id]["status"] == "failed"
        and "unknown task type" in by_id[unknown.task_id]["error"]
    )
    assert by_id[gone.task_id]["status"] == "failed"
    assert by_id[good.task_id]["status"] == "succeeded"
    alerts = await rows(
        queue_app, "SELECT chat_id, body FROM wa_outbox WHERE origin = 'alert' ORDER BY outbox_id"
    )
    assert {a["chat_id"] for a in alerts} == {f"{ADMIN}@s.whatsapp.net"}
    assert any("report.nope" in a["body"] for a in alerts)
    assert any("POLRES_DIHAPUS" in a["body"] for a in alerts)


async def test_wrk4_transient_failure_is_retried_with_delay_then_dead_after_max_attempts(
    db, redis, queue_app: AppContext, worker: TaskWorker, amqp_url: str, queue_prefix: str, monkeypatch
) -> None:
    monkeypatch.setitem(kinds.UNITS, "test.flaky", "tests.workers.flaky_units:always_down")
    flaky_units.CALLS.clear()
    msg = await _publish(queue_app, "test.flaky", {"client_id": "POLRES_X"})

    async def failed() -> bool:
        return (await rows(queue_app, "SELECT status FROM job_task"))[0]["status"] == "failed"

    await wait_for(failed, within_s=30)
    assert len(flaky_units.CALLS) == queue_app.settings.worker_max_attempts == 3
    task = (await rows(queue_app, "SELECT attempts, error FROM job_task"))[0]
    assert task["attempts"] == 3 and "after 3 attempts" in task["error"]

    # WRK-4 delays: base x 3^(attempt-1), here 0.2 s then 0.6 s, through the retry queue's TTL.
    gaps = [b - a for a, b in zip(flaky_units.CALLS, flaky_units.CALLS[1:], strict=False)]
    assert gaps[0] >= 0.18 and gaps[1] >= 0.55, gaps
    dead: list[tuple[dict, bytes]] = []  # type: ignore[type-arg]

    async def dead_arrived() -> bool:
        dead.extend(await dead_letters(amqp_url, queue_prefix))
        return bool(dead)

    await wait_for(dead_arrived, every=0.2)
    assert len(dead) == 1
    headers, body = dead[0]
    assert json.loads(body)["attempt"] == 3 and json.loads(body)["task_id"] == msg.task_id
    assert "ConnectionError" in headers["x-cicero-reason"]
    alerts = await rows(queue_app, "SELECT body FROM wa_outbox WHERE origin = 'alert'")
    assert len(alerts) == 1 and "test.flaky" in alerts[0]["body"] and "POLRES_X" in alerts[0]["body"]
