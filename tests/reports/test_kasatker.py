"""Kasatker monitoring kinds (issue 24): REP-KASATKER (DIR-30, ING-REP-34)."""

from __future__ import annotations

from core.reports import build_report
from core.timewindow import Period
from tests.reports.conftest import DAY, NOW
from tests.reports.seed import wib


def _block(text: str, title: str) -> list[str]:
    return text.split(f"{title}\n")[1].split("\n\n")[0].splitlines()


async def test_kasatker_compliance_is_the_ranking_score_by_category_ing_rep_34(db, directorate, seed):
    # POLRESE gets one member who did nothing: 0 % -> RENDAH with "(Belum ada pelaksanaan)".
    await seed.user("60", "POLRESE", "FAJAR", insta="fajar", tiktok="fajar", roles=("ditbinmas",))
    out = await build_report(
        db, "REP-KASATKER", client_id="DITBINMAS", ref_date=DAY, now=NOW, period=Period.DAY
    )
    text = out.text
    assert text.startswith(
        "Selamat Siang,\n\nMohon ijin Komandan,\n\n"
        "Melaporan kepatuhan pelaksanaan Likes dan Komentar Media Sosial.\nPeriode hari ini.\n\n"
    )
    assert "media sosial resmi DIT BINMAS." in text
    assert "• *AKTIF* : Personil yang sudah melaksanakan ≥ 90%" in text
    assert "• *RENDAH* : Personil yang sudah melaksanakan < 50%" in text
    # POLRESB: EKO is an exception (IG and TikTok done) -> 100 %. POLRESA: IG 3/4 (ANDI, BUDI, INTEL),
    # TikTok 1/4 (ANDI) -> (0.75 + 0.25) / 2 = 50 %. The directorate's own unit is left out.
    assert _block(text, "*KEPATUHAN AKTIF* (1 Satker)") == ["1. POLRES BETA : 100,0%"]
    assert _block(text, "*KEPATUHAN SEDANG* (1 Satker)") == ["1. POLRES ALPHA : 50,0%"]
    assert _block(text, "*KEPATUHAN RENDAH* (1 Satker)") == ["1. POLRES ECHO : 0,0% (Belum ada pelaksanaan)"]
    assert "DIT BINMAS :" not in text
    arahan = text.split("*ARAHAN TINDAK LANJUT*\n")[1]
    assert "*AKTIF*" in arahan and "*RENDAH*" in arahan
    assert "grup koordinasi DIT BINMAS" in arahan
    assert text.endswith("Terima kasih.")
    assert "  " not in text and not any(line != line.rstrip() for line in text.splitlines())


async def test_kasatker_period_and_empty_categories_dir_30(db, directorate, seed):
    # All time, a day later in the evening: D1/D2/T1/T2 still count; the week/month labels follow.
    evening = wib(2026, 3, 5, 19, 30)
    out = await build_report(
        db, "REP-KASATKER", client_id="DITBINMAS", ref_date=DAY, now=evening, period=Period.ALL
    )
    assert out.text.startswith("Selamat Malam,\n")
    assert "Periode semua periode." in out.text
    assert _block(out.text, "*KEPATUHAN RENDAH* (0 Satker)") == ["-"]
    week = await build_report(
        db, "REP-KASATKER", client_id="DITBINMAS", ref_date=DAY, now=NOW, period=Period.WEEK
    )
    assert "Periode minggu ini." in week.text


async def test_kasatker_only_directorate_entry_and_no_units_dir_30(db, seed):
    await seed.client("DITLANTAS", "Dit Lantas", "direktorat", regional_id="JATIM")
    out = await build_report(
        db, "REP-KASATKER", client_id="DITLANTAS", ref_date=DAY, now=NOW, period=Period.DAY
    )
    assert out.empty and out.text == "❌ Tidak ada data satker untuk disusun."
    # The directorate's own unit is listed when it is the only one with personnel.
    await seed.user("70", "DITLANTAS", "GITA", insta="gita", roles=("ditlantas",))
    out = await build_report(
        db, "REP-KASATKER", client_id="DITLANTAS", ref_date=DAY, now=NOW, period=Period.DAY
    )
    assert _block(out.text, "*KEPATUHAN RENDAH* (1 Satker)") == [
        "1. DIT LANTAS : 0,0% (Belum ada pelaksanaan)"
    ]
