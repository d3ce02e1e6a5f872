"""JOB-40 `dirreq_ditsamapta_incomplete` and JOB-44 `admin_daily_digest`, run as the scheduler
would (run_manual with a fixed slot) and read back from the outbox as admins would receive them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from bot.session_state import record_state
from bot.transport.base import SessionState
from core.app import AppContext
from core.jobs.catalogue import job_config
from core.jobs.runner import record_run, run_manual
from core.outbox import enqueue_text
from core.timewindow import WIB
from tests.clock import clock_at
from tests.reports.seed import Seed

ADMIN = "6281299990001"
SUPER = "6281299990002"
OPERATOR = "6281299990003"
MORNING = datetime(2026, 11, 25, 6, 15, tzinfo=WIB)
EVENING = datetime(2026, 11, 25, 22, 45, tzinfo=WIB)


@pytest.fixture
def app(app_context: AppContext) -> AppContext:
    settings = app_context.settings.model_copy(update={"admin_whatsapp": ADMIN})
    return AppContext(settings=settings, db=app_context.db, redis=app_context.redis)


async def bodies(app: AppContext, origin: str) -> list[tuple[str, str]]:
    async with app.db.uow() as uow:
        rows = await uow.execute(
            "SELECT chat_id, body FROM wa_outbox WHERE origin = :o ORDER BY outbox_id", {"o": origin}
        )
        return [(r[0].split("@")[0], r[1]) for r in rows]


@pytest.fixture
async def ditsamapta(db) -> Seed:
    seed = Seed(db)
    await seed.client("DITSAMAPTA", "DIREKTORAT SAMAPTA", "direktorat")
    async with db.uow() as uow:
        await uow.execute(
            "UPDATE clients SET client_super = :s, client_operator = :o, client_group = '120363000000000777@g.us'"
            " WHERE client_id = 'DITSAMAPTA'",
            {"s": SUPER, "o": OPERATOR},
        )
        await uow.commit()
    r = ("ditsamapta",)
    await seed.user(
        "50", "DITSAMAPTA", "LENGKAP", divisi="BAG OPS", insta="lengkap", tiktok="lengkap", roles=r
    )
    await seed.user("51", "DITSAMAPTA", "TANPA TT", title="BRIPDA", divisi="SUBDIT", insta="tanpa", roles=r)
    return seed


async def test_incomplete_personnel_go_to_admins_super_and_operator_not_the_group_job40(
    ditsamapta, app
) -> None:
    outcome = await run_manual(
        app, "dirreq_ditsamapta_incomplete", job_config("dirreq_ditsamapta_incomplete"), slot=MORNING,
        now=MORNING, requested_by="test",
    )  # fmt: skip
    assert outcome.status == "succeeded", outcome.summary
    rows = await bodies(app, "job:dirreq_ditsamapta_incomplete")
    assert [chat for chat, _ in rows] == [OPERATOR, SUPER, ADMIN]  # JOB-13 order, no group
    text = rows[0][1]
    assert text.startswith("📋 *Rekap Data Personil Belum Lengkap - DIREKTORAT SAMAPTA*")
    assert "*SUBDIT* (1)\nBRIPDA TANPA TT, TikTok kosong" in text and "LENGKAP" not in text.split("\n", 1)[1]


async def test_nobody_incomplete_sends_nothing_and_missing_target_is_not_applicable_job40(db, app) -> None:
    outcome = await run_manual(
        app, "dirreq_ditsamapta_incomplete", job_config("dirreq_ditsamapta_incomplete"), slot=MORNING,
        now=MORNING, requested_by="test",
    )  # fmt: skip
    assert outcome.status == "skipped_not_applicable" and "DITSAMAPTA" in outcome.summary["reason"]
    seed = Seed(db)
    await seed.client("DITSAMAPTA", "DIREKTORAT SAMAPTA", "direktorat")
    await seed.user("50", "DITSAMAPTA", "LENGKAP", insta="a", tiktok="b", roles=("ditsamapta",))
    env = {"JOB_DIRREQ_DITSAMAPTA_INCOMPLETE_EXTRA_RECIPIENTS": SUPER}
    outcome = await run_manual(
        app, "dirreq_ditsamapta_incomplete", job_config("dirreq_ditsamapta_incomplete", env=env), slot=MORNING,
        now=MORNING, requested_by="test",
    )  # fmt: skip
    assert outcome.status == "succeeded" and outcome.summary.get("empty") == 1
    assert await bodies(app, "job:dirreq_ditsamapta_incomplete") == []


@pytest.fixture
def evening_clock() -> Iterator[None]:
    # The digest maps its day onto the record clock of the outbox stamps: the run's clock is that day.
    with clock_at(EVENING):
        yield


@pytest.mark.usefixtures("evening_clock")
async def test_digest_tells_admins_the_day_job44(db, app) -> None:
    seed = Seed(db)
    await seed.client("POLRES_A", "POLRES A")  # no client_group at all
    await seed.client("POLRES_B", "POLRES B")
    async with db.uow() as uow:
        await uow.execute(
            "UPDATE clients SET client_group = '120363000000000888@g.us' WHERE client_id = 'POLRES_B'"
        )
        sent = await enqueue_text(uow, "6281211112222", "a", origin="system", idempotency_key="d1")
        dead = await enqueue_text(
            uow, "120363000000000888@g.us", "b", origin="job:link_recap", idempotency_key="d2"
        )
        await uow.execute("UPDATE wa_outbox SET status = 'sent' WHERE outbox_id = ANY(:i)", {"i": sent})
        # whatsmeow's ErrNotInGroup as SendMessage reports it (errors.go, send.go)
        await uow.execute(
            "UPDATE wa_outbox SET status = 'dead_letter', last_error = :e WHERE outbox_id = ANY(:i)",
            {
                "i": dead,
                "e": "transient: failed to get group members: you're not participating in that group",
            },
        )
        await uow.commit()
    await record_state(db, "main", SessionState.DISCONNECTED, reason="network")
    invalid = [
        {"client_id": "POLRES_A", "field": "client_operator", "value": "0812***", "reason": "bad_length"}
    ]
    for status, hour in (("succeeded", 15), ("partial", 18), ("failed", 21)):
        await record_run(
            app, "link_recap", "schedule", datetime(2026, 11, 25, hour, 5, tzinfo=WIB), status,
            summary={"invalid_recipients": invalid},
        )  # fmt: skip
    await record_run(app, "link_recap", "schedule", datetime(2026, 11, 24, 15, 5, tzinfo=WIB), "failed")
    outcome = await run_manual(
        app,
        "admin_daily_digest",
        job_config("admin_daily_digest"),
        slot=EVENING,
        now=EVENING,
        requested_by="t",
    )
    assert outcome.status == "succeeded", outcome.summary
    ((chat, text),) = await bodies(app, "alert")
    assert chat == ADMIN
    assert text.startswith("📊 *Ringkasan Harian Admin* – Rabu, 25 November 2026")
    assert "• link_recap: 3 run, 2 gagal/sebagian · terakhir failed" in text  # yesterday's run not counted
    assert "*Outbox hari ini*: terkirim 1 · dead letter 1 · kedaluwarsa 0" in text
    assert "• main: disconnected, terputus" in text
    assert "*Klien tanpa grup WhatsApp valid* (1)\n• POLRES_A" in text
    assert "*Grup yang tidak diikuti nomor broadcast* (1)\n• 120363000000000888@g.us" in text
    assert "• POLRES_A client_operator: 0812*** (bad_length)" in text
    # A replay of the slot (`--slot`, JOB-11) has the scheduled run's keys: no second digest.
    again = await run_manual(
        app,
        "admin_daily_digest",
        job_config("admin_daily_digest"),
        slot=EVENING,
        now=EVENING,
        requested_by="t",
    )
    assert again.status == "succeeded" and len(await bodies(app, "alert")) == 1
