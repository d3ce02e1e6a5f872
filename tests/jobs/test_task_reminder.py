"""JOB-41 `wa_task_reminder`: personal reminders of today's open tasks, honouring `notifwa#`.

The job runs through `run_manual` with fixed slots on one operational date; opting out is done the
way personnel do it, by sending `notifwa#off` to the bot.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from core.app import AppContext
from core.jobs.catalogue import get_job
from core.jobs.config import load_job_config
from core.jobs.runner import run_manual
from core.jobs.task_reminder import next_stage
from core.timewindow import WIB
from tests.menus.conftest import chat, menu_settings  # noqa: F401 - fixtures
from tests.reports.seed import Seed, wib

CITRA, DODI, EKO, FANI, GITA, HADI, IRMA = (f"62812000000{i:02d}" for i in range(1, 8))
FIRST = datetime(2026, 11, 25, 17, 5, tzinfo=WIB)
SECOND = datetime(2026, 11, 25, 17, 35, tzinfo=WIB)
THIRD = datetime(2026, 11, 25, 19, 0, tzinfo=WIB)


def config(**env: str):
    spec = get_job("wa_task_reminder")
    return load_job_config(
        spec.key, list(spec.default_cron), list(spec.default_recipients), list(spec.default_clients), env=env
    )


async def run(app: AppContext, at: datetime, **env: str):
    return await run_manual(app, "wa_task_reminder", config(**env), slot=at, now=at, requested_by="test")


async def sent(app: AppContext) -> dict[str, list[str]]:
    async with app.db.uow() as uow:
        rows = await uow.execute(
            "SELECT chat_id, body FROM wa_outbox WHERE origin = 'job:wa_task_reminder' ORDER BY outbox_id"
        )
        out: dict[str, list[str]] = {}
        for chat_id, body in rows:
            out.setdefault(chat_id.split("@")[0], []).append(body)
        return out


async def states(app: AppContext) -> dict[str, tuple[str, bool]]:
    async with app.db.uow() as uow:
        rows = await uow.execute(
            "SELECT chat_id, last_stage, is_complete FROM wa_notification_reminder_state WHERE client_id = 'DITBINMAS'"
        )
        return {r[0].split("@")[0]: (r[1], r[2]) for r in rows}


@pytest.fixture
async def ditbinmas(db, app_context: AppContext) -> Seed:
    seed = Seed(db)
    await seed.client("DITBINMAS", "DIREKTORAT BINMAS", "direktorat", tiktok="ditbinmas_tt")
    await seed.client("POLRES_A", "POLRES A")
    role = ("ditbinmas",)
    await seed.user("2001", "POLRES_A", "CITRA", insta="citra", tiktok="citra_tt", roles=role, whatsapp=CITRA)
    await seed.user("2002", "POLRES_A", "DODI", insta="dodi", tiktok="dodi_tt", roles=role, whatsapp=DODI)
    await seed.user("2003", "POLRES_A", "EKO", insta="eko", roles=role, whatsapp=EKO, exception=True)
    await seed.user("2004", "POLRES_A", "FANI", insta="fani", roles=role, whatsapp=FANI)  # never opted in
    await seed.user("2005", "POLRES_A", "GITA", roles=role, whatsapp=GITA)  # no usernames at all
    await seed.user("2006", "POLRES_A", "HADI", insta="hadi", roles=role, whatsapp="12")  # unusable number
    await seed.user("2007", "POLRES_A", "IRMA", insta="irma", whatsapp=IRMA)  # not a DITBINMAS member
    async with db.uow() as uow:
        await uow.execute(
            'UPDATE "user" SET wa_notification_opt_in = TRUE WHERE user_id IN'
            " ('2001', '2002', '2003', '2005', '2006', '2007')"
        )
        await uow.commit()
    await seed.ig_post("IGONE", "DITBINMAS", wib(2026, 11, 25, 8), likes=["citra", "dodi", "irma"])
    await seed.ig_post("IGTWO", "DITBINMAS", wib(2026, 11, 25, 9), likes=["dodi"])
    await seed.tt_post("7400000000000000001", "DITBINMAS", wib(2026, 11, 25, 10), comments=["dodi_tt"])
    await seed.ig_post("IGOLD", "DITBINMAS", wib(2026, 11, 24, 9), likes=[])  # yesterday: not a task today
    for shortcode in ("IGONE", "IGTWO", "IGOLD"):
        await seed.post_role(shortcode, "ditbinmas")
    await seed.post_role("7400000000000000001", "ditbinmas", tiktok=True)
    return seed


def test_stages_advance_and_stay_at_followup2_job41() -> None:
    assert [next_stage(s) for s in (None, "initial", "followup1", "followup2")] == [
        "initial", "followup1", "followup2", "followup2",
    ]  # fmt: skip


async def test_reminders_list_open_tasks_and_thank_whoever_is_done_job41(ditbinmas, app_context) -> None:
    outcome = await run(app_context, FIRST, JOB_WA_TASK_REMINDER_CLIENTS="DITBINMAS")
    assert outcome.status == "succeeded", outcome.summary
    messages = await sent(app_context)
    # Only opted-in DITBINMAS members with a usable number and no exemption hear anything.
    assert set(messages) == {CITRA, DODI, GITA}
    (citra,) = messages[CITRA]
    assert citra.startswith("Selamat Sore Bapak/Ibu BRIPKA CITRA,")
    assert "👋 Pengingat engagement harian" in citra
    assert "https://www.instagram.com/p/IGTWO/" in citra and "IGONE" not in citra and "IGOLD" not in citra
    assert "https://www.tiktok.com/@ditbinmas_tt/video/7400000000000000001" in citra
    assert citra.splitlines()[-1] == "Ketik *notifwa#off* untuk berhenti menerima pengingat ini."
    (dodi,) = messages[DODI]
    assert "Terima kasih" in dodi and "Pengingat" not in dodi
    (gita,) = messages[GITA]  # without usernames every task of the day is open
    assert all(x in gita for x in ("IGONE", "IGTWO", "7400000000000000001"))
    assert await states(app_context) == {
        f"{CITRA}": ("initial", False), f"{DODI}": ("completed", True), f"{GITA}": ("initial", False),
    }  # fmt: skip
    assert outcome.summary["reminders"] == 2 and outcome.summary["thanks"] == 1
    assert [i["reason"] for i in outcome.summary["invalid_recipients"]] == ["bad_length"]


async def test_followups_then_thanks_and_nothing_twice_job41(ditbinmas, app_context) -> None:
    env = {"JOB_WA_TASK_REMINDER_CLIENTS": "DITBINMAS"}
    await run(app_context, FIRST, **env)
    await run(app_context, SECOND, **env)
    messages = await sent(app_context)
    assert len(messages[CITRA]) == 2 and len(messages[DODI]) == 1  # a completed day is never reopened
    assert (await states(app_context))[CITRA] == ("followup1", False)
    # CITRA does her remaining tasks; the next run thanks her and closes her day.
    async with app_context.db.uow() as uow:
        await uow.execute("""UPDATE insta_like SET likes = '["dodi", "citra"]' WHERE shortcode = 'IGTWO'""")
        await uow.execute(
            """UPDATE tiktok_comment SET comments = '["dodi_tt", "citra_tt"]' WHERE video_id = '7400000000000000001'"""
        )
        await uow.commit()
    await run_manual(
        app_context, "wa_task_reminder", config(**env), slot=THIRD, now=THIRD, requested_by="test"
    )
    messages = await sent(app_context)
    assert len(messages[CITRA]) == 3 and "Terima kasih" in messages[CITRA][-1]
    assert (await states(app_context))[CITRA] == ("completed", True)
    before = sum(len(v) for v in (await sent(app_context)).values())
    await run(app_context, THIRD, **env)  # replayed slot: same keys, nothing new
    await run(app_context, datetime(2026, 11, 25, 20, 0, tzinfo=WIB), **env)
    after = await sent(app_context)
    assert len(after[CITRA]) == 3 and len(after[DODI]) == 1
    # GITA got initial, followup1, followup2; further runs stay at followup2, whose key exists.
    assert len(after[GITA]) == 3 and sum(len(v) for v in after.values()) == before


async def test_notifwa_off_stops_reminders_conv103_job41(ditbinmas, app_context, chat) -> None:  # noqa: F811
    reply = await chat.send(GITA, "notifwa#off")
    assert reply.code == "notifwa_set"
    outcome = await run(app_context, FIRST, JOB_WA_TASK_REMINDER_CLIENTS="DITBINMAS")
    assert outcome.status == "succeeded"
    assert GITA not in await sent(app_context)


async def test_org_target_and_missing_target_job41(ditbinmas, app_context) -> None:
    # An org target takes its own personnel (client_id), roles do not matter; IRMA is POLRES_A's.
    await ditbinmas.ig_post("IGPOL", "POLRES_A", wib(2026, 11, 25, 8), likes=["irma"])
    async with app_context.db.uow() as uow:
        await uow.execute(
            "INSERT INTO insta_post_clients (shortcode, client_id) VALUES ('IGPOL', 'POLRES_A')"
        )
        await uow.commit()
    outcome = await run(app_context, FIRST, JOB_WA_TASK_REMINDER_CLIENTS="POLRES_A,NOPE")
    assert outcome.status == "partial"  # the unknown target is named to admins (JOB-17)
    assert [f["client_id"] for f in outcome.summary["failures"]] == ["NOPE"]
    messages = await sent(app_context)
    assert "Terima kasih" in messages[IRMA][0] and "POLRES A" in messages[IRMA][0]
    assert "https://www.instagram.com/p/IGPOL/" in messages[CITRA][0]
