"""Fetch runs on RabbitMQ workers (WRK-1..WRK-5, WRK-7): publish → consume → tables filled.

Real RabbitMQ (private queue names per test), real PostgreSQL and Redis, the fake RapidAPI.
"""

from __future__ import annotations

import logging
from datetime import datetime

from pydantic import SecretStr

from core.app import AppContext
from core.jobs.catalogue import job_config
from core.jobs.runner import run_manual
from core.tasks.amqp import queue_depths
from core.tasks.worker import TaskWorker
from core.timewindow import WIB
from tests.reports.seed import Seed, wib
from tests.workers.helpers import GROUP, NOW, rows, seed_clients


async def test_wrk3_fetch_run_publishes_one_task_per_client_and_workers_fill_the_tables(
    db, redis, fake_rapidapi, queue_app: AppContext, worker: TaskWorker
) -> None:
    ids = await seed_clients(db, fake_rapidapi, 3)

    outcome = await run_manual(
        queue_app, "fetch_sosmed", job_config("fetch_sosmed"), requested_by="test", now=NOW, slot=NOW
    )

    assert outcome.status == "succeeded", outcome.summary
    assert outcome.summary["clients_total"] == 3 and outcome.summary["clients_processed"] == 3
    tasks = await rows(
        queue_app, "SELECT type, args, status, attempts FROM job_task ORDER BY args->>'client_id'"
    )
    assert [(t["type"], t["args"]["client_id"], t["status"], t["attempts"]) for t in tasks] == [
        ("fetch.client", cid, "succeeded", 1) for cid in ids
    ]
    assert worker.handled == 3
    posts = await rows(queue_app, "SELECT client_id, shortcode FROM insta_post ORDER BY client_id")
    assert [p["client_id"] for p in posts] == ids
    likes = await rows(queue_app, "SELECT shortcode, likes FROM insta_like ORDER BY shortcode")
    assert len(likes) == 3 and all("warga" in str(r["likes"]) for r in likes)
    # WRK-6: the worker wrote the task broadcast itself, with the in-process keys.
    sent = await rows(
        queue_app, "SELECT idempotency_key, client_id FROM wa_outbox WHERE origin = 'job:fetch_sosmed'"
    )
    assert sorted({r["client_id"] for r in sent}) == ids
    assert (
        sorted(
            r["idempotency_key"].split(":")[1] for r in sent if r["idempotency_key"].startswith("tasklist:")
        )
        == ids
    )
    assert (await queue_depths(queue_app.settings))[f"{queue_app.settings.worker_queue_prefix}.tasks"] == 0


async def test_wrk7_broker_down_runs_the_units_in_process_with_a_warning(
    db, redis, fake_rapidapi, queue_app: AppContext, monkeypatch, caplog
) -> None:
    ids = await seed_clients(db, fake_rapidapi, 2)
    down = queue_app.settings.model_copy(update={"amqp_url": SecretStr("amqp://guest:guest@127.0.0.1:1/")})
    monkeypatch.setattr(queue_app, "settings", down)
    caplog.set_level(logging.WARNING, logger="core.tasks.dispatch")

    outcome = await run_manual(
        queue_app, "fetch_sosmed", job_config("fetch_sosmed"), requested_by="test", now=NOW, slot=NOW
    )

    assert outcome.status == "succeeded", outcome.summary
    assert any(r.getMessage() == "task_publish_failed_running_inline" for r in caplog.records)
    tasks = await rows(queue_app, "SELECT status FROM job_task")
    assert [t["status"] for t in tasks] == ["succeeded", "succeeded"]
    posts = await rows(queue_app, "SELECT client_id FROM insta_post ORDER BY client_id")
    assert [p["client_id"] for p in posts] == ids


async def test_wrk1_without_amqp_the_same_units_run_inline(
    db, redis, fake_rapidapi, queue_app, monkeypatch
) -> None:
    await seed_clients(db, fake_rapidapi, 2)
    monkeypatch.setattr(queue_app, "settings", queue_app.settings.model_copy(update={"amqp_url": None}))

    outcome = await run_manual(
        queue_app, "fetch_sosmed", job_config("fetch_sosmed"), requested_by="test", now=NOW, slot=NOW
    )

    assert outcome.status == "succeeded" and outcome.summary["clients_processed"] == 2
    assert [t["status"] for t in await rows(queue_app, "SELECT status FROM job_task")] == ["succeeded"] * 2


async def test_wrk3_scheduled_recap_runs_as_report_build_tasks_on_the_worker(
    db, redis, queue_app: AppContext, worker: TaskWorker
) -> None:
    seed = Seed(db)
    await seed.client("POLRES_A", "POLRES A")
    await seed.client("POLRES_B", "POLRES B")  # no tasks today
    async with queue_app.db.uow() as uow:
        await uow.execute(
            "UPDATE clients SET client_group = :g, client_operator = '6281200000001', client_amplify_status = TRUE",
            {"g": GROUP},
        )
        await uow.commit()
    await seed.user("1001", "POLRES_A", "ANDI", insta="andi")
    await seed.ig_post("AAA111", "POLRES_A", wib(2026, 11, 25, 8), likes=["andi", "warga"])
    at = datetime(2026, 11, 25, 15, 20, tzinfo=WIB)

    outcome = await run_manual(
        queue_app, "engagement_recap", job_config("engagement_recap"), slot=at, now=at, requested_by="t"
    )

    assert outcome.status == "succeeded", outcome.summary
    assert outcome.summary["ig_sent"] == 1 and outcome.summary["no_tasks"] == 1
    tasks = await rows(queue_app, "SELECT type, args->>'report' AS report, status FROM job_task")
    assert [(t["type"], t["report"], t["status"]) for t in tasks] == [
        ("report.build", "engagement_recap", "succeeded")
    ] * 2
    sent = await rows(
        queue_app,
        "SELECT chat_id, body FROM wa_outbox WHERE origin = 'job:engagement_recap' ORDER BY outbox_id",
    )
    assert [s["chat_id"] for s in sent] == [GROUP, "6281200000001@s.whatsapp.net"]
    assert all("Rekap Akumulasi Likes Instagram" in s["body"] for s in sent)
    assert worker.handled == 2
