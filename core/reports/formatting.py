"""Number and name formats shared by every report (ING-GEN-4); dates and greetings are `core.timefmt`."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

_WS = re.compile(r"\s+")


def fmt_int(n: int) -> str:
    """ING-GEN-4: Indonesian thousands grouping (`12.345`)."""
    return f"{int(n):,}".replace(",", ".")


def fmt_pct(x: float, d: int) -> str:
    """ING-GEN-4: half-up rounding to `d` decimals with a decimal comma (`41,3`)."""
    q = Decimal(1).scaleb(-d) if d > 0 else Decimal(1)
    return str(Decimal(str(x)).quantize(q, rounding=ROUND_HALF_UP)).replace(".", ",")


def pct(a: float, b: float) -> float:
    """ING-ATT-7: `100·a/b`, 0 when `b = 0`."""
    return 100.0 * a / b if b else 0.0


_ONES = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def number_words(n: int) -> str:
    """A count up to 99 spelled in Indonesian ("sepuluh", "tiga belas", "dua puluh satu");
    larger counts stay digits, as a report would write them."""
    if not 0 <= n < 100:
        return fmt_int(n)
    if n < 10:
        return _ONES[n]
    if n < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(n, f"{_ONES[n - 10]} belas")
    tens, ones = divmod(n, 10)
    return f"{_ONES[tens]} puluh" + (f" {_ONES[ones]}" if ones else "")


def truncate(s: str | None, n: int) -> str:
    text = _WS.sub(" ", s or "").strip()
    return text if len(text) <= n else text[:n] + "..."


def nama_lengkap(title: str | None, nama: str | None) -> str:
    return " ".join(p.strip() for p in (title, nama) if p and p.strip())


def at_handle(handle: str | None, missing: str = "-") -> str:
    return f"@{handle}" if handle else missing


def collapse_blank_lines(lines: list[str]) -> str:
    """ING-REP-2: texts are trimmed and consecutive empty lines collapse to one."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
