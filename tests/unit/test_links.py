"""Link parsing (ING-API-14, DIR-46.0, DIR-46.3, DIR-47.2, CONV-241, CONV-242, ING-GEN-3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.social.links import (
    extract_urls,
    ig_link,
    ig_link_slash,
    instagram_shortcode,
    instagram_shortcodes,
    is_bare_shortcode,
    is_instagram_share_link,
    is_tiktok_short_link,
    platform_of_url,
    tiktok_video_id,
    tiktok_video_ids,
    tokens,
    tt_link,
)


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.instagram.com/p/Zk3Lm9pQr2T/",
        "https://instagram.com/reel/Zk3Lm9pQr2T/?utm_source=ig_web_copy_link",  # DIR-95.5
        "http://m.instagram.com/reels/Zk3Lm9pQr2T?igsh=MXh5",
        "instagram.com/tv/Zk3Lm9pQr2T",  # *fixed*: /tv/ accepted
        "www.instagram.com/polres.contoh/p/Zk3Lm9pQr2T/",
        "https://www.instagram.com/polres.contoh/reel/Zk3Lm9pQr2T/#comments",
        "HTTPS://WWW.INSTAGRAM.COM/P/Zk3Lm9pQr2T",
        "https://instagr.am/p/Zk3Lm9pQr2T",
        "<https://www.instagram.com/p/Zk3Lm9pQr2T/>.",
        "*https://www.instagram.com/p/Zk3Lm9pQr2T/*",
        "Zk3Lm9pQr2T",
    ],
)
def test_instagram_shortcode_from_links_and_bare_codes(raw: str) -> None:
    assert instagram_shortcode(raw) == "Zk3Lm9pQr2T"  # case kept: shortcodes are case-sensitive


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.instagram.com/polres.contoh/",  # profile
        "https://www.instagram.com/stories/polres/3141592653/",
        "https://www.instagram.com/explore/tags/polri/",
        "https://www.instagram.com/share/AbCdEf123",  # must be resolved first
        "https://www.instagram.com/p/abc/",  # shortcode too short
        "https://www.tiktok.com/@polres/video/7301234567890123456",
        "https://example.com/p/Zk3Lm9pQr2T",
        "halo",  # ordinary lower-case word
        "kegiatan",
        "7301234567890",  # digits only
        "",
    ],
)
def test_not_an_instagram_shortcode(raw: str) -> None:
    assert instagram_shortcode(raw) is None


def test_bare_shortcode_rule() -> None:
    """DIR-46.3: words are never shortcodes; codes need an upper-case letter, digit, _ or -."""
    assert is_bare_shortcode("Abcde") and is_bare_shortcode("abc_de") and is_bare_shortcode("abc12")
    assert (
        not is_bare_shortcode("abcde") and not is_bare_shortcode("12345678") and not is_bare_shortcode("Ab1")
    )
    assert not is_bare_shortcode("A" * 65)


def test_instagram_shortcodes_of_a_message() -> None:
    """DIR-46.0: with a URL only URLs count ("tolong input <link>"); duplicates once, in order."""
    text = (
        "tolong input https://www.instagram.com/p/Abc123xyz/?igsh=zz, "
        "instagram.com/reel/Def456uvw dan https://www.instagram.com/p/Abc123xyz/ Ghi789rst"
    )
    assert instagram_shortcodes(text) == ["Abc123xyz", "Def456uvw"]
    assert instagram_shortcodes("Abc123xyz\nkegiatan Def456uvw Abc123xyz") == ["Abc123xyz", "Def456uvw"]
    assert instagram_shortcodes("halo semua") == []


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.tiktok.com/@polres.contoh/video/7301234567890123456",
        "https://www.tiktok.com/@polres/video/7301234567890123456?is_from_webapp=1&sender_device=pc",
        "tiktok.com/@polres/photo/7301234567890123456",
        "https://m.tiktok.com/v/7301234567890123456.html",
        "https://www.tiktok.com/embed/v2/7301234567890123456",
        "https://www.tiktok.com/embed/7301234567890123456",
        "https://www.tiktok.com/share?item_id=7301234567890123456",
        "https://www.tiktok.com/foo?lang=id&aweme_id=7301234567890123456",
        "7301234567890123456",
    ],
)
def test_tiktok_video_id_from_links_and_bare_ids(raw: str) -> None:
    assert tiktok_video_id(raw) == "7301234567890123456"


@pytest.mark.parametrize(
    "raw",
    [
        "https://vt.tiktok.com/ZSabc123/",  # short links carry no id: resolved by the caller
        "https://vm.tiktok.com/ZMabc123/",
        "https://www.tiktok.com/t/ZTabc123/",
        "https://www.tiktok.com/@polres",
        "https://www.instagram.com/p/Abc123xyz/",
        "1234567",  # too short
        "1234567890123456789012",  # too long
        "Abc123xyz",
    ],
)
def test_not_a_tiktok_video_id(raw: str) -> None:
    assert tiktok_video_id(raw) is None


def test_tiktok_short_links_are_detected_as_tiktok() -> None:
    for url in (
        "https://vt.tiktok.com/ZSabc123/",
        "vm.tiktok.com/ZMabc123",
        "https://www.tiktok.com/t/ZTabc/",
    ):
        assert is_tiktok_short_link(url) and platform_of_url(url) == "tiktok"
    assert not is_tiktok_short_link("https://www.tiktok.com/@polres/video/7301234567890123456")
    assert is_instagram_share_link("https://www.instagram.com/share/reel/BAabc")


def test_tiktok_video_ids_of_a_message() -> None:
    text = (
        "cek https://www.tiktok.com/@a/video/7301234567890123456 dan vt.tiktok.com/ZSx/ 7301234567890123457"
    )
    assert tiktok_video_ids(text) == ["7301234567890123456"]  # URL present: bare ids ignored
    assert tiktok_video_ids("7301234567890123456 7301234567890123457 7301234567890123456") == [
        "7301234567890123456",
        "7301234567890123457",
    ]


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://www.instagram.com/p/Abc123xyz/", "instagram"),
        ("instagr.am/p/Abc123xyz", "instagram"),
        ("https://www.facebook.com/polres/posts/123", "facebook"),
        ("https://m.facebook.com/story.php?story_fbid=1&id=2", "facebook"),
        ("https://web.facebook.com/share/p/abc/", "facebook"),
        ("https://fb.watch/abcDEF/", "facebook"),
        ("fb.com/polres/videos/123", "facebook"),
        ("https://x.com/polres/status/123", "twitter"),
        ("https://twitter.com/polres/status/123/photo/1", "twitter"),
        ("https://mobile.twitter.com/i/web/status/123", "twitter"),
        ("https://www.tiktok.com/@polres/video/7301234567890123456", "tiktok"),
        ("https://vt.tiktok.com/ZSabc/", "tiktok"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube"),
        ("youtube.com/shorts/dQw4w9WgXcQ", "youtube"),
        ("https://m.youtube.com/live/abc", "youtube"),
        ("https://www.threads.net/@polres/post/abc", None),
        ("https://chat.whatsapp.com/abc", None),
        ("https://notinstagram.com/p/Abc123xyz", None),
        ("https://instagram.com.evil.example/p/Abc123xyz", None),
        ("", None),
    ],
)
def test_platform_of_url(url: str, platform: str | None) -> None:
    assert platform_of_url(url) == platform


def test_extract_urls_strips_message_punctuation_and_keeps_known_scheme_less_hosts() -> None:
    """CONV-241."""
    text = (
        "Lapor: *https://x.com/a/status/1*, (instagram.com/p/Abc12345/). "
        "<fb.watch/xyz> youtu.be/abc! email nama@gmail.com dan example.com/x serta http://example.org/y?"
    )
    assert extract_urls(text) == [
        "https://x.com/a/status/1",
        "instagram.com/p/Abc12345/",
        "fb.watch/xyz",
        "youtu.be/abc",
        "http://example.org/y",
    ]
    assert tokens(' "kata", (lain) ') == ["kata", "lain"]


def test_canonical_links_of_ing_gen_3() -> None:
    assert ig_link("Abc123xyz") == "https://www.instagram.com/p/Abc123xyz"
    assert ig_link_slash("Abc123xyz") == "https://www.instagram.com/p/Abc123xyz/"
    assert (
        tt_link("7301234567890123456", "polres") == "https://www.tiktok.com/@polres/video/7301234567890123456"
    )
    assert tt_link("7301234567890123456") == "https://www.tiktok.com/video/7301234567890123456"


shortcodes = st.from_regex(r"[A-Za-z0-9_-]{5,64}", fullmatch=True).filter(is_bare_shortcode)
video_ids = st.from_regex(r"[1-9][0-9]{7,20}", fullmatch=True)
ig_templates = st.sampled_from(
    [
        "https://www.instagram.com/p/{}/",
        "instagram.com/reel/{}?utm_source=ig_web_copy_link",
        "https://m.instagram.com/reels/{}",
        "https://instagram.com/tv/{}/#x",
        "www.instagram.com/akun.x/p/{}/?igsh=abc",
        "{}",
    ]
)
tt_templates = st.sampled_from(
    [
        "https://www.tiktok.com/@akun/video/{}",
        "https://www.tiktok.com/@akun/video/{}?is_from_webapp=1&sender_device=pc",
        "m.tiktok.com/v/{}.html",
        "https://www.tiktok.com/embed/v2/{}",
        "https://www.tiktok.com/x?video_id={}",
        "{}",
    ]
)


@given(shortcodes, ig_templates)
def test_shortcode_round_trip(code: str, template: str) -> None:
    link = template.format(code)
    assert instagram_shortcode(link) == code
    assert instagram_shortcode(ig_link_slash(code)) == code
    assert instagram_shortcodes(f"tolong {link} ya") == [code]


@given(video_ids, tt_templates)
def test_video_id_round_trip(video_id: str, template: str) -> None:
    assert tiktok_video_id(template.format(video_id)) == video_id
    assert tiktok_video_id(tt_link(video_id, "akun")) == video_id


@given(st.text(max_size=120))
def test_parsers_never_crash_on_any_text(text: str) -> None:
    for parse in (extract_urls, instagram_shortcodes, tiktok_video_ids, tokens):
        assert isinstance(parse(text), list)
    instagram_shortcode(text)
    tiktok_video_id(text)
    platform_of_url(text)
