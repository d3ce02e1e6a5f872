"""`oprrequest` through the router (CONV-110..125)."""

from __future__ import annotations

from tests.amplify.seed import add_client, add_post, add_user
from tests.clock import earlier_today
from tests.menus.conftest import ADMIN, OPERATOR, PERSON, STRANGER, execute, one


async def seed(db, *, client_type: str = "org"):
    await add_client(db, "RES_A", "POLRES ALPHA", client_type=client_type, insta="polres_alpha")
    await add_client(db, "RES_B", "POLRES BETA")
    await execute(db, "UPDATE clients SET client_operator = :o WHERE client_id = 'RES_A'", o=OPERATOR)
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON, nama="ANI", title="BRIPDA")
    await add_user(db, "71120001", "RES_B", nama="ORANG LAIN")


async def test_entry_by_role_conv_110(chat, db):
    await seed(db)
    r = await chat.send(OPERATOR, "oprrequest")
    assert "┏━━━ *MENU OPERATOR CICERO* ━━━┓" in r.text and "Client: *POLRES ALPHA* (RES_A)" in r.text
    r = await chat.send(ADMIN, "oprrequest")
    assert "*Pilih client (tipe Org) untuk Menu Operator:*" in r.text
    assert "1. RES_A - POLRES ALPHA" in r.text and "2. RES_B - POLRES BETA" in r.text
    r = await chat.send(ADMIN, "res_b")
    assert "(RES_B)" in r.text
    r = await chat.send(ADMIN, "back")
    assert "Pilih client" in r.text
    r = await chat.send(PERSON, "oprrequest")
    assert r.code == "deny_operator_menu"
    r = await chat.send(STRANGER, "oprrequest")
    assert r.code == "deny_operator_menu"
    await execute(db, "UPDATE clients SET client_status = FALSE WHERE client_id = 'RES_A'")
    r = await chat.send(OPERATOR, "oprrequest")
    assert r.code == "deny_client_inactive"


async def test_main_menu_hides_disabled_groups_conv_111(chat, db):
    await seed(db)
    await execute(db, "UPDATE clients SET client_amplify_status = FALSE WHERE client_id = 'RES_A'")
    r = await chat.send(OPERATOR, "oprrequest")
    assert "Manajemen Amplifikasi" not in r.text and "2️⃣ Manajemen Engagement" in r.text


async def test_add_user_full_flow_with_invalid_inputs_conv_113(chat, db):
    await seed(db)
    await chat.send(OPERATOR, "oprrequest")
    r = await chat.send(OPERATOR, "1")
    assert "*Menu Manajemen User*" in r.text and "6️⃣ Absensi update data username" in r.text
    await chat.send(OPERATOR, "1")
    r = await chat.send(OPERATOR, "81120346")
    assert "sudah terdaftar di client RES_A" in r.text
    await chat.send(OPERATOR, "1")
    r = await chat.send(OPERATOR, "12")
    assert r.text.startswith("❌")
    r = await chat.send(OPERATOR, "81120999")
    assert "*Nama*" in r.text
    r = await chat.send(OPERATOR, "12")
    assert r.text.startswith("❌")
    r = await chat.send(OPERATOR, "Budi Santoso")
    assert "Pangkat" in r.text
    r = await chat.send(OPERATOR, "JENDERAL BINTANG LIMA")
    assert "tidak ada di daftar" in r.text
    r = await chat.send(OPERATOR, "briptu")
    assert "Satfung" in r.text and "1. SAT BINMAS" in r.text
    r = await chat.send(OPERATOR, "SAT SAMAPTA")
    assert "Pakai nama ini?" in r.text
    r = await chat.send(OPERATOR, "ya")
    assert "Jabatan" in r.text
    r = await chat.send(OPERATOR, "Banit Samapta")
    assert "Ringkasan user baru" in r.text and "SAT SAMAPTA" in r.text
    r = await chat.send(OPERATOR, "ya")
    assert "✅ User baru tersimpan." in r.text and "*Menu Manajemen User*" in r.text
    row = await one(
        db, "SELECT nama, title, divisi, client_id, whatsapp FROM \"user\" WHERE user_id = '81120999'"
    )
    assert (row.nama, row.title, row.divisi, row.client_id, row.whatsapp) == (
        "BUDI SANTOSO",
        "BRIPTU",
        "SAT SAMAPTA",
        "RES_A",
        "",
    )
    role = await one(
        db, "SELECT r.role_name FROM user_roles ur JOIN roles r USING (role_id) WHERE user_id = '81120999'"
    )
    assert role.role_name == "operator"


