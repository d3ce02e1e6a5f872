"""Manual post input 46/47 through the router, with the fake RapidAPI server (DIR-46, DIR-47, DIR-95.5..95.12, 95.17)."""

from __future__ import annotations

from datetime import timedelta

from core.ingest.context import load_client
from core.ingest.official import fetch_instagram_posts
from core.manual_posts.deps import open_ingest_deps
from core.timewindow import now_utc, utc_naive
from tests.clock import earlier_today
from tests.dirrequest.conftest import ADMIN, add_client, execute, fetch

SC = "Zk3Lm9pQr2T"
VID = "7398765432109876543"


async def open_option(chat, option: str) -> None:
    await chat.send(ADMIN, "dirrequest")
    await chat.send(ADMIN, "2")  # DITSAMAPTA
    await chat.send(ADMIN, option)


async def test_instagram_link_with_tracking_params_registers_manual_post_dir_95_5(
    chat, seeded, fake_rapidapi
):
    taken = now_utc() - timedelta(hours=30)
    fake_rapidapi.instagram.add_post("akun.contoh", SC, taken_at=taken, caption="Patroli  pagi\nhari ini")
    fake_rapidapi.instagram.set_likers(SC, ["warga.satu", "Warga.Dua"])
    await open_option(chat, "46")
    at = now_utc().replace(microsecond=0)
    reply = await chat.send(ADMIN, f"https://instagram.com/reel/{SC}/?utm_source=ig_web_copy_link", at=at)

    block = reply.texts[0]
    assert block.startswith("✅ Post Instagram berhasil ditambahkan (manual).")
    assert "✅ Likes Instagram untuk post manual juga berhasil di-fetch." in block
    for line in ("Sumber : manual", "Status : baru", "Client : DITSAMAPTA", f"Shortcode : {SC}",
                 f"Link : https://www.instagram.com/p/{SC}/", "Likes tersimpan : 2 akun", "Caption : Patroli pagi hari ini"):  # fmt: skip
        assert line in block, line
    assert "*MENU DIRREQUEST*" in reply.texts[-1]  # DIR-0.11

    for table in ("insta_post", "insta_post_khusus"):
        row = (await fetch(chat.db, f"SELECT * FROM {table} WHERE shortcode = :s", s=SC))[0]
        assert row["source_type"] == "manual_input"
        assert row["client_id"] == "DITSAMAPTA"
        assert row["created_at"] == utc_naive(at)
        assert int(row["original_created_at"].timestamp()) == int(taken.timestamp())
    likes = await fetch(chat.db, "SELECT likes FROM insta_like WHERE shortcode = :s", s=SC)
    assert sorted(likes[0]["likes"]) == ["warga.dua", "warga.satu"]
    assert await fetch(chat.db, "SELECT 1 FROM insta_like_audit WHERE shortcode = :s", s=SC)
    # DIR-46.5: likes of this shortcode only, no comment fetch.
    assert {c.params.get("code_or_id_or_url") for c in fake_rapidapi.calls("v1/likes")} == {SC}
    assert not fake_rapidapi.calls("v1/comments")


async def test_cron_row_of_yesterday_is_marked_manual_dir_95_6(chat, seeded, fake_rapidapi):
    taken = now_utc() - timedelta(days=1)
    fake_rapidapi.instagram.add_post("ditsamapta.jatim", SC, taken_at=taken)
    await execute(
        chat.db,
        "INSERT INTO insta_post (shortcode, client_id, source_type, created_at, original_created_at)"
        " VALUES (:s, 'DITSAMAPTA', 'cron_fetch', :c, :o)",
        s=SC, c=utc_naive(taken), o=taken,
    )  # fmt: skip
    await open_option(chat, "46")
    at = now_utc().replace(microsecond=0)
    reply = await chat.send(ADMIN, SC, at=at)
    assert "Status : ditandai manual (sebelumnya konten resmi)" in reply.texts[0]
    row = (await fetch(chat.db, "SELECT * FROM insta_post WHERE shortcode = :s", s=SC))[0]
    assert row["source_type"] == "manual_input" and row["created_at"] == utc_naive(at)
    assert int(row["original_created_at"].timestamp()) == int(taken.timestamp())


