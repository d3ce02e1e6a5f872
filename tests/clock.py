"""The run's business clock as tests use it (issue 13).

`tests/conftest.py` pins `CICERO_NOW` for the whole run (and `.ci/run` repeats the date-sensitive
tests at day, week, month and year edges), so "today" in a test is the run's clock, never the
machine's. Seeds that must fall on today use :func:`earlier_today`, which stays on today's WIB
date even a few seconds after midnight.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from core.config import reset_settings_cache
from core.timewindow import WIB, now_wib


def earlier_today(minutes: float = 120) -> datetime:
    """``minutes`` before the run's clock, but never before today's 00:00 WIB (aware, WIB)."""
    now = now_wib()
    return max(datetime.combine(now.date(), time(0), WIB), now - timedelta(minutes=minutes))


@contextmanager
def clock_at(instant: datetime) -> Iterator[None]:
    """The run's clock moved to ``instant`` for a test whose fixed dates meet record-clock stamps
    (rows the database stamps with the real time are mapped to business time from this clock)."""
    before = os.environ.get("CICERO_NOW", "")
    os.environ["CICERO_NOW"] = instant.isoformat()
    reset_settings_cache()
    try:
        yield
    finally:
        os.environ["CICERO_NOW"] = before
        reset_settings_cache()
