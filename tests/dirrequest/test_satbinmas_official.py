"""Monitoring Satbinmas Official (issue 24 part B): dirrequest 36-41 against the fake provider.

DIR-36 metadata by username, DIR-37/39 daily content into satbinmas_official_media, DIR-38 secUid
sync, DIR-40/41 recaps with their period sub-step; the runner path (DIR-70.3) for 40/41.
"""

from __future__ import annotations

from datetime import timedelta

from core.actions import run_dirrequest_action
from core.app import AppContext
from core.timewindow import now_wib
from tests.clock import earlier_today
from tests.dirrequest.conftest import ADMIN, add_client, execute, fetch
from tests.dirrequest.test_report_options import assert_menu_last, main_menu


async def add_account(db, client_id: str, platform: str, username: str, *, secuid=None, active=True) -> str:
    rows = await fetch(
        db,
        "INSERT INTO satbinmas_official_accounts (client_id, platform, username, secuid, is_active)"
        " VALUES (:c, :p, :u, :s, :a) RETURNING satbinmas_account_id::text AS id",
        c=client_id, p=platform, u=username, s=secuid, a=active,
    )  # fmt: skip
    return rows[0]["id"]


async def add_media(
    db, account_id: str, client_id: str, username: str, media_id: str, when, likes=0, comments=0
):
    await execute(
        db,
        "INSERT INTO satbinmas_official_media (satbinmas_account_id, client_id, username, media_id, taken_at,"
        " like_count, comment_count, fetched_for_date) VALUES (CAST(:a AS uuid), :c, :u, :m, :t, :l, :k, :d)",
        a=account_id, c=client_id, u=username, m=media_id, t=when, l=likes, k=comments, d=when.date(),
    )  # fmt: skip


async def count(db, table: str) -> int:
    return (await fetch(db, f"SELECT count(*) AS n FROM {table}"))[0]["n"]  # noqa: S608 - fixed names


# --- DIR-36 ----------------------------------------------------------------------------------


async def test_option_36_prompts_rejects_bad_input_and_keeps_the_step_dir_36(chat, seeded):
    await main_menu(chat)
    reply = await chat.send(ADMIN, "36")
    assert reply.texts[-1].startswith("🔎 *Monitoring Satbinmas Official*")
    reply = await chat.send(ADMIN, "@a")  # one character after the @
    assert reply.texts[0].startswith("❌ Username tidak valid.")
    assert "🔎 *Monitoring Satbinmas Official*" in reply.texts[0]
    reply = await chat.send(ADMIN, "POLRES_Z satbinmas.z")
    assert reply.texts[0].startswith("❌ Client ID POLRES_Z tidak ditemukan atau bukan jajaran DITSAMAPTA.")
    assert await count(seeded, "insta_profile") == 0


async def test_option_36_shows_and_stores_the_profile_dir_36(chat, seeded, fake_rapidapi):
    fake_rapidapi.instagram.add_account(
        "satbinmas.alpha", full_name="Satbinmas Polres Alpha", follower_count=12345, following_count=7,
        biography="Akun resmi", is_private=True,
    )  # fmt: skip
    await add_account(seeded, "POLRES_A", "instagram", "satbinmas.alpha")
    await main_menu(chat)
    await chat.send(ADMIN, "36")
    reply = await chat.send(ADMIN, "polres_a @Satbinmas.Alpha")
    text = reply.texts[0]
    assert text.startswith("📡 Metadata IG Satbinmas Official")
    for line in ("Client ID : POLRES_A", "Username  : @satbinmas.alpha", "Nama      : Satbinmas Polres Alpha",
                 "Followers : 12.345", "Mengikuti : 7", "Verifikasi: Sudah", "Privasi   : Private",
                 "Bio: Akun resmi"):  # fmt: skip
        assert line in text, line
    assert_menu_last(reply)
    profile = await fetch(
        seeded, "SELECT follower_count FROM insta_profile WHERE username = 'satbinmas.alpha'"
    )
    assert profile == [{"follower_count": 12345}]
    metrics = await fetch(
        seeded,
        "SELECT m.follower_count, u.is_private FROM instagram_user u JOIN instagram_user_metrics m USING (user_id)"
        " WHERE u.username = 'satbinmas.alpha'",
    )
    assert metrics == [{"follower_count": 12345, "is_private": True}]
    account = await fetch(seeded, "SELECT display_name, is_verified FROM satbinmas_official_accounts")
    assert account == [{"display_name": "Satbinmas Polres Alpha", "is_verified": True}]


