"""`wabot` as a person uses it (CONV-175): summaries with Excel Data / Chart / Narasi for DITBINMAS,
the Chart item as a real PNG image, Config Cron Job for admins only, bad input -> one line."""

from __future__ import annotations

import json

import pytest

from core.jobs.catalogue import CATALOGUE
from core.timewindow import now_utc, utc_naive
from tests.dirrequest.conftest import (
    ADMIN,
    DASH,
    STRANGER,
    add_client,
    add_dashboard_user,
    add_user,
    execute,
    fetch,
)

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def binmas(seeded):
    await add_client(seeded, "DITBINMAS", "Direktorat Pembinaan Masyarakat", client_insta="ditbinmas.jatim",
                     client_tiktok="ditbinmas")  # fmt: skip
    await add_user(seeded, "2001", "DITBINMAS", "ditbinmas", insta="binmas.satu", tiktok="binmas_satu")
    await add_user(seeded, "2002", "POLRES_A", "ditbinmas", insta="binmas.dua", nama="EKO")
    await add_user(seeded, "2003", "POLRES_B", "ditbinmas", nama="FAJAR")
    now = utc_naive(now_utc())
    await execute(seeded, "INSERT INTO insta_post (shortcode, client_id, created_at) VALUES ('BinPost001', 'DITBINMAS', :n)",
                  n=now)  # fmt: skip
    await execute(seeded, "INSERT INTO insta_like (shortcode, likes) VALUES ('BinPost001', :l)",
                  l=json.dumps(["binmas.satu"]))  # fmt: skip
    return seeded


async def images(chat) -> list[bytes]:
    rows = await fetch(
        chat.db,
        "SELECT d.content, d.mimetype FROM wa_outbox o JOIN wa_outbox_document d ON d.document_id = o.document_id"
        " ORDER BY o.outbox_id",
    )
    return [bytes(r["content"]) for r in rows if r["mimetype"] == "image/png"]


async def test_menu_and_admin_only_cron_item_conv_175(chat, binmas):
    reply = await chat.send(ADMIN, "wabot")
    assert "*MENU WABOT DITBINMAS*" in reply.text
    for label in ("1️⃣ User Summary", "2️⃣ Insta Summary", "3️⃣ TikTok Summary", "4️⃣ Config Cron Job"):
        assert label in reply.text
    await add_dashboard_user(binmas, DASH, "ditbinmas", [])
    reply = await chat.send(DASH, "wabot ditbinmas")  # CONV-22: spaces ignored
    assert "*MENU WABOT DITBINMAS*" in reply.text and "Config Cron Job" not in reply.text
    reply = await chat.send(DASH, "4")
    assert reply.texts[0].startswith("❌ Pilihan tidak dikenal.")


async def test_summary_items_excel_chart_narasi_conv_175(chat, binmas):
    await chat.send(ADMIN, "wabot")
    reply = await chat.send(ADMIN, "2")
    assert "*Insta Summary*" in reply.text
    assert "1️⃣ Excel Data" in reply.text and "2️⃣ Chart" in reply.text and "3️⃣ Narasi" in reply.text
    reply = await chat.send(ADMIN, "1")
    assert any((d.file_name or "").endswith(".xlsx") for d in reply.documents), reply.messages
    assert "*Insta Summary*" in reply.texts[-1]
    reply = await chat.send(ADMIN, "2")
    assert [(m.kind, m.mimetype) for m in reply.messages[:-1]] == [("image", "image/png")]
    assert reply.messages[0].text.startswith("*Pelaksanaan Likes Instagram per Satker*")  # the caption
    assert "*Insta Summary*" in reply.texts[-1]
    pngs = await images(chat)
    assert pngs and pngs[-1].startswith(PNG)
    reply = await chat.send(ADMIN, "3")
    assert len(reply.texts) == 2 and not reply.texts[0].startswith("❌")
    reply = await chat.send(ADMIN, "back")
    assert "*MENU WABOT DITBINMAS*" in reply.text


async def test_user_summary_chart_is_a_png_of_data_completeness_conv_175(chat, binmas):
    from core.reports import build_report

    await chat.send(ADMIN, "wabot")
    await chat.send(ADMIN, "1")
    reply = await chat.send(ADMIN, "2")
    assert [(m.kind, m.mimetype) for m in reply.messages[:-1]] == [("image", "image/png")]
    out = await build_report(binmas, "CHART-DATA-UNITS", client_id="DITBINMAS")
    assert "Total lengkap 1 dari 3 pers (33,3%)" in out.text  # same count as REP-DATA-SATKER
    assert out.files[0].content.startswith(PNG)
    text = (await build_report(binmas, "REP-DATA-SATKER", client_id="DITBINMAS")).text
    assert "Jumlah Total Personil : 3" in text


async def test_config_cron_job_switch_with_ya_then_list_again_conv_175(chat, binmas):
    await chat.send(ADMIN, "wabot")
    reply = await chat.send(ADMIN, "4")
    first = CATALOGUE[0]
    assert f"1. {first.label} ✅ Aktif" in reply.text
    reply = await chat.send(ADMIN, "999")
    assert reply.texts[0].startswith(f"❌ Pilihan tidak dikenal. Balas angka 1–{len(CATALOGUE)}.")
    reply = await chat.send(ADMIN, "1")
    assert "1️⃣ Aktifkan" in reply.text and "2️⃣ Nonaktifkan" in reply.text
    reply = await chat.send(ADMIN, "2")
    assert "*ya*" in reply.text
    reply = await chat.send(ADMIN, "mungkin")
    assert reply.texts[0].startswith("❌ Balas *ya* untuk konfirmasi")
    rows = await fetch(binmas, "SELECT is_active FROM cron_job_config WHERE job_key = :k", k=first.key)
    assert rows[0]["is_active"] is True  # nothing written before `ya`
    reply = await chat.send(ADMIN, "ya")
    assert reply.texts[0] == f"✅ Job {first.key} dinonaktifkan."
    assert f"1. {first.label} ❌ Nonaktif" in reply.text
    rows = await fetch(binmas, "SELECT is_active FROM cron_job_config WHERE job_key = :k", k=first.key)
    assert rows[0]["is_active"] is False


async def test_stranger_is_refused_conv_175(chat, binmas):
    reply = await chat.send(STRANGER, "wabot")
    assert reply.text == "❌ Nomor ini tidak terdaftar sebagai pengguna Ditbinmas."
