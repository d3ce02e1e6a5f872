"""Indonesian date/time formats, all in WIB (ING-TIME-5, ING-TIME-6, ING-GEN-5)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import timefmt as f
from core.timewindow import WIB, all_time_window, day_window, month_of, range_window, week_window

# Wednesday 4 March 2026, 07:05:09 WIB = 00:05:09 UTC.
AT = datetime(2026, 3, 4, 0, 5, 9)


def test_formats_of_ing_time_5() -> None:
    d = date(2026, 3, 4)
    assert f.hari(d) == "Rabu"
    assert f.tgl_panjang(d) == f.tanggal(d) == "04 Maret 2026"
    assert f.hari_tanggal(d) == "Rabu, 04 Maret 2026"
    assert f.tgl_pendek(d) == "4/3/2026"
    assert f.tgl_angka(d) == "04/03/2026"
    assert f.tgl_med(d) == "04 Mar 2026"
    assert f.bulan_tahun(d) == "Maret 2026"
    assert f.jam_detik(AT) == "07.05.09"
    assert f.jam(AT) == "07.05"
    assert f.jam_upload(AT) == "07:05"
    assert f.stamp(AT) == "Rabu_4-3-2026_07-05-09"
    assert f.bulan(8) == "Agustus" and f.tgl_med(date(2026, 8, 17)) == "17 Agu 2026"


def test_datetimes_are_shown_in_wib_whatever_their_zone() -> None:
    """ING-TIME-5 *fixed*: never the server clock. 20:00 UTC is 03:00 WIB of the next day."""
    late_utc = datetime(2026, 3, 3, 20, 0, tzinfo=UTC)
    assert f.hari_tanggal(late_utc) == "Rabu, 04 Maret 2026"
    assert f.jam(late_utc) == "03.00"
    assert f.jam(datetime(2026, 3, 4, 3, 0, tzinfo=WIB)) == "03.00"
    assert f.hari(datetime(2026, 3, 3, 20, 0)) == "Rabu"  # naive = UTC wall time


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_date_formats_with_indonesian_names(d: date) -> None:
    assert f.hari(d) in f.HARI
    day, month, year = f.tgl_panjang(d).split(" ")
    assert int(day) == d.day and len(day) == 2 and month == f.BULAN[d.month - 1] and int(year) == d.year
    assert f.tgl_pendek(d) == f"{d.day}/{d.month}/{d.year}"


@pytest.mark.parametrize(
    ("hour", "greeting"),
    [(4, "Selamat Pagi"), (10, "Selamat Pagi"), (11, "Selamat Siang"), (14, "Selamat Siang")]
    + [(15, "Selamat Sore"), (17, "Selamat Sore"), (18, "Selamat Malam"), (3, "Selamat Malam")],
)
def test_greeting_by_wib_hour(hour: int, greeting: str) -> None:
    """ING-GEN-5: one hour table."""
    assert f.salam(datetime(2026, 3, 4, hour, 59, tzinfo=WIB)) == greeting


def test_period_labels_of_ing_time_6() -> None:
    d = date(2026, 3, 4)
    assert f.period_label(day_window(d)) == "Hari, Tanggal: Rabu, 04 Maret 2026"
    assert f.period_label(week_window(d)) == "Minggu ke-10 (02 Maret 2026 - 08 Maret 2026)"
    assert f.period_label(month_of(2026, 3)) == "Bulan: Maret 2026"
    assert f.period_label(all_time_window(d)) == "Semua periode data hingga Rabu, 04 Maret 2026"
    explicit = range_window(date(2026, 3, 1), d, today=d)
    assert f.period_label(explicit) == "Periode Data: Minggu, 01 Maret 2026 - Rabu, 04 Maret 2026"
