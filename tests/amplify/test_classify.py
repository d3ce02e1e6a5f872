"""CONV-241/242: URL extraction, classification and canonical forms of amplification links."""

from __future__ import annotations

import pytest

from core.amplify.classify import LinkKind, classify_url, extract_link_tokens, looks_like_link_report


@pytest.mark.parametrize(
    ("url", "platform", "kind", "canonical"),
    [
        (
            "https://www.instagram.com/p/Abc123xyz/?igsh=zz",
            "instagram",
            LinkKind.POST,
            "https://www.instagram.com/p/Abc123xyz/",
        ),
        ("instagram.com/reel/Abc_-1/", "instagram", LinkKind.POST, "https://www.instagram.com/p/Abc_-1/"),
        (
            "https://instagram.com/someone/p/QwErTy1/",
            "instagram",
            LinkKind.POST,
            "https://www.instagram.com/p/QwErTy1/",
        ),
        (
            "https://www.instagram.com/stories/Brigadir.Satu/3312345678901/?igsh=a",
            "instagram",
            LinkKind.STORY,
            "https://www.instagram.com/stories/brigadir.satu/3312345678901/",
        ),
        ("https://www.instagram.com/brigadir.satu/", "instagram", LinkKind.PROFILE, None),
        ("https://www.instagram.com/explore/tags/polri/", "instagram", LinkKind.UNSUPPORTED_KIND, None),
        (
            "https://m.facebook.com/polres.x/posts/pfbid0abc?mibextid=1&fbclid=2",
            "facebook",
            LinkKind.POST,
            "https://www.facebook.com/polres.x/posts/pfbid0abc",
        ),
        (
            "https://www.facebook.com/share/p/1AbCdE/",
            "facebook",
            LinkKind.POST,
            "https://www.facebook.com/share/p/1AbCdE",
        ),
        (
            "https://www.facebook.com/watch?v=12345&ref=x",
            "facebook",
            LinkKind.POST,
            "https://www.facebook.com/watch?v=12345",
        ),
        (
            "https://www.facebook.com/permalink.php?story_fbid=1&id=2&x=3",
            "facebook",
            LinkKind.POST,
            "https://www.facebook.com/permalink.php?story_fbid=1&id=2",
        ),
        ("https://www.facebook.com/budi.santoso", "facebook", LinkKind.PROFILE, None),
        ("https://www.facebook.com/profile.php?id=100001", "facebook", LinkKind.PROFILE, None),
        (
            "https://twitter.com/Budi/status/1790000000000000000/photo/1",
            "twitter",
            LinkKind.POST,
            "https://x.com/budi/status/1790000000000000000",
        ),
        ("https://x.com/i/web/status/123456", "twitter", LinkKind.POST, "https://x.com/i/status/123456"),
        ("https://x.com/budi", "twitter", LinkKind.PROFILE, None),
        (
            "https://www.tiktok.com/@Budi.Satu/video/7312345678901234567?is_from_webapp=1",
            "tiktok",
            LinkKind.POST,
            "https://www.tiktok.com/@budi.satu/video/7312345678901234567",
        ),
        (
            "https://www.tiktok.com/@budi/photo/7312345678901234567",
            "tiktok",
            LinkKind.POST,
            "https://www.tiktok.com/@budi/photo/7312345678901234567",
        ),
        ("https://vt.tiktok.com/ZSabc123/", "tiktok", LinkKind.SHORT, None),
        ("https://www.tiktok.com/@budi", "tiktok", LinkKind.PROFILE, None),
        (
            "https://youtu.be/dQw4w9WgXcQ?si=abc",
            "youtube",
            LinkKind.POST,
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://www.youtube.com/shorts/AbCdEf12345",
            "youtube",
            LinkKind.POST,
            "https://www.youtube.com/shorts/AbCdEf12345",
        ),
        ("https://www.youtube.com/@polri", "youtube", LinkKind.PROFILE, None),
        ("https://www.threads.net/@budi/post/C1", None, LinkKind.UNSUPPORTED_PLATFORM, None),
        ("https://bit.ly/3abcd", None, LinkKind.SHORT, None),
    ],
)
def test_classification_conv_242(url, platform, kind, canonical):
    link = classify_url(url)
    assert link.platform == platform
    assert link.kind == kind
    if canonical is not None:
        assert link.canonical == canonical


def test_post_link_is_never_a_profile_conv_242():
    """Fixed from CONV-79: `/p/<code>` is a post, not the username `p`."""
    assert classify_url("https://www.instagram.com/p/Abc123/").kind == LinkKind.POST
    assert classify_url("https://www.instagram.com/p/").kind != LinkKind.PROFILE


def test_extraction_strips_formatting_and_accepts_schemeless_hosts_conv_241():
    text = "Siap *https://www.instagram.com/p/Abc123/*, juga <instagram.com/reel/Xyz789>. dan fb.watch/abc123! selesai."
    assert extract_link_tokens(text) == [
        "https://www.instagram.com/p/Abc123/",
        "instagram.com/reel/Xyz789",
        "fb.watch/abc123",
    ]
    assert extract_link_tokens("ini bukan link: example.com/x") == []


def test_recognition_conv_245():
    assert looks_like_link_report("https://x.com/budi/status/1", bound_personnel=False)
    assert not looks_like_link_report("https://www.instagram.com/budi/", bound_personnel=True)
    assert looks_like_link_report("https://www.threads.net/@budi/post/1", bound_personnel=True)
    assert not looks_like_link_report("https://www.threads.net/@budi/post/1", bound_personnel=False)
    assert not looks_like_link_report("halo pak", bound_personnel=True)