async def test_update_user_fields_and_clear_whatsapp_conv_114(chat, db):
    await seed(db)
    await chat.send(OPERATOR, "oprrequest")
    await chat.send(OPERATOR, "1")
    await chat.send(OPERATOR, "2")
    r = await chat.send(OPERATOR, "71120001")
    assert "tidak ditemukan" in r.text  # personnel of another client is not revealed
    r = await chat.send(OPERATOR, "81120346")
    assert "👤 *Data Personel*" in r.text and "8️⃣ Hapus WhatsApp" in r.text
    await chat.send(OPERATOR, "7")
    r = await chat.send(OPERATOR, "@Ani.TikTok")
    assert "@ani.tiktok" in r.text and "Pilih data" in r.text
    assert (await one(db, "SELECT tiktok FROM \"user\" WHERE user_id = '81120346'")).tiktok == "ani.tiktok"
    await chat.send(OPERATOR, "8")
    r = await chat.send(OPERATOR, "ya")
    assert "dihapus" in r.text
    assert (await one(db, "SELECT whatsapp FROM \"user\" WHERE user_id = '81120346'")).whatsapp == ""
    r = await chat.send(OPERATOR, "back")
    assert "*Menu Manajemen User*" in r.text


async def test_status_operator_removes_membership_role_conv_115(chat, db):
    await seed(db)
    await add_user(db, "81120347", "RES_A", nama="DUA ROLE", roles=("operator", "ditbinmas"))
    await chat.send(OPERATOR, "oprrequest")
    await chat.send(OPERATOR, "1")
    await chat.send(OPERATOR, "3")
    r = await chat.send(OPERATOR, "81120347")
    assert "1. 🟢 *AKTIF*" in r.text
    r = await chat.send(OPERATOR, "2")
    assert "*Role Tersisa*: ditbinmas" in r.text and "tetap aktif" in r.text
    assert (await one(db, "SELECT status FROM \"user\" WHERE user_id = '81120347'")).status is True
    await chat.send(OPERATOR, "3")
    await chat.send(OPERATOR, "81120346")
    r = await chat.send(OPERATOR, "2")
    assert "🔴 NONAKTIF" in r.text
    row = await one(db, "SELECT status, whatsapp FROM \"user\" WHERE user_id = '81120346'")
    assert (row.status, row.whatsapp) == (False, "")


async def test_check_user_and_username_attendance_conv_116_118(chat, db):
    await seed(db)
    await chat.send(OPERATOR, "oprrequest")
    await chat.send(OPERATOR, "1")
    await chat.send(OPERATOR, "4")
    r = await chat.send(OPERATOR, "81120346")
    assert "*NRP/NIP*  : 81120346" in r.text and "*Role Aktif*: operator" in r.text
    r = await chat.send(OPERATOR, "6")
    assert r.code in ("report", "report_error")


async def test_registration_attendance_modes_conv_117(chat, db):
    await seed(db)
    await add_user(db, "81120350", "RES_A", nama="BAMBANG", title="AIPDA", divisi="SAT LANTAS")
    await add_user(db, "81120351", "RES_A", nama="CITRA", roles=("ditbinmas",))  # not an operator
    await chat.send(OPERATOR, "oprrequest")
    await chat.send(OPERATOR, "1")
    r = await chat.send(OPERATOR, "5")
    assert "1. Semua" in r.text and "3. Belum" in r.text
    r = await chat.send(OPERATOR, "7")
    assert r.code == "invalid_choice" and "1–3" in r.text
    r = await chat.send(OPERATOR, "3")
    assert "📋 *Absensi Registrasi WhatsApp* untuk *POLRES ALPHA*" in r.text
    assert "Jumlah user: 2" in r.text and "Belum registrasi: 1" in r.text
    assert "AIPDA BAMBANG" in r.text and "BRIPDA ANI" not in r.text and "CITRA" not in r.text
    assert "*Menu Manajemen User*" in r.text
    await chat.send(OPERATOR, "5")
    r = await chat.send(OPERATOR, "2")
    assert "✅ *Sudah (1 user):*" in r.text and "BRIPDA ANI" in r.text and "BAMBANG" not in r.text


async def test_user_management_refused_for_non_org_conv_112(chat, db):
    await seed(db, client_type="direktorat")
    await chat.send(OPERATOR, "oprrequest")
    r = await chat.send(OPERATOR, "1")
    assert r.code == "not_org"


