"""Report options through the router and the action runner (DIR-1 .. DIR-22, DIR-0.11, DIR-0.13, DIR-0.16, DIR-95.20/21)."""

from __future__ import annotations

import json

import pytest

from bot.router import Router
from core.actions.catalogue import ACTIONS
from core.timewindow import now_utc, utc_naive
from core.wa_sessions import load_session_config
from menus.framework.registry import load_menus
from tests.dirrequest.conftest import ADMIN, Chat, execute

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def seed_today_posts(db) -> None:
    now = utc_naive(now_utc())
    await execute(
        db,
        "INSERT INTO insta_post (shortcode, client_id, created_at) VALUES ('IgPost0001', 'DITSAMAPTA', :n)",
        n=now,
    )
    await execute(
        db,
        "INSERT INTO insta_like (shortcode, likes) VALUES ('IgPost0001', :l)",
        l=json.dumps(["anggota.satu"]),
    )
    await execute(
        db,
        "INSERT INTO tiktok_post (video_id, client_id, created_at) VALUES ('7000000000000000001', 'DITSAMAPTA', :n)",
        n=now,
    )
    await execute(
        db,
        "INSERT INTO tiktok_comment (video_id, comments) VALUES ('7000000000000000001', :c)",
        c=json.dumps(["anggota_satu"]),
    )


async def main_menu(chat) -> None:
    await chat.send(ADMIN, "dirrequest")
    await chat.send(ADMIN, "2")


def assert_menu_last(reply) -> None:
    assert reply.messages[-1].kind == "text" and "*MENU DIRREQUEST*" in reply.messages[-1].text


@pytest.mark.parametrize("option", ["1", "2", "5", "6", "7", "8", "9", "10"])
async def test_text_options_send_one_text_then_the_menu(chat, seeded, option):
    await seed_today_posts(seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, option)
    assert len(reply.texts) == 2, reply.texts
    assert not reply.texts[0].startswith("❌"), reply.texts[0]
    assert_menu_last(reply)


async def test_option_1_counts_jajaran_personnel_dir_1(chat, seeded):
    await main_menu(chat)
    reply = await chat.send(ADMIN, "1")
    assert "Jumlah Total Personil : 2" in reply.texts[0]
    assert "POLRES ALPHA" in reply.texts[0]


async def test_option_3_category_substep_dir_3(chat, seeded):
    await main_menu(chat)
    reply = await chat.send(ADMIN, "3")
    assert reply.texts[-1].startswith("Silakan pilih kategori rekap data personil:")
    assert "4️⃣ Belum (Missing both Instagram and TikTok)" in reply.texts[-1]
    reply = await chat.send(ADMIN, "5")
    assert reply.texts[-1].startswith("Pilihan tidak valid. Balas angka 1 sampai 4.")
    reply = await chat.send(ADMIN, "2")
    assert len(reply.texts) == 2
    assert "LENGKAP" in reply.texts[0]
    assert_menu_last(reply)


async def test_empty_attendance_is_a_reply_not_an_error_dir_0_16(chat, seeded):
    await main_menu(chat)
    reply = await chat.send(ADMIN, "5")
    assert not reply.texts[0].startswith("❌") and "konten" in reply.texts[0].lower()
    assert_menu_last(reply)
    reply = await chat.send(ADMIN, "19")
    assert reply.texts[0] == "⏳ Data sedang disiapkan, mohon tunggu..."
    assert "Tidak ada konten IG untuk *DITSAMAPTA* hari ini." in reply.texts
    assert not reply.documents
    assert_menu_last(reply)


async def test_daily_report_sends_text_two_txt_and_excel_dir_17(chat, seeded):
    await seed_today_posts(seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, "17")
    names = [d.file_name for d in reply.documents]
    assert len(names) == 3
    assert names[0].startswith("Absensi_All_Engagement_Instagram_") and names[0].endswith(".txt")
    assert names[1].startswith("Absensi_Belum_Engagement_Instagram_")
    assert (
        names[2].startswith("Rekap_Engagement_Instagram_Ditsamapta_") and reply.documents[2].mimetype == XLSX
    )
    kinds = [m.kind for m in reply.messages]
    assert kinds[:2] == ["text", "text"] and kinds[2:5] == ["document"] * 3  # ⏳, narrative, files
    assert_menu_last(reply)


@pytest.mark.parametrize(
    "option,prefix", [("19", "Rekap_Engagement_Instagram_"), ("20", "Rekap_Engagement_Tiktok_")]
)
async def test_excel_recaps_document_then_confirmation_dir_19_20(chat, seeded, option, prefix):
    await seed_today_posts(seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, option)
    kinds = [m.kind for m in reply.messages]
    assert kinds == ["text", "document", "text", "text"]
    assert reply.documents[0].file_name.startswith(prefix)
    assert reply.messages[2].text == "✅ File Excel dikirim."
    assert_menu_last(reply)


async def test_combined_recap_dir_21(chat, seeded):
    await seed_today_posts(seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, "21")
    assert reply.texts[1].startswith("*Laporan Harian Engagement")
    assert len(reply.documents) == 4
    assert_menu_last(reply)


