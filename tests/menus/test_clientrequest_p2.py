"""`clientrequest` P2 items through the router (CONV-149 history, CONV-153, CONV-155, CONV-159)."""

from __future__ import annotations

from datetime import timedelta

from core.timewindow import month_window, now_utc, now_wib, today_wib, utc_naive
from menus.clientrequest.admin_tools import operator_guide
from tests.amplify.seed import add_client, add_user
from tests.clock import earlier_today
from tests.menus.conftest import ADMIN, execute, one


async def test_username_attendance_per_platform_conv_153_ing_rep_29(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await add_user(db, "81120346", "RES_A", nama="ANI", insta="ani.ig", tiktok=None)
    await add_user(db, "81120347", "RES_A", nama="BUDI", insta=None, tiktok="budi.tt", divisi="SAT LANTAS")
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "2")
    r = await chat.send(ADMIN, "3")
    assert "*Pilih client:*" in r.text and "RES_A" in r.text
    r = await chat.send(ADMIN, "RES_A")
    assert "1. Semua" in r.text
    r = await chat.send(ADMIN, "semua dong")
    assert r.code == "invalid_choice" and "1–3" in r.text
    r = await chat.send(ADMIN, "1")
    assert "*Absensi Username Instagram*" in r.text and "Sudah: 1 · Belum: 1" in r.text
    assert "• *SAT BINMAS* (1)" in r.text and "  1. ANI (81120346) @ani.ig" in r.text
    assert "─" in r.text and "  1. BUDI (81120347) -" in r.text
    assert "*Operasional Media Sosial*" in r.text
    await chat.send(ADMIN, "4")
    await chat.send(ADMIN, "1")
    r = await chat.send(ADMIN, "2")
    assert "*Absensi Username TikTok*" in r.text and "BUDI (81120347) @budi.tt" in r.text
    assert "ANI" not in r.text


async def _dashboard_account(db, username: str, client_id: str, *, status: bool = True) -> str:
    await execute(db, "INSERT INTO roles (role_name) VALUES ('operator') ON CONFLICT DO NOTHING")
    await execute(
        db,
        "INSERT INTO dashboard_user (username, password_hash, role_id, status)"
        " SELECT :u, 'x', role_id, :s FROM roles WHERE role_name = 'operator'",
        u=username,
        s=status,
    )
    account = await one(
        db, "SELECT dashboard_user_id::text AS id FROM dashboard_user WHERE username = :u", u=username
    )
    await execute(
        db, "INSERT INTO dashboard_user_clients (dashboard_user_id, client_id) VALUES (CAST(:d AS uuid), :c)",
        d=account.id, c=client_id,
    )  # fmt: skip
    return account.id


async def test_login_web_attendance_counts_this_months_web_logins_conv_155(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    seen = await _dashboard_account(db, "operator.a", "RES_A")
    old = await _dashboard_account(db, "pemantau.b", "RES_A")
    await _dashboard_account(db, "nonaktif.c", "RES_A", status=False)
    now = utc_naive(now_utc())  # login_log stamps are UTC wall time; the business clock is pinned
    last_month = month_window(today_wib()).start_utc - timedelta(hours=1)
    for actor, at, source in (
        (seen, now, "web"),
        (seen, now, "web"),
        (old, last_month, "web"),
        (old, now, "mobile"),
    ):
        await execute(
            db, "INSERT INTO login_log (actor_id, login_type, login_source, logged_at) VALUES (:a, 'operator', :s, :t)",
            a=actor, s=source, t=at,
        )  # fmt: skip
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "3")
    r = await chat.send(ADMIN, "2")
    assert "*Pilih client:*" in r.text
    r = await chat.send(ADMIN, "RES_A")
    assert r.code == "login_web"
    assert "Akun dashboard aktif: 2 · Sudah login: 1 · Belum: 1" in r.text
    assert "✅ operator.a — 2 login, terakhir" in r.text
    assert "❌ pemantau.b — belum login bulan ini" in r.text  # last month's and mobile logins do not count
    assert "nonaktif.c" not in r.text and "*Transfer & Laporan*" in r.text


