"""Links in messages: URL extraction, Instagram shortcodes, TikTok video ids, platform of a URL.

Pure parsing, one implementation (ING-API-14, DIR-46.0, DIR-46.3, DIR-47.2, CONV-241, CONV-242).
Short links (``vt.``/``vm.tiktok.com``, ``tiktok.com/t/…``, ``instagram.com/share/…``) carry no id:
the parsers return None for them and the caller resolves them by following redirects.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

SHORTCODE = re.compile(r"^[A-Za-z0-9_-]{5,64}$")
VIDEO_ID = re.compile(r"^\d{8,21}$")

# DIR-46.0 item 1, CONV-241: characters around a URL that belong to the message, not to the link.
_LEADING = "(<[\"'"
_TRAILING = ".,;:!?)]}>\"'"
# WhatsApp bold/italic/strike markers; removed only in pairs, since `_` and `-` end real shortcodes.
_FORMATTING = "*_~"
_TOKEN_SPLIT = re.compile(r"[\s,]+")
_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.")
_IG_POST_SEGMENTS = {"p", "reel", "reels", "tv"}
_TT_VIDEO_SEGMENTS = {"video", "photo"}
_TT_QUERY_KEYS = ("video_id", "videoId", "item_id", "itemId", "share_video_id", "aweme_id")
_TT_SHORT_HOSTS = {"vt.tiktok.com", "vm.tiktok.com"}
SHORTENER_HOSTS = frozenset({"bit.ly", "s.id", "t.co", "tinyurl.com"})

# Registrable domains per platform (CONV-242); a host matches itself or any subdomain.
_PLATFORM_DOMAINS: dict[str, tuple[str, ...]] = {
    "instagram": ("instagram.com", "instagr.am"),
    "facebook": ("facebook.com", "fb.com", "fb.watch", "fb.me"),
    "twitter": ("x.com", "twitter.com"),
    "tiktok": ("tiktok.com",),
    "youtube": ("youtube.com", "youtu.be"),
}
_KNOWN_DOMAINS = tuple(d for ds in _PLATFORM_DOMAINS.values() for d in ds) + tuple(SHORTENER_HOSTS)


# --- tokens and URLs -------------------------------------------------------------------------


def _strip_token(token: str) -> str:
    while True:
        before = token
        token = token.lstrip(_LEADING).rstrip(_TRAILING)
        if len(token) > 1 and token[0] in _FORMATTING and token[-1] == token[0]:
            token = token[1:-1]
        elif token[:1] in _FORMATTING and is_url_token(token[1:]):
            token = token[1:]  # an unpaired opening marker (`*https://…`) is never part of a URL
        if token == before:
            return token


def tokens(text: str) -> list[str]:
    """Split a reply on whitespace and commas and strip surrounding punctuation (DIR-46.0 item 1)."""
    out = []
    for raw in _TOKEN_SPLIT.split(text or ""):
        token = _strip_token(raw)
        if token:
            out.append(token)
    return out


def host_of(url: str) -> str:
    """Lower-cased host without ``www.``/``m.``/``mobile.``/``web.``; ``""`` when there is none."""
    try:
        host = urlsplit(url if "://" in url else "https://" + url).hostname or ""
    except ValueError:
        return ""
    host = host.lower()
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def _on_domain(host: str, domains: tuple[str, ...] | frozenset[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def is_url_token(token: str) -> bool:
    """A token with an ``http(s)://`` scheme, or a scheme-less link on a known host (CONV-241)."""
    lowered = token.lower()
    if lowered.startswith(("http://", "https://")):
        return True
    if "://" in lowered or "@" in lowered.split("/", 1)[0] or "." not in lowered:
        return False
    return _on_domain(host_of(token), _KNOWN_DOMAINS)


def extract_urls(text: str) -> list[str]:
    """The URL tokens of a message, in order, as typed (without surrounding punctuation)."""
    return [t for t in tokens(text) if is_url_token(t)]


def platform_of_url(url: str) -> str | None:
    """``instagram``, ``facebook``, ``twitter``, ``tiktok`` or ``youtube``; None for other hosts."""
    host = host_of(url)
    for platform, domains in _PLATFORM_DOMAINS.items():
        if _on_domain(host, domains):
            return platform
    return None


def _segments(url: str) -> list[str]:
    try:
        path = urlsplit(url if "://" in url else "https://" + url).path
    except ValueError:
        return []
    return [s for s in path.split("/") if s]


# --- Instagram (ING-API-14, DIR-46.3) --------------------------------------------------------


def is_bare_shortcode(token: str) -> bool:
    """DIR-46.3: 5–64 of ``[A-Za-z0-9_-]``, not digits only, with an upper-case letter, digit,
    ``_`` or ``-`` somewhere (so ordinary lower-case words are never shortcodes)."""
    return (
        bool(SHORTCODE.match(token))
        and not token.isdigit()
        and any(ch.isupper() or ch.isdigit() or ch in "_-" for ch in token)
    )


