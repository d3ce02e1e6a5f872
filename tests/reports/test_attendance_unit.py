"""Instagram likes attendance of a unit (ING-ATT-1..6, ING-REP-3) with every count known."""

from __future__ import annotations

from datetime import date

import pytest

from core.reports import ReportError, build_report, recap_kind
from tests.reports.seed import wib

DAY = date(2026, 3, 4)  # a Wednesday
NOW = wib(2026, 3, 4, 14, 5)


@pytest.fixture
async def polres(seed):
    await seed.client("POLRESA", "Polres Alpha", "org")
    await seed.client("POLRESB", "Polres Beta", "org")
    # three posts today (one at 00:30 WIB = previous UTC day), one yesterday, one excluded
    await seed.ig_post("P1", "POLRESA", wib(2026, 3, 4, 0, 30), likes=["andi", "budi", "x1"])
    await seed.ig_post("P2", "POLRESA", wib(2026, 3, 4, 8), likes=["andi", "budi"])
    await seed.ig_post("P3", "POLRESA", wib(2026, 3, 4, 23, 59), likes=["andi"])
    await seed.ig_post("OLD", "POLRESA", wib(2026, 3, 3, 23, 59), likes=["cici", "dedi"])
    await seed.ig_post("EXC", "POLRESA", wib(2026, 3, 4, 10), likes=["cici"])
    await seed.exclusion("POLRESA", "instagram", "EXC")
    await seed.user("1", "POLRESA", "ANDI", insta="andi", divisi="SAT BINMAS")  # 3/3 lengkap
    await seed.user("2", "POLRESA", "BUDI", insta="budi", divisi="BAG OPS")  # 2/3 kurang
    await seed.user("3", "POLRESA", "CICI", insta="cici", divisi="SAT BINMAS")  # 0/3 belum
    await seed.user("4", "POLRESA", "DEDI", insta=None, divisi="SAT BINMAS")  # no username
    await seed.user("5", "POLRESA", "EKO", insta="eko", exception=True, divisi="BAG OPS")  # exception
    await seed.user("6", "POLRESA", "FAJAR", insta="x1", status=False)  # inactive: not counted
    await seed.user("7", "POLRESB", "GITA", insta="andi")  # other client: not counted


async def test_rep_ig_unit_counts_threshold_edges(db, polres):
    """ING-ATT-6 FULL: 3/3 lengkap, 2/3 kurang, 0 belum, no handle, exception lengkap."""
    out = await build_report(db, "rep-ig-unit", client_id="polresa", ref_date=DAY, now=NOW)
    text = out.text
    assert text.startswith(
        "Mohon ijin Komandan,\n\n📋 *Rekap Akumulasi Likes Instagram*\n*Polres*: *Polres Alpha*"
    )
    assert "Rabu, 04 Maret 2026" in text and "Jam: 14.05.00 WIB" in text
    assert "*Jumlah Konten:* 3" in text
    assert "https://www.instagram.com/p/EXC" not in text and "/p/OLD" not in text
    assert "*Jumlah user:* 5 user" in text
    assert "✅ *Melaksanakan lengkap* : *2 user*" in text
    assert "⚠️ *Melaksanakan kurang lengkap* : *1 user*" in text
    assert "❌ *Belum melaksanakan* : *2 user*" in text
    assert "- BRIPKA ANDI : @andi (3/3 konten)" in text
    assert "- BRIPKA BUDI : @budi (2/3 konten)" in text
    assert "- BRIPKA DEDI : - (0/3 konten)" in text
    assert "- BRIPKA EKO : @eko (3/3 konten)" in text
    assert "FAJAR" not in text and "GITA" not in text
    # ING-ATT-8: BAG before SAT
    assert text.index("*BAG OPS* (2 user):") < text.index("*SAT BINMAS* (3 user):")
    assert text.endswith("Terimakasih.")


async def test_no_content_reply(db, seed):
    await seed.client("POLRESA", "Polres Alpha", "org")
    out = await build_report(db, "REP-IG-UNIT", client_id="POLRESA", ref_date=DAY, now=NOW)
    assert out.empty
    assert out.text == "Tidak ada konten pada akun Official Instagram *Polres Alpha* hari ini."


async def test_unknown_kind_and_client(db, seed):
    with pytest.raises(ReportError) as e:
        await build_report(db, "REP-NOPE", client_id="X", ref_date=DAY, now=NOW)
    assert e.value.reason == "unknown_kind"
    with pytest.raises(ReportError) as e:
        await build_report(db, "REP-IG-UNIT", client_id="NOPE", ref_date=DAY, now=NOW)
    assert e.value.reason == "unknown_client"


async def test_rep_igc_half_rule_without_kurang(db, seed):
    """ING-REP-18: HALF (2 of 3), everyone below the target is belum; exceptions show N/N."""
    await seed.client("POLRESA", "Polres Alpha", "org")
    await seed.user("1", "POLRESA", "ANDI", insta="andi")
    await seed.user("2", "POLRESA", "BUDI", insta="budi")
    await seed.user("3", "POLRESA", "EKO", insta=None, exception=True)
    await seed.ig_post("C1", "POLRESA", wib(2026, 3, 4, 7), likes=["budi"], comments=["andi", "budi"])
    await seed.ig_post("C2", "POLRESA", wib(2026, 3, 4, 8), likes=["budi"], comments=["andi"])
    await seed.ig_post("C3", "POLRESA", wib(2026, 3, 4, 9), likes=["budi"], comments=[])
    text = (await build_report(db, "REP-IGC", client_id="POLRESA", ref_date=DAY, now=NOW)).text
    assert "📋 *Rekap Akumulasi Komentar Instagram*\n*Polres*: *Polres Alpha*" in text
    assert "*Jumlah user:* 3\n✅ *Sudah melaksanakan* : *2 user*\n❌ *Belum melaksanakan* : *1 user*" in text
    assert "- BRIPKA ANDI : @andi (2/3 konten)" in text
    assert "- BRIPKA EKO : - (3/3 konten)" in text
    assert (
        "❌ *Belum melaksanakan* (1 user):\n*SAT BINMAS* (1 user):\n- BRIPKA BUDI : @budi (1/3 konten)"
        in text
    )


def test_recap_dispatcher_ing_rep_10():
    assert recap_kind("instagram", is_directorate=True) == "REP-IG-DUNITS"
    assert recap_kind("instagram", is_directorate=False, role="operator") == "REP-IG-UNIT"
    assert recap_kind("tiktok", is_directorate=True, role="operator") == "REP-TT-UNIT"
    assert recap_kind("tiktok", is_directorate=True) == "REP-TT-DUNITS"
    assert recap_kind("tiktok", is_directorate=False) == "REP-TT-UNIT"


async def test_operator_role_scope_and_sudah_mode(db, polres, seed):
    """unit(C, role=operator) counts only operators; mode `sudah` prints no belum lists."""
    await seed.user("8", "POLRESA", "OPS", insta="andi", roles=("operator",), divisi="SAT BINMAS")
    out = await build_report(db, "REP-IG-UNIT", client_id="POLRESA", ref_date=DAY, now=NOW, role="operator",
                             mode="sudah")  # fmt: skip
    assert "*Jumlah user:* 1 user" in out.text and "- BRIPKA OPS : @andi (3/3 konten)" in out.text
    assert "❌ Belum (" not in out.text
