"""Quiet hours for group broadcasts (JOB-15): `HH:MM-HH:MM`, may wrap midnight, empty = none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time

    def contains(self, now: datetime) -> bool:
        t = now.timetz().replace(tzinfo=None)
        if self.start <= self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def next_start(self, now: datetime) -> datetime:
        """The next moment the window opens (group rows expire no later than this)."""
        candidate = now.replace(hour=self.start.hour, minute=self.start.minute, second=0, microsecond=0)
        return candidate if candidate > now else candidate + timedelta(days=1)


def parse_quiet_hours(value: str) -> QuietHours | None:
    value = value.strip()
    if not value:
        return None
    try:
        start_text, end_text = value.split("-", 1)
        return QuietHours(time.fromisoformat(start_text.strip()), time.fromisoformat(end_text.strip()))
    except ValueError as exc:
        raise ValueError(f"GROUP_QUIET_HOURS: expected HH:MM-HH:MM, got {value!r}") from exc
