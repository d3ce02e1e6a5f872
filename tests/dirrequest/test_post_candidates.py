"""The link/id classifier of menus 46, 47 and 53 (DIR-46.0 items 1-4, DIR-46.3, DIR-47.2, DIR-53.2)."""

from __future__ import annotations

from core.post_candidates import (
    REASON_IS_INSTAGRAM,
    REASON_IS_TIKTOK,
    REASON_NOT_IG_POST,
    REASON_SHORT_ID,
    REASON_TT_SHORTLINK,
    parse_posts,
)

IG = {"instagram"}
TT = {"tiktok"}
BOTH = {"instagram", "tiktok"}


async def no_redirect(url: str) -> str | None:
    return None


async def resolve(text: str, accept, resolver=no_redirect):
    return await parse_posts(text, accept, resolver)


async def test_instagram_links_of_every_shape_dir_46_3():
    parsed = await resolve(
        "(https://instagram.com/reel/Zk3Lm9pQr2T/?utm_source=x), m.instagram.com/tv/TvCode_01 "
        "https://www.instagram.com/akun.contoh/p/Bq1xY_7-aZ0/#c instagr.am/p/abcdefghij",
        IG,
    )
    assert [c.content_id for c in parsed.candidates] == [
        "Zk3Lm9pQr2T",
        "TvCode_01",
        "Bq1xY_7-aZ0",
        "abcdefghij",
    ]
    assert not parsed.rejections


async def test_words_are_ignored_when_a_url_is_present_and_profiles_rejected_dir_46_0():
    parsed = await resolve("tolong input https://www.instagram.com/akun.contoh/ ya", IG)
    assert not parsed.candidates
    assert [(r.token, r.reason) for r in parsed.rejections] == [
        ("https://www.instagram.com/akun.contoh/", REASON_NOT_IG_POST)
    ]


async def test_bare_tokens_lower_case_words_never_shortcodes_dir_46_3():
    parsed = await resolve("tolong Zk3Lm9pQr2T kembali 12345", IG)
    assert [c.content_id for c in parsed.candidates] == ["Zk3Lm9pQr2T"]
    assert [r.token for r in parsed.rejections] == ["12345"]


async def test_duplicates_and_limit_of_ten_dir_46_0_item_4():
    codes = [f"Code{i:03d}X" for i in range(12)]
    parsed = await resolve(" ".join([codes[0], *codes]), IG)
    assert [c.content_id for c in parsed.candidates] == codes[:10]
    assert parsed.ignored_over_limit == 2


async def test_other_platform_points_to_the_other_menu():
    ig = await resolve("https://vt.tiktok.com/ZSq9Wx2Lm/ 7398765432109876543", IG)
    assert {r.reason for r in ig.rejections} == {REASON_IS_TIKTOK} and ig.only_other_platform == "tiktok"
    tt = await resolve("https://www.instagram.com/p/Zk3Lm9pQr2T/", TT)
    assert tt.rejections[0].reason == REASON_IS_INSTAGRAM and tt.only_other_platform == "instagram"


async def test_tiktok_direct_links_ids_and_short_links_dir_47_2():
    async def redirects(url: str) -> str | None:
        return (
            "https://www.tiktok.com/@a/video/7111111111111111111?lang=id" if "vm.tiktok.com" in url else None
        )

    parsed = await resolve(
        "https://www.tiktok.com/@akun/video/7398765432109876543?is_from_webapp=1 "
        "https://www.tiktok.com/embed/v2/7222222222222222222 https://vm.tiktok.com/ZMk4Ab9Xy/ "
        "https://vt.tiktok.com/Dead/",
        TT,
        redirects,
    )
    assert [c.content_id for c in parsed.candidates] == [
        "7398765432109876543",
        "7222222222222222222",
        "7111111111111111111",
    ]
    assert parsed.rejections[0].reason == REASON_TT_SHORTLINK
    short = await resolve("98765", TT)
    assert short.rejections[0].reason == REASON_SHORT_ID and not short.candidates


async def test_removal_detects_tiktok_ids_before_shortcodes_dir_53_2():
    parsed = await resolve("7398765432109876543", BOTH)
    assert [(c.platform, c.content_id) for c in parsed.candidates] == [("tiktok", "7398765432109876543")]
    parsed = await resolve("Ab12Cd34Ef5", BOTH)
    assert [(c.platform, c.content_id) for c in parsed.candidates] == [("instagram", "Ab12Cd34Ef5")]
    assert not (await resolve("hapus saja", BOTH)).candidates


def test_manual_reply_block_times_and_caption_dir_95_5():
    from datetime import UTC, datetime

    from core.ingest.engagement import EngagementSummary, PostEngagement
    from core.ingest.manual import ManualRegistration
    from core.manual_posts.register import ManualInputResult
    from core.manual_posts.render import render_manual_input

    summary = EngagementSummary(
        "instagram_likes", "DITSAMAPTA", posts=[PostEngagement("Zk3Lm9pQr2T", False, "kuota")]
    )
    reg = ManualRegistration(
        platform="instagram", client_id="ditsamapta", post_id="Zk3Lm9pQr2T", status="baru",
        created_at=datetime(2026, 6, 2, 18, 20, tzinfo=UTC), original_created_at=datetime(2026, 6, 1, 2, 5, tzinfo=UTC),
        like_count=1234, comment_count=5, caption="x" * 200, exclusion_lifted=False, engagement=summary,
    )  # fmt: skip
    text = render_manual_input(ManualInputResult("instagram", registered=[reg]))
    assert "Waktu input manual : 3/6/2026 01.20.00 WIB" in text
    assert "Waktu posting asli : 1/6/2026 09.05 WIB" in text
    assert "Likes : 1.234" in text and "Client : DITSAMAPTA" in text
    assert f"Caption : {'x' * 137}..." in text
    assert "⚠️ Likes Instagram belum berhasil diambil (kuota). Coba lagi lewat menu 50." in text  # DIR-46.6
