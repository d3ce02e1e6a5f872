"""WIB time windows: the one place that computes "today" and day/week/month bounds (ING-TIME-1..4).

The operational day is Asia/Jakarta (spec/README.md decision 5). Timestamp columns without time
zone hold UTC wall time, so a window over such a column is the half-open range
``col >= start_utc AND col < end_utc`` whose bounds are WIB midnights converted to naive UTC here,
in Python (index-friendly). Grouping by day uses :func:`wib_date_sql`. SQL never evaluates
``NOW()`` to decide the day (ING-TIME-1, *fixed*).

Convention for datetimes handed to this module: an aware datetime is converted; a naive one is
UTC wall time (what the tz-less columns hold, ING-TIME-3).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")

_ONE_DAY = timedelta(days=1)
_COLUMN = re.compile(r'^(?:"?[A-Za-z_][A-Za-z0-9_]*"?\.)?"?[A-Za-z_][A-Za-z0-9_]*"?$')
_MONTH_KEY = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class Period(StrEnum):
    """The period choices menus offer: one day, its Monday–Sunday week, its month, all time."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    ALL = "all"


class WindowKind(StrEnum):
    """What a window spans; decides its period label (ING-TIME-6)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    ALL = "all"
    RANGE = "range"


@dataclass(frozen=True)
class Window:
    """A range of WIB dates ``[start_date, end_date)`` and the matching naive-UTC bounds.

    ``start_date``/``start_utc`` are None for "all time" (no lower bound); the upper bound is
    always set. ``last_date`` is the inclusive last day that the spec's ``[first, last]`` means.
    """

    kind: WindowKind
    start_date: date | None
    end_date: date
    start_utc: datetime | None
    end_utc: datetime

    @property
    def last_date(self) -> date:
        return self.end_date - _ONE_DAY

    def contains(self, d: date) -> bool:
        return (self.start_date is None or d >= self.start_date) and d < self.end_date

    def contains_instant(self, dt: datetime) -> bool:
        """True when the WIB date of ``dt`` (naive = UTC wall time) lies in the window."""
        raw = utc_naive(dt)
        return (self.start_utc is None or raw >= self.start_utc) and raw < self.end_utc

    def days(self) -> Iterator[date]:
        """Every date of the window, oldest first; raises for an all-time window."""
        if self.start_date is None:
            raise ValueError("an all-time window has no first day")
        d = self.start_date
        while d < self.end_date:
            yield d
            d += _ONE_DAY

    def sql_range(self, column: str, name: str = "win") -> tuple[str, dict[str, datetime]]:
        """Index-friendly predicate on a UTC-wall column (ING-TIME-4) and its bind parameters.

        ``sql, params = w.sql_range("p.created_at")`` → ``"p.created_at >= :win_lo AND
        p.created_at < :win_hi"``; an all-time window gives only the upper bound.
        """
        col = _checked_column(column)
        params: dict[str, datetime] = {f"{name}_hi": self.end_utc}
        clause = f"{col} < :{name}_hi"
        if self.start_utc is not None:
            params[f"{name}_lo"] = self.start_utc
            clause = f"{col} >= :{name}_lo AND {clause}"
        return clause, params


# --- instants --------------------------------------------------------------------------------


# The one business clock. Every "now" the product reasons about (today's WIB day, windows, slots,
# report dates, expiry dates) comes from here, so CICERO_NOW can pin it for a whole process tree.


def parse_pinned_now(value: str) -> datetime | None:
    """Reads ``CICERO_NOW``: empty = the real clock; an ISO-8601 instant with offset = pinned.

    A naive value is refused rather than guessed: "10:00" means different days in UTC and WIB.
    """
    value = value.strip()
    if not value:
        return None
    instant = datetime.fromisoformat(value)
    if instant.tzinfo is None:
        raise ValueError(f"CICERO_NOW needs a UTC offset, e.g. 2026-11-25T10:00:00+07:00 (got {value!r})")
    return instant.astimezone(UTC)


def now_utc() -> datetime:
    """The current business instant as an aware UTC datetime (pinned by CICERO_NOW)."""
    pinned = _pinned_instant()
    return pinned if pinned is not None else datetime.now(UTC)


def _pinned_instant() -> datetime | None:
    # Imported here: the settings load pydantic, which commands that never ask the time (e.g.
    # `cicero report --list`) should not pay for at start.
    from core.config import get_settings

    return _setting_instant(get_settings().cicero_now)


@lru_cache(maxsize=4)
def _setting_instant(value: str) -> datetime | None:
    return parse_pinned_now(value)


def now_wib() -> datetime:
    """The current business instant as an aware Asia/Jakarta datetime."""
    return now_utc().astimezone(WIB)


def record_now() -> datetime:
    """The real instant (aware UTC): the clock of record timestamps, never pinned.

    Rows stamped by the database (``now()`` defaults, ``updated_at``), Redis TTLs and delivery
    deadlines compared with ``now()`` in SQL live on this clock; business logic never does.
    """
    return datetime.now(UTC)


def to_record_time(instant: datetime) -> datetime:
    """A business instant (e.g. "expire at the next slot") as the same moment on the record clock.

    Identity on the real clock; under a pinned clock it keeps the distance from "now", so a
    deadline handed to SQL that compares with ``now()`` means what the business logic meant.
    """
    pinned = _pinned_instant()
    return instant if pinned is None else record_now() + (instant - pinned)


def to_wib(dt: datetime) -> datetime:
    """``dt`` as an aware WIB datetime; a naive value is read as UTC wall time (ING-TIME-3)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(WIB)


