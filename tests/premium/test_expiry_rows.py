"""Issue 23 item 3: the expiry jobs change each row in its own transaction (JOB-72, JOB-74), so a row
the database refuses is reported and the others still expire, and a re-run picks up the refused one
once it can be written. The refusal is a real PostgreSQL trigger on one row, dropped afterwards."""

from __future__ import annotations

from datetime import timedelta

from core.timewindow import now_utc, now_wib, today_wib
from tests.premium.conftest import execute, outbox_to, rows, run_job

REFUSE = """
CREATE OR REPLACE FUNCTION premium_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'refused for the test'; END $$
"""


async def test_premium_expiry_one_refused_user_does_not_stop_the_others(db, api_ctx, world) -> None:
    end = today_wib(now_wib())
    for nrp in ("77010001", "77010002"):
        await execute(
            db,
            'UPDATE "user" SET premium_status = TRUE, premium_end_date = :d WHERE user_id = :u',
            d=end,
            u=nrp,
        )
    await execute(db, REFUSE)
    await execute(
        db,
        'CREATE TRIGGER premium_test_refuse BEFORE UPDATE ON "user" FOR EACH ROW'
        " WHEN (OLD.user_id = '77010001') EXECUTE FUNCTION premium_test_refuse()",
    )
    try:
        outcome = await run_job(api_ctx, "premium_expiry", now_wib())
    finally:
        await execute(db, 'DROP TRIGGER premium_test_refuse ON "user"')
    assert outcome.status == "partial"
    assert (outcome.summary["checked"], outcome.summary["expired"], outcome.summary["failed"]) == (2, 1, 1)
    states = {
        r.user_id: r.premium_status
        for r in await rows(db, "SELECT user_id, premium_status FROM \"user\" WHERE user_id LIKE '7701%'")
    }
    assert states == {"77010001": True, "77010002": False}
    assert await outbox_to(db, "6281300000003", "berakhir") == []  # no notice for the row that stayed
    assert len(await outbox_to(db, "6281300000004", "berakhir")) == 1
    again = await run_job(api_ctx, "premium_expiry", now_wib())
    assert (again.summary["expired"], again.summary.get("failed", 0)) == (1, 0)
    assert len(await outbox_to(db, "6281300000004", "berakhir")) == 1


async def test_subscription_expiry_one_refused_row_does_not_stop_the_others(db, api_ctx, world) -> None:
    past = now_utc() - timedelta(hours=1)
    for username, tier in (("operator.a", "Gold"), ("pemantau.a", "Silver")):
        await execute(
            db,
            "INSERT INTO dashboard_user_subscriptions (dashboard_user_id, tier, status, started_at, expires_at)"
            " SELECT dashboard_user_id, :t, 'active', :s, :e FROM dashboard_user WHERE username = :u",
            t=tier, s=past - timedelta(days=30), e=past, u=username,
        )  # fmt: skip
    await execute(db, REFUSE)
    await execute(
        db,
        "CREATE TRIGGER premium_test_refuse BEFORE UPDATE ON dashboard_user_subscriptions FOR EACH ROW"
        " WHEN (OLD.tier = 'Gold') EXECUTE FUNCTION premium_test_refuse()",
    )
    try:
        outcome = await run_job(api_ctx, "dashboard_subscription_expiry", now_wib())
    finally:
        await execute(db, "DROP TRIGGER premium_test_refuse ON dashboard_user_subscriptions")
    assert outcome.status == "partial" and (outcome.summary["checked"], outcome.summary["expired"]) == (2, 1)
    states = {
        r.tier: r.status for r in await rows(db, "SELECT tier, status FROM dashboard_user_subscriptions")
    }
    assert states == {"Gold": "active", "Silver": "expired"}
    again = await run_job(api_ctx, "dashboard_subscription_expiry", now_wib())
    assert again.summary == {"checked": 1, "expired": 1}
