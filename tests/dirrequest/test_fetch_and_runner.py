"""Official fetches 12-16, the busy chat, the group copy and the action runner used by jobs
(DIR-12 .. DIR-16, DIR-0.12, DIR-0.18, DIR-70, DIR-95.22 .. 95.24)."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from core.actions import run_dirrequest_action
from core.ingest.locks import client_fetch_lock
from core.timewindow import now_utc, utc_naive
from tests.clock import earlier_today
from tests.dirrequest.conftest import ADMIN, execute, fetch
from tests.dirrequest.test_report_options import assert_menu_last, main_menu, seed_today_posts

GROUP = "120363000000000001@g.us"


async def test_fetch_instagram_content_and_likes_dir_12(chat, seeded, fake_rapidapi):
    fake_rapidapi.instagram.add_post("ditsamapta.jatim", "NewPost001", taken_at=earlier_today(9))
    fake_rapidapi.instagram.set_likers("NewPost001", ["anggota.satu", "warga"])
    await main_menu(chat)
    reply = await chat.send(ADMIN, "12")
    assert reply.texts[0] == "⏳ Mengambil konten & like Instagram Direktorat Samapta (DITSAMAPTA)..."
    recap = reply.texts[1]
    assert "NewPost001" in recap and not recap.startswith("❌")
    assert_menu_last(reply)
    row = (await fetch(chat.db, "SELECT source_type FROM insta_post WHERE shortcode = 'NewPost001'"))[0]
    assert row["source_type"] == "cron_fetch"
    # DIR-0.18: the recap is copied to the client's group, the menu is not.
    to_group = [m for m in reply.messages if m.chat_id == GROUP]
    assert [m.text for m in to_group] == [recap]


async def test_group_copy_can_be_switched_off_dir_95_23(chat, seeded, fake_rapidapi):
    chat.router.settings.dirrequest_copy_to_client_group = False
    try:
        await main_menu(chat)
        reply = await chat.send(ADMIN, "16")
        assert reply.texts[1].strip()  # the task message, even with zero posts (DIR-16.5)
        assert not [m for m in reply.messages if m.chat_id == GROUP]
    finally:
        chat.router.settings.dirrequest_copy_to_client_group = True


async def test_likes_only_and_comments_only_dir_13_15(chat, seeded, fake_rapidapi):
    await seed_today_posts(seeded)
    fake_rapidapi.instagram.set_likers("IgPost0001", ["anggota.satu", "baru"])
    fake_rapidapi.tiktok.set_commenters("7000000000000000001", ["anggota_satu"])
    await main_menu(chat)
    reply = await chat.send(ADMIN, "13")
    assert reply.texts[1].startswith("✅ Selesai fetch likes Instagram Direktorat Samapta (DITSAMAPTA).")
    assert "Berhasil: 1, Gagal: 0" in reply.texts[1]
    likes = (await fetch(chat.db, "SELECT likes FROM insta_like WHERE shortcode = 'IgPost0001'"))[0]["likes"]
    assert likes == ["anggota.satu", "baru"]
    reply = await chat.send(ADMIN, "15")
    assert reply.texts[1].startswith("✅ Selesai fetch komentar TikTok Direktorat Samapta (DITSAMAPTA).")


async def test_tiktok_fetch_without_account_is_refused_dir_14(chat, seeded):
    await execute(seeded, "UPDATE clients SET client_tiktok = NULL WHERE client_id = 'DITSAMAPTA'")
    await main_menu(chat)
    reply = await chat.send(ADMIN, "14")
    assert any("TikTok Official" in t and t.startswith("❌") for t in reply.texts)
    assert_menu_last(reply)


async def test_fetch_while_another_holds_the_client_lock_is_busy_dir_12_0(chat, seeded, redis):
    await main_menu(chat)
    async with client_fetch_lock(redis, "DITSAMAPTA"):
        reply = await chat.send(ADMIN, "13")
    assert any("sedang berjalan" in t for t in reply.texts)
    assert_menu_last(reply)


async def test_busy_chat_gets_one_line_and_option_does_not_run_dir_95_22(chat, seeded, redis):
    await main_menu(chat)
    key = redis.key("menu", "main", f"{ADMIN}@s.whatsapp.net")
    state = json.loads(await redis.client.get(key))
    state["busy_since"] = time.time()
    await redis.client.set(key, json.dumps(state))
    reply = await chat.send(ADMIN, "5")
    assert len(reply.texts) == 1 and "masih diproses" in reply.texts[0]


async def test_runner_for_a_job_enqueues_to_the_group_only_dir_95_24(chat, seeded, dir_settings, redis):
    await seed_today_posts(seeded)

    class Env:
        settings, db = dir_settings, seeded

    Env.redis = redis
    result = await run_dirrequest_action(
        Env, 21, "ditsamapta", [GROUP], idempotency_base="job:dirreq_21:20260603T2100:DITSAMAPTA"
    )
    assert result.status == "ok" and result.documents == 4 and result.messages == 1
    rows = await fetch(seeded, "SELECT chat_id, kind, body, origin FROM wa_outbox ORDER BY outbox_id")
    assert {r["chat_id"] for r in rows} == {GROUP}
    assert rows[0]["kind"] == "text" and rows[0]["body"].startswith("*Laporan Harian Engagement")
    assert not any((r["body"] or "").startswith("⏳") or "MENU DIRREQUEST" in (r["body"] or "") for r in rows)
    assert not [k async for k in redis.client.scan_iter(match=redis.key("menu", "main", "*"))]
    # DIR-70.4: a re-run of the same job slot delivers nothing twice.
    again = await run_dirrequest_action(
        Env, 21, "DITSAMAPTA", [GROUP], idempotency_base="job:dirreq_21:20260603T2100:DITSAMAPTA"
    )
    assert again.status == "ok" and not again.outbox_ids
    assert len(await fetch(seeded, "SELECT 1 FROM wa_outbox")) == len(rows)


async def test_runner_rejects_bad_input_and_conversation_options_dir_70_3(seeded, dir_settings, redis):
    class Env:
        settings, db = dir_settings, seeded

    Env.redis = redis
    for kwargs in ({"action": 99, "client_id": "DITSAMAPTA"}, {"action": 5, "client_id": "POLRES_A"},
                   {"action": 22, "client_id": "DITSAMAPTA", "period": "kemarin"}):  # fmt: skip
        result = await run_dirrequest_action(Env, recipients=[GROUP], **kwargs)
        assert result.status == "error" and result.detail and not result.outbox_ids
    result = await run_dirrequest_action(Env, 46, "DITSAMAPTA", [GROUP])
    assert result.status == "unsupported" and not result.outbox_ids
    empty = await run_dirrequest_action(Env, 5, "DITSAMAPTA", [GROUP], send_empty=False)
    assert empty.status == "empty" and not empty.outbox_ids
    assert not await fetch(seeded, "SELECT 1 FROM wa_outbox")


async def test_runner_reference_date_anchors_the_window_dir_70_3(seeded, dir_settings, redis):
    yesterday = now_utc() - timedelta(days=1)
    await execute(
        seeded,
        "INSERT INTO insta_post (shortcode, client_id, created_at) VALUES ('Kemarin001', 'DITSAMAPTA', :n)",
        n=utc_naive(yesterday),
    )

    class Env:
        settings, db = dir_settings, seeded

    Env.redis = redis
    today = await run_dirrequest_action(Env, 6, "DITSAMAPTA", [GROUP], send_empty=False)
    assert today.status == "empty"
    ref = (yesterday + timedelta(hours=7)).date()
    before = await run_dirrequest_action(Env, 6, "DITSAMAPTA", [GROUP], reference_date=ref)
    assert before.status == "ok"


async def test_internal_failure_apologises_with_reference_and_alerts_admins_dir_0_16(
    chat, seeded, monkeypatch
):
    import core.actions.build as build

    async def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(build, "build_report", broken)
    await main_menu(chat)
    reply = await chat.send(ADMIN, "5")
    first = next(t for t in reply.texts if t.startswith("❌"))
    assert first.startswith("❌ Gagal membuat absensi like Direktorat/Bidang. (ref: ")
    assert "database went away" not in first  # never a traceback or raw error to the user
    alerts = [m for m in reply.messages if "ref: " in (m.text or "") and m.text.startswith("⚠️")]
    assert alerts and alerts[0].chat_id.startswith(ADMIN)
    assert_menu_last(reply)
