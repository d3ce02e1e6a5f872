"""A unit whose dependency is always down, to drive the retry path (WRK-4) end to end."""

from __future__ import annotations

import time
from typing import Any

from core.jobs.context import JobContext

CALLS: list[float] = []  # monotonic time of each attempt


async def always_down(ctx: JobContext, args: dict[str, Any]) -> None:
    CALLS.append(time.monotonic())
    raise ConnectionError("provider unreachable")
