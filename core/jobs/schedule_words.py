"""A crontab expression in Indonesian words, for `jobs#` and `cicero jobs list` (JOB-111).

    describe_cron("0,30 7-21 * * *")  -> "setiap 30 menit, 07.00–21.30"
    describe_cron("5 15,18,21 * * *") -> "setiap hari pukul 15.05, 18.05 dan 21.05"

Shown next to the cron text, never instead of it: the text stays the thing an operator sets
(`JOB_<KEY>_CRON`). Expressions are the five-field ones `core.jobs.cron.parse_cron` accepts.
"""

from __future__ import annotations

_DAY_NAMES = ("Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_DOW_TOKENS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember")  # fmt: skip
_LISTED_TIMES_MAX = 4  # more fire times a day than this are described as an interval


def _values(field: str, lo: int, hi: int, names: tuple[str, ...] = ()) -> list[int]:
    out: set[int] = set()
    for token in field.lower().split(","):
        step = 1
        if "/" in token:
            token, step_text = token.split("/", 1)
            step = int(step_text)
        if token == "*":
            a, b = lo, hi
        elif "-" in token:
            a_text, b_text = token.split("-", 1)
            a, b = _number(a_text, names), _number(b_text, names)
        else:
            a = _number(token, names)
            b = hi if step > 1 else a
        out.update(range(a, b + 1, step))
    return sorted(out)


def _number(token: str, names: tuple[str, ...]) -> int:
    return names.index(token) if token in names else int(token)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} dan {items[-1]}"


def _days(day: str, month: str, dow: str) -> str:
    if day != "*":
        days = _values(day, 1, 31)
        text = f"tanggal {days[0]}–{days[-1]}" if len(days) > 2 and days == list(range(days[0], days[-1] + 1)) \
            else f"tanggal {_join([str(d) for d in days])}"  # fmt: skip
    elif dow != "*":
        text = _join([_DAY_NAMES[d] for d in dict.fromkeys(d % 7 for d in _values(dow, 0, 7, _DOW_TOKENS))])
    else:
        text = "hari"
    if month != "*":
        text += " bulan " + _join([_MONTHS[m - 1] for m in _values(month, 1, 12)])
    return f"setiap {text}"


def describe_cron(text: str) -> str:
    """The expression in words; an expression this cannot read is returned as it is."""
    try:
        minute, hour, day, month, dow = text.split()
        minutes, hours = _values(minute, 0, 59), _values(hour, 0, 23)
        days = _days(day, month, dow)
    except (ValueError, IndexError):
        return text
    times = sorted(h * 60 + m for h in hours for m in minutes)
    if len(times) <= _LISTED_TIMES_MAX:
        return f"{days} pukul {_join([_hhmm(t) for t in times])}"
    if hour == "*" and len(minutes) == 1:
        interval = f"setiap jam pada menit ke-{minutes[0]}"
        return interval if days == "setiap hari" else f"{days}, {interval}"
    gaps = {b - a for a, b in zip(times, times[1:], strict=False)}
    if len(gaps) == 1:
        (gap,) = gaps
        interval = f"setiap {gap // 60} jam" if gap % 60 == 0 else f"setiap {gap} menit"
    else:
        interval = f"{len(times)} kali sehari"
    whole_day = times[0] < _single_gap(gaps) and times[-1] >= 24 * 60 - _single_gap(gaps)
    span = "" if whole_day else f", {_hhmm(times[0])}–{_hhmm(times[-1])}"
    prefix = "" if days == "setiap hari" else f"{days}, "
    return f"{prefix}{interval}{span}"


def _single_gap(gaps: set[int]) -> int:
    """The one interval between fire times, or 0 when they are uneven (never a whole-day run)."""
    return next(iter(gaps)) if len(gaps) == 1 else 0
