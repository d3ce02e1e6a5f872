"""Five-field crontab expressions → APScheduler triggers (JOB-3).

Crontab numbers weekdays from Sunday (0 and 7), APScheduler from Monday, so numeric weekdays are
translated to names before the trigger is built; handing them over directly would shift every
weekly schedule by a day. An expression restricting both day of month and day of week is refused
because crontab (OR) and APScheduler (AND) disagree on its meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from core.timewindow import WIB

_DOW_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class CronError(ValueError):
    """An expression that cannot be scheduled; the message names the offending text."""


@dataclass(frozen=True)
class CronExpr:
    text: str
    trigger: CronTrigger

    def next_fire_times(self, after: datetime, count: int = 3) -> list[datetime]:
        out: list[datetime] = []
        previous: datetime | None = None
        now = after + timedelta(seconds=1)  # strictly after: a fire time equal to `after` is not "next"
        for _ in range(count):
            nxt = self.trigger.get_next_fire_time(previous, now)
            if nxt is None:
                break
            out.append(nxt)
            previous, now = nxt, nxt
        return out


def _translate_dow(field: str) -> str:
    """Map crontab weekdays (0/7 = Sunday) to an explicit list of names APScheduler reads unambiguously."""
    if field == "*":
        return "*"
    days: list[int] = []
    for token in field.split(","):
        step = 1
        if "/" in token:
            token, step_text = token.split("/", 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"invalid day-of-week step {step_text!r}")
            step = int(step_text)
        if token == "*":
            lo, hi = 0, 6
        elif "-" in token:
            lo_text, hi_text = token.split("-", 1)
            lo, hi = _dow_number(lo_text), _dow_number(hi_text)
            if hi < lo:
                raise CronError(f"day-of-week range {token!r} runs backwards")
        else:
            lo = hi = _dow_number(token)
        days.extend(range(lo, hi + 1, step))
    names = dict.fromkeys(_DOW_NAMES[d] for d in days)
    return ",".join(names)


def _dow_number(token: str) -> int:
    if token.isdigit():
        n = int(token)
        if not 0 <= n <= 7:
            raise CronError(f"day of week {token} out of range")
        return n
    lowered = token.lower()
    if lowered in _DOW_NAMES:
        return _DOW_NAMES.index(lowered)
    raise CronError(f"unknown day of week {token!r}")


def parse_cron(text: str) -> CronExpr:
    fields = text.split()
    if len(fields) != 5:
        raise CronError(f"expected 5 fields, got {len(fields)}: {text!r}")
    minute, hour, day, month, dow = fields
    if day != "*" and dow != "*":
        raise CronError(f"day of month and day of week both restricted: {text!r}")
    if not all(re.fullmatch(r"[\w*/,\-]+", f) for f in fields):
        raise CronError(f"invalid characters in {text!r}")
    try:
        trigger = CronTrigger(
            minute=minute, hour=hour, day=day, month=month, day_of_week=_translate_dow(dow), timezone=WIB
        )
    except (ValueError, TypeError) as exc:
        raise CronError(f"{text!r}: {exc}") from exc
    return CronExpr(text=text, trigger=trigger)


def parse_schedule(value: str, variable: str) -> list[CronExpr]:
    """`a; b` → several expressions; `off` → none (manual runs only). Errors name the variable."""
    value = value.strip()
    if value.lower() == "off":
        return []
    try:
        return [parse_cron(part.strip()) for part in value.split(";") if part.strip()]
    except CronError as exc:
        raise CronError(f"{variable}: {exc}") from exc
