"""`clientrequest` (admins only) through the router (CONV-140..158)."""

from __future__ import annotations

from core.timewindow import now_utc, utc_naive
from tests.amplify.seed import add_client, add_user
from tests.clock import earlier_today
from tests.menus.conftest import ADMIN, OPERATOR, PERSON, one


async def test_only_admins_open_it_conv_140(chat, db):
    await add_client(db, "RES_A")
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON)
    r = await chat.send(PERSON, "clientrequest")
    assert r.code == "deny_admin" and r.text.startswith("❌")
    r = await chat.send(ADMIN, "clientrequest")
    assert "┏━━━ *MENU CLIENT CICERO* ━━━┓" in r.text and "4️⃣ Administratif" in r.text


async def test_add_client_happy_path_and_invalid_inputs_conv_143(chat, db):
    await chat.send(ADMIN, "clientrequest")
    r = await chat.send(ADMIN, "1")
    assert "*Manajemen Client & User*" in r.text
    r = await chat.send(ADMIN, "9")
    assert r.text.startswith("❌") and "1–6" in r.text
    r = await chat.send(ADMIN, "1")
    assert "client_id" in r.text
    r = await chat.send(ADMIN, "x")
    assert r.text.startswith("❌")
    await chat.send(ADMIN, "polres contoh")
    r = await chat.send(ADMIN, "Polres Contoh Kota")
    assert "1. ORG" in r.text
    r = await chat.send(ADMIN, "3")
    assert r.text.startswith("❌")
    r = await chat.send(ADMIN, "2")
    assert "DIREKTORAT" in r.text
    r = await chat.send(ADMIN, "ya")
    assert "✅ Client dibuat." in r.text and "POLRES_CONTOH" in r.text
    row = await one(
        db, "SELECT nama, client_type, client_status FROM clients WHERE client_id = 'POLRES_CONTOH'"
    )
    assert (row.nama, row.client_type, row.client_status) == ("Polres Contoh Kota", "direktorat", True)
    audit = await one(db, "SELECT action, channel, actor_id FROM audit_log WHERE target_id = 'POLRES_CONTOH'")
    assert (audit.action, audit.channel, audit.actor_id) == ("client.create", "whatsapp", ADMIN)


async def test_update_operator_numbers_and_info_conv_144_145(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "1")
    r = await chat.send(ADMIN, "2")
    assert "1. *RES_A* - POLRES ALPHA 🟢 Aktif" in r.text
    r = await chat.send(ADMIN, "res_a")
    assert "Kelola Client: *POLRES ALPHA* (RES_A)" in r.text
    await chat.send(ADMIN, "1")
    r = await chat.send(ADMIN, "2")
    assert "[client_operator]" in r.text
    await chat.send(ADMIN, "1")
    r = await chat.send(ADMIN, "0812-0000-0004; 081200000005")
    assert "✅ client_operator" in r.text
    row = await one(db, "SELECT client_operator FROM clients WHERE client_id = 'RES_A'")
    assert row.client_operator == "6281200000004, 6281200000005"
    r = await chat.send(ADMIN, "oprrequest")  # another trigger closes this menu and opens that one
    assert "Pilih client" in r.text


async def test_delete_client_needs_exact_phrase_and_no_personnel_conv_144(chat, db):
    await add_client(db, "RES_A")
    await add_client(db, "RES_B")
    await add_user(db, "81120346", "RES_A")
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "1")
    await chat.send(ADMIN, "2")
    await chat.send(ADMIN, "RES_A")
    r = await chat.send(ADMIN, "2")
    assert "masih memiliki 1 personel" in r.text
    await chat.send(ADMIN, "back")
    await chat.send(ADMIN, "RES_B")
    r = await chat.send(ADMIN, "2")
    assert "ya hapus" in r.text
    r = await chat.send(ADMIN, "ya")
    assert r.text.startswith("❌")
    r = await chat.send(ADMIN, "ya hapus")
    assert "🗑️" in r.text
    assert await one(db, "SELECT 1 FROM clients WHERE client_id = 'RES_B'") is None