async def test_option_36_missing_profile_other_client_and_provider_failure_write_nothing_dir_36(
    chat, seeded, fake_rapidapi
):
    fake_rapidapi.instagram.add_account("satbinmas.beta")
    await add_account(seeded, "POLRES_B", "instagram", "satbinmas.beta")
    await main_menu(chat)
    await chat.send(ADMIN, "36")
    reply = await chat.send(ADMIN, "tidak.ada")
    assert reply.texts[0] == "❌ Metadata tidak ditemukan untuk @tidak.ada."
    assert_menu_last(reply)
    await chat.send(ADMIN, "36")
    reply = await chat.send(ADMIN, "POLRES_A satbinmas.beta")  # Polres Beta's account
    assert (
        reply.texts[0]
        == "❌ @satbinmas.beta terdaftar sebagai akun resmi Polres Beta (POLRES_B), bukan POLRES_A."
    )
    fake_rapidapi.faults.fail_next("v1/info", 500, times=10)
    await chat.send(ADMIN, "36")
    reply = await chat.send(ADMIN, "POLRES_B satbinmas.beta")
    assert reply.texts[0].startswith("❌ Gagal mengambil metadata IG @satbinmas.beta: server RapidAPI error")
    for table in ("insta_profile", "instagram_user", "instagram_user_metrics"):
        assert await count(seeded, table) == 0, table


# --- DIR-37 / DIR-39 -------------------------------------------------------------------------


async def test_option_37_stores_todays_official_media_and_replies_the_daily_recap_dir_37(
    chat, seeded, fake_rapidapi
):
    today = earlier_today(60)
    fake_rapidapi.instagram.add_post(
        "satbinmas.alpha", "CTODAY0001", taken_at=today, like_count=40, comment_count=3
    )
    fake_rapidapi.instagram.add_post("satbinmas.alpha", "COLD000001", taken_at=today - timedelta(days=2))
    await add_account(seeded, "POLRES_A", "instagram", "satbinmas.alpha")
    await add_client(
        seeded, "POLRES_X", "Polres Luar", client_type="org", regional_id="JABAR"
    )  # other region
    await add_account(seeded, "POLRES_X", "instagram", "satbinmas.luar")
    await main_menu(chat)
    reply = await chat.send(ADMIN, "37")
    assert reply.texts[0].startswith("⏳ 📸 Mengambil konten harian IG Satbinmas Official")
    recap = next(t for t in reply.texts if t.startswith("📸 Rekap konten Instagram Satbinmas Official"))
    assert "Periode Pengambilan Data : Harian (hari ini)" in recap
    assert "Total Polres     : 2" in recap and "Total Akun      : 1" in recap
    assert "Total Konten   : 1 konten." in recap
    assert (
        "1. Polres Alpha (@satbinmas.alpha):\n- Jumlah Post Konten : 1 konten\n- Total Likes : 40 Likes"
        in recap
    )
    assert "🌙 Akun Pasif\n- Tidak ada akun pasif." in recap
    assert "🚫 Belum Input Akun\n1. Polres Beta" in recap
    assert_menu_last(reply)
    rows = await fetch(seeded, "SELECT client_id, code, like_count FROM satbinmas_official_media")
    assert rows == [{"client_id": "POLRES_A", "code": "CTODAY0001", "like_count": 40}]
    assert not fake_rapidapi.calls("v1/posts") or all(
        c.params.get("username_or_id_or_url") != "satbinmas.luar" for c in fake_rapidapi.calls("v1/posts")
    )  # another region's account is not fetched


