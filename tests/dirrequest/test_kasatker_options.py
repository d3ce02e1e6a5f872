"""Kasatker options of dirrequest through the router and the runner (issue 24): DIR-30, 33, 34, 35, 44, 45."""

from __future__ import annotations

from tests.dirrequest.conftest import ADMIN, add_client, execute
from tests.dirrequest.test_report_options import XLSX, assert_menu_last, main_menu, seed_today_posts


async def test_option_30_period_substep_then_report_dir_30(chat, seeded):
    await seed_today_posts(seeded)
    await main_menu(chat)  # DITSAMAPTA
    reply = await chat.send(ADMIN, "30")
    assert reply.texts[-1].splitlines()[:5] == [
        "Silakan pilih periode Laporan Kasatker:",
        "1️⃣ Laporan harian (periode hari ini)",
        "2️⃣ Laporan mingguan (periode minggu ini)",
        "3️⃣ Laporan bulanan (periode bulan ini)",
        "4️⃣ Laporan semua periode (seluruh data)",
    ]
    reply = await chat.send(ADMIN, "5")
    assert reply.texts[-1].startswith("Pilihan tidak valid. Balas angka 1 sampai 4.")
    reply = await chat.send(ADMIN, "2")
    text = reply.texts[0]
    assert "Mohon ijin Komandan," in text and "Periode minggu ini." in text
    # POLRES_A: BUDI has an Instagram handle and did nothing -> 0 %.
    assert "*KEPATUHAN RENDAH* (1 Satker)\n1. POLRES ALPHA : 0,0% (Belum ada pelaksanaan)" in text
    assert_menu_last(reply)


async def test_option_30_back_returns_to_the_menu_dir_0_17(chat, seeded):
    await main_menu(chat)
    await chat.send(ADMIN, "30")
    reply = await chat.send(ADMIN, "back")
    assert "*MENU DIRREQUEST*" in reply.text


async def _kasat_samapta(db) -> None:
    await execute(
        db, "UPDATE \"user\" SET jabatan = 'KASAT SAMAPTA POLRES ALPHA', title = 'AKP' WHERE user_id = '1002'"
    )


async def test_option_33_runs_at_once_dir_33(chat, seeded):
    await _kasat_samapta(seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, "33")
    assert reply.texts[0].splitlines() == [
        "📋 *Absensi Kasatker (Kasat Samapta)*",
        "Client: DITSAMAPTA",
        "Total Kasat Samapta: 1",
        "IG terdaftar: 1/1",
        "TikTok terdaftar: 0/1",
        "",
        "1. AKP BUDI (POLRES ALPHA) — IG ✅ | TT ❌",
        "",
        "🚧 Polres tanpa Kasat Samapta terdeteksi:",
        "- POLRES_B (Polres Beta)",
    ]
    assert_menu_last(reply)


async def test_option_33_directorate_without_a_profile_dir_30_0(chat, seeded):
    await add_client(seeded, "DITPAMOBVIT", "Direktorat Pamobvit")
    await chat.send(ADMIN, "dirrequest")
    reply = await chat.send(ADMIN, "2")  # clients by name: Lalu Lintas, Pamobvit, Samapta
    assert "Pamobvit" in reply.text
    reply = await chat.send(ADMIN, "33")
    assert reply.texts[0] == "❌ Menu ini belum memiliki profil Kasatker untuk DITPAMOBVIT."
    assert_menu_last(reply)


