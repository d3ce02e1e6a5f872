"""JOB-110: the admin alert kinds carry what the catalogue says, as admins receive them through
the outbox (DLV-28). job_report: tests/ops/test_db_backup.py; digest: tests/jobs/test_incomplete_and_digest.py;
rate_limited and session_logged_out: tests/runtime; worker_dead_task and email_dead_letter: tests/workers."""

from __future__ import annotations

import asyncio
from datetime import datetime

from bot.outbox_sender import OutboxSender
from bot.transport.base import ErrorClass, SendError, SessionState
from bot.transport.memory import MemoryTransport
from bot.whatsapp import WhatsAppComponent
from core.app import AppContext
from core.fakes.rapidapi import FakeRapidApi
from core.jobs.runner import run_manual
from core.outbox import enqueue_text
from core.timefmt import jam
from core.timewindow import WIB, now_wib
from core.wa_sessions import load_session_config
from tests.jobs.test_fetch_sosmed import CONFIG, polres  # noqa: F401 - fixture
from tests.reports.seed import Seed
from tests.runtime.conftest import ADMIN, PERSON, execute, runtime_settings, sample, wa  # noqa: F401 - fixtures


async def alerts(db) -> list[str]:
    return [
        r["body"]
        for r in await execute(db, "SELECT body FROM wa_outbox WHERE origin = 'alert' ORDER BY outbox_id")
    ]


async def test_session_down_names_since_when_and_last_reason_job110(db, redis) -> None:
    settings = runtime_settings(wa_down_alert_after_s=0)
    app = AppContext(settings=settings, db=db, redis=redis)
    transport = MemoryTransport("main")
    component = WhatsAppComponent(app, load_session_config(settings, environ={}), [transport], pacing=False)
    transport.state = SessionState.DISCONNECTED
    before = jam(now_wib())
    await component.on_state(transport, SessionState.DISCONNECTED, "network: connection reset by peer")
    for _ in range(100):
        if await alerts(db):
            break
        await asyncio.sleep(0.02)
    (text,) = await alerts(db)
    assert "Sesi WhatsApp *main*" in text and f"terputus sejak {before} WIB" in text
    assert "alasan terakhir: network: connection reset by peer" in text


async def test_internal_error_carries_reference_and_error_summary_job110(wa) -> None:  # noqa: F811
    await wa.texts(PERSON, "sampelmenu")
    sent = await wa.send(PERSON, "4")  # the sample step raises RuntimeError("sample failure")
    ref = next(s for s in sent if s.to == f"{PERSON}@s.whatsapp.net").text.split("ref: ")[1][:8]
    (alert,) = [s.text for s in sent if s.to == f"{ADMIN}@s.whatsapp.net"]
    assert f"ref: {ref}" in alert and "RuntimeError: sample failure" in alert


async def test_dead_letter_alert_counts_and_breaks_down_dlv16_job110(db, redis) -> None:
    settings = runtime_settings()
    transport = MemoryTransport("main")
    sender = OutboxSender(db=db, redis=redis, settings=settings, transport=transport, pacing=False)
    async with db.uow() as uow:
        (earlier,) = await enqueue_text(
            uow, "6281234560002", "rekap", origin="job:link_recap", idempotency_key="dl1", client_id="POLRES_B",
            settings=settings,
        )  # fmt: skip
        await uow.execute(
            "UPDATE wa_outbox SET status = 'dead_letter', last_error = 'timeout' WHERE outbox_id = :i",
            {"i": earlier},
        )
        (now_dead,) = await enqueue_text(
            uow, PERSON, "laporan", origin="job:engagement_recap", idempotency_key="dl2", client_id="POLRES_A",
            settings=settings,
        )  # fmt: skip
        await uow.commit()
    transport.fail_next(SendError(ErrorClass.PERMANENT, "not on whatsapp"))
    await sender.drain()
    (text,) = await alerts(db)
    lines = text.splitlines()
    assert lines[0] == "⚠️ *2 pesan WhatsApp gagal terkirim* (dead letter)"
    assert set(lines[2].removeprefix("Per asal: ").split(", ")) == {
        "job:link_recap 1",
        "job:engagement_recap 1",
    }
    assert set(lines[3].removeprefix("Per klien: ").split(", ")) == {"POLRES_A 1", "POLRES_B 1"}
    assert f"#{now_dead} → {PERSON}@s.whatsapp.net (POLRES_A)" in text and f"#{earlier} →" in text
    assert lines[-1].startswith("Gunakan *outbox#*")


async def test_task_sync_anomaly_names_client_platform_and_counts_job110(
    polres: FakeRapidApi,  # noqa: F811
    app_context: AppContext,
    monkeypatch,
) -> None:
    monkeypatch.setattr(
        app_context, "settings", app_context.settings.model_copy(update={"admin_whatsapp": ADMIN})
    )
    for i in range(2, 7):
        polres.instagram.add_post("polres_a", f"POST{i}", taken_at=datetime(2026, 11, 25, 7, i, tzinfo=WIB))
    nine = datetime(2026, 11, 25, 9, 0, tzinfo=WIB)
    await run_manual(app_context, "fetch_sosmed", CONFIG, slot=nine, now=nine, requested_by="t")
    # Five of the six task posts leave the task set at once (here: excluded in the database, the
    # only source of the task sets, ING-TASK-4 step 2) while the fetch itself succeeds.
    for i in range(2, 7):
        await Seed(app_context.db).exclusion("POLRES_A", "instagram", f"POST{i}")
    later = datetime(2026, 11, 25, 9, 30, tzinfo=WIB)
    outcome = await run_manual(app_context, "fetch_sosmed", CONFIG, slot=later, now=later, requested_by="t")
    assert outcome.summary.get("anomalies") == 1
    (text,) = await alerts(app_context.db)
    assert "POLRES_A" in text and "instagram" in text and "5 dari 6 konten" in text
