"""`dashrequest` as a person uses it (CONV-170): client choice, the five recaps, `back`, bad input."""

from __future__ import annotations

from tests.dirrequest.conftest import ADMIN, DASH, STRANGER, add_dashboard_user
from tests.dirrequest.test_report_options import seed_today_posts


def assert_menu_last(reply, nama: str) -> None:
    last = reply.texts[-1]
    assert "*MENU DASHBOARD*" in last and f"Client: *{nama}*" in last, last


async def test_admin_types_a_client_id_then_gets_the_menu_conv_170(chat, seeded):
    reply = await chat.send(ADMIN, "dashrequest")
    assert "client_id" in reply.text
    reply = await chat.send(ADMIN, "TIDAKADA")
    assert reply.texts[0].startswith("❌ Client TIDAKADA tidak ditemukan.")
    reply = await chat.send(ADMIN, "ditsamapta")
    assert_menu_last(reply, "Direktorat Samapta")
    for label in ("1️⃣ Rekap user belum lengkapi data", "2️⃣ Rekap link Instagram", "3️⃣ Rekap likes Instagram",
                  "4️⃣ Rekap komentar Instagram", "5️⃣ Rekap komentar TikTok"):  # fmt: skip
        assert label in reply.text


async def test_each_item_sends_its_report_then_the_menu_again_conv_170(chat, seeded):
    await seed_today_posts(seeded)
    await chat.send(ADMIN, "dashrequest")
    await chat.send(ADMIN, "DITSAMAPTA")
    expected = {
        "1": "Jumlah Total Personil : 2",  # REP-DATA-SATKER
        "2": "Tidak ada user operator aktif untuk client *DITSAMAPTA*.",  # REP-AMP-LINKS
        "3": "*Rekap Akumulasi Likes Instagram*",  # REP-IG-UNIT
        "4": "*Rekap Akumulasi Komentar Instagram*",  # REP-IGC
        "5": "*Rekap Akumulasi Komentar TikTok*",  # REP-TT-UNIT
    }
    for item, word in expected.items():
        reply = await chat.send(ADMIN, item)
        assert len(reply.texts) >= 2, (item, reply.texts)
        assert not reply.texts[0].startswith("❌"), (item, reply.texts[0])
        assert word in reply.texts[0]
        assert_menu_last(reply, "Direktorat Samapta")


async def test_likes_item_is_the_unit_recap_of_the_chosen_client_conv_170(chat, seeded):
    await seed_today_posts(seeded)
    await chat.send(ADMIN, "dashrequest")
    await chat.send(ADMIN, "DITSAMAPTA")
    reply = await chat.send(ADMIN, "3")
    assert "Direktorat Samapta".upper() in reply.texts[0].upper()
    assert_menu_last(reply, "Direktorat Samapta")


async def test_dashboard_user_with_several_clients_picks_and_back_returns_conv_170(chat, seeded):
    await add_dashboard_user(seeded, DASH, "polres_viewer", ["POLRES_A", "POLRES_B"])
    reply = await chat.send(DASH, "dashrequest")
    assert reply.text.startswith("Pilih Client:")
    assert "1. Polres Alpha (POLRES_A)" in reply.text and "2. Polres Beta (POLRES_B)" in reply.text
    reply = await chat.send(DASH, "7")
    assert reply.texts[0].startswith("❌ Pilihan tidak dikenal. Balas angka 1–2.")
    reply = await chat.send(DASH, "2")
    assert_menu_last(reply, "Polres Beta")
    reply = await chat.send(DASH, "back")
    assert reply.text.startswith("Pilih Client:")
    reply = await chat.send(DASH, "POLRES_A")
    assert_menu_last(reply, "Polres Alpha")


async def test_directorate_dashboard_user_gets_its_directorate_directly_conv_170(chat, seeded):
    await add_dashboard_user(seeded, DASH, "ditsamapta", [])
    reply = await chat.send(DASH, "dashrequest")
    assert_menu_last(reply, "Direktorat Samapta")
    reply = await chat.send(DASH, "9")
    assert reply.texts[0].startswith("❌ Pilihan tidak dikenal.")
    assert len(reply.texts[0].split("\n")[0]) < 80


async def test_stranger_is_refused_conv_170(chat, seeded):
    reply = await chat.send(STRANGER, "dashrequest")
    assert "dashboard" in reply.text and reply.text.startswith("❌")