def utc_naive(dt: datetime) -> datetime:
    """``dt`` as naive UTC wall time, the form tz-less columns store (ING-TIME-3).

    An aware value is converted to UTC and its zone dropped; a naive one is already UTC.
    """
    if dt.tzinfo is None:
        return dt
    return dt.astimezone(UTC).replace(tzinfo=None)


def today_wib(now: datetime | None = None) -> date:
    """The Asia/Jakarta calendar date of ``now`` (default: the current instant) (ING-TIME-1)."""
    return to_wib(now).date() if now is not None else now_wib().date()


def wib_midnight_utc(d: date) -> datetime:
    """00:00 WIB of ``d`` as naive UTC wall time (17:00 UTC of the previous day)."""
    return datetime.combine(d, time(0), WIB).astimezone(UTC).replace(tzinfo=None)


def wib_date_of(dt: datetime) -> date:
    """The WIB calendar date of an instant (naive = UTC wall time): the operational date."""
    return to_wib(dt).date()


# --- windows ---------------------------------------------------------------------------------


def _make(kind: WindowKind, first: date | None, end: date) -> Window:
    return Window(
        kind=kind,
        start_date=first,
        end_date=end,
        start_utc=wib_midnight_utc(first) if first is not None else None,
        end_utc=wib_midnight_utc(end),
    )


def day_window(d: date) -> Window:
    """``[d, d]``: the ``today``/``yesterday``/``day(d)`` windows of ING-TIME-2."""
    return _make(WindowKind.DAY, d, d + _ONE_DAY)


def week_window(d: date) -> Window:
    """Monday..Sunday of the ISO week containing ``d`` (``this_week``)."""
    monday = d - timedelta(days=d.weekday())
    return _make(WindowKind.WEEK, monday, monday + timedelta(days=7))


def last_week_window(d: date) -> Window:
    """The Monday..Sunday before the week containing ``d`` (``last_week``)."""
    return week_window(d - timedelta(days=7))


def report_week_window(d: date) -> Window:
    """The last completed Monday..Sunday; on a Sunday, the week ending ``d`` (``report_week``)."""
    return week_window(d) if d.weekday() == 6 else last_week_window(d)


def month_of(year: int, month: int) -> Window:
    """A whole calendar month (``month(YYYY-MM)``)."""
    first = date(year, month, 1)
    last_day = calendar.monthrange(year, month)[1]
    return _make(WindowKind.MONTH, first, first + timedelta(days=last_day))


def month_window(d: date) -> Window:
    """Day 1 .. last day of ``d``'s month (``this_month``)."""
    return month_of(d.year, d.month)


def month_to_date_window(d: date) -> Window:
    """Day 1 of ``d``'s month .. ``d`` (``month_to_date``)."""
    return _make(WindowKind.MONTH, d.replace(day=1), d + _ONE_DAY)


def last_month_window(d: date) -> Window:
    """The whole previous calendar month (``last_month``)."""
    return month_window(d.replace(day=1) - _ONE_DAY)


def all_time_window(d: date) -> Window:
    """No lower bound .. ``d`` (``all_time``)."""
    return _make(WindowKind.ALL, None, d + _ONE_DAY)


def range_window(start: date, end: date, today: date) -> Window:
    """An explicit ``[start, end]``: swapped when reversed, a future end clamped to ``today``."""
    if start > end:
        start, end = end, start
    end = min(end, today)
    start = min(start, end)
    return _make(WindowKind.RANGE, start, end + _ONE_DAY)


def activity_year_windows(d: date) -> list[Window]:
    """1 September of the activity year containing ``d`` .. ``d``, split into calendar months.

    The year starts on 1 September of ``d``'s year, or of the previous year before September;
    the last month ends at ``d`` (ING-TIME-2 ``activity_year``).
    """
    year = d.year if d.month >= 9 else d.year - 1
    out: list[Window] = []
    first = date(year, 9, 1)
    while first <= d:
        month = month_of(first.year, first.month)
        out.append(month if month.end_date <= d else month_to_date_window(d))
        first = month.end_date
    return out


def window(period: Period | str, ref_date: date) -> Window:
    """The window a menu's period choice means for the reference day ``ref_date``."""
    match Period(period):
        case Period.DAY:
            return day_window(ref_date)
        case Period.WEEK:
            return week_window(ref_date)
        case Period.MONTH:
            return month_window(ref_date)
        case Period.ALL:
            return all_time_window(ref_date)


def parse_month(text: str) -> Window | None:
    """``"2026-03"`` → that month; None when the text is not a valid ``YYYY-MM``."""
    m = _MONTH_KEY.match(text)
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1:
        return None
    return month_of(int(m.group(1)), int(m.group(2)))


# --- SQL -------------------------------------------------------------------------------------


def _checked_column(column: str) -> str:
    # Column expressions are code, never user input; refuse anything but a (qualified) name so a
    # mistake cannot turn into SQL injection.
    if not _COLUMN.match(column):
        raise ValueError(f"not a column name: {column!r}")
    return column


def wib_date_sql(column: str) -> str:
    """The WIB date of a UTC-wall (tz-less) column, for grouping (ING-TIME-4)."""
    return f"(({_checked_column(column)} AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date"


def wib_date_sql_tz(column: str) -> str:
    """The WIB date of a ``timestamptz`` column (ING-TIME-4)."""
    return f"({_checked_column(column)} AT TIME ZONE 'Asia/Jakarta')::date"