async def test_post_of_another_unit_is_refused_without_rapidapi_call_dir_95_7(chat, seeded, fake_rapidapi):
    await execute(
        chat.db,
        "INSERT INTO insta_post (shortcode, client_id, source_type) VALUES (:s, 'DITLANTAS', 'cron_fetch')",
        s=SC,
    )
    await open_option(chat, "46")
    reply = await chat.send(ADMIN, f"https://www.instagram.com/p/{SC}/")
    assert reply.texts[0].startswith("❌ Gagal input manual post Instagram:")
    assert "Direktorat Lalu Lintas" in reply.texts[0]
    assert not fake_rapidapi.calls("v1/post_info")
    row = (await fetch(chat.db, "SELECT client_id, source_type FROM insta_post WHERE shortcode = :s", s=SC))[
        0
    ]
    assert row == {"client_id": "DITLANTAS", "source_type": "cron_fetch"}
    assert not await fetch(chat.db, "SELECT 1 FROM insta_post_khusus")


async def test_scheduled_fetch_never_downgrades_a_manual_row_dir_95_8(
    chat, seeded, fake_rapidapi, dir_settings, redis
):
    now = now_utc()
    fake_rapidapi.instagram.add_post("ditsamapta.jatim", SC, taken_at=earlier_today(5))
    await open_option(chat, "46")
    at = now.replace(microsecond=0)
    await chat.send(ADMIN, SC, at=at)

    class Env:
        settings, db = dir_settings, chat.db

    Env.redis = redis
    async with chat.db.uow() as uow:
        client = await load_client(uow, "DITSAMAPTA")
    async with open_ingest_deps(Env) as deps:
        await fetch_instagram_posts(deps, client, now_utc())
    row = (await fetch(chat.db, "SELECT * FROM insta_post WHERE shortcode = :s", s=SC))[0]
    assert (row["source_type"], row["client_id"], row["created_at"]) == (
        "manual_input",
        "DITSAMAPTA",
        utc_naive(at),
    )


async def test_mixed_message_processes_instagram_and_points_tiktok_to_47_dir_95_9(
    chat, seeded, fake_rapidapi
):
    fake_rapidapi.instagram.add_post("akun.contoh", "Bq1xY_7-aZ0", taken_at=now_utc())
    await open_option(chat, "46")
    reply = await chat.send(
        ADMIN,
        "tolong input https://www.instagram.com/akun.contoh/p/Bq1xY_7-aZ0/ dan https://vt.tiktok.com/ZSq9Wx2Lm/",
    )
    text = reply.texts[0]
    assert text.startswith("📥 Input manual Instagram: 1 berhasil, 1 gagal.")
    assert "Shortcode : Bq1xY_7-aZ0" in text
    assert "- https://vt.tiktok.com/ZSq9Wx2Lm/ → link/ID TikTok, gunakan menu 47" in text


async def test_kembali_in_link_prompt_is_navigation_dir_95_10(chat, seeded, fake_rapidapi):
    await open_option(chat, "46")
    reply = await chat.send(ADMIN, "kembali")
    assert "*MENU DIRREQUEST*" in reply.text
    assert not fake_rapidapi.requests
    assert not await fetch(chat.db, "SELECT 1 FROM insta_post")


async def test_invalid_instagram_input_keeps_prompt_dir_46_7(chat, seeded):
    await open_option(chat, "46")
    reply = await chat.send(ADMIN, "https://www.instagram.com/akun.contoh/")
    assert reply.texts[-1].startswith("❌ Link Instagram tidak valid.")
    assert "Input IG post manual" in reply.texts[-1]
    reply = await chat.send(ADMIN, "7398765432109876543")
    assert "menu 47" in reply.texts[-1]


