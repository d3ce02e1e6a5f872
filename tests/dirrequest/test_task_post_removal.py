"""Task-post removal 53 and the manual refresh 50-52 (DIR-53, DIR-50.0 .. DIR-52, DIR-95.13 .. 95.19)."""

from __future__ import annotations

import json
from datetime import timedelta

from core.timewindow import now_utc, utc_naive
from tests.dirrequest.conftest import ADMIN, execute, fetch
from tests.dirrequest.test_manual_input import open_option

SC = "Ab12Cd34Ef5"
VID = "7398765432109876543"


async def seed_instagram_task(db, *, source: str = "cron_fetch", client: str = "DITSAMAPTA") -> None:
    now = now_utc()
    await execute(
        db,
        "INSERT INTO insta_post (shortcode, client_id, source_type, created_at) VALUES (:s, :c, :t, :at)",
        s=SC, c=client, t=source, at=utc_naive(now),
    )  # fmt: skip
    await execute(db, "INSERT INTO insta_post_khusus (shortcode, client_id) VALUES (:s, :c)", s=SC, c=client)
    await execute(
        db, "INSERT INTO insta_like (shortcode, likes) VALUES (:s, :l)", s=SC, l=json.dumps(["a", "b", "c"])
    )
    await execute(
        db,
        "INSERT INTO insta_like_audit (shortcode, usernames, snapshot_window_start, snapshot_window_end)"
        " VALUES (:s, '[]', now(), now())",
        s=SC,
    )
    await execute(db, "INSERT INTO insta_comment (shortcode, comments) VALUES (:s, '[\"x\"]')", s=SC)
    for user in ("1001", "1002"):
        await execute(db, "INSERT INTO link_report (shortcode, user_id) VALUES (:s, :u)", s=SC, u=user)


async def test_bare_tiktok_id_is_detected_and_removed_dir_95_13(chat, seeded):
    await execute(
        chat.db,
        "INSERT INTO tiktok_post (video_id, client_id, source_type) VALUES (:v, 'DITSAMAPTA', 'manual_input')",
        v=VID,
    )
    await execute(
        chat.db, 'INSERT INTO tiktok_comment (video_id, comments) VALUES (:v, \'["u1", "u2"]\')', v=VID
    )
    await open_option(chat, "53")
    reply = await chat.send(ADMIN, VID)
    confirm = reply.texts[-1]
    assert f"Video ID : {VID}" in confirm and "Platform : TikTok" in confirm
    assert "Komentar tersimpan : 2 akun" in confirm and "Sumber : manual" in confirm
    reply = await chat.send(ADMIN, "ya")
    assert reply.texts[0].startswith("✅ Post tugas TikTok berhasil dihapus dari daftar tugas.")
    assert "2 akun komentar" in reply.texts[0]
    assert "*MENU DIRREQUEST*" in reply.texts[-1]
    assert not await fetch(chat.db, "SELECT 1 FROM tiktok_post")
    assert not await fetch(chat.db, "SELECT 1 FROM tiktok_comment")
    excl = await fetch(
        chat.db, "SELECT client_id, platform, content_id, source_link FROM task_post_exclusions"
    )
    assert excl == [{"client_id": "ditsamapta", "platform": "tiktok", "content_id": VID, "source_link": VID}]


async def test_instagram_post_with_likes_and_reports_is_removed_dir_95_14(chat, seeded):
    await seed_instagram_task(chat.db)
    await open_option(chat, "53")
    reply = await chat.send(ADMIN, f"https://www.instagram.com/p/{SC}/?igsh=abc")
    confirm = reply.texts[-1]
    assert "Likes tersimpan : 3 akun" in confirm and "Laporan link amplifikasi : 2" in confirm
    reply = await chat.send(ADMIN, "ya")
    assert reply.texts[0].startswith("✅ Post tugas Instagram berhasil dihapus dari daftar tugas.")
    assert "3 akun likes, 2 laporan link" in reply.texts[0]
    for table in (
        "insta_post",
        "insta_post_khusus",
        "insta_like",
        "insta_like_audit",
        "insta_comment",
        "link_report",
    ):
        assert not await fetch(chat.db, f"SELECT 1 FROM {table}"), table
    assert len(await fetch(chat.db, "SELECT 1 FROM task_post_exclusions WHERE platform = 'instagram'")) == 1


async def test_failed_delete_rolls_back_everything_dir_95_15(chat, seeded):
    await seed_instagram_task(chat.db)
    await execute(
        chat.db,
        "CREATE OR REPLACE FUNCTION fail_delete() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$"
        " LANGUAGE plpgsql",
    )
    await execute(
        chat.db,
        "CREATE TRIGGER insta_post_fail BEFORE DELETE ON insta_post FOR EACH ROW EXECUTE FUNCTION fail_delete()",
    )
    try:
        await open_option(chat, "53")
        await chat.send(ADMIN, SC)
        reply = await chat.send(ADMIN, "ya")
        assert reply.texts[0].startswith("❌ Gagal menghapus post tugas:")
        assert "*MENU DIRREQUEST*" in reply.texts[-1]
        for table in ("insta_post", "insta_post_khusus", "insta_like", "insta_like_audit", "link_report"):
            assert await fetch(chat.db, f"SELECT 1 FROM {table}"), table
        assert not await fetch(chat.db, "SELECT 1 FROM task_post_exclusions")
    finally:
        await execute(chat.db, "DROP TRIGGER insta_post_fail ON insta_post")


