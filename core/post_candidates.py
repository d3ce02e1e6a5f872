"""Which posts a desk operator meant: links, short links and bare ids typed into menus 46, 47, 53.

One classifier for the manual-input prompts of `dirrequest` (DIR-46.0 items 1-4, DIR-46.3, DIR-47.2)
and the task-post removal prompt (DIR-53.2). It turns a free-text message into *candidates*
(platform + content id + the token as typed) and *rejections* (token + Indonesian reason).
Navigation words (`back`, `batal`, ...) are the menu's business and never reach this module.

Short links (`vt.tiktok.com`, `vm.tiktok.com`, `tiktok.com/t/`, `instagram.com/share/`) are resolved
by the injected resolver (`core.amplify.shortlinks.follow_redirects` in production: HEAD, at most 5
hops, 10 s) and the final URL is parsed with the direct rules; the URL and token rules themselves are those of `core.social.links`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from core.amplify.shortlinks import ShortLinkResolver
from core.social import links

Platform = Literal["instagram", "tiktok"]

MAX_CANDIDATES = 10  # DIR-46.0 item 4

REASON_NOT_IG_POST = "bukan link post/reel Instagram"
REASON_NOT_IG = "bukan link Instagram"
REASON_NOT_TIKTOK = "bukan link TikTok"
REASON_IS_TIKTOK = "link/ID TikTok, gunakan menu 47"
REASON_IS_INSTAGRAM = "post Instagram, gunakan menu 46"
REASON_UNKNOWN = "tidak dikenali sebagai link atau ID post"
REASON_SHORT_ID = "ID video TikTok terlalu pendek (8-21 digit)"
REASON_TT_SHORTLINK = "shortlink TikTok tidak dapat dibuka"
REASON_IG_SHARELINK = "link share Instagram tidak dapat dibuka"


@dataclass(frozen=True)
class Candidate:
    platform: Platform
    content_id: str
    token: str


@dataclass(frozen=True)
class Rejection:
    token: str
    reason: str
    # The platform the token belongs to when it is a valid post of the *other* menu (46 vs 47).
    other_platform: Platform | None = None


@dataclass
class ParsedPosts:
    candidates: list[Candidate] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    ignored_over_limit: int = 0

    @property
    def only_other_platform(self) -> Platform | None:
        """The other platform when nothing was accepted and every rejection was a post of it (DIR-46.7)."""
        others = {r.other_platform for r in self.rejections}
        if not self.candidates and self.rejections and len(others) == 1:
            return next(iter(others))
        return None


async def _resolved_id(
    token: str, resolver: ShortLinkResolver, parse: Callable[[str], str | None]
) -> str | None:
    final = await resolver(token if "://" in token else "https://" + token)
    return parse(final) if final else None


async def _classify_url(
    token: str, accept: set[Platform], resolver: ShortLinkResolver
) -> Candidate | Rejection:
    platform = links.platform_of_url(token)
    if platform in ("instagram", "tiktok") and platform not in accept:
        # DIR-46.3 / DIR-47.2: a link of the other platform belongs to the other menu; never resolved here.
        reason = REASON_IS_TIKTOK if platform == "tiktok" else REASON_IS_INSTAGRAM
        return Rejection(token, reason, other_platform=platform)
    if platform == "instagram":
        if links.is_instagram_share_link(token):
            code = await _resolved_id(token, resolver, links.instagram_shortcode_from_url)
            return Candidate("instagram", code, token) if code else Rejection(token, REASON_IG_SHARELINK)
        code = links.instagram_shortcode_from_url(token)
        return Candidate("instagram", code, token) if code else Rejection(token, REASON_NOT_IG_POST)
    if platform == "tiktok":
        # DIR-47.2: short links, and TikTok URLs where the direct rules find nothing, are resolved.
        video_id = None if links.is_tiktok_short_link(token) else links.tiktok_video_id_from_url(token)
        if video_id is None:
            video_id = await _resolved_id(token, resolver, links.tiktok_video_id_from_url)
            if video_id is None:
                return Rejection(token, REASON_TT_SHORTLINK)
        return Candidate("tiktok", video_id, token)
    return Rejection(token, REASON_UNKNOWN)


def _classify_bare(token: str) -> Candidate | Rejection | None:
    """DIR-46.3/47.2/53.2 bare tokens: TikTok ids first, then shortcodes; plain words are ignored (None)."""
    if token.isdigit():
        if links.VIDEO_ID.match(token):
            return Candidate("tiktok", token, token)
        return Rejection(token, REASON_SHORT_ID)
    if links.is_bare_shortcode(token):
        return Candidate("instagram", token, token)
    if token.isalpha():
        return None
    return Rejection(token, REASON_UNKNOWN)


async def parse_posts(text: str, accept: set[Platform], resolver: ShortLinkResolver) -> ParsedPosts:
    """Candidates of `accept` platforms in message order, de-duplicated on the id, at most 10.

    A valid post of a platform outside `accept` becomes a rejection pointing at the other menu
    (DIR-46.3 last item, DIR-47.2 last item).
    """
    tokens = links.tokens(text)
    url_tokens = [t for t in tokens if links.is_url_token(t)]
    result = ParsedPosts()
    seen: set[tuple[str, str]] = set()
    for token in url_tokens or tokens:
        if url_tokens:
            outcome: Candidate | Rejection | None = await _classify_url(token, accept, resolver)
            if isinstance(outcome, Rejection) and outcome.reason == REASON_UNKNOWN:
                outcome = Rejection(token, REASON_NOT_IG if accept == {"instagram"} else REASON_NOT_TIKTOK)
        else:
            outcome = _classify_bare(token)
        if outcome is None:
            continue
        if isinstance(outcome, Rejection):
            if outcome.reason == REASON_SHORT_ID and "tiktok" not in accept:
                outcome = Rejection(token, REASON_UNKNOWN)
            result.rejections.append(outcome)
            continue
        if outcome.platform not in accept:
            reason = REASON_IS_TIKTOK if outcome.platform == "tiktok" else REASON_IS_INSTAGRAM
            result.rejections.append(Rejection(token, reason, other_platform=outcome.platform))
            continue
        key = (outcome.platform, outcome.content_id)
        if key in seen:
            continue
        seen.add(key)
        if len(result.candidates) >= MAX_CANDIDATES:
            result.ignored_over_limit += 1
        else:
            result.candidates.append(outcome)
    return result
