"""`cicero outbox …` and `cicero health` as an operator runs them (JOB-111, DLV-17, JOB-105).

Each command runs as a subprocess against this run's database (the run's environment, which pins
CICERO_NOW); what it prints and its exit code are what the operator sees.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

from bot.session_state import record_state
from bot.transport.base import SessionState
from core.outbox import enqueue_text

PERSON = "6281233330001"


async def cicero(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def put(db, key: str, status: str, error: str | None = None) -> int:
    async with db.uow() as uow:
        (row_id,) = await enqueue_text(uow, PERSON, f"pesan {key}", origin="system", idempotency_key=key)
        # Rows reach these states through the sender (tests/runtime); here they are the starting point.
        await uow.execute(
            "UPDATE wa_outbox SET status = :s, last_error = :e, attempt_count = 5 WHERE outbox_id = :i",
            {"s": status, "e": error, "i": row_id},
        )
        await uow.commit()
    return row_id


async def row(db, row_id: int) -> dict:
    async with db.uow() as uow:
        r = await uow.execute(
            "SELECT status, attempt_count, idempotency_key FROM wa_outbox WHERE outbox_id = :i", {"i": row_id}
        )
        return dict(r.mappings().one())


async def test_status_lists_counts_and_recent_dead_letters_job111(db, cli_env):
    await put(db, "a", "pending")
    dead = await put(db, "b", "dead_letter", "not on WhatsApp")
    res = await cicero(cli_env, "outbox", "status")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert "dead_letter\t1" in lines and "pending\t1" in lines
    assert any(
        line.startswith(f"#{dead}\t{PERSON}@s.whatsapp.net") and "not on WhatsApp" in line for line in lines
    )


async def test_retry_one_dead_letter_keeps_its_key_dlv17(db, cli_env):
    dead = await put(db, "c", "dead_letter", "timeout")
    res = await cicero(cli_env, "outbox", "retry", str(dead))
    assert res.returncode == 0, res.stderr
    assert f"#{dead} re-queued" in res.stdout
    after = await row(db, dead)
    assert after["status"] == "pending" and after["attempt_count"] == 0 and after["idempotency_key"] == "c:1"


async def test_retry_refuses_a_row_that_is_not_dead_and_changes_nothing(db, cli_env):
    sent = await put(db, "d", "sent")
    res = await cicero(cli_env, "outbox", "retry", str(sent))
    assert res.returncode == 1 and f"#{sent}" in res.stderr and "nothing changed" in res.stderr
    assert (await row(db, sent))["status"] == "sent"
    res = await cicero(cli_env, "outbox", "retry", "999999")
    assert res.returncode == 1


async def test_retry_dead_since_takes_only_recent_dead_letters(db, cli_env):
    recent = await put(db, "e", "dead_letter", "x")
    old = await put(db, "f", "dead_letter", "y")
    async with db.uow() as uow:  # dead for three days (record clock: updated_at is DB-stamped)
        await uow.execute(
            "UPDATE wa_outbox SET updated_at = now() - interval '72 hours' WHERE outbox_id = :i", {"i": old}
        )
        await uow.commit()
    res = await cicero(cli_env, "outbox", "retry", "--dead-since", "24")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("1 dead letter(s)")
    assert (await row(db, recent))["status"] == "pending" and (await row(db, old))["status"] == "dead_letter"


async def test_cancel_pending_and_refuse_sent(db, cli_env):
    pending = await put(db, "g", "pending")
    res = await cicero(cli_env, "outbox", "cancel", str(pending))
    assert res.returncode == 0 and f"#{pending} canceled" in res.stdout
    assert (await row(db, pending))["status"] == "canceled"
    res = await cicero(cli_env, "outbox", "cancel", str(pending))
    assert res.returncode == 1 and "pending or retrying" in res.stderr


async def test_bad_arguments_are_usage_errors(db, cli_env):
    for args in (
        ("retry",),
        ("retry", "abc"),
        ("retry", "0"),
        ("retry", "5", "--dead-since", "2"),
        ("cancel",),
    ):
        res = await cicero(cli_env, "outbox", *args)
        assert res.returncode == 2, args
        assert "Traceback" not in res.stderr
    res = await cicero(cli_env, "outbox", "--help")
    assert res.returncode == 0 and "retry" in res.stdout and "cancel" in res.stdout


async def test_health_exit_codes_follow_the_status_job105_job111(db, cli_env):
    # The one configured session ("main") has never reported: nothing is ready -> down.
    res = await cicero(cli_env, "health")
    report = json.loads(res.stdout)
    assert res.returncode == 2 and report["status"] == "down"
    await record_state(db, "main", SessionState.READY)
    res = await cicero(cli_env, "health")
    report = json.loads(res.stdout)
    assert (res.returncode, report["status"]) == (0, "ok"), report
    assert report["checks"]["whatsapp"] == [{"session": "main", "state": "ready", "ready": True}]
    await put(db, "h", "dead_letter", "boom")  # a dead letter within the hour -> degraded
    res = await cicero(cli_env, "health")
    assert (res.returncode, json.loads(res.stdout)["status"]) == (1, "degraded")
    assert json.loads(res.stdout)["checks"]["outbox"]["dead_letter_24h"] == 1
