"""Indonesian date and time formats for replies and reports (ING-TIME-5, ING-TIME-6, ING-GEN-5).

Every value is shown in WIB: datetimes are converted with :func:`core.timewindow.to_wib` (a naive
datetime is UTC wall time, as the tz-less columns hold it). Report templates append ``" WIB"``
themselves after a time (``Jam: <jam_detik> WIB``), so the time formats here do not.
"""

from __future__ import annotations

from datetime import date, datetime

from core.timewindow import Window, WindowKind, to_wib

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # date.weekday() order
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
BULAN_PENDEK = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def _day(value: date | datetime) -> date:
    return to_wib(value).date() if isinstance(value, datetime) else value


def bulan(n: int) -> str:
    """Month name: ``bulan(3)`` → ``Maret``."""
    if not 1 <= n <= 12:
        raise ValueError(f"month out of range: {n}")
    return BULAN[n - 1]


def hari(value: date | datetime) -> str:
    """Day name: ``Rabu``."""
    return HARI[_day(value).weekday()]


def tgl_panjang(value: date | datetime) -> str:
    """``04 Maret 2026`` (day zero-padded)."""
    d = _day(value)
    return f"{d.day:02d} {BULAN[d.month - 1]} {d.year}"


tanggal = tgl_panjang


def hari_tanggal(value: date | datetime) -> str:
    """``Rabu, 04 Maret 2026``."""
    return f"{hari(value)}, {tgl_panjang(value)}"


def tgl_pendek(value: date | datetime) -> str:
    """``4/3/2026`` (no padding)."""
    d = _day(value)
    return f"{d.day}/{d.month}/{d.year}"


def tgl_angka(value: date | datetime) -> str:
    """``04/03/2026``."""
    d = _day(value)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def tgl_med(value: date | datetime) -> str:
    """``04 Mar 2026`` (short Indonesian month names)."""
    d = _day(value)
    return f"{d.day:02d} {BULAN_PENDEK[d.month - 1]} {d.year}"


def bulan_tahun(value: date | datetime) -> str:
    """``Maret 2026``."""
    d = _day(value)
    return f"{BULAN[d.month - 1]} {d.year}"


def jam(dt: datetime) -> str:
    """``07.05`` (WIB)."""
    w = to_wib(dt)
    return f"{w.hour:02d}.{w.minute:02d}"


def jam_detik(dt: datetime) -> str:
    """``07.05.09`` (WIB)."""
    w = to_wib(dt)
    return f"{w.hour:02d}.{w.minute:02d}.{w.second:02d}"


def jam_upload(dt: datetime) -> str:
    """``07:05`` (WIB): the upload time of a post in task lists."""
    w = to_wib(dt)
    return f"{w.hour:02d}:{w.minute:02d}"


def stamp(dt: datetime) -> str:
    """File-name stamp ``Rabu_4-3-2026_07-05-09`` (WIB)."""
    w = to_wib(dt)
    return f"{hari(w.date())}_{w.day}-{w.month}-{w.year}_{w.hour:02d}-{w.minute:02d}-{w.second:02d}"


def salam(now: datetime) -> str:
    """Greeting by WIB hour (ING-GEN-5): one table for every report."""
    hour = to_wib(now).hour
    if 4 <= hour <= 10:
        return "Selamat Pagi"
    if 11 <= hour <= 14:
        return "Selamat Siang"
    if 15 <= hour <= 17:
        return "Selamat Sore"
    return "Selamat Malam"


def period_label(w: Window) -> str:
    """The period line of report headers and Excel titles (ING-TIME-6)."""
    last = w.last_date
    match w.kind:
        case WindowKind.DAY:
            return f"Hari, Tanggal: {hari_tanggal(last)}"
        case WindowKind.WEEK:
            assert w.start_date is not None
            week_no = w.start_date.isocalendar().week
            return f"Minggu ke-{week_no} ({tgl_panjang(w.start_date)} - {tgl_panjang(last)})"
        case WindowKind.MONTH:
            return f"Bulan: {bulan_tahun(last)}"
        case WindowKind.ALL:
            return f"Semua periode data hingga {hari_tanggal(last)}"
        case WindowKind.RANGE:
            assert w.start_date is not None
            return f"Periode Data: {hari_tanggal(w.start_date)} - {hari_tanggal(last)}"
