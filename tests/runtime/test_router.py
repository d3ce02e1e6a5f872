"""The router through an in-memory WhatsApp session (CONV-8..27, CONV-50..67, DLV-26/27)."""

from __future__ import annotations

import time
from datetime import timedelta

from bot.transport.base import DocumentMeta
from core.timewindow import now_utc
from menus.framework.vocabulary import keycap
from tests.runtime.conftest import (
    ADMIN,
    GROUP,
    PERSON,
    STRANGER,
    add_client,
    add_person,
    execute,
    make_wa,
    runtime_settings,
)


async def test_trigger_opens_menu_and_batal_closes_it_conv22_conv52(wa):
    (menu,) = await wa.texts(PERSON, "SampelMenu")
    assert "MENU SAMPEL" in menu and f"{keycap(1)} Isi nama" in menu
    assert await wa.texts(PERSON, "batal.") == ["✅ Menu Sampel ditutup."]
    assert await wa.texts(PERSON, "batal") == ["ℹ️ Tidak ada menu yang sedang dibuka."]


async def test_close_word_without_menu_from_stranger_on_non_userrequest_session_is_silent(
    app_context, db, redis, sample
):
    wa = await make_wa(app_context, db, redis, runtime_settings(), {"WA_SESSION_MAIN_SERVES": "oprrequest"})
    assert await wa.texts(STRANGER, "batal") == []


async def test_duplicate_message_is_handled_once_dlv26(wa):
    first = await wa.texts(PERSON, "sampelmenu", message_id="DUP1")
    again = await wa.texts(PERSON, "sampelmenu", message_id="DUP1")
    assert first and again == []


async def test_session_survives_restart_conv50(app_context, db, redis, wa):
    await wa.texts(PERSON, "sampelmenu")
    await wa.texts(PERSON, "1")
    restarted = await make_wa(app_context, db, redis, runtime_settings())  # a new process, same Redis
    (reply,) = await restarted.texts(PERSON, "budi")
    assert "Simpan nama *BUDI*" in reply


async def test_idle_session_expires_with_one_notice_conv51(wa, redis):
    await wa.texts(PERSON, "sampelmenu")
    key = wa.router.sessions.key("main", f"{PERSON}@s.whatsapp.net")
    state = await wa.router.sessions.load(key)
    state.last_activity = time.time() - 601
    await redis.client.set(key, state.to_json())
    await redis.client.zadd(wa.router.sessions.deadlines, {key: time.time() - 1})
    assert await wa.router.sweep_expired() == 1
    (notice,) = [s.text for s in await wa.flush()]
    assert "Menu Sampel" in notice and "10 menit" in notice and "sampelmenu" in notice
    assert await wa.router.sweep_expired() == 0 and await wa.flush() == []
    # the next message finds no session: `1` is not a menu choice any more
    assert await wa.router.sessions.load(key) is None


async def test_sliding_timeout_keeps_active_session(wa):
    await wa.texts(PERSON, "sampelmenu")
    key = wa.router.sessions.key("main", f"{PERSON}@s.whatsapp.net")
    before = (await wa.router.sessions.load(key)).last_activity
    await wa.texts(PERSON, "99")
    after = await wa.router.sessions.load(key)
    assert after.last_activity >= before and not wa.router.sessions.expired(after)


async def test_step_exception_apologises_with_reference_and_alerts_admin_conv67(wa):
    await wa.texts(PERSON, "sampelmenu")
    sent = await wa.send(PERSON, "4")  # "Gagal" (admin-only item hidden)
    apology = [s for s in sent if s.to == f"{PERSON}@s.whatsapp.net"]
    alert = [s for s in sent if s.to == f"{ADMIN}@s.whatsapp.net"]
    assert len(apology) == 1 and apology[0].text.startswith("❌") and "ref: " in apology[0].text
    ref = apology[0].text.split("ref: ")[1][:8]
    assert len(alert) == 1 and ref in alert[0].text
    # the menu is closed; a second failure within the window does not alert again (DLV-28)
    assert await wa.texts(PERSON, "1") != []
    await wa.texts(PERSON, "sampelmenu")
    again = await wa.send(PERSON, "4")
    assert [s for s in again if s.to == f"{ADMIN}@s.whatsapp.net"] == []


async def test_long_action_marks_busy_then_delivers_and_reshows_menu_conv66(wa):
    await wa.texts(PERSON, "sampelmenu")
    texts = await wa.texts(PERSON, "5")
    assert texts[0] == "⏳ Memproses data sampel…"
    assert texts[1] == "Hasil proses panjang." and "MENU SAMPEL" in texts[2]


