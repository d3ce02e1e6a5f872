"""Every P1 report kind renders for a directorate and for a unit (issue 5 'every P1 kind renders')."""

from __future__ import annotations

import pytest

from core.reports import build_report, list_kinds
from tests.reports.conftest import DAY, NOW

DIRECTORATE_ONLY = {
    "REP-IG-DUNITS", "REP-IG-DDETAIL", "REP-IG-DSIMPLE", "REP-IG-JAJARAN", "REP-TT-DUNITS", "REP-TT-DDETAIL",
    "REP-TT-DSIMPLE", "REP-TT-JAJARAN", "REP-DATA-PERSONIL", "REP-DATA-EXEC",
    "REP-RANK-PERSONEL", "REP-RANK-SATKER", "REP-TOPBOTTOM-TT", "REP-TOPBOTTOM-IG",
    "XLS-WEEKLY-IG", "XLS-WEEKLY-TT", "XLS-MONTHLY-IG", "XLS-MONTHLY-TT", "XLS-MATRIX",
    "XLS-ALLDATA-IG", "XLS-ALLDATA-TT", "REP-DATA-BELUM", "REP-DASH-REG",
    # issue 24: the Kasatker kinds look at a directorate's jajaran (DIR-30.0)
    "REP-KASATKER", "REP-KASATKER-ATT", "REP-KASATBINMAS-IG", "REP-KASATBINMAS-TT", "XLS-KASATBINMAS-IG",
    "XLS-KASATBINMAS-TT",
    # issue 24: the Satbinmas Official recaps look at a directorate's org jajaran (DIR-40/41)
    "REP-SATBINMAS-IG", "REP-SATBINMAS-TT",
    # issue 21: the charts of directorate-only recaps are directorate-only too
    "CHART-IG-DDETAIL", "CHART-IG-DSIMPLE", "CHART-IG-JAJARAN", "CHART-TT-DDETAIL", "CHART-TT-DSIMPLE",
    "CHART-TT-JAJARAN",
}  # fmt: skip
# Kinds that need their sub-choice (the menus always pass one).
CHOICES = {"REP-USERNAME-PLATFORM": {"variant": "instagram", "mode": "all"}}


@pytest.mark.parametrize("kind", [k.id for k in list_kinds()])
async def test_every_kind_renders_for_directorate(db, directorate, kind):
    out = await build_report(db, kind, client_id="ditbinmas", ref_date=DAY, now=NOW, **CHOICES.get(kind, {}))
    assert out.text or out.files or (out.empty and kind == "REP-DATA-BELUM")
    if out.text:
        assert "\n\n\n" not in out.text and out.text == out.text.strip()


@pytest.mark.parametrize("kind", [k.id for k in list_kinds() if k.id not in DIRECTORATE_ONLY])
async def test_every_unit_kind_renders_for_unit(db, directorate, kind):
    out = await build_report(db, kind, client_id="POLRESA", ref_date=DAY, now=NOW, **CHOICES.get(kind, {}))
    assert out.text or out.files


async def test_same_rows_same_output(db, directorate):
    """ING-GEN-6: byte-identical output for the same rows and the same `now`."""
    for kind in ("REP-IG-DUNITS", "REP-COMBINED", "REP-TASK-MENU"):
        a = await build_report(db, kind, client_id="DITBINMAS", ref_date=DAY, now=NOW)
        b = await build_report(db, kind, client_id="DITBINMAS", ref_date=DAY, now=NOW)
        assert a.text == b.text
