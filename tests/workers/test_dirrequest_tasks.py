"""Heavy dirrequest options on queue workers (DIR-0.12, WRK-1, WRK-3, WRK-4, WRK-6).

The operator types into a real router with AMQP_URL set; a `cicero worker` subprocess builds the
option and queues its replies for the operator's chat, and the bot re-sends the main menu after
them. A redelivered task (its worker died after the outbox commit, before the ack) sends nothing
twice; a task for a client that is no longer active is dead-lettered with the reason.
"""

from __future__ import annotations

import os
import signal
from datetime import datetime

import pytest

from bot.router import Router
from core.actions import ondemand
from core.actions.ondemand import OptionRequest
from core.app import AppContext
from core.config import Settings
from core.jobs.catalogue import CATALOGUE, UnknownJob, get_job, job_config, run_spec
from core.jobs.context import JobContext
from core.jobs.runner import record_run
from core.tasks import dispatch, store
from core.tasks.amqp import TaskPublisher
from core.tasks.execute import execute_task
from core.tasks.kinds import REPORT_BUILD
from core.tasks.message import BadTask
from core.tasks.worker import TaskWorker
from core.timewindow import WIB
from core.wa_sessions import load_session_config
from menus.framework.registry import load_menus
from tests.dirrequest.conftest import Chat, add_client, add_user
from tests.dirrequest.test_report_options import seed_today_posts
from tests.workers.conftest import dead_letters
from tests.workers.helpers import ADMIN, NOW, rows, start_worker, stop_worker, wait_for, worker_env

OPERATOR_JID = f"{ADMIN}@s.whatsapp.net"


async def _seed(db) -> None:  # type: ignore[no-untyped-def]
    await add_client(db, "DITLANTAS", "Direktorat Lalu Lintas", client_insta="ditlantas.jatim")
    await add_client(db, "DITSAMAPTA", "Direktorat Samapta", client_insta="ditsamapta.jatim")
    await add_client(db, "DITPOLAIRUD", "Direktorat Polairud", client_status=False)
    await add_client(db, "POLRES_A", "Polres Alpha", client_type="org")
    await add_user(db, "1001", "DITSAMAPTA", "ditsamapta", insta="anggota.satu", tiktok="anggota_satu")
    await seed_today_posts(db)


def _request(client_id: str = "DITSAMAPTA", message_id: str = "T000009", number: int = 19) -> OptionRequest:
    return OptionRequest(
        number=number,
        client_id=client_id,
        chat_id=OPERATOR_JID,
        session="main",
        idempotency_base=f"reply:main:{message_id}:a{number}",
        requested_by=f"admin:{ADMIN}",
    )


async def _publish_option(app: AppContext, req: OptionRequest):  # type: ignore[no-untyped-def]
    """What `run_on_worker` does before it waits: the run row, the task row, the message."""
    run_id = await record_run(app, "dirreq_action", "manual", NOW, "running", requested_by=req.requested_by)
    ctx = JobContext(
        key="dirreq_action",
        run_id=run_id,
        trigger="manual",
        slot=NOW,
        now=NOW,
        app=app,
        config=job_config("dirreq_action"),
        client_ids=[req.client_id],
        idempotency_prefix=req.idempotency_base,
    )
    [msg] = dispatch.build_messages(ctx, REPORT_BUILD, [req.task_args()])
    async with app.db.uow() as uow:
        await store.insert_tasks(uow, [msg])
        await uow.commit()
    return msg


async def _outbox(app: AppContext) -> list[dict]:
    return await rows(
        app,
        "SELECT outbox_id, kind, body, idempotency_key, created_at FROM wa_outbox WHERE chat_id = :c"
        " ORDER BY outbox_id",
        c=OPERATOR_JID,
    )


