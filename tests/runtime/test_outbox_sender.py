"""The outbox sender (DLV-8..DLV-16): claims, per-chat order, priority, retries, dead letters,
expiry, stale claims, two senders at once, and a kill -9 in the middle of draining."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from bot.outbox_sender import OutboxSender, backoff_seconds
from bot.transport.base import ErrorClass, SendError, SessionState
from bot.transport.memory import MemoryTransport
from core.outbox import PRIORITY_BULK, PRIORITY_REPLY, enqueue_document, enqueue_text
from tests.runtime.conftest import ADMIN, execute, runtime_settings

A = "6281211110001"
B = "6281211110002"
ROOT = Path(__file__).resolve().parents[2]


def make_sender(db, redis, name="main", **settings):
    transport = MemoryTransport(name)
    sender = OutboxSender(
        db=db, redis=redis, settings=runtime_settings(**settings), transport=transport, pacing=False
    )
    return sender, transport


async def put(db, chat, text, key, **kw):
    async with db.uow() as uow:
        ids = await enqueue_text(
            uow, chat, text, origin=kw.pop("origin", "system"), idempotency_key=key, **kw
        )
        await uow.commit()
    return ids[0]


async def status(db, outbox_id):
    rows = await execute(db, "SELECT * FROM wa_outbox WHERE outbox_id = :i", i=outbox_id)
    return rows[0]


async def test_per_chat_order_and_priority_dlv9_dlv11(db, redis):
    sender, transport = make_sender(db, redis)
    await put(db, A, "a1 bulk", "k1", priority=PRIORITY_BULK)
    await put(db, B, "b1 bulk", "k2", priority=PRIORITY_BULK)
    await put(db, A, "a2 reply", "k3", priority=PRIORITY_REPLY)
    await put(db, B, "b2 reply", "k4", priority=PRIORITY_REPLY)
    await sender.drain()
    texts = [s.text for s in transport.sent]
    # a reply never overtakes an earlier message of the same chat, whatever its priority
    assert texts.index("a1 bulk") < texts.index("a2 reply") and texts.index("b1 bulk") < texts.index(
        "b2 reply"
    )
    assert len(texts) == 4


async def test_retry_blocks_later_rows_of_that_chat_only_dlv9_dlv13(db, redis):
    sender, transport = make_sender(db, redis)
    first = await put(db, A, "a1", "k1")
    await put(db, A, "a2", "k2")
    await put(db, B, "b1", "k3")
    transport.fail_next(SendError(ErrorClass.TRANSIENT, "timeout"))
    await sender.drain()
    assert [s.text for s in transport.sent] == ["b1"]
    row = await status(db, first)
    assert (
        row["status"] == "retrying"
        and row["attempt_count"] == 1
        and row["last_error"].startswith("transient")
    )
    delay = (row["next_attempt_at"] - row["last_attempt_at"]).total_seconds()
    assert 0.8 * 30 - 1 <= delay <= 1.2 * 30 + 1
    await execute(db, "UPDATE wa_outbox SET next_attempt_at = now() WHERE outbox_id = :i", i=first)
    await sender.drain()
    assert [s.text for s in transport.sent] == ["b1", "a1", "a2"]


def test_backoff_formula_dlv13():
    assert backoff_seconds(1, 30, 3600, lambda: 0.5) == 30
    assert backoff_seconds(3, 30, 3600, lambda: 0.5) == 120
    assert abs(backoff_seconds(20, 30, 3600, lambda: 1.0) - 3600 * 1.2) < 1e-6


async def test_attempts_used_up_become_dead_letter_with_one_admin_alert_dlv16(db, redis):
    sender, transport = make_sender(db, redis, outbox_max_attempts=2)
    row_id = await put(db, A, "x", "k1", client_id="POLRES_A", settings=sender.settings)
    transport.fail_next(*[SendError(ErrorClass.TRANSIENT, "boom")] * 2)
    await sender.drain()
    await execute(db, "UPDATE wa_outbox SET next_attempt_at = now() WHERE outbox_id = :i", i=row_id)
    await sender.drain()
    row = await status(db, row_id)
    assert row["status"] == "dead_letter" and row["attempt_count"] == 2
    alerts = [s for s in transport.sent if s.to == f"{ADMIN}@s.whatsapp.net"]
    assert len(alerts) == 1 and f"#{row_id}" in alerts[0].text and "outbox#" in alerts[0].text


async def test_permanent_error_dead_at_once_and_alert_dead_letters_do_not_alert(db, redis):
    sender, transport = make_sender(db, redis)
    alert_id = await put(db, ADMIN, "peringatan", "alert:x", origin="alert")
    transport.fail_next(SendError(ErrorClass.PERMANENT, "not on whatsapp"))
    await sender.drain()
    assert (await status(db, alert_id))["status"] == "dead_letter"
    assert transport.sent == []  # DLV-16: no alert about an alert


async def test_session_unavailable_does_not_count_an_attempt_dlv12(db, redis):
    sender, transport = make_sender(db, redis)
    row_id = await put(db, A, "x", "k1")
    transport.fail_next(SendError(ErrorClass.SESSION_UNAVAILABLE, "not connected"))
    await sender.drain()
    row = await status(db, row_id)
    assert row["status"] == "retrying" and row["attempt_count"] == 0


async def test_rate_limit_pauses_the_session_dlv12(db, redis):
    sender, transport = make_sender(db, redis)
    await put(db, A, "x", "k1")
    await put(db, B, "y", "k2")
    transport.fail_next(SendError(ErrorClass.RATE_LIMITED, "rate-overlimit"))
    await sender.drain()
    assert transport.sent == [] and sender._paused_until > 0
    alerts = await execute(db, "SELECT body FROM wa_outbox WHERE origin = 'alert'")
    assert len(alerts) == 1 and "dijeda" in alerts[0]["body"]  # waits with the paused session


async def test_not_ready_session_keeps_rows_waiting_dlv19(db, redis):
    sender, transport = make_sender(db, redis)
    row_id = await put(db, A, "x", "k1")
    transport.state = SessionState.DISCONNECTED
    assert await sender.drain() == 0
    assert (await status(db, row_id))["status"] == "pending"
    transport.state = SessionState.READY
    assert await sender.drain() == 1


async def test_expired_rows_are_never_sent_dlv15(db, redis):
    sender, transport = make_sender(db, redis)
    row_id = await put(db, A, "x", "k1")
    await execute(
        db, "UPDATE wa_outbox SET expires_at = now() - interval '1 minute' WHERE outbox_id = :i", i=row_id
    )
    await sender.drain()
    assert transport.sent == [] and (await status(db, row_id))["status"] == "expired"


async def test_stale_claim_released_keeping_attempts_dlv14(db, redis):
    sender, transport = make_sender(db, redis)
    row_id = await put(db, A, "x", "k1")
    await execute(
        db,
        "UPDATE wa_outbox SET status = 'processing', attempt_count = 1, claimed_at = now() - interval '10 minutes'"
        " WHERE outbox_id = :i",
        i=row_id,
    )
    assert await sender.release_stale() == 1
    await sender.drain()
    row = await status(db, row_id)
    assert row["status"] == "sent" and row["attempt_count"] == 2 and row["sent_session"] == "main"


async def test_documents_sent_with_bytes_name_and_type_dlv7(db, redis):
    sender, transport = make_sender(db, redis)
    async with db.uow() as uow:
        await enqueue_document(
            uow, A, b"a,b\n1,2\n", "rekap.csv", caption="Rekap", origin="job:t", idempotency_key="d1"
        )
        await uow.commit()
    await sender.drain()
    (doc,) = transport.sent
    assert (
        doc.is_document
        and doc.content == b"a,b\n1,2\n"
        and doc.mimetype == "text/csv"
        and doc.caption == "Rekap"
    )


async def test_two_senders_never_send_a_row_twice_skip_locked(db, redis):
    one, t1 = make_sender(db, redis)
    two, t2 = make_sender(db, redis)
    for i in range(40):
        await put(db, f"62812111{i:05d}", f"m{i}", f"k{i}")
    await asyncio.gather(one.drain(), two.drain())
    texts = [s.text for s in t1.sent + t2.sent]
    assert sorted(texts) == sorted(f"m{i}" for i in range(40))


async def test_kill_9_during_draining_loses_nothing(db, redis, tmp_path, test_database_url):
    for i in range(30):
        await put(db, A, f"pesan {i}", f"kill{i}")
    log_file = tmp_path / "sent.txt"
    env = {**os.environ, "DATABASE_URL": test_database_url, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(  # noqa: ASYNC220 - the child must be killable mid-run
        [sys.executable, str(Path(__file__).with_name("drain_worker.py")), str(log_file)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout.readline().strip() == b"ready"
    for _ in range(200):
        await asyncio.sleep(0.02)
        if log_file.exists() and len(log_file.read_text().splitlines()) >= 5:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = log_file.read_text().splitlines()
    assert 0 < len(before) < 30
    # a later sender (stale limit reached) finishes the job
    sender, transport = make_sender(db, redis, wa_outbox_processing_stale_seconds=0)
    await sender.release_stale()
    await sender.drain()
    delivered = before + [s.text for s in transport.sent]
    assert set(delivered) == {f"pesan {i}" for i in range(30)}
    assert len(delivered) - 30 <= 1  # at-least-once: at most the one row in flight repeats (DLV-14)
    rows = await execute(db, "SELECT count(*) AS n FROM wa_outbox WHERE status <> 'sent'")
    assert rows[0]["n"] == 0
    # and the chat's order held across the crash
    assert [int(t.split()[1]) for t in delivered] == sorted(int(t.split()[1]) for t in delivered)
