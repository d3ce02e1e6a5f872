"""Entry, authorization, client selection and main-menu navigation (DIR-0.2 .. DIR-0.10, DIR-95.1 .. 95.4)."""

from __future__ import annotations

from tests.dirrequest.conftest import ADMIN, DASH, OPERATOR, PERSON, STRANGER, add_dashboard_user, execute

# DIR-0.8, copied from the spec to the letter.
MENU_BLOCK = """\
┏━━━━━━━━━━━━ *MENU DIRREQUEST* ━━━━━━━━━━━━
📊 *Rekap Data*
1️⃣ Rekap Kelengkapan data Personil Satker.
2️⃣ Ringkasan pengisian data personel
3️⃣ Rekap data personil
4️⃣ Rekap Matriks Update Satker

📅 *Absensi*
5️⃣ Absensi like Direktorat/Bidang
6️⃣ Absensi like Direktorat/Bidang Simple
7️⃣ Absensi like Instagram
8️⃣ Absensi komentar TikTok
9️⃣ Absensi komentar Direktorat/Bidang Simple
1️⃣0️⃣ Absensi komentar Direktorat/Bidang
1️⃣1️⃣ Absensi user web dashboard Direktorat/Bidang
4️⃣8️⃣ Absensi Instagram Jajaran
4️⃣9️⃣ Absensi TikTok Jajaran

📥 *Pengambilan Data*
1️⃣2️⃣ Ambil konten & like Instagram
1️⃣3️⃣ Ambil like Instagram saja
1️⃣4️⃣ Ambil konten & komentar TikTok
1️⃣5️⃣ Ambil komentar TikTok saja
1️⃣6️⃣ Ambil semua sosmed & buat tugas

4️⃣6️⃣ Input IG post manual
4️⃣7️⃣ Input TikTok post manual
5️⃣0️⃣ Fetch likes IG manual (hari ini)
5️⃣1️⃣ Fetch komentar TikTok manual (hari ini)
5️⃣2️⃣ Fetch komentar IG manual (hari ini)
5️⃣3️⃣ Hapus post tugas (auto IG/TikTok)

📝 *Laporan*
1️⃣7️⃣ Laporan harian Instagram Direktorat/Bidang
1️⃣8️⃣ Laporan harian TikTok Direktorat/Bidang
1️⃣9️⃣ Rekap like Instagram (Excel)
2️⃣0️⃣ Rekap komentar TikTok (Excel)
2️⃣1️⃣ Rekap gabungan semua sosmed
2️⃣2️⃣ Rekap ranking engagement jajaran

📆 *Laporan Mingguan*
2️⃣3️⃣ Rekap file Instagram mingguan
2️⃣4️⃣ Rekap file Tiktok mingguan
2️⃣5️⃣ TikTok Top and Bottom (Top 5 & Bottom 5)
2️⃣6️⃣ Instagram Top and Bottom (Top 5 & Bottom 5)

🗓️ *Laporan Bulanan*
2️⃣7️⃣ Rekap file Instagram bulanan
2️⃣8️⃣ Rekap like Instagram per konten (Excel)
2️⃣9️⃣ Rekap komentar TikTok per konten (Excel)

📦 *Rekap All Data*
4️⃣2️⃣ Instagram all data
4️⃣3️⃣ TikTok all data

🛡️ *Monitoring Kasatker*
3️⃣0️⃣ Laporan Kasatker
3️⃣1️⃣ Top ranking like/komentar personel
3️⃣2️⃣ Top ranking like/komentar polres tertinggi
3️⃣3️⃣ Absensi Kasatker
3️⃣4️⃣ Absensi likes Instagram Kasat Binmas
3️⃣5️⃣ Absensi komentar TikTok Kasat Binmas
4️⃣4️⃣ Rekap likes Instagram Kasat Binmas (Excel)
4️⃣5️⃣ Rekap komentar TikTok Kasat Binmas (Excel)

📡 *Monitoring Satbinmas Official*
3️⃣6️⃣ Ambil metadata harian IG Satbinmas Official
3️⃣7️⃣ Ambil konten harian IG Satbinmas Official (semua akun ORG)
3️⃣8️⃣ Sinkronisasi secUid TikTok Satbinmas Official
3️⃣9️⃣ Ambil konten harian TikTok Satbinmas Official (semua akun ORG)
4️⃣0️⃣ Rekap Instagram Satbinmas Official
4️⃣1️⃣ Rekap TikTok Satbinmas Official

┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛
Ketik *angka* menu atau *batal* untuk keluar.
"""


async def test_admin_sees_active_directorates_then_exact_main_menu_dir_95_1(chat, seeded):
    reply = await chat.send(ADMIN, "dirrequest")
    text = reply.text
    assert text.startswith("Pilih *Client ID* Direktorat aktif sebelum membuka menu dirrequest:")
    assert "1️⃣ DITLANTAS - Direktorat Lalu Lintas" in text
    assert "2️⃣ DITSAMAPTA - Direktorat Samapta" in text
    assert "DITPOLAIRUD" not in text and "POLRES_A" not in text

    reply = await chat.send(ADMIN, "2")
    lines = reply.texts[-1].splitlines()
    assert lines[0] == "Client: *Direktorat Samapta*"
    expected = MENU_BLOCK.rstrip("\n").splitlines()
    assert lines[1 : 1 + len(expected)] == expected
    assert lines[-1] == "Ketik *0* untuk kembali ke daftar client."
    numbers = [ln for ln in lines if ln[:1].isdigit()]
    assert len(numbers) == 53


