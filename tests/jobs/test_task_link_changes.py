"""ING-TASK-5 / JOB-20.9: link-change lines in the task broadcast, opt-in with
TASK_BROADCAST_LINK_CHANGES, incremental since the last notice (never the whole day again)."""

from __future__ import annotations

import pytest

from core.app import AppContext
from core.jobs.runner import run_manual
from tests.jobs.test_fetch_sosmed import CONFIG, at, outbox, polres  # noqa: F401 - fixture
from tests.reports.seed import Seed, wib


async def report_link(db, at_wib, **links: str) -> None:
    """A link report as core.amplify.link_reports writes it: both stamps on the business clock."""
    await Seed(db).link_report("POST1", "1001", at_wib, **links)
    async with db.uow() as uow:
        await uow.execute("UPDATE link_report SET updated_at = created_at WHERE shortcode = 'POST1'")
        await uow.commit()


async def fetch(app: AppContext, h: int, m: int):
    return await run_manual(app, "fetch_sosmed", CONFIG, slot=at(h, m), now=at(h, m), requested_by="t")


@pytest.fixture
def links_on(polres, app_context: AppContext, monkeypatch):  # noqa: F811
    monkeypatch.setattr(
        app_context, "settings", app_context.settings.model_copy(update={"task_broadcast_link_changes": True})
    )
    return polres


async def test_link_reports_are_announced_once_each_ing_task_5(links_on, db, app_context: AppContext) -> None:
    await fetch(app_context, 9, 0)  # the hour's list; no link notice with a list (JOB-20.9)
    await report_link(
        db, wib(2026, 11, 25, 9, 10),
        instagram="https://www.instagram.com/p/AMPL1/", facebook="https://www.facebook.com/share/p/xyz",
    )  # fmt: skip
    second = await fetch(app_context, 9, 30)
    assert second.summary.get("link_changes") == 1
    body = (await outbox(app_context))[-1][1]
    assert body == (
        "🔗 *Perubahan Link Tugas - POLRES A*\n\nTerdapat *1* perubahan link amplifikasi:\n"
        "1. *ANDI*\n   Post: POST1\n"
        "   Link: IG: https://www.instagram.com/p/AMPL1/, FB: https://www.facebook.com/share/p/xyz\n\n"
        "_Link amplifikasi telah diperbarui._"
    )
    third = await fetch(app_context, 9, 45)  # nothing new since the notice
    assert third.summary.get("no_changes") == 1 and len(await outbox(app_context)) == 2
    async with db.uow() as uow:  # ANDI adds his X link at 09:50
        await uow.execute(
            "UPDATE link_report SET twitter_link = 'https://x.com/andi/status/1', updated_at = :t"
            " WHERE shortcode = 'POST1'",
            {"t": wib(2026, 11, 25, 9, 50)},
        )
        await uow.commit()
    fourth = await fetch(app_context, 9, 55)
    assert fourth.summary.get("link_changes") == 1
    body = (await outbox(app_context))[-1][1]
    assert "Terdapat *1* perubahan" in body and "X: https://x.com/andi/status/1" in body


async def test_link_changes_off_by_default_ing_task_5(polres, db, app_context: AppContext) -> None:  # noqa: F811
    await fetch(app_context, 9, 0)
    await Seed(db).link_report(
        "POST1", "1001", wib(2026, 11, 25, 9, 10), instagram="https://www.instagram.com/p/A/"
    )
    outcome = await fetch(app_context, 9, 30)
    assert outcome.summary.get("no_changes") == 1 and "link_changes" not in outcome.summary
    assert len(await outbox(app_context)) == 1
