"""P2 rankings and registration recaps (ING-REP-37, -38, -39)."""

from __future__ import annotations

from datetime import date

from core.reports import build_report
from tests.reports.conftest import DAY, NOW


async def test_rank_personel_all_time(db, directorate):
    """Likes D1+D2 and comments T1+T2 over directorate(D); the exception counts N (ING-ATT-5)."""
    text = (await build_report(db, "REP-RANK-PERSONEL", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert text.startswith("📊 *Top Ranking Like & Komentar Personel*\nPeriode: semua\n\n1. Nama: DIREKTUR")
    names = [line.split("Nama: ")[1] for line in text.splitlines() if "Nama: " in line]
    assert names == ["DIREKTUR", "EKO", "ANDI", "BUDI", "INTEL"]
    assert "   NRP: 10\n   Kesatuan: DIT BINMAS\n   Total Like/Komentar: 4" in text


async def test_rank_satker(db, directorate):
    """The directorate's own staff (4 likes/comments) are not ranked among its Polres (issue 16 item 5)."""
    text = (await build_report(db, "REP-RANK-SATKER", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert "1. Kesatuan: POLRES ALPHA\n   Total Like/Komentar: 5\n   Like: 4 | Komentar: 1" in text
    assert "2. Kesatuan: POLRES BETA\n   Total Like/Komentar: 4" in text  # EKO, exception
    assert "DIT BINMAS" not in text and "3. " not in text


async def test_topbottom_tiktok_report_week(db, directorate):
    sunday = date(2026, 3, 8)  # on a Sunday the report week ends that day
    text = (await build_report(db, "REP-TOPBOTTOM-TT", client_id="DITBINMAS", ref_date=sunday, now=NOW)).text
    assert text.startswith(
        "📊 *Laporan TikTok Top and Bottom*\nPeriode: Senin, 02 Maret 2026 s.d. Minggu, 08 Maret 2026\n"
        "Total tugas TikTok: 2"
    )
    # Fewer than ten people: one ranked list, so nobody is both highest and lowest (issue 16 item 5).
    assert "Pelaksana Tertinggi" not in text and "Pelaksana Terendah" not in text
    ranked = text.split("🏅 *Peringkat Pelaksana (")[1].splitlines()[1:]
    assert ranked[:2] == [
        "1. KBP DIREKTUR (BAG OPS • DIT BINMAS) — 2 tugas",
        "2. BRIPKA ANDI (SAT BINMAS • POLRES ALPHA) — 1 tugas",
    ]
    assert len({line.split(". ", 1)[1] for line in ranked}) == len(ranked)
    empty = await build_report(db, "REP-TOPBOTTOM-TT", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert empty.empty and "Total tugas TikTok: 0" in empty.text  # week of 23 Feb - 1 Mar has no tasks


async def test_wa_registration(db, seed):
    await seed.client("POLRESA", "Polres Alpha", "org")
    await seed.user("1", "POLRESA", "ANDI", roles=("operator",), whatsapp="6281234567890")
    await seed.user("2", "POLRESA", "BUDI", roles=("operator",), divisi="BAG OPS")
    await seed.user("3", "POLRESA", "NONOP", whatsapp="6281111111111")
    text = (
        await build_report(db, "REP-WA-REG", client_id="POLRESA", ref_date=DAY, now=NOW, mode="belum")
    ).text
    assert text.startswith("📋 *Absensi Registrasi WhatsApp* untuk *Polres Alpha*")
    assert "Jumlah user: 2\nSudah registrasi: 1\nBelum registrasi: 1" in text
    assert "❌ *Belum (1 user):*\n*BAG OPS* (1 user):\n- BRIPKA BUDI" in text and "✅ *Sudah" not in text
