"""Amplification-link extraction and classification (CONV-241, CONV-242).

Pure functions: a message text becomes URL tokens, each token a `ClassifiedLink` with its
platform, kind and canonical form. Short links are only *recognised* here; resolving them
(network) is `core.amplify.shortlinks`. A post link is never a profile and a profile link is
never a post (CONV-242, fixed from CONV-79).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, urlencode, urlsplit

PLATFORMS: tuple[str, ...] = ("facebook", "instagram", "twitter", "tiktok", "youtube")
PLATFORM_COLUMN: dict[str, str] = {p: f"{p}_link" for p in PLATFORMS}
PLATFORM_LABEL: dict[str, str] = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "twitter": "Twitter",
    "tiktok": "TikTok",
    "youtube": "Youtube",
}


class LinkKind(StrEnum):
    POST = "post"
    STORY = "story"
    SHORT = "short"
    PROFILE = "profile"
    UNSUPPORTED_KIND = "unsupported_link_kind"
    UNSUPPORTED_PLATFORM = "unsupported_platform"


@dataclass(frozen=True)
class ClassifiedLink:
    raw: str
    platform: str | None
    kind: LinkKind
    canonical: str | None = None
    shortcode: str | None = None  # Instagram post shortcode
    video_id: str | None = None  # TikTok video id
    account: str | None = None  # account named in the URL (lower-case), when any

    @property
    def is_content(self) -> bool:
        return self.kind in (LinkKind.POST, LinkKind.STORY)


_STRIP_PREFIXES = ("www.", "m.", "mobile.", "web.")
_INSTAGRAM_HOSTS = {"instagram.com", "instagr.am"}
_FACEBOOK_HOSTS = {"facebook.com", "fb.com", "fb.watch"}
_TWITTER_HOSTS = {"x.com", "twitter.com"}
_TIKTOK_HOSTS = {"tiktok.com", "vt.tiktok.com", "vm.tiktok.com"}
_YOUTUBE_HOSTS = {"youtube.com", "youtu.be"}
GENERIC_SHORTENERS = {"bit.ly", "s.id", "t.co", "tinyurl.com"}
KNOWN_HOSTS = (
    _INSTAGRAM_HOSTS | _FACEBOOK_HOSTS | _TWITTER_HOSTS | _TIKTOK_HOSTS | _YOUTUBE_HOSTS | GENERIC_SHORTENERS
)

_TRACKING_KEYS = {"igsh", "igshid", "si", "fbclid", "mibextid", "_r", "_t", "is_from_webapp", "sender_device"}
_SHORTCODE = re.compile(r"^[A-Za-z0-9_-]+$")
_DIGITS = re.compile(r"^\d{5,25}$")
_HANDLE = re.compile(r"^[A-Za-z0-9._]{1,30}$")
_INSTAGRAM_RESERVED = {
    "explore", "accounts", "direct", "about", "legal", "developer", "web", "tags", "locations",
    "reels", "stories", "p", "reel", "tv", "challenge", "emails", "press", "api",
}  # fmt: skip
_INSTAGRAM_PROFILE_TABS = {"tagged", "reels", "saved", "guides", "followers", "following", "feed"}
_TWITTER_RESERVED = {"home", "explore", "search", "i", "settings", "hashtag", "login", "notifications",
                     "messages", "intent", "share", "compose", "signup"}  # fmt: skip
_FACEBOOK_RESERVED = {"watch", "groups", "share", "reel", "photo", "photo.php", "permalink.php",
                      "story.php", "login", "login.php", "events", "marketplace", "gaming", "hashtag",
                      "search", "pages", "help", "policies", "privacy"}  # fmt: skip
_FORMATTING = "*_~"
_TRAILING = ".,;:!?)]}'\""


def host_of(url: str) -> str:
    """Lower-cased host without the `www.`/`m.`/`mobile.`/`web.` prefixes (CONV-242)."""
    host = (urlsplit(url if "://" in url else "https://" + url).hostname or "").lower()
    changed = True
    while changed:
        changed = False
        for prefix in _STRIP_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix) :]
                changed = True
    return host


def _clean_token(token: str) -> str:
    token = token.strip().strip("<>")
    token = token.strip(_FORMATTING)
    while token and token[-1] in _TRAILING + _FORMATTING + ">":
        token = token[:-1]
    return token.strip("<>").strip(_FORMATTING)


def extract_link_tokens(text: str) -> list[str]:
    """URL tokens of a message in order, de-duplicated (CONV-241).

    A token is a URL when it has an http(s) scheme, or when its host (scheme-less) is one of the
    hosts of CONV-242 or a generic shortener.
    """
    found: list[str] = []
    for piece in re.split(r"[\s,]+", text or ""):
        token = _clean_token(piece)
        if not token:
            continue
        lowered = token.lower()
        if lowered.startswith(("http://", "https://")):
            if urlsplit(token).hostname:
                found.append(token)
            continue
        if "/" in token or "." in token:
            host = host_of(token)
            if host in KNOWN_HOSTS and "/" in token:
                found.append(token)
    seen: set[str] = set()
    unique: list[str] = []
    for token in found:
        if token not in seen:
            seen.add(token)
            unique.append(token)
    return unique


def _with_scheme(raw: str) -> str:
    return raw if "://" in raw else "https://" + raw


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def strip_tracking(url: str) -> str:
    """`https`, lower-case host, tracking parameters and fragment removed (used for short links kept as sent)."""
    parts = urlsplit(_with_scheme(url))
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in _TRACKING_KEYS and not k.startswith(("utm_", "share_"))
    ]
    host = (parts.hostname or "").lower()
    path = parts.path or ""
    return f"https://{host}{path}" + (f"?{urlencode(query)}" if query else "")


def classify_url(raw: str) -> ClassifiedLink:
    """Platform, kind and canonical form of one URL token (CONV-242)."""
    url = _with_scheme(raw)
    parts = urlsplit(url)
    host = host_of(url)
    segs = _segments(parts.path)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if host in _INSTAGRAM_HOSTS:
        return _instagram(raw, segs)
    if host in _FACEBOOK_HOSTS:
        return _facebook(raw, host, segs, parts.query, query)
    if host in _TWITTER_HOSTS:
        return _twitter(raw, segs)
    if host in _TIKTOK_HOSTS:
        return _tiktok(raw, host, segs)
    if host in _YOUTUBE_HOSTS:
        return _youtube(raw, host, segs, query)
    if host in GENERIC_SHORTENERS and segs:
        return ClassifiedLink(raw, None, LinkKind.SHORT, strip_tracking(raw))
    return ClassifiedLink(raw, None, LinkKind.UNSUPPORTED_PLATFORM)


def _instagram(raw: str, segs: list[str]) -> ClassifiedLink:
    p = "instagram"
    if len(segs) >= 2 and segs[0].lower() in ("p", "reel", "reels", "tv") and _SHORTCODE.match(segs[1]):
        code = segs[1]
        return ClassifiedLink(raw, p, LinkKind.POST, f"https://www.instagram.com/p/{code}/", shortcode=code)
    if len(segs) >= 3 and segs[1].lower() in ("p", "reel") and _SHORTCODE.match(segs[2]):
        code = segs[2]
        return ClassifiedLink(
            raw,
            p,
            LinkKind.POST,
            f"https://www.instagram.com/p/{code}/",
            shortcode=code,
            account=segs[0].lower().lstrip("@"),
        )
    if len(segs) >= 3 and segs[0].lower() == "stories" and segs[2].isdigit():
        user = segs[1].lower()
        canonical = f"https://www.instagram.com/stories/{user}/{segs[2]}/"
        return ClassifiedLink(raw, p, LinkKind.STORY, canonical, account=user)
    if segs and segs[0].lower() == "share":
        return ClassifiedLink(raw, p, LinkKind.SHORT, strip_tracking(raw))
    if segs and segs[0].lower() not in _INSTAGRAM_RESERVED and _HANDLE.match(segs[0].lstrip("@")):
        if len(segs) == 1 or (len(segs) == 2 and segs[1].lower() in _INSTAGRAM_PROFILE_TABS):
            return ClassifiedLink(raw, p, LinkKind.PROFILE, account=segs[0].lower().lstrip("@"))
    return ClassifiedLink(raw, p, LinkKind.UNSUPPORTED_KIND)


def _facebook(raw: str, host: str, segs: list[str], rawquery: str, query: dict[str, str]) -> ClassifiedLink:
    p = "facebook"
    if host == "fb.watch":
        if segs:
            return ClassifiedLink(raw, p, LinkKind.POST, f"https://fb.watch/{segs[0]}/")
        return ClassifiedLink(raw, p, LinkKind.UNSUPPORTED_KIND)
    low = [s.lower() for s in segs]
    is_post = False
    if len(low) >= 3 and low[1] == "posts":
        is_post = True
    elif low[:1] == ["share"] and (len(low) >= 3 and low[1] in ("p", "r", "v") or len(low) == 2):
        is_post = True
    elif low[:1] == ["reel"] and len(low) >= 2:
        is_post = True
    elif low[:1] == ["watch"] and query.get("v"):
        is_post = True
    elif len(low) >= 3 and low[1] == "videos":
        is_post = True
    elif low[:1] in (["photo"], ["photo.php"]) and query.get("fbid"):
        is_post = True
    elif low[:1] in (["permalink.php"], ["story.php"]) and query.get("story_fbid") and query.get("id"):
        is_post = True
    elif low[:1] == ["groups"] and len(low) >= 4 and low[2] in ("posts", "permalink"):
        is_post = True
    if is_post:
        keep = [
            (k, v)
            for k, v in parse_qsl(rawquery, keep_blank_values=True)
            if k in ("v", "fbid", "story_fbid", "id")
        ]
        path = "/" + "/".join(segs)
        canonical = "https://www.facebook.com" + path + (f"?{urlencode(keep)}" if keep else "")
        return ClassifiedLink(raw, p, LinkKind.POST, canonical)
    if low[:1] == ["profile.php"] and query.get("id"):
        return ClassifiedLink(raw, p, LinkKind.PROFILE)
    if len(low) == 1 and low[0] not in _FACEBOOK_RESERVED:
        return ClassifiedLink(raw, p, LinkKind.PROFILE, account=low[0])
    return ClassifiedLink(raw, p, LinkKind.UNSUPPORTED_KIND)


def _twitter(raw: str, segs: list[str]) -> ClassifiedLink:
    p = "twitter"
    low = [s.lower() for s in segs]
    if len(low) >= 3 and low[1] == "status" and low[2].isdigit() and low[0] != "i":
        return ClassifiedLink(
            raw, p, LinkKind.POST, f"https://x.com/{low[0]}/status/{low[2]}", account=low[0]
        )
    if low[:3] == ["i", "web", "status"] and len(low) >= 4 and low[3].isdigit():
        return ClassifiedLink(raw, p, LinkKind.POST, f"https://x.com/i/status/{low[3]}")
    if low[:2] == ["i", "status"] and len(low) >= 3 and low[2].isdigit():
        return ClassifiedLink(raw, p, LinkKind.POST, f"https://x.com/i/status/{low[2]}")
    if len(low) == 1 and low[0] not in _TWITTER_RESERVED and _HANDLE.match(low[0].lstrip("@")):
        return ClassifiedLink(raw, p, LinkKind.PROFILE, account=low[0].lstrip("@"))
    return ClassifiedLink(raw, p, LinkKind.UNSUPPORTED_KIND)


def _tiktok(raw: str, host: str, segs: list[str]) -> ClassifiedLink:
    p = "tiktok"
    if host in ("vt.tiktok.com", "vm.tiktok.com") or (segs[:1] == ["t"] and len(segs) >= 2):
        if segs:
            return ClassifiedLink(raw, p, LinkKind.SHORT, strip_tracking(raw))
        return ClassifiedLink(raw, p, LinkKind.UNSUPPORTED_KIND)
    if len(segs) >= 3 and segs[0].startswith("@") and segs[1].lower() in ("video", "photo"):
        vid = segs[2]
        if vid.isdigit():
            user = segs[0][1:].lower()
            kind = segs[1].lower()
            canonical = f"https://www.tiktok.com/@{user}/{kind}/{vid}"
            return ClassifiedLink(raw, p, LinkKind.POST, canonical, video_id=vid, account=user or None)
    if len(segs) >= 2 and segs[0].lower() == "v" and re.match(r"^\d+\.html$", segs[1]):
        vid = segs[1].split(".")[0]
        return ClassifiedLink(raw, p, LinkKind.POST, f"https://www.tiktok.com/@/video/{vid}", video_id=vid)
    if len(segs) == 1 and segs[0].startswith("@") and len(segs[0]) > 1:
        return ClassifiedLink(raw, p, LinkKind.PROFILE, account=segs[0][1:].lower())
    return ClassifiedLink(raw, p, LinkKind.UNSUPPORTED_KIND)


def _youtube(raw: str, host: str, segs: list[str], query: dict[str, str]) -> ClassifiedLink:
    p = "youtube"
    if host == "youtu.be":
        if segs:
            return ClassifiedLink(raw, p, LinkKind.POST, f"https://www.youtube.com/watch?v={segs[0]}")
        return ClassifiedLink(raw, p, LinkKind.UNSUPPORTED_KIND)
    low = [s.lower() for s in segs]
    if low[:1] == ["watch"] and query.get("v"):
        return ClassifiedLink(raw, p, LinkKind.POST, f"https://www.youtube.com/watch?v={query['v']}")
    if low[:1] == ["shorts"] and len(segs) >= 2:
        return ClassifiedLink(raw, p, LinkKind.POST, f"https://www.youtube.com/shorts/{segs[1]}")
    if low[:1] == ["live"] and len(segs) >= 2:
        return ClassifiedLink(raw, p, LinkKind.POST, f"https://www.youtube.com/watch?v={segs[1]}")
    if segs and (segs[0].startswith("@") or low[0] in ("channel", "c", "user")):
        return ClassifiedLink(raw, p, LinkKind.PROFILE)
    return ClassifiedLink(raw, p, LinkKind.UNSUPPORTED_KIND)


def looks_like_link_report(text: str, *, bound_personnel: bool) -> bool:
    """CONV-245 recognition, without network: post/story/short links of the five platforms make a
    report; for bound personnel, unsupported links alone do too; profile-only messages never do."""
    tokens = extract_link_tokens(text)
    if not tokens:
        return False
    kinds = [classify_url(t) for t in tokens]
    if any(k.kind in (LinkKind.POST, LinkKind.STORY, LinkKind.SHORT) for k in kinds):
        return True
    if all(k.kind == LinkKind.PROFILE for k in kinds):
        return False
    return bound_personnel and any(
        k.kind in (LinkKind.UNSUPPORTED_KIND, LinkKind.UNSUPPORTED_PLATFORM) for k in kinds
    )
