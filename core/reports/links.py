"""Post links as reports print them (ING-GEN-3)."""

from __future__ import annotations

from core.reports.model import ClientInfo, Platform


def ig_link(shortcode: str) -> str:
    return f"https://www.instagram.com/p/{shortcode}"


def ig_link_slash(shortcode: str) -> str:
    return f"https://www.instagram.com/p/{shortcode}/"


def client_tiktok_handle(client: ClientInfo) -> str | None:
    raw = (client.client_tiktok or "").strip()
    if "tiktok.com/" in raw:
        raw = next((seg for seg in raw.split("/") if seg.startswith("@")), "")
    return raw.lstrip("@").lower() or None


def tt_link(video_id: str, client: ClientInfo) -> str:
    handle = client_tiktok_handle(client)
    if handle:
        return f"https://www.tiktok.com/@{handle}/video/{video_id}"
    return f"https://www.tiktok.com/video/{video_id}"


def post_link(platform: Platform, post_id: str, client: ClientInfo) -> str:
    return ig_link(post_id) if platform == Platform.INSTAGRAM else tt_link(post_id, client)