async def test_dir_0_12_heavy_option_runs_on_a_worker_process_and_the_menu_follows(
    db, redis, fake_rapidapi, queue_app: AppContext, cli_env, monkeypatch
) -> None:
    await _seed(db)
    settings = queue_app.settings.model_copy(update={"wa_inbound_max_age_s": 10**9})
    load_menus()
    chat = Chat(
        Router(settings=settings, db=db, redis=redis, config=load_session_config(settings, environ={})), db
    )

    async def not_here(*_args: object, **_kw: object) -> None:
        raise AssertionError("the option ran in the bot process, not on the worker")

    monkeypatch.setattr(dispatch, "run_inline", not_here)
    proc = await start_worker(worker_env(cli_env, fake_rapidapi, settings))
    try:
        await chat.send(ADMIN, "dirrequest")
        await chat.send(ADMIN, "2")  # DITSAMAPTA
        reply = await chat.send(ADMIN, "19")
    finally:
        assert await stop_worker(proc) == 0
    assert [m.kind for m in reply.messages] == ["text", "document", "text", "text"]
    assert reply.texts[0] == "⏳ Data sedang disiapkan, mohon tunggu..."
    assert reply.documents[0].file_name.startswith("Rekap_Engagement_Instagram_")
    assert reply.texts[1] == "✅ File Excel dikirim."
    assert "*MENU DIRREQUEST*" in reply.texts[-1]
    assert {m.chat_id for m in reply.messages} == {OPERATOR_JID}
    [run] = await rows(queue_app, "SELECT run_id, trigger, status, requested_by FROM job_run")
    assert run["trigger"] == "manual" and run["status"] == "succeeded" and ADMIN in run["requested_by"]
    [task] = await rows(queue_app, "SELECT type, args, status, attempts, created_at FROM job_task")
    assert (task["type"], task["status"], task["attempts"]) == ("report.build", "succeeded", 1)
    assert task["args"]["report"] == "dirreq_action" and task["args"]["context"]["action"] == 19
    assert task["args"]["recipients"] == [OPERATOR_JID]
    sent = await _outbox(queue_app)
    hourglass = next(r for r in sent if r["body"] == reply.texts[0])
    # The operator was answered before the task existed; the worker's rows carry the inbound's keys.
    assert hourglass["created_at"] <= task["created_at"]
    base = task["args"]["key_prefix"]
    assert base.startswith("reply:main:") and base.endswith(":a19")
    worker_rows = [r["idempotency_key"] for r in sent if r["idempotency_key"].startswith(base)]
    assert worker_rows == [f"{base}:{OPERATOR_JID}:0:1", f"{base}:{OPERATOR_JID}:1:1"]  # output, part


async def test_wrk4_redelivered_option_task_sends_nothing_twice(
    db, redis, fake_rapidapi, queue_app: AppContext, cli_env
) -> None:
    await _seed(db)
    msg = await _publish_option(queue_app, _request())
    # The first worker built the option and committed its outbox rows, then died before its ack:
    # the row is still `running` and RabbitMQ hands the message to the next worker.
    assert (await execute_task(queue_app, msg, max_attempts=3)).kind == "succeeded"
    first = await _outbox(queue_app)
    assert [r["kind"] for r in first] == ["document", "text"]
    async with queue_app.db.uow() as uow:
        await uow.execute(
            "UPDATE job_task SET status = 'running', finished_at = NULL WHERE task_id = CAST(:t AS uuid)",
            {"t": msg.task_id},
        )
        await uow.commit()
    async with TaskPublisher(queue_app.settings) as publisher:
        await publisher.publish(msg)
    proc = await start_worker(worker_env(cli_env, fake_rapidapi, queue_app.settings))
    try:

        async def done() -> bool:
            return not await store.open_count(queue_app.db, [msg.task_id])

        await wait_for(done, within_s=60)
    finally:
        assert await stop_worker(proc) == 0
    [task] = await rows(queue_app, "SELECT status, attempts FROM job_task")
    assert task == {"status": "succeeded", "attempts": 2}  # it really ran again
    again = await _outbox(queue_app)
    assert [r["outbox_id"] for r in again] == [r["outbox_id"] for r in first]  # one message each


