"""The shared amplification-link service against the real database (CONV-240..257, API-75..77)."""

from __future__ import annotations

from datetime import timedelta

from core.amplify.link_reports import (
    ApiReport,
    MessageReport,
    ReportQuery,
    delete_report,
    get_report,
    list_reports,
    report_by_message,
    submit_api_report,
)
from tests.amplify.seed import NOW, add_client, add_post, add_tiktok, add_user, fetch_report

PHONE = "6281234567001"
IG_OWN = "https://www.instagram.com/stories/budi.satu/3312345678901/"
FB = "https://www.facebook.com/budi.satu/posts/pfbid0abc"
TT = "https://www.tiktok.com/@budi.satu/video/7312345678901234567"


async def seed_basic(db, **user):
    await add_client(db, "RES_A")
    await add_client(db, "RES_B")
    await add_user(db, "81120345", "RES_A", whatsapp=PHONE, insta="budi.satu", tiktok="budi.satu", **user)


async def send(db, text, **kw):
    async with db.uow() as uow:
        return await report_by_message(
            uow, MessageReport(sender_phone=kw.pop("phone", PHONE), text=text, now=NOW, **kw)
        )


async def test_only_post_of_the_day_is_the_target_conv_247_rule3(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    out = await send(db, f"Siap laksanakan {FB} {TT}")
    assert out.code == "link_recorded", out.text
    assert "✅ *Laporan Amplifikasi Tercatat*" in out.text
    assert "- Facebook: https://www.facebook.com/budi.satu/posts/pfbid0abc 🆕" in out.text
    assert "- Instagram: Nihil" in out.text
    row = await fetch_report(db, "TaskOne1", "81120345")
    assert row.facebook_link == FB and row.tiktok_link == TT
    assert row.report_source == "whatsapp"


async def test_repeated_report_merges_per_platform_conv_251(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    await send(db, FB)
    first = await fetch_report(db, "TaskOne1", "81120345")
    out = await send(db, f"{IG_OWN} {FB}")
    assert out.code == "link_recorded"
    row = await fetch_report(db, "TaskOne1", "81120345")
    assert row.facebook_link == FB and row.instagram_link == IG_OWN
    assert row.created_at == first.created_at
    assert "sudah tercatat sebelumnya" in out.text


async def test_automatic_choice_never_replaces_an_existing_link_conv_247(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    await send(db, FB)
    out = await send(db, "https://www.facebook.com/budi.satu/posts/pfbid0xyz")
    assert out.status == "choose"
    assert "sudah dilaporkan: Facebook" in out.text
    chosen = await send(db, "https://www.facebook.com/budi.satu/posts/pfbid0xyz", chosen_shortcode="TaskOne1")
    assert "🔄" in chosen.text
    assert (await fetch_report(db, "TaskOne1", "81120345")).facebook_link.endswith("pfbid0xyz")


async def test_official_link_in_message_selects_target_conv_247_rule2(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    await add_post(db, "TaskTwo2", "RES_A", at=NOW - timedelta(hours=1))
    out = await send(db, f"https://www.instagram.com/p/TaskTwo2/ {FB}")
    assert out.code == "link_recorded"
    assert await fetch_report(db, "TaskTwo2", "81120345") is not None


async def test_quoted_task_message_selects_target_conv_247_rule1(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    await add_post(db, "TaskTwo2", "RES_A", at=NOW - timedelta(hours=1))
    out = await send(db, FB, quoted_text="Tugas hari ini:\nhttps://www.instagram.com/p/TaskOne1/")
    assert out.code == "link_recorded"
    assert await fetch_report(db, "TaskOne1", "81120345") is not None


async def test_several_tasks_give_a_numbered_choice_conv_248(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A", caption="Pagi")
    await add_post(db, "TaskTwo2", "RES_A", at=NOW - timedelta(hours=1), caption="Siang")
    await add_post(db, "OldPost3", "RES_A", at=NOW - timedelta(days=1))
    out = await send(db, FB)
    assert out.status == "choose"
    assert out.choices == ["TaskOne1", "TaskTwo2", "OldPost3"]
    assert "1. [Rutin] https://www.instagram.com/p/TaskOne1/" in out.text
    assert await fetch_report(db, "TaskOne1", "81120345") is None


async def test_special_task_accepts_only_instagram_conv_249(db):
    await seed_basic(db)
    await add_post(db, "Khusus1", "RES_A", khusus=True)
    out = await send(db, f"{IG_OWN} {FB}")
    assert out.code == "link_recorded"
    assert "Tugas: Tugas Khusus" in out.text
    assert "tugas khusus hanya menerima link Instagram" in out.text
    row = await fetch_report(db, "Khusus1", "81120345", "link_report_khusus")
    assert row.instagram_link == IG_OWN and row.facebook_link is None


async def test_rejections_conv_240_246(db):
    await seed_basic(db)
    assert (await send(db, FB, phone="6289999999999")).code == "not_registered"
    assert (await send(db, FB, phone=None)).code == "unresolved_sender"
    assert (await send(db, FB)).code == "no_open_tasks"
    await add_user(db, "81120346", "RES_A", whatsapp="6281234567002", status=False)
    assert (await send(db, FB, phone="6281234567002")).code == "user_inactive"


async def test_inactive_and_amplify_disabled_clients_conv_240(db):
    await add_client(db, "RES_X", status=False)
    await add_client(db, "RES_Y", amplify=False)
    await add_user(db, "71000001", "RES_X", whatsapp="6281111111001")
    await add_user(db, "71000002", "RES_Y", whatsapp="6281111111002")
    assert (await send(db, FB, phone="6281111111001")).code == "client_inactive"
    assert (await send(db, FB, phone="6281111111002")).code == "amplify_disabled"


async def test_profile_links_and_unsupported_platforms_are_rejected_conv_242(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    out = await send(db, f"{FB} https://www.instagram.com/budi.satu/ https://www.threads.net/@b/post/1")
    assert out.code == "link_recorded"
    assert "link profil/halaman/kanal" in out.text
    assert "platform tidak didukung" in out.text
    only = await send(db, "https://www.threads.net/@b/post/1")
    assert only.code == "unsupported_platform" and "Tidak ada link yang dicatat" in only.text


async def test_official_links_expired_other_client_and_only_official_conv_244_253(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    await add_post(db, "OldOld9", "RES_A", at=NOW - timedelta(days=5))
    await add_post(db, "OtherB1", "RES_B")
    assert (await send(db, "https://www.instagram.com/p/OldOld9/")).code == "task_expired"
    assert (await send(db, "https://www.instagram.com/p/OtherB1/")).code == "official_other_client"
    only = await send(db, "https://www.instagram.com/p/TaskOne1/")
    assert only.code == "no_amplification_link"
    assert "bukan link post resmi" in only.text


async def test_link_used_elsewhere_and_duplicates_conv_250(db):
    await seed_basic(db)
    await add_user(db, "81120399", "RES_A", whatsapp="6281234567099", nama="ANI")
    await add_post(db, "TaskOne1", "RES_A")
    await send(db, FB, phone="6281234567099")
    out = await send(db, f"{FB} https://x.com/budi/status/1 https://x.com/budi/status/2")
    assert "sudah tercatat untuk tugas atau personel lain" in out.text
    assert "sudah ada link lain untuk platform yang sama" in out.text
    row = await fetch_report(db, "TaskOne1", "81120345")
    assert row.facebook_link is None and row.twitter_link == "https://x.com/budi/status/1"


async def test_tiktok_repost_of_official_video_is_not_used_elsewhere_conv_250(db):
    await seed_basic(db)
    await add_user(db, "81120399", "RES_A", whatsapp="6281234567099", nama="ANI")
    await add_post(db, "TaskOne1", "RES_A")
    await add_tiktok(db, "7312345678901234567", "RES_A")
    official = "https://www.tiktok.com/@polres_a/video/7312345678901234567"
    await send(db, official, phone="6281234567099")
    out = await send(db, official)
    assert out.code == "link_recorded"
    assert "akun lain" not in out.text


async def test_account_mismatch_is_a_warning_conv_250(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    out = await send(db, "https://www.tiktok.com/@orang.lain/video/7000000000000000001")
    assert out.code == "link_recorded"
    assert "akun lain dari akun yang terdaftar" in out.text


async def test_too_many_links_conv_241(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    links = " ".join(f"https://x.com/budi/status/{i}" for i in range(12))
    out = await send(db, links, max_links=10)
    assert "melebihi batas jumlah link" in out.text


async def test_short_link_resolution_conv_243(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")

    async def resolver(url: str) -> str | None:
        return {"https://bit.ly/ok": "https://www.youtube.com/watch?v=abc"}.get(url)

    async with db.uow() as uow:
        out = await report_by_message(
            uow,
            MessageReport(PHONE, "https://bit.ly/ok https://bit.ly/dead https://vt.tiktok.com/ZS1/", NOW),
            resolver,
        )
    assert out.code == "link_recorded"
    row = await fetch_report(db, "TaskOne1", "81120345")
    assert row.youtube_link == "https://www.youtube.com/watch?v=abc"
    assert row.tiktok_link == "https://vt.tiktok.com/ZS1/"
    assert "link pendek tidak dapat dibuka" in out.text


async def test_api_channel_creates_then_updates_api_75(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    async with db.uow() as uow:
        out = await submit_api_report(
            uow, ApiReport("81120345", "https://www.instagram.com/p/TaskOne1/", {"facebook_link": FB}, NOW)
        )
    assert out.status == "created" and out.report["report_source"] == "api"
    assert out.confirmation and "Laporan Amplifikasi Tercatat" in out.confirmation
    async with db.uow() as uow:
        out = await submit_api_report(
            uow, ApiReport("81120345", "TaskOne1", {"twitter_link": "https://x.com/b/status/9"}, NOW)
        )
    assert out.status == "updated"
    assert out.report["facebook_link"] == FB and out.report["twitter_link"] == "https://x.com/b/status/9"


async def test_api_channel_refusals_api_75(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    await add_post(db, "OtherB1", "RES_B")
    cases = [
        (ApiReport("81120345", "TaskOne1", {}, NOW), "no_link"),
        (ApiReport("81120345", "Nope123", {"facebook_link": FB}, NOW), "post_not_found"),
        (ApiReport("81120345", "OtherB1", {"facebook_link": FB}, NOW), "official_other_client"),
        (ApiReport("81120345", "TaskOne1", {"facebook_link": TT}, NOW), "platform_mismatch"),
        (
            ApiReport("81120345", "TaskOne1", {"instagram_link": "https://instagram.com/budi"}, NOW),
            "profile_link",
        ),
        (
            ApiReport("81120345", "TaskOne1", {"facebook_link": FB}, NOW, require_existing=True),
            "report_not_found",
        ),
    ]
    for req, code in cases:
        async with db.uow() as uow:
            out = await submit_api_report(uow, req)
        assert (out.status, out.code) == ("rejected", code), req
    assert await fetch_report(db, "TaskOne1", "81120345") is None


async def test_khusus_upload_records_its_own_link_only_for_api_77_conv_244(db):
    """API-77 POST: the registered khusus post is the member's upload, so its link is the report;
    the same link anywhere else is still an official link (CONV-244/253)."""
    await seed_basic(db)
    await add_post(db, "Khusus01", "RES_A", khusus=True)
    await add_post(db, "OtherB1", "RES_B")
    own = "https://www.instagram.com/p/Khusus01/"
    assert (await send(db, own)).code == "no_amplification_link"
    refused = [
        (ApiReport("81120345", "Khusus01", {"instagram_link": own}, NOW, khusus=True), "no_amplification_link"),
        (ApiReport("81120345", "Khusus01", {"instagram_link": own}, NOW), "no_amplification_link"),
        (
            ApiReport("81120345", "Khusus01", {"instagram_link": "https://www.instagram.com/p/OtherB1/"}, NOW,
                      khusus=True, own_upload=True),
            "official_other_client",
        ),
    ]  # fmt: skip
    for req, code in refused:
        async with db.uow() as uow:
            out = await submit_api_report(uow, req)
        assert (out.status, out.code) == ("rejected", code), req
    assert await fetch_report(db, "Khusus01", "81120345", "link_report_khusus") is None
    async with db.uow() as uow:
        out = await submit_api_report(
            uow, ApiReport("81120345", own, {"instagram_link": own}, NOW, khusus=True, own_upload=True)
        )
    assert out.status == "created" and out.report["instagram_link"] == own
    row = await fetch_report(db, "Khusus01", "81120345", "link_report_khusus")
    assert row.instagram_link == own and row.report_source == "api"
    assert await fetch_report(db, "Khusus01", "81120345") is None


async def test_get_list_delete_api_76(db):
    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    await send(db, FB)
    async with db.uow() as uow:
        assert (await get_report(uow, "TaskOne1", "81120345"))["facebook_link"] == FB
        items, total = await list_reports(
            uow, ReportQuery(client_id="res_a", start=NOW.date(), end=NOW.date())
        )
        assert total == 1 and items[0]["caption"] == "Konten resmi"
        items, total = await list_reports(uow, ReportQuery(client_ids=["RES_B"]))
        assert total == 0
        assert (await delete_report(uow, "TaskOne1", "81120345"))["shortcode"] == "TaskOne1"
        assert await delete_report(uow, "TaskOne1", "81120345") is None


async def test_api_confirmation_is_queued_for_the_bound_number_conv_257(db):
    from core.amplify.notify import enqueue_api_confirmation
    from core.config import get_settings

    await seed_basic(db)
    await add_post(db, "TaskOne1", "RES_A")
    async with db.uow() as uow:
        out = await submit_api_report(uow, ApiReport("81120345", "TaskOne1", {"facebook_link": FB}, NOW))
        ids = await enqueue_api_confirmation(uow, get_settings(), out, now=NOW)
        await uow.commit()
    assert ids
    async with db.uow() as uow:
        row = (
            await uow.execute(
                "SELECT chat_id, body, origin FROM wa_outbox WHERE outbox_id = :i", {"i": ids[0]}
            )
        ).one()
    assert row.chat_id == f"{PHONE}@s.whatsapp.net" and row.origin == "api"
    assert "Laporan Amplifikasi Tercatat" in row.body
