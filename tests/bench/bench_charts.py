"""Chart benchmark (issue 21 item 2): a 40-unit CHART-*-UNITS picture and a 30-day trend.

Measured separately: the cold import of matplotlib (a fresh interpreter importing the renderer and
drawing one chart, so commands that draw nothing never pay it), the warm render time of a 40-unit
chart with matplotlib already imported (target <= 300 ms on the 2-core machine), and the RSS the
process gains from the first import plus repeated renders (target < 60 MB). Rendering only: the
numbers come from the report engine, whose cost bench_attendance measures.

Run: `.venv/bin/pytest tests/bench/bench_charts.py -m bench -s`
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest

from core.reports.chart_render import BarRow, TrendPoint, trend_png, units_png

pytestmark = pytest.mark.bench

CAPTION = (
    "Total lengkap 812 dari 2.140 pers (37,9%) · 3 konten · Lengkap = like minimal 2 dari 3 konten"
    " · personel DIREKTORAT BINMAS POLDA JATIM + jajaran · Sat Intelkam tidak dihitung (34)"
)


def _rss_kb() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def _rows(n: int) -> list[BarRow]:
    return [
        BarRow(f"POLRES KABUPATEN CONTOH NOMOR {i:02d}", 50 + i, (i * 7) % 50, i % 5, 10, i % 3)
        for i in range(n)
    ]


def _units() -> bytes:
    return units_png(
        _rows(40),
        title="Pelaksanaan Likes Instagram per Satker",
        subtitle="DIT BINMAS · Senin, 07 Desember 2026",
        caption=CAPTION,
    )


# A fresh interpreter: matplotlib's import (with the Agg backend and pyplot) timed apart from the
# first render, which builds the font cache lookups.
COLD = """
import time
from core.reports import chart_render as r
t = time.perf_counter()
r._new_figure()
i = time.perf_counter()
r.units_png([r.BarRow(f"POLRES {n:02d}", 50, n, 1, 10, 2) for n in range(40)], title="t", subtitle="s", caption="c")
print(i - t, time.perf_counter() - i)
"""


def test_bench_charts():
    cold = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True)
    cold_import, first_render = (float(x) for x in cold.stdout.split())
    rss0 = _rss_kb()
    _units()  # the first render here imports matplotlib (if not yet) and warms its font cache
    times = []
    for _ in range(15):
        t = time.perf_counter()
        png = _units()
        times.append(time.perf_counter() - t)
    days = [date(2026, 11, 8) + timedelta(days=i) for i in range(30)]
    t = time.perf_counter()
    trend_png(
        [TrendPoint(d, 5.0 + i % 7) for i, d in enumerate(days)], title="Tren", subtitle="x", caption=CAPTION
    )
    trend_s = time.perf_counter() - t
    rss_mb = (_rss_kb() - rss0) / 1024
    warm_ms = statistics.median(times) * 1000
    print(
        f"\ncharts: cold import+setup {cold_import * 1000:.0f} ms, first render {first_render * 1000:.0f} ms (fresh"
        f" process); warm 40-unit render median {warm_ms:.0f} ms, max {max(times) * 1000:.0f} ms (target <= 300);"
        f" 30-day trend {trend_s * 1000:.0f} ms; PNG {len(png) // 1024} KiB; RSS +{rss_mb:.1f} MB (target < 60)"
    )
    assert warm_ms <= 300
    assert rss_mb < 60