async def test_link_recaps_and_attendance_conv_122(chat, db):
    await seed(db)
    await add_post(db, "TaskOne1", "RES_A", at=earlier_today(5))
    await chat.send(OPERATOR, "oprrequest")
    r = await chat.send(OPERATOR, "2")
    assert "*Menu Manajemen Amplifikasi*" in r.text
    await chat.send(OPERATOR, "2")
    r = await chat.send(OPERATOR, "1")
    assert "*Laporan Tugas Rutin*" in r.text
    r = await chat.send(OPERATOR, "1")
    assert "Tidak ada laporan link hari ini untuk client *RES_A*." in r.text
    r = await chat.send(OPERATOR, "3")
    assert "*Rekap Post List*" in r.text and "TaskOne1" in r.text
    r = await chat.send(OPERATOR, "1")
    assert r.code in ("report", "ok")
    await chat.send(OPERATOR, "4")
    r = await chat.send(OPERATOR, "4")
    assert r.text.startswith("❌")
    r = await chat.send(OPERATOR, "3")
    assert "Amplifikasi" in r.text


async def test_tugas_khusus_registers_posts_conv_121(chat, db, fake_rapidapi):
    await seed(db)
    fake_rapidapi.instagram.add_post("polres_alpha", "KhUsUs123", taken_at=earlier_today(60))
    await chat.send(OPERATOR, "oprrequest")
    await chat.send(OPERATOR, "2")
    await chat.send(OPERATOR, "1")
    r = await chat.send(OPERATOR, "2")
    assert "link post Instagram" in r.text
    r = await chat.send(OPERATOR, "https://www.instagram.com/polres_alpha/")
    assert r.text.startswith("❌")
    r = await chat.send(OPERATOR, "instagram.com/p/KhUsUs123/?igsh=1 https://x.com/a/status/1")
    assert "✅ Tugas khusus terdaftar: 1" in r.text
    assert "bukan link post Instagram" in r.text
    row = await one(db, "SELECT client_id, source_type FROM insta_post_khusus WHERE shortcode = 'KhUsUs123'")
    assert (row.client_id, row.source_type) == ("RES_A", "manual_input")


async def test_update_tugas_rutin_fetches_posts_conv_121(chat, db, fake_rapidapi):
    await seed(db)
    fake_rapidapi.instagram.add_post("polres_alpha", "RutinAbc1", taken_at=earlier_today(10))
    await chat.send(OPERATOR, "oprrequest")
    await chat.send(OPERATOR, "2")
    await chat.send(OPERATOR, "1")
    r = await chat.send(OPERATOR, "1")
    assert "⏳" in r.text
    assert "https://www.instagram.com/p/RutinAbc1/" in r.text or "Fetch" in r.text


async def test_engagement_submenu_conv_125(chat, db):
    await seed(db)
    await execute(db, "UPDATE clients SET client_tiktok_status = FALSE WHERE client_id = 'RES_A'")
    await chat.send(OPERATOR, "oprrequest")
    r = await chat.send(OPERATOR, "3")
    assert "2️⃣ Absensi Komentar TikTok (nonaktif)" in r.text
    r = await chat.send(OPERATOR, "2")
    assert r.code == "platform_disabled"
    await chat.send(OPERATOR, "1")
    r = await chat.send(OPERATOR, "3")
    assert r.code in ("report", "report_error")


async def test_operator_of_several_clients_gets_restricted_picker_conv_110(chat, db):
    await seed(db)
    await add_client(db, "RES_C", "POLRES CHARLIE")
    await execute(db, "UPDATE clients SET client_super = :o WHERE client_id = 'RES_C'", o=OPERATOR)
    r = await chat.send(OPERATOR, "oprrequest")
    assert "*Pilih client untuk Menu Operator:*" in r.text
    assert "RES_A - POLRES ALPHA" in r.text and "RES_C - POLRES CHARLIE" in r.text and "RES_B" not in r.text
    r = await chat.send(OPERATOR, "RES_B")
    assert r.text.startswith("❌")
    r = await chat.send(OPERATOR, "2")
    assert "(RES_C)" in r.text


async def test_fetch_post_engagement_runs_in_background_conv_125(chat, db, fake_rapidapi):
    await seed(db)
    fake_rapidapi.instagram.add_post("polres_alpha", "EngPost1", taken_at=earlier_today(20))
    fake_rapidapi.instagram.set_likers("EngPost1", ["ani.polri", "orang"])
    await execute(db, "UPDATE clients SET client_tiktok_status = FALSE WHERE client_id = 'RES_A'")
    await chat.send(OPERATOR, "oprrequest")
    await chat.send(OPERATOR, "3")
    r = await chat.send(OPERATOR, "3")
    assert "⏳" in r.text
    assert "✅ Selesai fetch likes IG client RES_A. Berhasil: 1, Gagal: 0" in r.text
    assert "*Menu Manajemen Engagement*" in r.text
