"""WIB windows (ING-TIME-1..4, spec/README.md decision 5)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.timewindow import (
    WIB,
    Period,
    WindowKind,
    activity_year_windows,
    all_time_window,
    day_window,
    last_month_window,
    last_week_window,
    month_of,
    month_to_date_window,
    parse_month,
    range_window,
    report_week_window,
    to_wib,
    today_wib,
    utc_naive,
    wib_date_of,
    wib_date_sql,
    wib_date_sql_tz,
    wib_midnight_utc,
    window,
)

instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31))
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def test_today_is_the_jakarta_date_even_before_07_wib() -> None:
    """ING-TIME-1 *fixed*: 00:30 WIB is already the new day (17:30 UTC of the day before)."""
    assert today_wib(datetime(2026, 3, 3, 17, 30, tzinfo=UTC)) == date(2026, 3, 4)
    assert today_wib(datetime(2026, 3, 3, 17, 30)) == date(2026, 3, 4)  # naive = UTC wall time
    assert today_wib(datetime(2026, 3, 4, 23, 30, tzinfo=WIB)) == date(2026, 3, 4)
    assert today_wib(datetime(2026, 3, 4, 16, 59, 59, tzinfo=UTC)) == date(2026, 3, 4)


def test_day_bounds_are_wib_midnights_in_naive_utc() -> None:
    w = day_window(date(2026, 3, 4))
    assert (w.start_utc, w.end_utc) == (datetime(2026, 3, 3, 17, 0), datetime(2026, 3, 4, 17, 0))
    assert w.last_date == date(2026, 3, 4)
    assert w.start_utc is not None and w.start_utc.tzinfo is None


@pytest.mark.parametrize(
    ("wib_time", "expected_day"),
    [((0, 30), date(2026, 3, 4)), ((23, 30), date(2026, 3, 4)), ((0, 0), date(2026, 3, 4))],
)
def test_half_past_midnight_and_half_past_eleven_wib_belong_to_that_day(
    wib_time: tuple[int, int], expected_day: date
) -> None:
    raw = utc_naive(datetime(2026, 3, 4, *wib_time, tzinfo=WIB))
    assert day_window(expected_day).contains_instant(raw)
    assert not day_window(expected_day - timedelta(days=1)).contains_instant(raw)
    assert not day_window(expected_day + timedelta(days=1)).contains_instant(raw)


@given(instants)
def test_any_instant_falls_into_exactly_one_day_window(raw: datetime) -> None:
    d = wib_date_of(raw)
    hits = [
        d + timedelta(days=k) for k in (-1, 0, 1) if day_window(d + timedelta(days=k)).contains_instant(raw)
    ]
    assert hits == [d]
    w = day_window(d)
    assert w.start_utc is not None and w.start_utc <= raw < w.end_utc


@given(dates)
def test_week_is_monday_to_sunday_and_contains_the_day(d: date) -> None:
    w = window(Period.WEEK, d)
    assert w.kind is WindowKind.WEEK
    assert w.start_date is not None and w.start_date.weekday() == 0
    assert w.last_date.weekday() == 6 and (w.end_date - w.start_date).days == 7
    assert w.contains(d)


@given(dates)
def test_month_covers_day_one_to_the_last_day(d: date) -> None:
    w = window(Period.MONTH, d)
    assert w.start_date == d.replace(day=1)
    assert w.end_date.day == 1 and w.last_date.month == d.month and w.contains(d)
    assert not w.contains(w.end_date)


@given(dates)
def test_consecutive_days_tile_without_gaps(d: date) -> None:
    assert day_window(d).end_utc == day_window(d + timedelta(days=1)).start_utc


def test_month_edges() -> None:
    feb_leap = month_of(2028, 2)
    assert (feb_leap.start_date, feb_leap.last_date) == (date(2028, 2, 1), date(2028, 2, 29))
    assert month_of(2026, 2).last_date == date(2026, 2, 28)
    dec = month_of(2026, 12)
    assert dec.end_date == date(2027, 1, 1) and dec.end_utc == datetime(2026, 12, 31, 17, 0)
    assert last_month_window(date(2026, 1, 15)).start_date == date(2025, 12, 1)
    assert month_to_date_window(date(2026, 3, 4)).last_date == date(2026, 3, 4)
    assert parse_month("2026-03") == month_of(2026, 3)
    assert parse_month("2026-13") is None and parse_month("maret") is None


def test_weeks_of_ing_time_2() -> None:
    wednesday, sunday = date(2026, 3, 4), date(2026, 3, 8)
    assert last_week_window(wednesday).start_date == date(2026, 2, 23)
    assert report_week_window(wednesday) == last_week_window(wednesday)
    assert report_week_window(sunday).last_date == sunday


def test_all_time_has_no_lower_bound_and_ends_with_the_day() -> None:
    w = window("all", date(2026, 3, 4))
    assert w == all_time_window(date(2026, 3, 4))
    assert w.start_date is None and w.start_utc is None
    assert w.end_utc == datetime(2026, 3, 4, 17, 0)
    assert w.contains(date(2001, 1, 1)) and not w.contains(date(2026, 3, 5))


def test_explicit_range_swaps_and_clamps_to_today() -> None:
    w = range_window(date(2026, 3, 10), date(2026, 3, 1), today=date(2026, 3, 4))
    assert (w.start_date, w.last_date) == (date(2026, 3, 1), date(2026, 3, 4))


def test_activity_year_starts_in_september_and_is_split_in_months() -> None:
    months = activity_year_windows(date(2026, 3, 4))
    assert months[0].start_date == date(2025, 9, 1)
    assert [m.start_date.month for m in months if m.start_date] == [9, 10, 11, 12, 1, 2, 3]
    assert months[-1].last_date == date(2026, 3, 4)
    assert activity_year_windows(date(2026, 9, 1))[0].start_date == date(2026, 9, 1)


def test_sql_fragments_use_the_double_conversion_and_refuse_non_names() -> None:
    assert wib_date_sql("p.created_at") == (
        "((p.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date"
    )
    assert wib_date_sql_tz("fetched_at") == "(fetched_at AT TIME ZONE 'Asia/Jakarta')::date"
    with pytest.raises(ValueError):
        wib_date_sql("created_at); DROP TABLE x; --")


def test_sql_range_gives_a_half_open_predicate() -> None:
    sql, params = day_window(date(2026, 3, 4)).sql_range("created_at", name="d")
    assert sql == "created_at >= :d_lo AND created_at < :d_hi"
    assert params == {"d_lo": datetime(2026, 3, 3, 17, 0), "d_hi": datetime(2026, 3, 4, 17, 0)}
    sql, params = all_time_window(date(2026, 3, 4)).sql_range("created_at")
    assert sql == "created_at < :win_hi" and list(params) == ["win_hi"]


def test_conversions() -> None:
    assert wib_midnight_utc(date(2026, 1, 1)) == datetime(2025, 12, 31, 17, 0)
    assert to_wib(datetime(2026, 1, 1, 0, 0)).hour == 7
    assert utc_naive(datetime(2026, 1, 1, 7, 0, tzinfo=WIB)) == datetime(2026, 1, 1, 0, 0)


async def test_python_bounds_select_exactly_the_rows_of_the_sql_wib_date(db) -> None:
    """Decision 5: the half-open range on the raw column equals the double-conversion date."""
    rows = [datetime(2026, 3, 3, 16, 59, 59), datetime(2026, 3, 3, 17, 0), datetime(2026, 3, 4, 16, 59)]
    rows += [datetime(2026, 3, 4, 17, 0)]
    w = day_window(date(2026, 3, 4))
    where, params = w.sql_range("ts")
    async with db.uow() as uow:
        values = ", ".join(f"(:r{i})" for i in range(len(rows)))
        binds = {f"r{i}": r for i, r in enumerate(rows)}
        by_range = await uow.execute(
            f"SELECT ts FROM (VALUES {values}) AS v(ts) WHERE {where} ORDER BY ts", {**binds, **params}
        )
        by_date = await uow.execute(
            f"SELECT ts FROM (VALUES {values}) AS v(ts) WHERE {wib_date_sql('ts')} = :d ORDER BY ts",
            {**binds, "d": date(2026, 3, 4)},
        )
        got_range = [r[0] for r in by_range]
        got_date = [r[0] for r in by_date]
    assert got_range == got_date == [datetime(2026, 3, 3, 17, 0), datetime(2026, 3, 4, 16, 59)]


async def test_python_wib_date_equals_the_sql_double_conversion_for_many_instants(db) -> None:
    """Decision 5 at scale: 500 random UTC-wall instants (incl. both sides of 17:00 UTC) give
    the same WIB date in Python as `((col AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date`,
    and each lies in its day window's bounds."""
    rng = random.Random(20260304)
    base = datetime(2020, 1, 1)
    rows = [base + timedelta(seconds=rng.randrange(0, 10 * 365 * 86400)) for _ in range(480)]
    rows += [datetime(2026, 3, 3, 16, 59, 59, 999999), datetime(2026, 3, 3, 17, 0)] * 10
    async with db.uow() as uow:
        result = await uow.execute(
            f"SELECT {wib_date_sql('ts')} FROM unnest(CAST(:rows AS timestamp[])) WITH ORDINALITY AS t(ts, n) ORDER BY n",
            {"rows": rows},
        )
        sql_dates = [r[0] for r in result]
    assert sql_dates == [wib_date_of(r) for r in rows]
    assert all(day_window(d).contains_instant(r) for d, r in zip(sql_dates, rows, strict=True))
