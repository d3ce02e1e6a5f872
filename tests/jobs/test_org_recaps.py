"""JOB-21..JOB-25 on hand-built data: recipients, content order, quiet hours, idempotent replays."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.app import AppContext
from core.jobs.catalogue import get_job
from core.jobs.config import load_job_config
from core.jobs.runner import run_manual
from core.timewindow import WIB, to_record_time
from tests.reports.seed import Seed, wib

GROUP = "120363000000000201@g.us"


def config(key: str):
    spec = get_job(key)
    return load_job_config(key, list(spec.default_cron), list(spec.default_recipients), [], env={})


@pytest.fixture
async def polres(db, app_context: AppContext) -> Seed:
    seed = Seed(db)
    await seed.client("POLRES_A", "POLRES A")
    await seed.client("POLRES_B", "POLRES B")  # no tasks today
    async with app_context.db.uow() as uow:
        await uow.execute(
            "UPDATE clients SET client_group = :g, client_operator = '081200000001, 6281200000002',"
            " client_super = '6281200000003', client_amplify_status = TRUE",
            {"g": GROUP},
        )
        await uow.commit()
    await seed.user("1001", "POLRES_A", "ANDI", insta="andi")
    await seed.user("1002", "POLRES_A", "BUDI", insta="budi")
    await seed.ig_post("AAA111", "POLRES_A", wib(2026, 11, 25, 8), likes=["andi", "warga"])
    return seed


async def outbox(ctx: AppContext) -> list[tuple[str, str]]:
    async with ctx.db.uow() as uow:
        rows = await uow.execute("SELECT chat_id, body FROM wa_outbox ORDER BY outbox_id")
        return [(r[0], r[1]) for r in rows]


async def test_engagement_recap_goes_to_group_operators_and_super_once(
    polres, app_context: AppContext
) -> None:
    at = datetime(2026, 11, 25, 15, 20, tzinfo=WIB)
    first = await run_manual(
        app_context, "engagement_recap", config("engagement_recap"), slot=at, now=at, requested_by="t"
    )
    assert first.status == "succeeded"
    assert (
        first.summary["ig_sent"] == 1
        and first.summary["no_tasks"] == 1
        and "tiktok_sent" not in first.summary
    )
    rows = await outbox(app_context)
    assert [chat for chat, _ in rows] == [
        GROUP,
        "6281200000001@s.whatsapp.net",
        "6281200000002@s.whatsapp.net",
        "6281200000003@s.whatsapp.net",
    ]
    assert all("Rekap Akumulasi Likes Instagram" in body for _, body in rows)
    # JOB-19: replaying the same slot never sends twice.
    again = await run_manual(
        app_context, "engagement_recap", config("engagement_recap"), slot=at, now=at, requested_by="t"
    )
    assert again.summary.get("messages", 0) == 0
    assert len(await outbox(app_context)) == 4


async def test_quiet_hours_hold_back_group_messages_only(polres, app_context: AppContext) -> None:
    late = datetime(2026, 11, 25, 22, 45, tzinfo=WIB)
    outcome = await run_manual(
        app_context, "engagement_recap", config("engagement_recap"), slot=late, now=late, requested_by="t"
    )
    assert outcome.summary["suppressed_quiet_hours"] == 1
    assert GROUP not in [chat for chat, _ in await outbox(app_context)]
    assert len(await outbox(app_context)) == 3


async def test_group_rows_expire_before_quiet_hours(polres, app_context: AppContext) -> None:
    at = datetime(2026, 11, 25, 20, 20, tzinfo=WIB)
    await run_manual(
        app_context, "engagement_recap", config("engagement_recap"), slot=at, now=at, requested_by="t"
    )
    async with app_context.db.uow() as uow:
        expiry = (
            await uow.execute("SELECT expires_at FROM wa_outbox WHERE chat_id = :g", {"g": GROUP})
        ).scalar_one()
    # The next quiet start in business time, stored on the record clock the sender compares with.
    assert abs(expiry - to_record_time(datetime(2026, 11, 25, 22, 30, tzinfo=WIB))) < timedelta(seconds=5)


async def test_link_recap_skips_clients_without_tasks(polres, app_context: AppContext) -> None:
    at = datetime(2026, 11, 25, 15, 5, tzinfo=WIB)
    await polres.link_report(
        "AAA111", "1001", wib(2026, 11, 25, 10), instagram="https://www.instagram.com/p/XyZ/"
    )
    outcome = await run_manual(
        app_context, "link_recap", config("link_recap"), slot=at, now=at, requested_by="t"
    )
    assert outcome.status == "succeeded"
    assert outcome.summary["sent_clients"] == 1 and outcome.summary["no_tasks"] == 1
    assert len(await outbox(app_context)) == 4


async def test_monthly_excel_goes_once_per_month_to_operators(polres, app_context: AppContext) -> None:
    await polres.link_report(
        "AAA111", "1001", wib(2026, 11, 25, 10), instagram="https://www.instagram.com/p/XyZ/"
    )
    month_end = datetime(2026, 11, 30, 23, 0, tzinfo=WIB)
    cfg = config("amplify_monthly_excel")
    first = await run_manual(
        app_context, "amplify_monthly_excel", cfg, slot=month_end, now=month_end, requested_by="t"
    )
    assert first.status == "succeeded" and first.summary["sent_clients"] == 1 and first.summary["empty"] == 1
    async with app_context.db.uow() as uow:
        rows = (
            await uow.execute(
                "SELECT o.chat_id, d.file_name, o.idempotency_key FROM wa_outbox o"
                " JOIN wa_outbox_document d USING (document_id) ORDER BY o.outbox_id"
            )
        ).all()
    assert [r.chat_id for r in rows] == ["6281200000001@s.whatsapp.net", "6281200000002@s.whatsapp.net"]
    assert {r.file_name for r in rows} == {"POLRES_A_November_2026.xlsx"}
    assert rows[0].idempotency_key.startswith("job:amplify_monthly_excel:202611:POLRES_A:")
    # A catch-up run later in the same month (another slot) sends nothing again (JOB-24).
    later = datetime(2026, 11, 30, 23, 40, tzinfo=WIB)
    again = await run_manual(
        app_context, "amplify_monthly_excel", cfg, slot=later, now=later, requested_by="t"
    )
    assert again.summary.get("messages", 0) == 0
