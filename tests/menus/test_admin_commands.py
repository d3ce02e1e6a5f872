"""The `#` commands through the router (CONV-180..182, CONV-103)."""

from __future__ import annotations

from bot.session_state import record_state
from bot.transport.base import SessionState
from core.wa_health import record_decrypt_failure
from tests.amplify.seed import add_client, add_user
from tests.clock import earlier_today
from tests.menus.conftest import ADMIN, OPERATOR, PERSON, STRANGER, execute, one

GROUP = "120363000000000001@g.us"


async def test_non_admin_gets_deny_admin_conv_180(chat, db):
    await add_client(db, "RES_A")
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON)
    r = await chat.send(PERSON, "clientinfo#")
    assert r.code == "deny_admin" and r.text.startswith("❌")
    r = await chat.send(STRANGER, "addnewclient#X#Y")
    assert r.code == "deny_admin"


async def test_clientinfo_add_update_conv_181(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    r = await chat.send(ADMIN, "clientinfo#")
    assert "1. *RES_A* - POLRES ALPHA [AKTIF]" in r.text
    r = await chat.send(ADMIN, "addnewclient#ditx#Direktorat X#direktorat")
    assert r.code == "client_created"
    assert (
        await one(db, "SELECT client_type FROM clients WHERE client_id = 'DITX'")
    ).client_type == "direktorat"
    r = await chat.send(ADMIN, "addnewclient#only")
    assert r.code == "usage"
    r = await chat.send(ADMIN, "updateclient#RES_A#client_amplify_status#nonaktif")
    assert r.code == "client_updated" and "ya → tidak" in r.text
    r = await chat.send(ADMIN, "updateclient#RES_A#client_insta#https://www.instagram.com/p/Abc123/")
    assert r.code == "invalid_value"
    r = await chat.send(ADMIN, "clientinfo#RES_A")
    assert "🏢 *POLRES ALPHA* (RES_A)" in r.text


async def test_removeclient_confirmation_conv_181(chat, db):
    await add_client(db, "RES_A")
    await add_client(db, "RES_B")
    await add_user(db, "81120346", "RES_A")
    r = await chat.send(ADMIN, "removeclient#RES_A")
    assert r.code == "client_has_personnel"
    r = await chat.send(ADMIN, "removeclient#RES_B")
    assert "ya hapus" in r.text
    r = await chat.send(ADMIN, "ya hapus")
    assert r.code == "client_deleted"
    assert await one(db, "SELECT 1 FROM clients WHERE client_id = 'RES_B'") is None


async def test_thisgroup_in_group_registers_group_conv_182(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await execute(db, "UPDATE clients SET client_group = '120363000000000999@g.us' WHERE client_id = 'RES_A'")
    r = await chat.send(ADMIN, "thisgroup#RES_A", group=GROUP)
    assert r.code == "group_registered"
    assert "POLRES ALPHA" in r.text and "120363000000000999@g.us" in r.text
    assert r.messages[0].chat_id == GROUP
    row = await one(db, "SELECT client_group FROM clients WHERE client_id = 'RES_A'")
    assert row.client_group == GROUP
    r = await chat.send(OPERATOR, "thisgroup#RES_A", group=GROUP)
    assert r.messages == []
    r = await chat.send(ADMIN, "thisgroup#RES_A")
    assert r.code == "usage"


async def test_notifwa_on_off_conv_103(chat, db):
    await add_client(db, "RES_A")
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON)
    r = await chat.send(PERSON, "notifwa#on")
    assert r.code == "notifwa_set" and "AKTIF" in r.text
    assert (
        await one(db, "SELECT wa_notification_opt_in FROM \"user\" WHERE user_id = '81120346'")
    ).wa_notification_opt_in
    r = await chat.send(PERSON, "notifwa#mungkin")
    assert r.code == "usage"
    r = await chat.send(STRANGER, "notifwa#off")
    assert r.code == "registration_hint"


async def test_unknown_word_with_hash_is_ordinary_text_conv_180(chat, db):
    r = await chat.send(ADMIN, "savecontact#123")
    assert r.code != "deny_admin" and "Format" not in r.text


async def test_health_jobs_outbox_commands_job_106_109(chat, db, redis):
    r = await chat.send(ADMIN, "health#")
    assert r.code == "health" and "*Status Cicero:" in r.text
    assert "gagal dekripsi" not in r.text  # none counted: no figure
    await record_decrypt_failure(redis, "main", 3)  # CONV-7: what the transport records
    r = await chat.send(ADMIN, "health#")
    assert "- Sesi main: stale, gagal dekripsi 3" in r.text
    await record_state(db, "main", SessionState.DISCONNECTED, reason="client_outdated: perlu neonize baru")
    r = await chat.send(ADMIN, "health#")
    assert "- Sesi main: disconnected (client_outdated: perlu neonize baru), gagal dekripsi 3" in r.text
    r = await chat.send(ADMIN, "jobs#")
    assert r.code == "jobs" and "[fetch_sosmed]" in r.text
    r = await chat.send(ADMIN, "jobs#off#fetch_sosmed")
    assert r.code == "job_toggled"
    assert (
        await one(db, "SELECT is_active FROM cron_job_config WHERE job_key = 'fetch_sosmed'")
    ).is_active is False
    r = await chat.send(ADMIN, "jobs#on#nope")
    assert r.code == "not_found"
    await execute(db, "UPDATE wa_outbox SET status = 'dead_letter', last_error = 'SendError: x'")
    r = await chat.send(ADMIN, "outbox#")
    assert "dead_letter" in r.text and "Dead letter terbaru" in r.text
    dead = await one(
        db, "SELECT outbox_id FROM wa_outbox WHERE status = 'dead_letter' ORDER BY outbox_id LIMIT 1"
    )
    r = await chat.send(ADMIN, f"outbox#retry#{dead.outbox_id}")
    assert r.code == "outbox_retry"
    r = await chat.send(ADMIN, "outbox#cancel#999999")
    assert r.code == "not_found"
    r = await chat.send(PERSON, "jobs#")
    assert r.code == "deny_admin"


async def test_fetchinsta_and_absensilikes_with_fake_provider_conv_181(chat, db, fake_rapidapi):

    await add_client(db, "RES_A", "POLRES ALPHA", insta="polres_alpha")
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON, insta="ani.polri")
    fake_rapidapi.instagram.add_post("polres_alpha", "CmdPost1", taken_at=earlier_today(5))
    fake_rapidapi.instagram.set_likers("CmdPost1", ["ani.polri"])
    r = await chat.send(ADMIN, "fetchinsta#RES_A")
    assert "✅ Fetch selesai!" in r.text and "https://www.instagram.com/p/CmdPost1/" in r.text
    r = await chat.send(ADMIN, "absensilikes#RES_A#akumulasi#sudah")
    assert "Selesai fetch likes IG client RES_A" in r.text
    r = await chat.send(ADMIN, "absensilikes#RES_A#entah")
    assert r.code == "usage"
