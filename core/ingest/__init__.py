"""Ingestion: official post fetch, likes/comments, manual registration, the fetch run (30-ingestion §4).

Public entry points (all take an `IngestDeps`):

- `run_fetch(deps, client_ids=None, platforms=..., engagement_only=False, posts_only=False, trigger=...)`
  → `FetchRunResult` (ING-POST-2); `fetch_client(deps, client, ...)` is its per-client unit.
- `refresh_client_engagement(deps, kind, client_id, manual_only=False)` → `EngagementSummary`
  (ING-ENG-1/3/4; menus 13, 15, 50–52); `refresh_posts_engagement(deps, kind, client_id, ids)` for
  given posts only. `kind` ∈ {"instagram_likes", "instagram_comments", "tiktok_comments"}.
- `register_instagram_post(deps, client_id, link, input_time=...)` /
  `register_tiktok_post(...)` → `ManualRegistration` or `ManualInputError` (ING-POST-8, menus 46/47).
- `client_fetch_lock(redis, client_id)` (raises `FetchLockBusy`) for menu refreshes (DIR-12.0 item 2).
"""

from core.ingest.context import ClientAccounts, IngestDeps, UnknownClientError, load_client, load_clients
from core.ingest.engagement import (
    EngagementSummary,
    PostEngagement,
    refresh_client_engagement,
    refresh_posts_engagement,
)
from core.ingest.locks import FetchLockBusy, client_fetch_lock, invalidate_post_counts
from core.ingest.manual import (
    ManualInputError,
    ManualRegistration,
    register_instagram_post,
    register_tiktok_post,
)
from core.ingest.run import ClientFetchResult, FetchRunResult, fetch_client, run_fetch

__all__ = [
    "ClientAccounts",
    "ClientFetchResult",
    "EngagementSummary",
    "FetchLockBusy",
    "FetchRunResult",
    "IngestDeps",
    "ManualInputError",
    "ManualRegistration",
    "PostEngagement",
    "UnknownClientError",
    "client_fetch_lock",
    "fetch_client",
    "invalidate_post_counts",
    "load_client",
    "load_clients",
    "refresh_client_engagement",
    "refresh_posts_engagement",
    "register_instagram_post",
    "register_tiktok_post",
    "run_fetch",
]