async def test_option_37_deletes_only_on_positive_evidence_and_lists_failed_accounts_dir_37(
    chat, seeded, fake_rapidapi
):
    # Both posts of today lie between today's 00:00 WIB and now, also right after midnight.
    gone_at = earlier_today(60)
    keep_at = gone_at + (now_wib() - gone_at) / 2
    fake_rapidapi.instagram.add_post("satbinmas.alpha", "CKEEP00001", taken_at=keep_at)
    fake_rapidapi.instagram.add_post("satbinmas.alpha", "CGONE00001", taken_at=gone_at)
    fake_rapidapi.instagram.add_post("satbinmas.alpha", "COLD000001", taken_at=gone_at - timedelta(days=2))
    await add_account(seeded, "POLRES_A", "instagram", "satbinmas.alpha")
    await add_account(seeded, "POLRES_B", "instagram", "satbinmas.beta")  # unknown to the provider
    await main_menu(chat)
    reply = await chat.send(ADMIN, "37")
    assert "⚠️ Akun gagal diambil:\n- @satbinmas.beta (Polres Beta):" in reply.text
    assert await count(seeded, "satbinmas_official_media") == 2
    # A throttled listing (HTTP 200, no items) proves nothing: the stored rows stay.
    fake_rapidapi.faults.answer_as["v1/posts"] = "throttled"
    reply = await chat.send(ADMIN, "37")
    assert reply.text.count("❌ Gagal mengambil konten IG Satbinmas Official: ") == 1  # every account failed
    assert "(ref: " in reply.text
    assert await count(seeded, "satbinmas_official_media") == 2
    # The listing came back with today's other post and not this one: that one is removed.
    del fake_rapidapi.faults.answer_as["v1/posts"]
    fake_rapidapi.instagram.remove_post("CGONE00001")
    await chat.send(ADMIN, "37")
    rows = await fetch(seeded, "SELECT code FROM satbinmas_official_media")
    assert rows == [{"code": "CKEEP00001"}]


async def test_option_39_uses_the_stored_secuid_or_resolves_it_dir_39(chat, seeded, fake_rapidapi):
    today = earlier_today(60)
    sec = fake_rapidapi.tiktok.add_account("satbinmas_alpha")
    fake_rapidapi.tiktok.add_video("satbinmas_alpha", "7300000000000000001", create_time=today, digg_count=9)
    fake_rapidapi.tiktok.add_video("satbinmas_beta", "7300000000000000002", create_time=today, digg_count=2)
    await add_account(seeded, "POLRES_A", "tiktok", "satbinmas_alpha", secuid=sec)
    await add_account(seeded, "POLRES_B", "tiktok", "satbinmas_beta")  # no secUid stored yet
    await main_menu(chat)
    reply = await chat.send(ADMIN, "39")
    recap = next(t for t in reply.texts if t.startswith("🎵 Rekap konten TikTok Satbinmas Official"))
    assert "Total Konten   : 2 konten." in recap
    assert recap.index("Polres Alpha (@satbinmas_alpha)") < recap.index("Polres Beta (@satbinmas_beta)")
    stored = await fetch(
        seeded, "SELECT secuid FROM satbinmas_official_accounts WHERE client_id = 'POLRES_B'"
    )
    assert stored[0]["secuid"] == "MS4wLjABAAAAsatbinmas_beta"
    assert all(c.params.get("secUid") for c in fake_rapidapi.calls("api/user/posts"))


# --- DIR-38 ----------------------------------------------------------------------------------


async def test_option_38_syncs_secuids_and_lists_failures_dir_38(chat, seeded, fake_rapidapi):
    fake_rapidapi.tiktok.add_account("satbinmas_alpha", sec_uid="MS4wSECALPHA")
    await add_account(seeded, "POLRES_A", "tiktok", "satbinmas_alpha", secuid="stale")
    await add_client(seeded, "POLRES_C", "Polres Charlie", client_type="org")
    await add_account(seeded, "POLRES_C", "tiktok", "hilang_akun")
    await main_menu(chat)
    reply = await chat.send(ADMIN, "38")
    text = next(t for t in reply.texts if t.startswith("📡 secUid TikTok Satbinmas Official"))
    for line in ("Client ORG diproses : 3", "Akun TikTok diproses: 2", "Berhasil disimpan   : 1",
                 "Gagal disimpan      : 1", "🚫 Client tanpa akun TikTok\n- Polres Beta",
                 "✅ secUid tersinkron\n- @satbinmas_alpha (Polres Alpha): MS4wSECALPHA",
                 "⚠️ Gagal sinkron secUid\n- @hilang_akun (Polres Charlie): akun tidak ditemukan"):  # fmt: skip
        assert line in text, line
    rows = await fetch(seeded, "SELECT client_id, secuid FROM satbinmas_official_accounts ORDER BY client_id")
    assert rows == [
        {"client_id": "POLRES_A", "secuid": "MS4wSECALPHA"},
        {"client_id": "POLRES_C", "secuid": None},
    ]


