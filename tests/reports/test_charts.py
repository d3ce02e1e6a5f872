"""Chart kinds (issue 21): valid PNGs of the agreed width whose bars are the text recap's numbers."""

from __future__ import annotations

import os
import re
import struct
import sys
from pathlib import Path

import pytest

from core.config import get_settings
from core.reports import ReportError, build_report, list_kinds
from core.reports.attendance import get_client
from core.reports.chart_render import PNG_MIME, WIDTH_PX
from core.reports.charts import units_data
from core.reports.engine import ReportContext
from core.reports.model import Platform
from core.reports.output import ReportRequest
from core.timewindow import Period
from tests.reports.conftest import DAY, NOW

CHARTS = ("CHART-IG-UNITS", "CHART-TT-UNITS", "CHART-IG-TREND", "CHART-TT-TREND", "CHART-AMP-UNITS")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_chart_kinds_are_listed():
    ids = {k.id for k in list_kinds()}
    assert set(CHARTS) <= ids


@pytest.mark.parametrize("kind", CHARTS)
async def test_chart_is_a_wide_png(db, directorate, kind):
    out = await build_report(db, kind, client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert not out.empty and out.file is not None and out.file.mimetype == PNG_MIME
    if keep := os.environ.get("CICERO_CHART_DIR"):  # to look at them (issue 21 item 4)
        out.file.write_to(Path(keep) / out.file.name)
    width, height = png_size(out.file.content)
    assert width == WIDTH_PX and height >= 300


async def test_amp_chart_without_tasks_says_so(db, directorate):
    out = await build_report(
        db, "CHART-AMP-UNITS", client_id="DITBINMAS", ref_date=DAY.replace(day=1), now=NOW
    )
    assert out.empty and "Tidak ada tugas amplifikasi" in out.text and not out.files


async def _rows(db, client_id: str, recap_id: str):
    async with db.uow() as uow:
        client = await get_client(uow, client_id)
        req = ReportRequest("CHART", client.client_id, DAY, Period.DAY, NOW)
        return await units_data(ReportContext(uow, get_settings(), req, client), recap_id)


@pytest.mark.parametrize(
    ("platform", "text_kind"), [(Platform.INSTAGRAM, "REP-IG-DUNITS"), (Platform.TIKTOK, "REP-TT-DUNITS")]
)
async def test_unit_bars_equal_the_text_recap(db, directorate, platform, text_kind):
    _, rows = await _rows(db, "DITBINMAS", text_kind)
    text = (await build_report(db, text_kind, client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    by_name = {r.name: r for r in rows}
    assert set(by_name) == {"DIT BINMAS", "POLRES ALPHA", "POLRES BETA", "POLRES ECHO"} or set(by_name) >= {
        "DIT BINMAS",
        "POLRES ALPHA",
        "POLRES BETA",
    }
    lengkap = re.compile(r"- Melaksanakan [lL]engkap : (\d+) (?:pers|user)")
    for name, r in by_name.items():
        block = text[text.index(name) :]
        assert int(lengkap.search(block).group(1)) == r.lengkap, name
    # sorted best first, by the lengkap share
    assert [r.pct for r in rows] == sorted((r.pct for r in rows), reverse=True)
    # the IG recap: ALPHA 2 of 3 lengkap (CICI has no handle), BETA 1 of 1 (exception)
    if platform == Platform.INSTAGRAM:
        assert (by_name["POLRES ALPHA"].lengkap, by_name["POLRES ALPHA"].total) == (2, 3)
        assert (by_name["POLRES BETA"].lengkap, by_name["POLRES BETA"].total) == (1, 1)


def test_reports_import_no_matplotlib():
    """Text reports and the catalogue never pay matplotlib's import (issue 21 item 2)."""
    import subprocess

    code = "import core.reports, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_recap_chart_has_the_recaps_population(db, directorate):
    """dirrequest 5's chart: DIT BINMAS's own staff per division (REP-IG-DDETAIL: 2 pers, FULL)."""
    att, rows = await _rows(db, "DITBINMAS", "REP-IG-DDETAIL")
    text = (await build_report(db, "REP-IG-DDETAIL", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert "*Jumlah Total Personil :* 2 pers" in text
    assert sum(r.total for r in rows) == 2 and sum(r.lengkap for r in rows) == att.tally.lengkap == 1
    assert {r.name for r in rows} == {"BAG OPS", "SUBDIT"}
    out = await build_report(db, "CHART-IG-DDETAIL", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert png_size(out.file.content)[0] == WIDTH_PX
    with pytest.raises(ReportError):
        await build_report(db, "CHART-IG-DDETAIL", client_id="POLRESA", ref_date=DAY, now=NOW)