async def test_kelola_user_exception_status_and_move_conv_146(chat, db):
    await add_client(db, "RES_A")
    await add_client(db, "RES_B")
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON, roles=("operator",))
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "1")
    await chat.send(ADMIN, "3")
    await chat.send(ADMIN, "2")
    r = await chat.send(ADMIN, "81120346")
    assert "*Exception*: Tidak" in r.text
    r = await chat.send(ADMIN, "ya")
    assert "Exception" in r.text and "*Ya*" in r.text
    assert (await one(db, "SELECT exception FROM \"user\" WHERE user_id = '81120346'")).exception is True
    await chat.send(ADMIN, "3")
    await chat.send(ADMIN, "81120346")
    r = await chat.send(ADMIN, "2")
    assert "🔴 NONAKTIF" in r.text
    row = await one(db, "SELECT status, whatsapp FROM \"user\" WHERE user_id = '81120346'")
    assert (row.status, row.whatsapp) == (False, "")
    await chat.send(ADMIN, "4")
    await chat.send(ADMIN, "81120346")
    r = await chat.send(ADMIN, "RES_X")
    assert "tidak ditemukan" in r.text
    r = await chat.send(ADMIN, "res_b")
    assert "*RES_B*" in r.text
    assert (await one(db, "SELECT client_id FROM \"user\" WHERE user_id = '81120346'")).client_id == "RES_B"


async def test_import_from_csv_is_refused_without_document_conv_155(chat, db):
    await add_client(db, "RES_A")
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "3")
    await chat.send(ADMIN, "1")
    r = await chat.send(ADMIN, "3")
    assert "Pilih client" in r.text
    r = await chat.send(ADMIN, "1")
    assert "Google Sheet" in r.text
    r = await chat.send(ADMIN, "https://example.com/not-a-sheet")
    assert r.text.startswith("❌")


async def test_operator_is_denied_conv_40(chat, db):
    await add_client(db, "RES_A")
    await execute_operator(db)
    r = await chat.send(OPERATOR, "clientrequest")
    assert r.code == "deny_admin"


async def execute_operator(db):
    from tests.menus.conftest import execute

    await execute(db, "UPDATE clients SET client_operator = :o WHERE client_id = 'RES_A'", o=OPERATOR)


async def test_tiktok_manual_fetch_then_delete_with_confirmation_conv_152(chat, db, fake_rapidapi):

    await add_client(db, "RES_A", "POLRES ALPHA")
    await execute_sql(db, "UPDATE clients SET client_tiktok = 'polres_alpha' WHERE client_id = 'RES_A'")
    fake_rapidapi.tiktok.add_video("polres_alpha", "7312345678901234567", create_time=earlier_today(60))
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "2")
    r = await chat.send(ADMIN, "2")
    assert "*RES_A*" in r.text
    r = await chat.send(ADMIN, "1")
    assert "Proses TikTok untuk" in r.text and "5️⃣ Hapus Konten TikTok" in r.text
    await chat.send(ADMIN, "4")
    r = await chat.send(ADMIN, "bukan link")
    assert r.text.startswith("❌")
    r = await chat.send(ADMIN, "https://www.tiktok.com/@polres_alpha/video/7312345678901234567")
    assert "Video ID: 7312345678901234567" in r.text
    row = await one(db, "SELECT source_type FROM tiktok_post WHERE video_id = '7312345678901234567'")
    assert row.source_type == "manual_input"
    await chat.send(ADMIN, "5")
    r = await chat.send(ADMIN, "7312345678901234567")
    assert "ya hapus" in r.text
    r = await chat.send(ADMIN, "ya")
    assert r.text.startswith("❌")
    r = await chat.send(ADMIN, "ya hapus")
    assert r.code == "tiktok_deleted"
    assert await one(db, "SELECT 1 FROM tiktok_post WHERE video_id = '7312345678901234567'") is None


async def test_download_amplification_sheet_to_requester_conv_154(chat, db):

    from tests.amplify.seed import add_post

    await add_client(db, "RES_A", "POLRES ALPHA")
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON)
    await add_post(db, "TaskOne1", "RES_A", at=earlier_today(5))
    await execute_sql(
        db,
        "INSERT INTO link_report (shortcode, user_id, facebook_link, report_source, created_at) "
        "VALUES ('TaskOne1', '81120346', 'https://www.facebook.com/a/posts/1', 'whatsapp', :t)",
        t=utc_naive(now_utc()),
    )
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "2")
    await chat.send(ADMIN, "5")
    r = await chat.send(ADMIN, "RES_A")
    assert "⏳" in r.text
    assert r.documents, r.text
    assert "*Operasional Media Sosial*" in r.text
    assert all(m.chat_id.startswith(ADMIN) for m in r.messages)


async def execute_sql(db, sql, **params):
    from tests.menus.conftest import execute

    await execute(db, sql, **params)
