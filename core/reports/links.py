"""Post links as reports print them (ING-GEN-3), over the one link module `core.social.links`."""

from __future__ import annotations

from core.reports.model import ClientInfo, Platform
from core.social import links
from core.social.handles import normalize_handle

ig_link = links.ig_link
ig_link_slash = links.ig_link_slash


def tt_link(video_id: str, client: ClientInfo) -> str:
    """With the client's TikTok handle when it has one (stored as a handle or a profile URL)."""
    handle = normalize_handle(client.client_tiktok, "tiktok") if client.client_tiktok else None
    return links.tt_link(video_id, handle)


def post_link(platform: Platform, post_id: str, client: ClientInfo) -> str:
    return ig_link(post_id) if platform == Platform.INSTAGRAM else tt_link(post_id, client)