async def test_official_account_recap_marks_each_active_client_conv_155(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await add_client(db, "RES_B", "POLRES BRAVO")
    await add_client(db, "RES_C", "POLRES CHARLIE")
    await add_client(db, "RES_OFF", "POLRES MATI", status=False)
    for client_id, platform in (("RES_A", "instagram"), ("RES_A", "tiktok"), ("RES_B", "tiktok")):
        await execute(
            db, "INSERT INTO satbinmas_official_accounts (client_id, platform, username) VALUES (:c, :p, :u)",
            c=client_id, p=platform, u=f"{client_id.lower()}.{platform}",
        )  # fmt: skip
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "3")
    r = await chat.send(ADMIN, "4")
    assert r.code == "official_accounts"
    assert "Client aktif: 3 · ✅ Lengkap: 1 · ⚠️ Sebagian: 1 · ❌ Belum: 1" in r.text
    assert "✅ POLRES ALPHA (RES_A) — IG ✓ · TikTok ✓" in r.text
    assert "⚠️ POLRES BRAVO (RES_B) — IG ✗ · TikTok ✓" in r.text
    assert "❌ POLRES CHARLIE (RES_C)" in r.text and "RES_OFF" not in r.text
    assert r.text.index("RES_C") < r.text.index("RES_B") < r.text.index("RES_A")  # the gaps first


async def test_clear_admin_whatsapp_from_personnel_after_yes_conv_159(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await add_user(
        db, "81120346", "RES_A", nama="ANI", whatsapp="0" + ADMIN[2:]
    )  # the admin's number, local form
    await add_user(db, "81120347", "RES_A", nama="BUDI", whatsapp="6281100000055")
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "4")
    r = await chat.send(ADMIN, "2")
    assert "1 personel memakai nomor WhatsApp admin (81120346)" in r.text
    r = await chat.send(ADMIN, "hapus saja")
    assert r.code == "invalid_choice" and "*ya* atau *tidak*" in r.text
    r = await chat.send(ADMIN, "ya")
    assert r.code == "admin_wa_cleared" and "dihapus dari 1 personel" in r.text
    cleared = await one(db, """SELECT whatsapp FROM "user" WHERE user_id = '81120346'""")
    kept = await one(db, """SELECT whatsapp FROM "user" WHERE user_id = '81120347'""")
    assert (cleared.whatsapp, kept.whatsapp) == (None, "6281100000055")
    audit = await one(db, "SELECT action, target_id, actor_id FROM audit_log WHERE target_type = 'user'")
    assert (audit.action, audit.target_id, audit.actor_id) == ("user.update", "81120346", ADMIN)
    r = await chat.send(ADMIN, "2")
    assert r.code == "empty" and "Tidak ada personel" in r.text


async def test_download_docs_sends_the_operator_guide_conv_159(chat, db):
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "4")
    r = await chat.send(ADMIN, "3")
    assert r.code == "docs_sent"
    assert [d.file_name for d in r.documents] == ["Panduan-Operator-Cicero.md"]
    guide = operator_guide()
    assert guide is not None and b"oprrequest" in guide and b"clientrequest" in guide


async def test_aggregator_history_run_keeps_older_posts_and_deletes_nothing_conv_149(chat, db, fake_rapidapi):
    await add_client(db, "DIT_A", "DIT BINMAS", client_type="direktorat", insta="ditbinmas")
    await execute(db, "UPDATE clients SET client_tiktok = 'ditbinmas' WHERE client_id = 'DIT_A'")
    fake_rapidapi.instagram.add_post("ditbinmas", "IGTODAY01", taken_at=earlier_today(30))
    fake_rapidapi.instagram.add_post("ditbinmas", "IGOLD0040", taken_at=now_wib() - timedelta(days=40))
    fake_rapidapi.tiktok.add_video(
        "ditbinmas", "7300000000000000003", create_time=now_wib() - timedelta(days=3)
    )

    async def refresh(mode: str):
        await chat.send(ADMIN, "clientrequest")
        await chat.send(ADMIN, "2")
        r = await chat.send(ADMIN, "7")
        assert "1. DIT_A - DIT BINMAS" in r.text
        r = await chat.send(ADMIN, "1")
        assert "2️⃣ Riwayat lengkap" in r.text
        return await chat.send(ADMIN, mode)

    r = await refresh("1")
    assert "- DIT_A: IG 1 post, TikTok 0 post" in r.text
    stored = await one(db, "SELECT string_agg(shortcode, ',' ORDER BY shortcode) AS s FROM insta_post")
    assert stored.s == "IGTODAY01"  # the daily run keeps today's posts only (ING-POST-4)

    fake_rapidapi.instagram.remove_post("IGTODAY01")  # vanished from the feed: a history run never deletes
    r = await refresh("2")
    assert "Refresh Aggregator Direktorat (riwayat lengkap) selesai" in r.text
    assert "- DIT_A: IG 1 post, TikTok 1 post" in r.text
    stored = await one(db, "SELECT string_agg(shortcode, ',' ORDER BY shortcode) AS s FROM insta_post")
    assert stored.s == "IGOLD0040,IGTODAY01"
    assert (
        await one(db, "SELECT COUNT(*) AS n FROM tiktok_post WHERE video_id = '7300000000000000003'")
    ).n == 1