async def test_wrk4_kill_9_mid_option_12_fetch_redelivers_and_answers_once(
    db, redis, fake_rapidapi, queue_app: AppContext, cli_env
) -> None:
    await _seed(db)
    async with db.uow() as uow:
        await uow.execute("UPDATE clients SET client_insta_status = TRUE WHERE client_id = 'DITSAMAPTA'")
        await uow.commit()
    fake_rapidapi.instagram.add_post(
        "ditsamapta.jatim", "DitPost001", taken_at=datetime(2026, 11, 25, 7, 0, tzinfo=WIB)
    )
    fake_rapidapi.instagram.set_likers("DitPost001", ["anggota.satu"])
    fake_rapidapi.faults.latency_s = 0.8
    msg = await _publish_option(queue_app, _request(number=12))
    env = worker_env(cli_env, fake_rapidapi, queue_app.settings, WORKER_CONCURRENCY="1")
    first = await start_worker(env)
    async with TaskPublisher(queue_app.settings) as publisher:
        await publisher.publish(msg)

    async def fetching() -> bool:
        running = await rows(queue_app, "SELECT 1 FROM job_task WHERE status = 'running'")
        return bool(running) and bool(fake_rapidapi.requests)

    try:
        await wait_for(fetching, within_s=60)
        os.kill(first.pid, signal.SIGKILL)  # mid fetch: holding the client fetch lock, nothing queued yet
        assert await first.wait() == -signal.SIGKILL
        assert await _outbox(queue_app) == []
        second = await start_worker(env)
        try:

            async def done() -> bool:
                return not await store.open_count(queue_app.db, [msg.task_id])

            await wait_for(done, within_s=90)
        finally:
            assert await stop_worker(second) == 0
    finally:
        if first.returncode is None:
            first.kill()
            await first.wait()
    [task] = await rows(queue_app, "SELECT status, attempts FROM job_task")
    assert task == {"status": "succeeded", "attempts": 2}
    # The redelivery took over the dead worker's client lock (no "sedang berjalan" reply) and the
    # operator got the option's one answer.
    [answer] = await _outbox(queue_app)
    assert answer["idempotency_key"] == f"reply:main:T000009:a12:{OPERATOR_JID}:0:1"
    assert "sedang berjalan" not in answer["body"] and "DitPost001" in answer["body"], answer["body"]


@pytest.mark.parametrize("client_id", ["DITPOLAIRUD", "POLRES_DIHAPUS"])
async def test_wrk4_option_task_for_a_client_no_longer_active_is_dead_lettered(
    db, redis, queue_app: AppContext, worker: TaskWorker, amqp_url: str, queue_prefix: str, client_id: str
) -> None:
    await _seed(db)
    msg = await _publish_option(queue_app, _request(client_id))
    async with TaskPublisher(queue_app.settings) as publisher:
        await publisher.publish(msg)

    async def handled() -> bool:
        return worker.handled >= 1

    await wait_for(handled)
    [(headers, _body)] = await dead_letters(amqp_url, queue_prefix)
    reason = f"❌ Client {client_id} tidak ditemukan atau bukan Direktorat aktif."
    assert headers["x-cicero-reason"] == reason
    [task] = await rows(queue_app, "SELECT status, error FROM job_task")
    assert task == {"status": "failed", "error": reason}
    # Nothing of the option; the operator here is also the admin, who gets the JOB-110 alert.
    [alert] = await _outbox(queue_app)
    assert alert["idempotency_key"].startswith(f"alert:worker_dead_task:report.build:{client_id}:")
    assert reason in alert["body"]


def test_dirreq_action_is_a_run_key_not_a_job() -> None:
    """Its runs are recorded like a job's, but nothing schedules, lists or starts it by hand."""
    assert run_spec("dirreq_action").max_minutes(Settings()) == 10
    assert "dirreq_action" not in {spec.key for spec in CATALOGUE}
    with pytest.raises(UnknownJob):
        get_job("dirreq_action")


async def test_jobs_110_a_dead_lettered_option_alerts_the_admins_once(
    db, redis, queue_app: AppContext, worker: TaskWorker, amqp_url: str, queue_prefix: str, monkeypatch
) -> None:
    """The option's task fails permanently on the worker (the refusal DIR-70.3 gives for a client
    switched off meanwhile): the worker dead-letters it and sends `worker_dead_task`; the operator
    gets the apology with a reference, and the bot sends no second (`internal_error`) alert."""
    await _seed(db)
    settings = queue_app.settings.model_copy(update={"wa_inbound_max_age_s": 10**9})
    load_menus()
    chat = Chat(
        Router(settings=settings, db=db, redis=redis, config=load_session_config(settings, environ={})), db
    )
    reason = "❌ Client DITSAMAPTA tidak ditemukan atau bukan Direktorat aktif."

    async def refused(*_args: object, **_kw: object) -> None:
        raise BadTask(reason)

    monkeypatch.setattr(ondemand, "deliver_option", refused)  # what the worker's unit calls
    await chat.send(ADMIN, "dirrequest")
    await chat.send(ADMIN, "2")  # DITSAMAPTA
    reply = await chat.send(ADMIN, "19")
    assert any("ref:" in t for t in reply.texts), reply.texts
    [(headers, _body)] = await dead_letters(amqp_url, queue_prefix)
    assert headers["x-cicero-reason"] == reason
    alerts = [
        m["idempotency_key"] for m in await _outbox(queue_app) if m["idempotency_key"].startswith("alert:")
    ]
    assert len(alerts) == 1 and alerts[0].startswith("alert:worker_dead_task:"), alerts