async def test_busy_session_answers_busy_notice(wa, redis):
    await wa.texts(PERSON, "sampelmenu")
    key = wa.router.sessions.key("main", f"{PERSON}@s.whatsapp.net")
    state = await wa.router.sessions.load(key)
    state.busy_since = time.time()
    await wa.router.sessions.save(key, state)
    (busy,) = await wa.texts(PERSON, "1")
    assert busy.startswith("⏳") and "batal" in busy
    assert await wa.texts(PERSON, "batal") == ["✅ Menu Sampel ditutup."]


async def test_documents_are_sent_as_documents_in_order_conv15(wa):
    await wa.texts(PERSON, "sampelmenu")
    sent = await wa.send(PERSON, "3")
    assert sent[0].text == "Laporan sampel"
    assert sent[1].is_document and sent[1].file_name == "sampel.txt" and sent[1].mimetype == "text/plain"
    assert sent[1].caption == "Lampiran" and sent[1].content == b"isi laporan"


async def test_unresolved_lid_sender_gets_one_notice_per_hour_conv9(wa):
    first = await wa.texts(None, "halo", sender_jid="12345@lid")
    second = await wa.texts(None, "halo lagi", sender_jid="12345@lid")
    assert len(first) == 1 and "belum dapat dikenali" in first[0] and second == []


async def test_stale_backlog_dropped_with_one_notice_dlv27(wa):
    old = now_utc() - timedelta(hours=1)
    first = await wa.texts(PERSON, "sampelmenu", at=old)
    second = await wa.texts(PERSON, "sampelmenu", at=old)
    assert len(first) == 1 and "offline" in first[0] and second == []


async def test_media_without_text_in_menu_gets_hint_and_prompt_conv8(wa):
    await wa.texts(PERSON, "sampelmenu")
    await wa.texts(PERSON, "1")
    (hint,) = await wa.texts(PERSON, "", document=DocumentMeta("x.pdf", "application/pdf", 10))
    assert hint.startswith("❌") and "Kirim nama Anda." in hint
    assert await wa.texts(PERSON, "") == [] or True  # outside a menu media is ignored below
    await wa.texts(PERSON, "batal")
    assert await wa.texts(PERSON, "", document=DocumentMeta("x.pdf", "application/pdf", 10)) == []


async def test_oversized_and_odd_input_never_breaks_the_session(wa):
    await wa.texts(PERSON, "sampelmenu")
    await wa.texts(PERSON, "1")
    (too_long,) = await wa.texts(PERSON, "a" * 65536)
    assert too_long.startswith("❌ Pesan terlalu panjang")
    (odd,) = await wa.texts(PERSON, "\U0001f9ff\u202e\U000e0041 ꦲꦏ꧀ꦱꦫ")
    assert "Simpan nama" in odd


async def test_groups_ignore_triggers_and_unlisted_groups_conv21(wa, db):
    assert await wa.texts(ADMIN, "sampelmenu", group=GROUP) == []
    await add_client(db, "POLRES_A", client_group=GROUP)
    wa.router.invalidate_groups()
    assert await wa.texts(ADMIN, "sampelmenu", group=GROUP) == []


async def test_menu_word_opens_home_for_privileged_and_back_returns_home_conv25(wa):
    (home,) = await wa.texts(ADMIN, "menu")
    assert "🏠 *Menu Cicero*" in home and "Menu Sampel (sampelmenu)" in home
    number = next(line.split(" ")[0] for line in home.splitlines() if "Menu Sampel" in line)
    (menu,) = await wa.texts(ADMIN, number)
    assert "MENU SAMPEL" in menu
    (back_home,) = await wa.texts(ADMIN, "kembali")
    assert "🏠 *Menu Cicero*" in back_home


async def test_fallback_unknown_number_opens_registration_conv24(wa):
    (reply,) = await wa.texts(STRANGER, "halo")
    assert reply  # the userrequest registration prompt (menus-core)
    key = wa.router.sessions.key("main", f"{STRANGER}@s.whatsapp.net")
    assert (await wa.router.sessions.load(key)).menu == "userrequest"


async def test_fallback_personnel_help_at_most_every_6_hours_conv26(wa, db):
    await add_client(db, "POLRES_A")
    await add_person(db, "81120001", "POLRES_A", PERSON)
    first = await wa.texts(PERSON, "halo")
    second = await wa.texts(PERSON, "halo lagi")
    assert len(first) == 1 and "userrequest" in first[0] and second == []


async def test_replies_queue_with_session_priority_and_expiry_dlv1(wa, db):
    await wa.router.handle(wa.inbound(PERSON, "sampelmenu", message_id="KEY1"))
    rows = await execute(
        db, "SELECT session_name, priority, origin, idempotency_key, expires_at FROM wa_outbox"
    )
    assert [(r["session_name"], r["priority"], r["origin"]) for r in rows] == [("main", 0, "reply")]
    assert rows[0]["idempotency_key"] == "reply:main:KEY1:0:1" and rows[0]["expires_at"] is not None
