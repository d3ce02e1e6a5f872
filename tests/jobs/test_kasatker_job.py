"""JOB-31 `dirreq_ditbinmas_operator_daily`: dirrequest 30 (Laporan Kasatker) for DITBINMAS, today,
with recap plan (the week again on a Sunday, the month again on its last day), to the operators."""

from __future__ import annotations

from datetime import date, datetime

from core.app import AppContext
from core.jobs.directorate import planned
from core.jobs.runner import run_manual
from core.timewindow import WIB
from tests.clock import clock_at
from tests.jobs.test_directorate_jobs import config, ditbinmas  # noqa: F401 - the shared fixture

KEY = "dirreq_ditbinmas_operator_daily"
OPERATOR = "6281200000077"


def test_recap_plan_adds_the_week_on_sunday_and_the_month_on_its_last_day_job31() -> None:
    assert planned(KEY, date(2026, 11, 25)) == [(30, "today")]  # a Wednesday
    assert planned(KEY, date(2026, 11, 29)) == [(30, "today"), (30, "this_week")]  # Sunday
    assert planned(KEY, date(2026, 11, 30)) == [(30, "today"), (30, "this_month")]  # last day, Monday
    assert planned(KEY, date(2026, 5, 31)) == [(30, "today"), (30, "this_week"), (30, "this_month")]


async def test_sunday_run_sends_today_then_the_week_to_the_operator_job31(
    ditbinmas,  # noqa: F811 - the fixture imported above
    db,
    app_context: AppContext,
) -> None:
    async with db.uow() as uow:
        await uow.execute(
            "UPDATE clients SET client_operator = :o WHERE client_id = 'DITBINMAS'", {"o": OPERATOR}
        )
        await uow.commit()
    sunday = datetime(2026, 11, 29, 18, 23, tzinfo=WIB)
    with clock_at(sunday):
        outcome = await run_manual(app_context, KEY, config(KEY), slot=sunday, now=sunday, requested_by="t")
    assert outcome.status == "succeeded", outcome.summary
    async with db.uow() as uow:
        rows = (await uow.execute("SELECT chat_id, body FROM wa_outbox ORDER BY outbox_id")).all()
    assert [r.chat_id.split("@")[0] for r in rows] == [OPERATOR, OPERATOR]
    assert rows[0].body != rows[1].body  # today's report, then the week's
    assert all(not r.body.startswith("❌") for r in rows)
