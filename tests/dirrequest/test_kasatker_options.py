"""Kasatker options of dirrequest through the router and the runner (issue 24): DIR-30, 33, 34, 35, 44, 45."""

from __future__ import annotations

from tests.dirrequest.conftest import ADMIN, add_client, execute
from tests.dirrequest.test_report_options import assert_menu_last, main_menu, seed_today_posts


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
