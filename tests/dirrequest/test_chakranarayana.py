"""The `chakranarayana` view (DIR-60, DIR-95.25)."""

from __future__ import annotations

from core.timewindow import now_utc
from tests.dirrequest.conftest import ADMIN, DASH, add_client, add_dashboard_user, fetch

SEVEN = [
    "1️⃣ Rekap data personil",
    "2️⃣ Absensi like Direktorat/Bidang Simple",
    "3️⃣ Absensi komentar Direktorat/Bidang Simple",
    "4️⃣ Input post manual (IG/TikTok)",
    "5️⃣ Fetch likes IG manual (hari ini)",
    "6️⃣ Fetch komentar TikTok manual (hari ini)",
    "7️⃣ Hapus post tugas (auto IG/TikTok)",
]


async def test_scope_without_ditintelkam_is_denied_admin_gets_submenu_dir_95_25(chat, seeded):
    await add_client(seeded, "DITINTELKAM", "Direktorat Intelkam")
    await add_dashboard_user(seeded, DASH, "ditlantas", ["DITLANTAS"])
    reply = await chat.send(DASH, "chakranarayana")
    assert len(reply.texts) == 1 and reply.texts[0].startswith("❌")
    reply = await chat.send(ADMIN, "chakranarayana")
    assert reply.texts[-1].startswith("*Menu Chakranarayana*")
    assert "1️⃣ Direktorat" in reply.texts[-1] and "2️⃣ Jajaran" in reply.texts[-1]
    reply = await chat.send(ADMIN, "3")
    assert reply.texts[-1].startswith("❌ Pilihan submenu tidak valid.")
    reply = await chat.send(ADMIN, "1")
    lines = reply.texts[-1].splitlines()
    assert lines[0] == "*Menu Chakranarayana - Direktorat*"
    assert [ln for ln in lines if ln[:1].isdigit()] == SEVEN
    reply = await chat.send(ADMIN, "8")
    assert reply.texts[-1].startswith("❌ Pilihan menu tidak valid. Ketik angka sesuai daftar.")
    reply = await chat.send(ADMIN, "2")  # dirrequest option 6 for DITINTELKAM
    assert len(reply.texts) == 2 and reply.texts[-1].startswith(
        "*Menu Chakranarayana - Direktorat*"
    )  # DIR-60.7
    reply = await chat.send(ADMIN, "back")
    assert reply.texts[-1].startswith("*Menu Chakranarayana*")
    reply = await chat.send(ADMIN, "batal")
    assert reply.texts == ["✅ Menu Chakranarayana ditutup."]


async def test_inactive_ditintelkam_dir_60_1(chat, seeded):
    await add_client(seeded, "DITINTELKAM", "Direktorat Intelkam", client_status=False)
    reply = await chat.send(ADMIN, "chakranarayana")
    assert reply.texts == [
        "❌ Client DITINTELKAM tidak aktif atau tidak ditemukan untuk menu chakranarayana."
    ]


async def test_manual_input_detects_both_platforms_dir_60_6(chat, seeded, fake_rapidapi):
    await add_client(seeded, "DITINTELKAM", "Direktorat Intelkam", client_tiktok="ditintelkam")
    fake_rapidapi.instagram.add_post("akun.contoh", "Intel00001A", taken_at=now_utc())
    fake_rapidapi.tiktok.add_video("akun.contoh", "7300000000000000001", create_time=now_utc())
    await chat.send(ADMIN, "chakranarayana")
    await chat.send(ADMIN, "1")
    reply = await chat.send(ADMIN, "4")
    assert "platform dikenali" in reply.texts[-1]
    reply = await chat.send(ADMIN, "tolong")
    assert reply.texts[-1].startswith("❌ Link tidak dikenali. Kirim link Instagram/TikTok yang valid")
    reply = await chat.send(
        ADMIN,
        "https://www.instagram.com/p/Intel00001A/ https://www.tiktok.com/@akun.contoh/video/7300000000000000001",
    )
    assert reply.texts[0].startswith("⏳")  # two links: heavy (DIR-0.12)
    body = next(t for t in reply.texts if "Shortcode" in t)
    assert body.index("Shortcode : Intel00001A") < body.index("Video ID : 7300000000000000001")
    assert reply.texts[-1].startswith("*Menu Chakranarayana - Direktorat*")
    rows = await fetch(
        chat.db, "SELECT client_id FROM tiktok_post UNION ALL SELECT client_id FROM insta_post"
    )
    assert {r["client_id"] for r in rows} == {"DITINTELKAM"}
