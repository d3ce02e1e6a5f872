"""Kasatker options of dirrequest through the router and the runner (issue 24): DIR-30, 33, 34, 35, 44, 45."""

from __future__ import annotations

from tests.dirrequest.conftest import ADMIN
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
