"""WIB day, week and month edges of the task-post window (ING-TIME-1..4, ING-ATT-2)."""

from __future__ import annotations

from datetime import date

import pytest

from core.reports import build_report
from tests.reports.seed import wib

NOW = wib(2026, 3, 4, 14, 5)


@pytest.fixture
async def edges(seed):
    await seed.client("POLRESA", "Polres Alpha", "org")
    await seed.user("1", "POLRESA", "ANDI", insta="andi")
    await seed.ig_post("BEFORE", "POLRESA", wib(2026, 3, 3, 23, 59), likes=["andi"])  # Tuesday
    await seed.ig_post("FIRST", "POLRESA", wib(2026, 3, 4, 0, 0), likes=["andi"])  # 17:00 UTC the day before
    await seed.ig_post("LAST", "POLRESA", wib(2026, 3, 4, 23, 59), likes=[])
    await seed.ig_post("NEXT", "POLRESA", wib(2026, 3, 5, 0, 0), likes=["andi"])
    await seed.ig_post("MONDAY", "POLRESA", wib(2026, 3, 2, 0, 0), likes=[])
    await seed.ig_post("PREVWEEK", "POLRESA", wib(2026, 3, 1, 23, 59), likes=[])  # Sunday
    await seed.ig_post("FEB", "POLRESA", wib(2026, 2, 28, 12, 0), likes=[])


async def _posts(db, period: str) -> int:
    out = await build_report(
        db, "REP-IG-UNIT", client_id="POLRESA", ref_date=date(2026, 3, 4), period=period, now=NOW
    )
    return int(out.text.split("*Jumlah Konten:* ")[1].split("\n")[0])


async def test_day_is_the_wib_calendar_day(db, edges):
    out = await build_report(db, "REP-IG-UNIT", client_id="POLRESA", ref_date=date(2026, 3, 4), now=NOW)
    assert "/p/FIRST" in out.text and "/p/LAST" in out.text
    assert "/p/BEFORE" not in out.text and "/p/NEXT" not in out.text
    assert "- BRIPKA ANDI : @andi (1/2 konten)" in out.text
    assert "Periode: hari ini (WIB)" in out.text


async def test_week_month_and_all(db, edges):
    assert await _posts(db, "week") == 5  # Monday 2 March .. Sunday 8 March (PREVWEEK, FEB out)
    assert await _posts(db, "month") == 6  # 1..31 March (FEB out)
    assert await _posts(db, "all") == 6  # everything up to the reference day (NEXT out)
    assert await _posts(db, "day") == 2
    out = await build_report(
        db, "REP-IG-UNIT", client_id="POLRESA", ref_date=date(2026, 3, 4), period="week", now=NOW
    )
    assert "Minggu ke-10 (02 Maret 2026 - 08 Maret 2026)" in out.text


async def test_past_day_header_names_the_day(db, edges):
    out = await build_report(db, "REP-IG-UNIT", client_id="POLRESA", ref_date=date(2026, 3, 3), now=NOW)
    assert "/p/BEFORE" in out.text and "Hari, Tanggal: Selasa, 03 Maret 2026" in out.text