async def test_unknown_post_is_not_found_and_nothing_written_dir_95_16(chat, seeded):
    await open_option(chat, "53")
    reply = await chat.send(ADMIN, f"https://www.instagram.com/p/{SC}/")
    assert "tidak ditemukan" in reply.texts[-1] and "Hapus post tugas" in reply.texts[-1]
    await seed_instagram_task(chat.db, client="DITLANTAS")
    reply = await chat.send(ADMIN, SC)
    assert "satker lain" in reply.texts[-1]
    assert not await fetch(chat.db, "SELECT 1 FROM task_post_exclusions")


async def test_removal_prompt_navigation_and_cancel_dir_53(chat, seeded):
    await seed_instagram_task(chat.db)
    await open_option(chat, "53")
    reply = await chat.send(ADMIN, "back")  # never an Instagram shortcode (DIR-90)
    assert "*MENU DIRREQUEST*" in reply.text
    await chat.send(ADMIN, "53")
    reply = await chat.send(ADMIN, f"{SC} {VID}")
    assert reply.texts[-1].startswith("❌ Kirim satu link")
    reply = await chat.send(ADMIN, "hapus saja")
    assert reply.texts[-1].startswith("❌ Link tidak dikenali.")
    await chat.send(ADMIN, SC)
    reply = await chat.send(ADMIN, "mungkin")
    assert "ya" in reply.texts[-1] and "Konfirmasi" in reply.texts[-1]
    reply = await chat.send(ADMIN, "tidak")
    assert reply.texts[0] == "✅ Penghapusan post tugas dibatalkan."
    assert await fetch(chat.db, "SELECT 1 FROM insta_post")
    assert not await fetch(chat.db, "SELECT 1 FROM task_post_exclusions")


async def test_manual_likes_refresh_selects_todays_manual_posts_dir_95_18(chat, seeded, fake_rapidapi):
    await seed_instagram_task(chat.db, source="manual_input")
    await execute(
        chat.db,
        "INSERT INTO insta_post (shortcode, client_id, source_type, created_at) VALUES ('OldManual99', 'DITSAMAPTA',"
        " 'manual_input', :at)",
        at=utc_naive(now_utc() - timedelta(days=2)),
    )
    fake_rapidapi.instagram.add_post("ditsamapta.jatim", SC, taken_at=now_utc())
    fake_rapidapi.instagram.set_likers(SC, ["d"])
    await chat.send(ADMIN, "dirrequest")
    await chat.send(ADMIN, "2")
    reply = await chat.send(ADMIN, "50")
    assert reply.texts[0] == "⏳ Memulai fetch likes Instagram untuk konten manual hari ini..."
    assert "✅ Selesai fetch likes IG client DITSAMAPTA. Berhasil: 1, Gagal: 0" in reply.texts
    assert "*MENU DIRREQUEST*" in reply.texts[-1]
    likes = (await fetch(chat.db, "SELECT likes FROM insta_like WHERE shortcode = :s", s=SC))[0]["likes"]
    assert likes == ["a", "b", "c", "d"]
    assert {c.params.get("code_or_id_or_url") for c in fake_rapidapi.calls("v1/likes")} == {SC}


async def test_no_manual_tiktok_post_today_dir_95_19(chat, seeded):
    await chat.send(ADMIN, "dirrequest")
    await chat.send(ADMIN, "2")
    reply = await chat.send(ADMIN, "51")
    assert "Tidak ada konten TikTok manual hari ini untuk client DITSAMAPTA." in reply.texts
    assert "*MENU DIRREQUEST*" in reply.texts[-1]


async def test_manual_ig_comments_go_to_the_commenter_store_only_dir_52(chat, seeded, fake_rapidapi):
    await seed_instagram_task(chat.db, source="manual_input")
    fake_rapidapi.instagram.add_post("ditsamapta.jatim", SC, taken_at=now_utc())
    fake_rapidapi.instagram.set_commenters(SC, ["komentator.satu"])
    await chat.send(ADMIN, "dirrequest")
    await chat.send(ADMIN, "2")
    reply = await chat.send(ADMIN, "52")
    assert "✅ Selesai fetch komentar IG client DITSAMAPTA. Berhasil: 1, Gagal: 0" in reply.texts
    comments = (await fetch(chat.db, "SELECT comments FROM insta_comment WHERE shortcode = :s", s=SC))[0][
        "comments"
    ]
    assert "komentator.satu" in comments
    likes = (await fetch(chat.db, "SELECT likes FROM insta_like WHERE shortcode = :s", s=SC))[0]["likes"]
    assert "komentator.satu" not in likes


async def test_manual_tiktok_comments_announce_the_video_count_dir_51(chat, seeded, fake_rapidapi):
    await execute(
        chat.db,
        "INSERT INTO tiktok_post (video_id, client_id, source_type, created_at) VALUES (:v, 'DITSAMAPTA',"
        " 'manual_input', :at)",
        v=VID,
        at=utc_naive(now_utc()),
    )
    fake_rapidapi.tiktok.add_video("akun.lain", VID, create_time=now_utc())
    fake_rapidapi.tiktok.set_commenters(VID, ["warga.tiga"])
    await chat.send(ADMIN, "dirrequest")
    await chat.send(ADMIN, "2")
    reply = await chat.send(ADMIN, "51")
    assert reply.texts[:3] == [
        "⏳ Memulai fetch komentar TikTok untuk konten manual hari ini...",
        "⏳ Fetch komentar 1 video TikTok...",
        "✅ Selesai fetch komentar TikTok client DITSAMAPTA. Berhasil: 1, Gagal: 0",
    ]
    assert "*MENU DIRREQUEST*" in reply.texts[-1]