async def test_option_38_total_failure_is_one_line_dir_38(chat, seeded, fake_rapidapi):
    await add_account(seeded, "POLRES_A", "tiktok", "tidak_ada")
    await main_menu(chat)
    reply = await chat.send(ADMIN, "38")
    assert "❌ Gagal sinkron secUid TikTok Satbinmas Official: akun tidak ditemukan" in reply.texts


# --- DIR-40 / DIR-41 -------------------------------------------------------------------------


async def test_option_40_period_substep_and_recap_sections_dir_40(chat, seeded):
    alpha = await add_account(seeded, "POLRES_A", "instagram", "satbinmas.alpha")
    await add_account(seeded, "POLRES_B", "instagram", "satbinmas.beta")
    today = earlier_today(30)
    await add_media(seeded, alpha, "POLRES_A", "satbinmas.alpha", "m1", today, likes=1200, comments=4)
    await add_media(seeded, alpha, "POLRES_A", "satbinmas.alpha", "m2", today - timedelta(days=400), likes=5)
    await main_menu(chat)
    reply = await chat.send(ADMIN, "40")
    assert reply.texts[-1].startswith("Silakan pilih rekap Instagram Satbinmas Official:")
    assert "3️⃣ Rekap bulanan (1 s/d akhir bulan)" in reply.texts[-1]
    reply = await chat.send(ADMIN, "4")
    assert reply.texts[0].startswith("Pilihan tidak valid. Balas angka 1 sampai 3.")
    reply = await chat.send(ADMIN, "3")
    text = reply.texts[0]
    assert text.startswith("📸 Rekap konten Instagram Satbinmas Official")
    assert "Periode Pengambilan Data : Bulanan (1 s/d akhir bulan) (" in text
    assert "Total Konten   : 1 konten." in text  # last year's post is outside the month
    assert "- Total Likes : 1.200 Likes\n- Total Komentar : 4 Komentar" in text
    assert "🌙 Akun Pasif\n1. Polres Beta (@satbinmas.beta)" in text
    assert "🚫 Belum Input Akun\n- Semua polres sudah menginput akun." in text
    assert_menu_last(reply)


async def test_option_41_empty_period_shows_every_section_dir_41(chat, seeded):
    await main_menu(chat)
    await chat.send(ADMIN, "41")
    reply = await chat.send(ADMIN, "2")
    text = reply.texts[0]
    assert text.startswith("🎵 Rekap konten TikTok Satbinmas Official")
    assert "Periode Pengambilan Data : Mingguan (Senin - Minggu) (" in text and " s.d. " in text
    assert "Total Akun      : 0" in text
    assert "🔥 Akun Aktif (urut jumlah konten tertinggi)\n- Tidak ada akun" in text
    assert "🚫 Belum Input Akun\n1. Polres Alpha\n2. Polres Beta" in text


async def test_runner_serves_40_with_a_period_and_refuses_an_unknown_one_dir_70_3(
    seeded, dir_settings, redis
):
    env = AppContext(settings=dir_settings, db=seeded, redis=redis)
    jid = "6281100000001@s.whatsapp.net"
    bad = await run_dirrequest_action(env, 40, "DITSAMAPTA", [jid], period="yearly")
    assert bad.status == "error" and not bad.outbox_ids
    ok = await run_dirrequest_action(
        env, 41, "DITSAMAPTA", [jid], period="daily", reference_date=now_wib().date()
    )
    assert ok.status == "ok" and ok.messages == 1
    body = (await fetch(seeded, "SELECT body FROM wa_outbox ORDER BY outbox_id DESC LIMIT 1"))[0]["body"]
    assert body.startswith("🎵 Rekap konten TikTok Satbinmas Official")


async def test_demo_seeds_official_accounts_for_the_recaps_issue_24(db):
    from core.demo.seed import DIRECTORATE, UNITS, seed_database
    from core.reports import build_report

    async with db.uow() as uow:
        await seed_database(uow)
        await uow.commit()
    out = await build_report(db, "REP-SATBINMAS-TT", client_id=DIRECTORATE, ref_date=now_wib().date())
    orgs = [u for u in UNITS if u.client_type == "org"]
    assert f"Total Akun      : {len(orgs) - 1}" in out.text
    assert f"🚫 Belum Input Akun\n1. {orgs[-1].nama}" in out.text