def is_instagram_share_link(url: str) -> bool:
    """``instagram.com/share/…``: resolved by following redirects before parsing (DIR-46.3)."""
    segments = _segments(url)
    return platform_of_url(url) == "instagram" and bool(segments) and segments[0].lower() == "share"


def instagram_shortcode_from_url(url: str) -> str | None:
    """The shortcode of an Instagram post/reel/tv link (also behind one account segment)."""
    if platform_of_url(url) != "instagram":
        return None
    segments = _segments(url)
    for pos in (0, 1):
        if len(segments) > pos + 1 and segments[pos].lower() in _IG_POST_SEGMENTS:
            code = segments[pos + 1]
            return code if SHORTCODE.match(code) else None
    return None


def instagram_shortcode(text: str) -> str | None:
    """Shortcode of a post/reel/tv link, or the text itself when it is a bare shortcode."""
    token = _strip_token((text or "").strip())
    if is_url_token(token):
        return instagram_shortcode_from_url(token)
    return token if is_bare_shortcode(token) else None


def instagram_shortcodes(text: str) -> list[str]:
    """Every shortcode of a message, de-duplicated in order (DIR-46.0 item 3: when the message
    holds a URL only URLs count; otherwise every token is tried as a bare shortcode)."""
    toks = tokens(text)
    urls = [t for t in toks if is_url_token(t)]
    found = (
        [instagram_shortcode_from_url(u) for u in urls]
        if urls
        else [t if is_bare_shortcode(t) else None for t in toks]
    )
    return _unique(found)


def ig_link(shortcode: str) -> str:
    """ING-GEN-3 ``ig_link``."""
    return f"https://www.instagram.com/p/{shortcode}"


def ig_link_slash(shortcode: str) -> str:
    """ING-GEN-3 ``ig_link_slash`` (task broadcasts and link-report canonical form)."""
    return f"https://www.instagram.com/p/{shortcode}/"


# --- TikTok (ING-API-14, DIR-47.2) -----------------------------------------------------------


def is_tiktok_short_link(url: str) -> bool:
    """``vt.tiktok.com/<code>``, ``vm.tiktok.com/<code>`` or ``tiktok.com/t/<code>``."""
    if platform_of_url(url) != "tiktok":
        return False
    host = host_of(url)
    segments = _segments(url)
    return host in _TT_SHORT_HOSTS or (bool(segments) and segments[0].lower() == "t")


def tiktok_video_id_from_url(url: str) -> str | None:
    """Video id of a direct TikTok link, by the DIR-47.2 rules in order; None for short links."""
    if platform_of_url(url) != "tiktok":
        return None
    segments = _segments(url)
    lowered = [s.lower() for s in segments]
    for i, seg in enumerate(lowered[:-1]):
        if seg in _TT_VIDEO_SEGMENTS and VIDEO_ID.match(segments[i + 1]):
            return segments[i + 1]
    for i, seg in enumerate(lowered[:-1]):
        if seg == "v" and lowered[i + 1].endswith(".html") and VIDEO_ID.match(segments[i + 1][:-5]):
            return segments[i + 1][:-5]
    for i, seg in enumerate(lowered[:-1]):
        if seg == "embed":
            rest = segments[i + 2] if lowered[i + 1] == "v2" and len(segments) > i + 2 else segments[i + 1]
            if VIDEO_ID.match(rest):
                return rest
    try:
        query = parse_qs(urlsplit(url if "://" in url else "https://" + url).query)
    except ValueError:
        return None
    for key in _TT_QUERY_KEYS:
        for value in query.get(key, []):
            if VIDEO_ID.match(value.strip()):
                return value.strip()
    return None


def tiktok_video_id(text: str) -> str | None:
    """Video id of a direct TikTok link, or the text itself when it is a bare 8–21 digit id."""
    token = _strip_token((text or "").strip())
    if is_url_token(token):
        return tiktok_video_id_from_url(token)
    return token if VIDEO_ID.match(token) else None


def tiktok_video_ids(text: str) -> list[str]:
    """Every video id of a message, de-duplicated in order (same token rule as Instagram)."""
    toks = tokens(text)
    urls = [t for t in toks if is_url_token(t)]
    found = (
        [tiktok_video_id_from_url(u) for u in urls]
        if urls
        else [t if VIDEO_ID.match(t) else None for t in toks]
    )
    return _unique(found)


def tt_link(video_id: str, handle: str | None = None) -> str:
    """ING-GEN-3 ``tt_link``: with the account's normalised handle when known."""
    if handle:
        return f"https://www.tiktok.com/@{handle}/video/{video_id}"
    return f"https://www.tiktok.com/video/{video_id}"


def _unique(values: list[str | None]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v is not None and v not in out:
            out.append(v)
    return out
