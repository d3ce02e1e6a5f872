"""Amplification link reports (ING-REP-19..23)."""

from __future__ import annotations

import pytest

from core.reports import build_report
from tests.reports.conftest import DAY, NOW
from tests.reports.seed import wib


@pytest.fixture
async def links(seed):
    await seed.client("POLRESA", "Polres Alpha", "org")
    op = ("operator",)
    await seed.user("1", "POLRESA", "ANDI", divisi="SAT BINMAS", roles=op)
    await seed.user("2", "POLRESA", "BUDI", divisi="BAG OPS", roles=op)
    await seed.user("3", "POLRESA", "CICI", divisi="SAT BINMAS", roles=op)
    await seed.user("4", "POLRESA", "EKO", divisi="SAT BINMAS", roles=op, exception=True)
    await seed.user("5", "POLRESA", "NONOP", divisi="SAT BINMAS")  # not an operator: not counted (org)
    await seed.ig_post("P1", "POLRESA", wib(2026, 3, 4, 7))
    await seed.ig_post("P2", "POLRESA", wib(2026, 3, 4, 9))
    at = wib(2026, 3, 4, 10)
    await seed.link_report("P1", "1", at, instagram="ig1", facebook="fb1", tiktok="tt1")
    await seed.link_report("P2", "1", at, twitter="tw1")
    await seed.link_report("P1", "2", at, youtube="yt2")
    await seed.link_report("P2", "5", at, facebook="fb5")


async def test_rep_amp_att_unit_variant(db, links):
    """ANDI 2/2 tasks (4 links), BUDI 1/2 (1 link), CICI 0, EKO exception 2/2 with 0 links."""
    text = (await build_report(db, "REP-AMP-ATT", client_id="POLRESA", ref_date=DAY, now=NOW)).text
    assert text.startswith(
        "Selamat Siang,\n\nMohon ijin melaporkan Pelaksanaan Tugas Amplifikasi *Polres Alpha*"
    )
    assert "Hari: Rabu\nTanggal: 4/3/2026\nPukul: 14.05.00" in text
    assert "Jumlah Konten Resmi Hari ini: 2" in text
    assert "Jumlah Personil yang melaksanakan: 3" in text
    assert "Jumlah Total Link dari 5 Platform Sosial Media: 5" in text
    sudah = text.split("✅ Sudah Melaksanakan (2 user)\nUrut berdasarkan total link terbanyak\n")[1]
    assert sudah.startswith("SAT BINMAS – BRIPKA ANDI (Sudah: 2 Tugas / Belum: 0 Tugas / Total Link: 4 Link)")
    assert "SAT BINMAS – BRIPKA EKO (Sudah: 2 Tugas / Belum: 0 Tugas / Total Link: 0 Link)" in sudah
    assert (
        "⚠️ Belum Lengkap (1 user)\nBAG OPS – BRIPKA BUDI (Sudah: 1 Tugas / Belum: 1 Tugas / Total Link: 1 Link)"
        in text
    )
    assert "❌ Belum Melaksanakan (1 user)\nSAT BINMAS – BRIPKA CICI" in text
    assert "NONOP" not in text and text.endswith("Terima kasih.")


async def test_rep_amp_post(db, links):
    text = (await build_report(db, "REP-AMP-POST", client_id="POLRESA", ref_date=DAY, now=NOW)).text
    first = text.split("Link Post: https://www.instagram.com/p/P2")[0]
    assert (
        "Link Post: https://www.instagram.com/p/P1\nJumlah Personil yang melaksanakan : 3" in first
    )  # + exception
    assert "Jumlah Total Link dari 5 Platform Sosial Media : 4" in first
    assert text.endswith("Terimakasih.")


async def test_rep_amp_links_operators_only(db, links):
    text = (await build_report(db, "REP-AMP-LINKS", client_id="POLRESA", ref_date=DAY, now=NOW)).text
    assert "Jumlah Personil yang melaksanakan : 2" in text
    assert "Jumlah Total Link dari 5 Platform Sosial Media : 5" in text
    assert "Facebook (1):\nfb1" in text and "fb5" not in text
    assert "Youtube (1):\nyt2" in text


async def test_rep_amp_links_empty_cases(db, links, seed):
    out = await build_report(
        db, "REP-AMP-LINKS", client_id="POLRESA", ref_date=DAY, now=NOW, variant="yesterday"
    )
    assert out.empty and out.text == "Tidak ada laporan link kemarin untuk client *POLRESA*."
    await seed.client("POLRESB", "Polres Beta", "org")
    out = await build_report(db, "REP-AMP-LINKS", client_id="POLRESB", ref_date=DAY, now=NOW)
    assert out.text == "Tidak ada user operator aktif untuk client *POLRESB*."


async def test_no_tasks(db, seed):
    await seed.client("POLRESA", "Polres Alpha", "org")
    out = await build_report(db, "REP-AMP-ATT", client_id="POLRESA", ref_date=DAY, now=NOW)
    assert out.empty and out.text == "Tidak ada konten IG untuk *Polres Alpha* hari ini."
