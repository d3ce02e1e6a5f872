"""Usernames: one normal form, lower-case without @ (ING-GEN-1, CONV-79, CONV-80, API-11)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.social.handles import RESERVED_HANDLES, HandleError, normalize_handle, parse_handle


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.instagram.com/Polres.Contoh/",
        "http://instagram.com/polres.contoh?igsh=abc123",
        "instagram.com/polres.contoh",
        "www.instagram.com/POLRES.CONTOH/?hl=id",
        "@Polres.Contoh",
        "@@polres.contoh",
        "  polres.contoh\u200b ",
        "POLRES.CONTOH",
    ],
)
def test_instagram_forms_give_one_normal_form(raw: str) -> None:
    assert normalize_handle(raw, "instagram") == "polres.contoh"
    assert parse_handle(raw, "instagram") == "polres.contoh"
    assert normalize_handle(raw) == "polres.contoh"


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.tiktok.com/@Polres_Contoh",
        "https://m.tiktok.com/@polres_contoh?lang=id",
        "tiktok.com/@polres_contoh/",
        "@polres_contoh",
        "Polres_Contoh",
    ],
)
def test_tiktok_forms_give_one_normal_form_without_at(raw: str) -> None:
    """CONV-80 *fixed*: stored without `@`."""
    assert normalize_handle(raw, "tiktok") == "polres_contoh"
    assert parse_handle(raw, "tiktok") == "polres_contoh"


@pytest.mark.parametrize(
    ("raw", "platform"),
    [
        ("https://www.instagram.com/p/Abc123xyz/", "instagram"),  # *fixed*: never the username `p`
        ("instagram.com/reel/Abc123xyz", "instagram"),
        ("https://instagram.com/reels/Abc123xyz/", "instagram"),
        ("instagram.com/tv/Abc123xyz", "instagram"),
        ("https://www.instagram.com/stories/polres/3141592653/", "instagram"),
        ("https://www.instagram.com/explore/tags/polri/", "instagram"),
        ("https://www.instagram.com/polres.contoh/p/Abc123xyz/", "instagram"),
        ("https://www.tiktok.com/@polres/video/7301234567890123456", "tiktok"),
        ("https://www.tiktok.com/@polres/photo/7301234567890123456", "tiktok"),
        ("https://vt.tiktok.com/ZSabc123/", "tiktok"),
        ("https://vm.tiktok.com/ZMabc123/", "tiktok"),
        ("https://www.tiktok.com/t/ZTabc123/", "tiktok"),
    ],
)
def test_content_links_are_never_handles(raw: str, platform: str) -> None:
    assert normalize_handle(raw, platform) is None  # type: ignore[arg-type]
    assert normalize_handle(raw) is None
    with pytest.raises(HandleError) as err:
        parse_handle(raw, platform)  # type: ignore[arg-type]
    assert err.value.reason == "content_link"


@pytest.mark.parametrize(
    ("raw", "platform"),
    [
        (".polres", "instagram"),
        ("polres.", "instagram"),
        ("pol..res", "instagram"),
        ("polres-contoh", "instagram"),
        ("a" * 31, "instagram"),
        ("polres contoh", "instagram"),
        ("p", "tiktok"),
        ("polres.", "tiktok"),
        ("a" * 25, "tiktok"),
        ("https://www.tiktok.com/@polres", "instagram"),  # a profile of the other platform
        ("https://www.instagram.com/polres", "tiktok"),
    ],
)
def test_bad_formats_are_refused(raw: str, platform: str) -> None:
    assert normalize_handle(raw, platform) is None  # type: ignore[arg-type]
    with pytest.raises(HandleError) as err:
        parse_handle(raw, platform)  # type: ignore[arg-type]
    assert err.value.reason == "bad_format"
    assert "tidak valid" in err.value.message


def test_tiktok_allows_a_leading_dot_and_instagram_a_single_character() -> None:
    assert normalize_handle(".polres", "tiktok") == ".polres"
    assert normalize_handle("x", "instagram") == "x"


@pytest.mark.parametrize("name", sorted(RESERVED_HANDLES))
def test_reserved_names_are_refused_when_typed_but_still_match_provider_data(name: str) -> None:
    for platform in ("instagram", "tiktok"):
        with pytest.raises(HandleError) as err:
            parse_handle("@" + name.upper(), platform)  # type: ignore[arg-type]
        assert err.value.reason == "reserved"
        assert err.value.message == f"username {platform} tidak valid"
        assert normalize_handle(name, platform) == name  # type: ignore[arg-type]


def test_empty_input_is_refused() -> None:
    for raw in ("", "   ", "@", None):
        with pytest.raises(HandleError) as err:
            parse_handle(raw, "instagram")
        assert err.value.reason == "empty"
        assert normalize_handle(raw) is None


def test_provider_objects_are_reduced_to_their_username() -> None:
    """ING-GEN-1 step 1."""
    assert normalize_handle({"username": "@Budi.S"}) == "budi.s"
    assert normalize_handle({"user": {"unique_id": "Budi_S"}}, "tiktok") == "budi_s"
    assert normalize_handle({"author": {"uniqueId": "budi"}}) == "budi"
    assert normalize_handle({"id": 5}) is None and normalize_handle(12345) is None


handles_ig = st.from_regex(r"[a-z0-9_](?:[a-z0-9_]|\.(?!\.)){0,28}[a-z0-9_]", fullmatch=True).filter(
    lambda h: ".." not in h
)
handles_tt = st.from_regex(r"[a-z0-9._]{1,23}[a-z0-9_]", fullmatch=True)


@given(handles_ig, st.sampled_from(["{}", "@{}", "https://www.instagram.com/{}/", "instagram.com/{}?igsh=x"]))
def test_instagram_round_trip(handle: str, template: str) -> None:
    raw = template.format(handle.upper() if handle.isascii() else handle)
    assert normalize_handle(raw, "instagram") == handle
    assert normalize_handle(handle, "instagram") == handle  # idempotent on the normal form


@given(handles_tt, st.sampled_from(["{}", "@{}", "https://www.tiktok.com/@{}", "m.tiktok.com/@{}/?lang=id"]))
def test_tiktok_round_trip(handle: str, template: str) -> None:
    assert normalize_handle(template.format(handle), "tiktok") == handle
    assert normalize_handle(handle, "tiktok") == handle


@given(st.text(max_size=60))
def test_any_text_normalises_to_none_or_a_fixed_point(raw: str) -> None:
    for platform in (None, "instagram", "tiktok"):
        handle = normalize_handle(raw, platform)  # type: ignore[arg-type]
        if handle is not None:
            assert handle == handle.lower() and not handle.startswith("@")
            assert normalize_handle(handle, platform) == handle  # type: ignore[arg-type]