async def test_ranking_period_substep_invalid_back_dir_95_20(chat, seeded):
    await main_menu(chat)
    reply = await chat.send(ADMIN, "22")
    assert reply.texts[-1].startswith("Silakan pilih periode rekap ranking engagement jajaran:")
    reply = await chat.send(ADMIN, "7")
    assert reply.texts[-1].startswith("Pilihan tidak valid. Balas angka 1 sampai 6.")
    reply = await chat.send(ADMIN, "back")
    assert "*MENU DIRREQUEST*" in reply.text and not reply.documents


async def test_ranking_this_week_document_confirmation_menu_dir_95_21(chat, seeded):
    await seed_today_posts(seeded)
    await main_menu(chat)
    await chat.send(ADMIN, "22")
    reply = await chat.send(ADMIN, "3")
    kinds = [m.kind for m in reply.messages]
    assert kinds == ["text", "document", "text", "text"], reply.messages
    name = reply.documents[0].file_name
    assert name.startswith("Direktorat_Samapta_Rekap_Ranking_Engagement_minggu_ini_") and name.endswith(
        ".xlsx"
    )
    assert reply.messages[2].text == "✅ File Excel rekap ranking engagement (minggu ini) dikirim."
    assert_menu_last(reply)


def test_every_option_of_the_menu_is_served_dir_0_13() -> None:
    """Issue 24/25: no option of DIR-0.8's menu (1–53) answers "belum tersedia" any more."""
    assert sorted(ACTIONS) == list(range(1, 54))


async def test_jajaran_attendance_and_per_content_excel_dir_48_28(chat, seeded):
    await seed_today_posts(seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, "48")
    assert reply.texts[0] == "⏳ Sedang mengumpulkan data absensi Instagram jajaran..."
    assert "Jajaran" in reply.texts[1] and not reply.texts[1].startswith("❌")
    assert_menu_last(reply)
    reply = await chat.send(ADMIN, "28")
    assert reply.documents[0].file_name.startswith("Rekap_Likes_Per_Konten_Instagram_Ditsamapta_")
    assert reply.messages[2].text == "✅ File Excel dikirim."
    assert_menu_last(reply)


@pytest.mark.parametrize("option", ["4", "23", "24", "25", "26", "27", "31", "32", "42", "43"])
async def test_p2_options_served_by_the_report_engine(chat, seeded, option):
    await seed_today_posts(seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, option)
    assert not any(t.startswith("❌") for t in reply.texts), reply.texts
    if reply.documents:
        assert reply.messages[-2].text == "✅ File Excel dikirim."
    assert_menu_last(reply)


async def test_satker_matrix_names_the_requester_dir_4(chat, seeded):
    import io

    import openpyxl

    from tests.dirrequest.conftest import fetch

    await main_menu(chat)
    reply = await chat.send(ADMIN, "4")
    doc = reply.documents[0]
    assert doc.file_name.startswith("Ditsamapta_Satker_Update_Rank_")
    rows = await fetch(
        chat.db, "SELECT d.content FROM wa_outbox_document d ORDER BY document_id DESC LIMIT 1"
    )
    ws = openpyxl.load_workbook(io.BytesIO(rows[0]["content"])).active
    assert any(f"Disusun oleh: {ADMIN}" == (c.value or "") for row in ws.iter_rows(max_row=5) for c in row)


def images(reply) -> list:
    return [m for m in reply.messages if m.kind == "image"]


@pytest.mark.parametrize(
    ("option", "prefix"),
    [
        ("5", "CHART-IG-DDETAIL_"),
        ("7", "CHART-IG-UNITS_"),
        ("8", "CHART-TT-UNITS_"),
        ("10", "CHART-TT-DDETAIL_"),
    ],
)
async def test_recap_then_its_chart_as_an_image_issue_21(chat, seeded, option, prefix):
    """Issue 21 item 3, an addition to DIR-0.15's outputs: text, then the chart as an image, then the menu."""
    await seed_today_posts(seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, option)
    kinds = [m.kind for m in reply.messages]
    assert kinds == ["text", "image", "text"], kinds
    image = images(reply)[0]
    assert image.mimetype == "image/png" and image.file_name.startswith(prefix)
    assert_menu_last(reply)


async def test_daily_report_chart_after_its_files_issue_21(chat, seeded):
    await seed_today_posts(seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, "17")
    assert reply.messages[-2].kind == "image" and reply.messages[-2].file_name.startswith("CHART-LAPHAR-IG_")
    assert [m.kind for m in reply.messages[:-2]][-3:] == ["document"] * 3


async def test_no_chart_when_the_recap_is_empty_issue_21(chat, seeded):
    await main_menu(chat)
    reply = await chat.send(ADMIN, "7")  # no content today: the no-data text only
    assert not images(reply) and len(reply.texts) == 2


async def test_no_chart_when_switched_off_issue_21(seeded, redis, dir_settings):
    await seed_today_posts(seeded)
    off = dir_settings.model_copy(update={"dirrequest_send_charts": False})
    load_menus()
    router = Router(settings=off, db=seeded, redis=redis, config=load_session_config(off, environ={}))
    chat = Chat(router, seeded)
    await main_menu(chat)
    reply = await chat.send(ADMIN, "7")
    assert not images(reply) and len(reply.texts) == 2
