"""JOB-20 end to end: a fetch run against the fake RapidAPI server, then the task broadcast (ING-TASK-4)."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.app import AppContext
from core.fakes.rapidapi import FakeRapidApi
from core.jobs.catalogue import get_job
from core.jobs.config import load_job_config
from core.jobs.runner import run_manual
from core.jobs.task_broadcast import compute_delta, is_anomaly
from core.reports.model import Post
from core.timewindow import WIB
from tests.reports.seed import Seed

GROUP = "120363000000000201@g.us"
CONFIG = load_job_config("fetch_sosmed", list(get_job("fetch_sosmed").default_cron), ["group"], [], env={})
WIB_TODAY = datetime(2026, 11, 25)


def at(h: int, m: int = 0) -> datetime:
    return datetime(2026, 11, 25, h, m, tzinfo=WIB)


@pytest.fixture
async def polres(db, app_context: AppContext, fake_rapidapi: FakeRapidApi, monkeypatch) -> FakeRapidApi:
    seed = Seed(db)
    await seed.client("POLRES_A", "POLRES A", tiktok="polres_a")
    async with app_context.db.uow() as uow:
        await uow.execute(
            "UPDATE clients SET client_group = :g, client_insta = 'polres_a', client_operator = '6281200000001'",
            {"g": GROUP},
        )
        await uow.commit()
    await seed.user("1001", "POLRES_A", "ANDI", insta="andi", tiktok="andi")
    fake_rapidapi.instagram.set_likers("POST1", ["andi", "warga"])
    fake_rapidapi.instagram.add_post("polres_a", "POST1", taken_at=at(7), caption="Apel pagi")
    fake_rapidapi.tiktok.set_commenters("7400000000000000001", ["andi"])
    fake_rapidapi.tiktok.add_video("polres_a", "7400000000000000001", create_time=at(8))
    monkeypatch.setattr(
        app_context,
        "settings",
        fake_rapidapi.settings(admin_whatsapp="", redis_prefix=app_context.settings.redis_prefix),
    )
    return fake_rapidapi


async def outbox(ctx: AppContext) -> list[tuple[str, str]]:
    async with ctx.db.uow() as uow:
        return [
            (r[0], r[1])
            for r in await uow.execute("SELECT idempotency_key, body FROM wa_outbox ORDER BY outbox_id")
        ]


async def test_first_run_of_the_hour_sends_the_list_then_one_change_message(
    polres, app_context: AppContext
) -> None:
    first = await run_manual(app_context, "fetch_sosmed", CONFIG, slot=at(9), now=at(9, 0), requested_by="t")
    assert first.status == "succeeded", first.summary
    assert first.summary["task_lists"] == 1
    rows = await outbox(app_context)
    assert len(rows) == 1
    key, body = rows[0]
    assert key == f"tasklist:POLRES_A:{GROUP}:2026112509:1"
    assert "📋 *Daftar Tugas - POLRES A*" in body
    assert "📸 Instagram: *1* konten" in body and "🎵 TikTok: *1* konten" in body
    assert "https://www.instagram.com/p/POST1/" in body
    async with app_context.db.uow() as uow:
        likes = (await uow.execute("SELECT likes FROM insta_like WHERE shortcode = 'POST1'")).scalar_one()
    assert sorted(likes) == ["andi", "warga"]

    # Same hour, one new post: exactly one change message, no second list (JOB-20.8).
    polres.instagram.add_post("polres_a", "POST2", taken_at=at(9, 10), caption="Bakti sosial")
    second = await run_manual(
        app_context, "fetch_sosmed", CONFIG, slot=at(9, 30), now=at(9, 30), requested_by="t"
    )
    assert second.summary.get("change_messages") == 1 and "task_lists" not in second.summary
    rows = await outbox(app_context)
    assert len(rows) == 2
    key, body = rows[1]
    assert key.startswith(f"taskchange:POLRES_A:{GROUP}:")
    assert "📸 *Tugas Instagram Baru - POLRES A*" in body and "*Post POST2*" in body

    # Nothing changed: nothing sent (no_changes).
    third = await run_manual(
        app_context, "fetch_sosmed", CONFIG, slot=at(9, 45), now=at(9, 45), requested_by="t"
    )
    assert third.summary.get("no_changes") == 1 and len(await outbox(app_context)) == 2

    # A removed post is announced with its link, followed by the fresh list.
    polres.instagram.remove_post("POST1")
    fourth = await run_manual(
        app_context, "fetch_sosmed", CONFIG, slot=at(9, 50), now=at(9, 50), requested_by="t"
    )
    assert fourth.summary.get("change_messages") == 1
    bodies = [b for _, b in (await outbox(app_context))[2:]]
    assert "🗑️ *Perubahan Tugas - POLRES A*" in bodies[0] and "https://www.instagram.com/p/POST1/" in bodies[0]
    assert "📋 *Daftar Tugas - POLRES A*" in bodies[1] and "POST1" not in bodies[1]

    # Next hour: the full list again, with the day's change block.
    fifth = await run_manual(app_context, "fetch_sosmed", CONFIG, slot=at(10), now=at(10), requested_by="t")
    assert fifth.summary["task_lists"] == 1


async def test_quiet_hours_update_state_but_send_nothing(polres, app_context: AppContext) -> None:
    late = at(22, 45)
    outcome = await run_manual(app_context, "fetch_sosmed", CONFIG, slot=late, now=late, requested_by="t")
    assert outcome.summary.get("suppressed_quiet_hours") == 1
    assert await outbox(app_context) == []
    async with app_context.db.uow() as uow:
        row = (
            await uow.execute("SELECT last_ig_ids, last_notified_slot FROM wa_notification_scheduler_state")
        ).one()
    assert row.last_ig_ids == ["POST1"] and row.last_notified_slot is None


def post(i: str) -> Post:
    return Post(i, "C", None, WIB_TODAY, None, "cron_fetch", None, None, 0)


def test_removals_need_a_successful_fetch_and_mass_removals_are_anomalies() -> None:
    current = [post("A"), post("B")]
    ok = compute_delta(current, ["A", "C"], fetch_ok=True)
    assert [p.id for p in ok.added] == ["B"] and ok.removed == ["C"] and ok.stored == ["A", "B"]
    failed = compute_delta(current, ["A", "C"], fetch_ok=False)
    assert failed.removed == [] and failed.stored == ["A", "C", "B"]
    mass = compute_delta([post("A")], ["A", "B", "C", "D", "E", "F"], fetch_ok=True)
    assert mass.anomaly and mass.removed == [] and mass.stored == ["A"]
    assert is_anomaly(3, 6) and not is_anomaly(3, 7) and not is_anomaly(2, 2) and is_anomaly(5, 100)
