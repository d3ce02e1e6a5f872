"""Instagram/TikTok usernames: one normal form, lower-case without ``@`` (ING-GEN-1, DESIGN §4).

Two entry points:

- :func:`normalize_handle` — the normal form used for storing and matching. Without a platform
  it is the lenient rule of ING-GEN-1 (provider objects, any string); with a platform it also
  requires that platform's username format (API-11) and returns None otherwise.
- :func:`parse_handle` — validation of a handle a person typed (CONV-79, CONV-80, API-11): the
  same normal form, or a :class:`HandleError` whose ``reason`` says why and whose ``message`` is
  the Indonesian reply.

A content link (post, reel, tv, story, explore, video, photo, short link) is never a handle
(CONV-79 *fixed*: legacy read ``/p/…`` as the username ``p``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal
from urllib.parse import urlsplit

Platform = Literal["instagram", "tiktok"]

# ING-GEN-1 step 1: where provider objects keep the username.
_NAME_KEYS = ("username", "unique_id", "uniqueId", "user_name", "userName")
_NESTED_KEYS = ("user", "author", "owner")
# ING-GEN-1 step 3 / CONV-79: first path segments of Instagram URLs that are not profiles.
_IG_NOT_PROFILE = {"p", "reel", "reels", "tv", "stories", "explore", "accounts", "share", "direct"}
_IG_CONTENT = {"p", "reel", "reels", "tv"}
_TT_CONTENT = {"video", "photo", "v", "t", "embed"}
_TT_SHORT_HOSTS = {"vt.tiktok.com", "vm.tiktok.com"}
_INVISIBLE = "\u00a0\u200b\u200c\u200d\u2060\ufeff"

_FORMAT = {
    "instagram": re.compile(r"^[a-z0-9._]{1,30}$"),
    "tiktok": re.compile(r"^[a-z0-9._]{2,24}$"),
}
RESERVED_HANDLES = frozenset({"cicero_devs", "admin", "superadmin"})

MESSAGES = {
    "instagram": (
        "Format username Instagram tidak valid. Gunakan tautan profil atau username seperti "
        "instagram.com/username atau @username."
    ),
    "tiktok": (
        "Format username TikTok tidak valid. Gunakan tautan profil atau username seperti "
        "tiktok.com/@username atau @username."
    ),
}
CONTENT_LINK_MESSAGES = {
    "instagram": "Itu tautan konten (post/reel/story), bukan profil. Kirim tautan profil atau @username.",
    "tiktok": "Itu tautan video atau tautan pendek TikTok, bukan profil. Kirim tautan profil atau @username.",
}
RESERVED_MESSAGES = {"instagram": "username instagram tidak valid", "tiktok": "username tiktok tidak valid"}


class HandleError(ValueError):
    """A typed handle that cannot be used; ``reason`` ∈ empty, content_link, bad_format, reserved."""

    def __init__(self, reason: str, platform: Platform, value: str) -> None:
        self.reason = reason
        self.platform = platform
        self.value = value
        if reason == "content_link":
            self.message = CONTENT_LINK_MESSAGES[platform]
        elif reason == "reserved":
            self.message = RESERVED_MESSAGES[platform]
        else:
            self.message = MESSAGES[platform]
        super().__init__(self.message)


class _ContentLink(Exception):
    pass


def _from_mapping(value: Mapping[str, object]) -> object:
    for key in _NAME_KEYS:
        found = value.get(key)
        if isinstance(found, str) and found.strip():
            return found
    for outer in _NESTED_KEYS:
        inner = value.get(outer)
        if isinstance(inner, Mapping):
            for key in _NAME_KEYS:
                found = inner.get(key)
                if isinstance(found, str) and found.strip():
                    return found
    return None


def _clean(text: str) -> str:
    return text.strip().strip(_INVISIBLE).strip()


def _host_and_segments(text: str) -> tuple[str, list[str]]:
    url = urlsplit(text if "://" in text else "https://" + text)
    host = (url.hostname or "").lower()
    return host, [s for s in url.path.split("/") if s]


def _instagram_from_url(text: str) -> str | None:
    _host, segments = _host_and_segments(text)
    if not segments:
        return None
    first = segments[0].lower()
    if first in _IG_NOT_PROFILE:
        raise _ContentLink
    if len(segments) > 1 and segments[1].lower() in _IG_CONTENT:
        raise _ContentLink  # instagram.com/<akun>/p/<kode>
    return segments[0]


def _tiktok_from_url(text: str) -> str | None:
    host, segments = _host_and_segments(text)
    if host in _TT_SHORT_HOSTS or any(s.lower() in _TT_CONTENT for s in segments):
        raise _ContentLink
    for segment in segments:
        if segment.startswith("@"):
            return segment
    return None


def _normal_form(value: object, platform: Platform | None) -> str | None:
    """ING-GEN-1 steps 1–6; raises :class:`_ContentLink` for content URLs."""
    if isinstance(value, Mapping):
        value = _from_mapping(value)
    if not isinstance(value, str):
        return None
    text = _clean(value)
    lowered = text.lower()
    is_ig = "instagram.com/" in lowered or "instagr.am/" in lowered
    is_tt = "tiktok.com/" in lowered
    if is_ig or is_tt:
        if platform is not None and (platform == "instagram") != is_ig:
            return None  # a profile URL of the other platform
        found = _instagram_from_url(text) if is_ig else _tiktok_from_url(text)
        if found is None:
            return None
        text = found
    handle = text.lstrip("@").strip().lower()
    return handle or None


def _valid_format(handle: str, platform: Platform) -> bool:
    if not _FORMAT[platform].match(handle) or handle.endswith("."):
        return False
    if platform == "instagram" and (handle.startswith(".") or ".." in handle):
        return False
    return True


def normalize_handle(value: object, platform: Platform | None = None) -> str | None:
    """The stored/compared form of a username, or None when there is none.

    Profile URL, ``@handle`` and bare handle → lower-case without ``@``. A content link gives
    None. With ``platform`` the result must also satisfy that platform's format (API-11);
    reserved names are still returned (a provider may report a liker called ``admin``).
    """
    try:
        handle = _normal_form(value, platform)
    except _ContentLink:
        return None
    if handle is None or (platform is not None and not _valid_format(handle, platform)):
        return None
    return handle


def parse_handle(raw: object, platform: Platform) -> str:
    """Validate a handle a person typed (CONV-79/CONV-80, API-11); raises :class:`HandleError`.

    The uniqueness refusals (official unit account, another person's handle) need the database
    and belong to the caller.
    """
    text = raw if isinstance(raw, str) else ""
    if not _clean(text).lstrip("@"):
        raise HandleError("empty", platform, text)
    try:
        handle = _normal_form(text, platform)
    except _ContentLink:
        raise HandleError("content_link", platform, text) from None
    if handle is None or not _valid_format(handle, platform):
        raise HandleError("bad_format", platform, text)
    if handle in RESERVED_HANDLES:
        raise HandleError("reserved", platform, text)
    return handle