async def test_option_34_and_35_period_substeps_dir_34_35(chat, seeded):
    await _kasat_samapta(seeded)
    await seed_today_posts(seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, "34")
    assert reply.texts[-1].splitlines()[:4] == [
        "Silakan pilih rekap Absensi Likes Kasat Binmas:",
        "1️⃣ Rekap absensi likes harian (hari ini)",
        "2️⃣ Rekap absensi likes mingguan (Senin - Minggu)",
        "3️⃣ Rekap absensi likes bulanan",
    ]
    reply = await chat.send(ADMIN, "4")
    assert reply.texts[-1].startswith("Pilihan tidak valid. Balas angka 1 sampai 3.")
    reply = await chat.send(ADMIN, "1")
    text = reply.texts[0]
    assert text.startswith("📋 *Absensi Likes Kasat Samapta*")
    assert "❌ *Belum Melaksanakan (1 pers)*\n  1. AKP BUDI (POLRES ALPHA) — 0/1 konten" in text
    assert_menu_last(reply)
    reply = await chat.send(ADMIN, "35")
    assert reply.texts[-1].startswith("Silakan pilih rekap Absensi Komentar TikTok Kasat Binmas:\n")
    assert "2️⃣ Rekap absensi komentar mingguan (Senin - Minggu)" in reply.texts[-1]
    reply = await chat.send(ADMIN, "3")
    text = reply.texts[0]
    assert text.startswith("📋 *Absensi Komentar TikTok Kasat Samapta*\n\n🗓️ Periode: Bulan ")
    assert (
        "⚠️❌ *Belum Update Username TikTok (1 pers)*\n  1. AKP BUDI (POLRES ALPHA) — Username TikTok belum tersedia"
        in text
    )
    assert_menu_last(reply)


async def test_option_44_and_45_excel_after_their_substep_dir_44_45(chat, seeded):
    await _kasat_samapta(seeded)
    await seed_today_posts(seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, "44")
    assert reply.texts[-1].startswith(
        "Silakan pilih rekap Likes Instagram Kasat Binmas (Excel):\n1️⃣ Rekap absensi"
    )
    reply = await chat.send(ADMIN, "2")
    kinds = [m.kind for m in reply.messages]
    assert kinds == ["text", "document", "text", "text"], reply.messages  # ⏳, workbook, confirmation, menu
    doc = reply.documents[0]
    assert doc.file_name.startswith("Rekap_Likes_Kasat_Samapta_weekly_") and doc.file_name.endswith(".xlsx")
    assert doc.mimetype == XLSX
    assert reply.messages[2].text == "✅ File Excel dikirim."
    assert_menu_last(reply)
    reply = await chat.send(ADMIN, "45")
    assert reply.texts[-1].startswith("Silakan pilih rekap Komentar TikTok Kasat Binmas (Excel):\n")
    reply = await chat.send(ADMIN, "1")
    assert reply.documents[0].file_name.startswith("Rekap_Komentar_TikTok_Kasat_Samapta_daily_")
    assert_menu_last(reply)


async def test_option_44_without_posts_answers_one_line_dir_44(chat, seeded):
    await _kasat_samapta(seeded)
    await main_menu(chat)
    await chat.send(ADMIN, "44")
    reply = await chat.send(ADMIN, "3")
    assert not reply.documents
    assert any("Tidak ada konten Instagram pada akun official DIREKTORAT SAMAPTA" in t for t in reply.texts)
    assert_menu_last(reply)


def test_internal_failure_lines_name_the_period_and_profile_dir_30_34_44():
    from core.actions.build import _error_words, default_request
    from core.actions.catalogue import ACTIONS

    def line(number: int, client_id: str, period: str | None) -> str:
        spec = ACTIONS[number]
        req = default_request(number, client_id, client_id, period=period)
        return (spec.error_text or "").format(**_error_words(spec, req))

    assert line(30, "DITSAMAPTA", "this_month") == "❌ Gagal membuat Laporan Kasatker (bulan ini)."
    assert line(30, "DITSAMAPTA", None) == "❌ Gagal membuat Laporan Kasatker (hari ini)."
    assert (
        line(34, "DITINTELKAM", "weekly") == "❌ Gagal membuat rekap Absensi Likes Kasat Intelkam (mingguan)."
    )
    assert line(45, "DITBINMAS", "daily") == "❌ Gagal mengirim rekap Komentar TikTok Kasat Binmas (Excel)."
