"""Fixed texts of fetch results that menus and jobs send (ING-ENG-5); engagement lines are in
`EngagementSummary.text()`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from core.social.links import ig_link, tt_link

PROCESSING = "⏳ Processing fetch data..."
_MAX_LINES = 30


def tiktok_comments_start(count: int) -> str:
    return f"⏳ Fetch komentar {count} video TikTok..."


def post_fetch_messages(
    platform: Literal["instagram", "tiktok"],
    client_id: str,
    post_ids: Sequence[str],
    tiktok_handle: str | None = None,
) -> list[str]:
    """`✅ Fetch selesai!` summary, then the links in messages of at most 30 lines each."""
    cid = client_id.strip().upper()
    done = "✅ Fetch selesai!" if platform == "instagram" else "✅ Fetch TikTok selesai!"
    head = "Link konten Instagram:" if platform == "instagram" else "Link konten TikTok:"
    messages = [f"{done}\nClient: *{cid}*\nJumlah konten hari ini: *{len(post_ids)}*"]
    links = [ig_link(p) if platform == "instagram" else tt_link(p, tiktok_handle) for p in post_ids]
    per_message = _MAX_LINES - 1  # the first line of each message is its heading
    for start in range(0, len(links), per_message):
        messages.append("\n".join([head, *links[start : start + per_message]]))
    return messages