async def test_tiktok_short_link_is_resolved_and_registered_dir_95_11(chat, seeded, fake_rapidapi):
    fake_rapidapi.tiktok.add_video("akun.contoh", VID, create_time=earlier_today(120))
    fake_rapidapi.tiktok.set_commenters(VID, ["warga.tiga"], replies={"warga.tiga": ["warga.empat"]})
    final = f"https://www.tiktok.com/@akun.contoh/video/{VID}?is_from_webapp=1"

    async def resolver(url: str) -> str | None:
        return final if url == "https://vm.tiktok.com/ZMk4Ab9Xy/" else None

    chat.router.services.extra["shortlink_resolver"] = resolver
    await open_option(chat, "47")
    reply = await chat.send(ADMIN, "https://vm.tiktok.com/ZMk4Ab9Xy/")
    text = reply.texts[0]
    assert text.startswith("✅ Post TikTok berhasil ditambahkan (manual).")
    assert f"Video ID : {VID}" in text and f"Link : https://www.tiktok.com/@akun.contoh/video/{VID}" in text
    assert "Komentar tersimpan : 2 akun" in text
    row = (await fetch(chat.db, "SELECT source_type, client_id FROM tiktok_post WHERE video_id = :v", v=VID))[
        0
    ]
    assert row == {"source_type": "manual_input", "client_id": "DITSAMAPTA"}
    assert {c.params.get("videoId") for c in fake_rapidapi.calls("api/post/comments")} == {VID}


async def test_short_tiktok_id_is_invalid_and_step_kept_dir_95_12(chat, seeded, fake_rapidapi):
    await open_option(chat, "47")
    reply = await chat.send(ADMIN, "98765")
    assert reply.texts[-1].startswith("❌ Input TikTok tidak valid.")
    assert "Input TikTok post manual" in reply.texts[-1]
    fake_rapidapi.tiktok.add_video("akun.contoh", VID, create_time=now_utc())
    reply = await chat.send(ADMIN, VID)  # still in the 47 prompt
    assert f"Video ID : {VID}" in reply.texts[0]


async def test_manual_input_lifts_an_exclusion_dir_95_17(chat, seeded, fake_rapidapi, dir_settings, redis):
    fake_rapidapi.instagram.add_post("ditsamapta.jatim", SC, taken_at=earlier_today(3))
    await execute(
        chat.db,
        "INSERT INTO task_post_exclusions (client_id, platform, content_id) VALUES ('ditsamapta', 'instagram', :s)",
        s=SC,
    )

    class Env:
        settings, db = dir_settings, chat.db

    Env.redis = redis
    async with chat.db.uow() as uow:
        client = await load_client(uow, "DITSAMAPTA")
    async with open_ingest_deps(Env) as deps:
        await fetch_instagram_posts(deps, client, now_utc())
    assert not await fetch(chat.db, "SELECT 1 FROM insta_post WHERE shortcode = :s", s=SC)

    await open_option(chat, "46")
    reply = await chat.send(ADMIN, f"https://www.instagram.com/p/{SC}/")
    assert "aktif kembali" in reply.texts[0]
    assert await fetch(chat.db, "SELECT 1 FROM insta_post WHERE shortcode = :s", s=SC)
    assert not await fetch(chat.db, "SELECT 1 FROM task_post_exclusions")


async def test_other_directorate_client_cannot_be_used_for_manual_input(chat, seeded, fake_rapidapi):
    """The TikTok post of another client is refused by name (DIR-46.0 item 7 for 47)."""
    await add_client(chat.db, "DITBINMAS", "Direktorat Binmas")
    await execute(chat.db, "INSERT INTO tiktok_post (video_id, client_id) VALUES (:v, 'DITBINMAS')", v=VID)
    await open_option(chat, "47")
    reply = await chat.send(ADMIN, VID)
    assert (
        reply.texts[0].startswith("❌ Gagal input manual post TikTok:")
        and "Direktorat Binmas" in reply.texts[0]
    )