async def test_client_by_id_and_invalid_client_choice_dir_0_5(chat, seeded):
    await chat.send(ADMIN, "dirrequest")
    reply = await chat.send(ADMIN, "ditlantas")
    assert "Client: *Direktorat Lalu Lintas*" in reply.text
    await chat.send(ADMIN, "batal")
    await chat.send(ADMIN, "dirrequest")
    reply = await chat.send(ADMIN, "POLRES_A")
    assert reply.text.startswith("❌ Pilihan client tidak valid. Silakan pilih sesuai daftar.")
    assert "Pilih *Client ID*" in reply.text


async def test_dashboard_user_gets_own_client_at_once_dir_95_2(chat, seeded):
    await add_dashboard_user(seeded, DASH, "ditlantas", ["DITLANTAS"])
    reply = await chat.send(DASH, "dirrequest")
    assert "Client: *Direktorat Lalu Lintas*" in reply.text
    assert "kembali ke daftar client" not in reply.text
    reply = await chat.send(DASH, "DITSAMAPTA")
    assert reply.texts == [INVALID_LINE]  # DIR-0.9: the first typo gets one line
    reply = await chat.send(DASH, "DITSAMAPTA")
    assert "Client: *Direktorat Lalu Lintas*" in reply.text


async def test_operator_of_directorate_may_enter_dir_0_3(chat, seeded):
    await execute(
        seeded, "UPDATE clients SET client_operator = :p WHERE client_id = 'DITSAMAPTA'", p=OPERATOR
    )
    reply = await chat.send(OPERATOR, "dirrequest")
    assert "Client: *Direktorat Samapta*" in reply.text


async def test_personnel_and_strangers_are_denied_without_session_dir_95_3(chat, seeded, redis):
    for phone in (PERSON, STRANGER):
        reply = await chat.send(phone, "dirrequest")
        assert len(reply.texts) == 1 and reply.texts[0].startswith("❌")
        assert "Direktorat" in reply.texts[0]
        keys = [k async for k in redis.client.scan_iter(match=redis.key("*menu*"))]
        assert not [k for k in keys if phone in k]


async def test_dashboard_user_of_other_role_is_denied_dir_0_3(chat, seeded):
    await add_dashboard_user(seeded, DASH, "viewer_x", ["DITLANTAS"])
    reply = await chat.send(DASH, "dirrequest")
    assert reply.texts[0].startswith("❌")


INVALID_LINE = "Pilihan tidak valid. Ketik angka menu (1–53), atau *menu* untuk melihat daftar."


async def test_invalid_menu_number_then_keycap_choice_dir_95_4(chat, seeded):
    """DIR-95.4 as changed 2026-12-07: one line first, the menu only on a second typo in a row."""
    await chat.send(ADMIN, "dirrequest")
    await chat.send(ADMIN, "2")
    reply = await chat.send(ADMIN, "54")
    assert reply.texts == [INVALID_LINE]
    reply = await chat.send(ADMIN, "xx")
    assert reply.texts[-1].startswith(INVALID_LINE)
    assert "*MENU DIRREQUEST*" in reply.texts[-1]
    reply = await chat.send(ADMIN, " 4️⃣6️⃣ ")
    assert "Input IG post manual" in reply.text and "instagram.com/p/" in reply.text


async def test_every_typo_shape_is_invalid_and_menu_word_shows_the_list_dir_0_9(chat, seeded):
    await chat.send(ADMIN, "dirrequest")
    await chat.send(ADMIN, "2")
    for bad in ("07", "dirrequest", "halo pak"):
        reply = await chat.send(ADMIN, bad)
        assert reply.texts == [INVALID_LINE], bad
        reply = await chat.send(ADMIN, "99")  # second in a row: the menu follows the line
        assert reply.texts[-1].startswith(INVALID_LINE) and "*MENU DIRREQUEST*" in reply.texts[-1]
        reply = await chat.send(ADMIN, "menu")  # the word the line names shows the list
        assert "*MENU DIRREQUEST*" in reply.text and "Pilihan tidak valid" not in reply.text


async def test_back_at_main_returns_to_client_list_and_batal_closes_dir_0_10(chat, seeded):
    await chat.send(ADMIN, "dirrequest")
    await chat.send(ADMIN, "1")
    reply = await chat.send(ADMIN, "0")
    assert "Pilih *Client ID*" in reply.text
    await chat.send(ADMIN, "2")
    reply = await chat.send(ADMIN, "batal")
    assert reply.texts == ["✅ Menu Direktorat ditutup."]
    reply = await chat.send(ADMIN, "5")
    assert "MENU DIRREQUEST" not in reply.text


async def test_single_client_back_resends_menu_with_hint_dir_0_10(chat, seeded):
    await add_dashboard_user(seeded, DASH, "ditlantas", ["DITLANTAS"])
    await chat.send(DASH, "dirrequest")
    reply = await chat.send(DASH, "kembali")
    assert "*MENU DIRREQUEST*" in reply.text and "ℹ️" in reply.text


async def test_access_lost_mid_session_closes_menu_dir_0_6(chat, seeded):
    await add_dashboard_user(seeded, DASH, "ditlantas", ["DITLANTAS"])
    await chat.send(DASH, "dirrequest")
    await execute(seeded, "UPDATE dashboard_user SET status = FALSE")
    await execute(seeded, "SELECT 1")
    reply = await chat.send(DASH, "1")
    assert any(t.startswith("❌") for t in reply.texts)
    assert "MENU DIRREQUEST" not in reply.text
