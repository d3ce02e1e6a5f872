"""Manual input of several posts in one message (menus 46, 47; DIR-46.0 items 4-6, DIR-46.6).

The effects of one candidate (ownership, lookup, manual merge, exclusion lift, immediate likes or
comments refresh) are ingestion's `register_instagram_post` / `register_tiktok_post` (ING-POST-8).
This module runs them over the parsed candidates of one message, one after the other, stops when a
failure would hit every remaining candidate (key missing, quota exhausted) and collects what the
reply shows.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime

from core.ingest.context import IngestDeps
from core.ingest.manual import (
    ManualInputError,
    ManualRegistration,
    register_instagram_post,
    register_tiktok_post,
)
from core.post_candidates import Candidate, ParsedPosts, Platform
from core.social.links import ig_link_slash

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failed:
    token: str
    reason: str


@dataclass
class ManualInputResult:
    platform: Platform
    registered: list[ManualRegistration] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    ignored_over_limit: int = 0

    @property
    def candidates(self) -> int:
        return len(self.registered) + len(self.failed)


def error_ref() -> str:
    """CONV-67: a short reference id that ties a user-facing apology to the log line."""
    return secrets.token_hex(4).upper()


async def _register_one(
    deps: IngestDeps, client_id: str, cand: Candidate, input_time: datetime
) -> ManualRegistration:
    if cand.platform == "instagram":
        # The canonical link: a shortcode taken from a URL need not meet the bare-shortcode rule.
        return await register_instagram_post(
            deps, client_id, ig_link_slash(cand.content_id), input_time=input_time
        )
    return await register_tiktok_post(deps, client_id, cand.content_id, input_time=input_time)


async def register_posts(
    deps: IngestDeps,
    client_id: str,
    platform: Platform,
    parsed: ParsedPosts,
    input_time: datetime,
    *,
    actor: str = "-",
) -> ManualInputResult:
    """Register every candidate; the parser's rejections are reported as failures (DIR-46.6)."""
    started = time.monotonic()
    result = ManualInputResult(platform, ignored_over_limit=parsed.ignored_over_limit)
    result.failed.extend(Failed(r.token, r.reason) for r in parsed.rejections)
    stop_reason: str | None = None
    for cand in parsed.candidates:
        if stop_reason is not None:
            result.failed.append(Failed(cand.token, f"tidak diproses: {stop_reason}"))
            continue
        try:
            result.registered.append(await _register_one(deps, client_id, cand, input_time))
        except ManualInputError as exc:
            result.failed.append(Failed(cand.token, exc.message))
            if exc.stops_everything:
                stop_reason = exc.message
        except Exception:
            ref = error_ref()
            log.exception("manual_input_failed", extra={"ref": ref, "content_id": cand.content_id})
            result.failed.append(Failed(cand.token, f"kesalahan internal (ref: {ref})"))
    # DIR-0.19: one audit line per run.
    log.info(
        "dirrequest_manual_input",
        extra={
            "actor": actor,
            "client_id": client_id.strip().upper(),
            "option": 46 if platform == "instagram" else 47,
            "content_ids": [r.post_id for r in result.registered],
            "failed": len(result.failed),
            "outcome": "ok" if result.registered else "error",
            "duration_ms": int((time.monotonic() - started) * 1000),
        },
    )
    return result
