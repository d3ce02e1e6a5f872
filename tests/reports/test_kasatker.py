"""Kasatker monitoring kinds (issue 24): REP-KASATKER (DIR-30, ING-REP-34), REP-KASATKER-ATT (DIR-33,
ING-REP-35), REP-KASATBINMAS-IG/-TT (DIR-34/35, ING-REP-36)."""

from __future__ import annotations

import pytest

from core.reports import ReportError, build_report
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


async def _kasat_heads(seed) -> None:
    """ANDI (POLRESA) and EKO (POLRESB, exception) head their units; CICI is a deputy; POLRESE gets one."""
    for user_id, jabatan in (
        ("20", "Kasat Binmas Polres Alpha"),
        ("30", "KASATBINMAS"),
        ("22", "WAKASAT BINMAS"),
    ):
        await seed._exec('UPDATE "user" SET jabatan = :j WHERE user_id = :u', {"j": jabatan, "u": user_id})


async def test_kasatker_attendance_lists_heads_and_units_without_one_ing_rep_35(db, directorate, seed):
    await _kasat_heads(seed)
    out = await build_report(db, "REP-KASATKER-ATT", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert out.text.splitlines() == [
        "📋 *Absensi Kasatker (Kasat Binmas)*",
        "Client: DITBINMAS",
        "Total Kasat Binmas: 2",
        "IG terdaftar: 2/2",
        "TikTok terdaftar: 1/2",
        "",
        "1. BRIPKA ANDI (POLRES ALPHA) — IG ✅ | TT ✅",
        "2. BRIPKA EKO (POLRES BETA) — IG ✅ | TT ❌",
        "",
        "🚧 Polres tanpa Kasat Binmas terdeteksi:",
        "- POLRESE (Polres Echo)",
    ]
    await seed.user(
        "61", "POLRESE", "GANI", title="AKP", jabatan="KASAT BINMAS", insta="gani", roles=("ditbinmas",)
    )
    out = await build_report(db, "REP-KASATKER-ATT", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert "3. AKP GANI (POLRES ECHO) — IG ✅ | TT ❌" in out.text
    assert out.text.endswith(
        "🚧 Polres tanpa Kasat Binmas terdeteksi:\n✅ Semua Polres jajaran sudah memiliki Kasat Binmas."
    )


async def test_kasatker_attendance_none_found_and_no_profile_dir_33(db, directorate, seed):
    out = await build_report(db, "REP-KASATKER-ATT", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert out.empty
    assert (
        out.text.splitlines()[0] == "ℹ️ Dari 7 user aktif DITBINMAS (ditbinmas), tidak ditemukan Kasat Binmas."
    )
    assert out.text.splitlines()[2:] == [
        "🚧 Polres tanpa Kasat Binmas terdeteksi:",
        "- POLRESA (Polres Alpha)",
        "- POLRESB (Polres Beta)",
        "- POLRESE (Polres Echo)",
    ]
    await seed.client("DITPOLAIRUD", "Dit Polairud", "direktorat", regional_id="JATIM")
    with pytest.raises(ReportError) as err:
        await build_report(db, "REP-KASATKER-ATT", client_id="DITPOLAIRUD", ref_date=DAY, now=NOW)
    assert err.value.message == "Menu ini belum memiliki profil Kasatker untuk DITPOLAIRUD."


async def test_kasat_likes_recap_sections_ing_rep_36(db, directorate, seed):
    await _kasat_heads(seed)
    await seed.user(
        "61", "POLRESE", "GANI", title="AKP", jabatan="KASAT BINMAS", insta="gani", roles=("ditbinmas",)
    )
    out = await build_report(
        db, "REP-KASATBINMAS-IG", client_id="DITBINMAS", ref_date=DAY, now=NOW, period=Period.DAY
    )
    lines = out.text.splitlines()
    assert lines[:11] == [
        "📋 *Absensi Likes Kasat Binmas*",
        "",
        "🗓️ Periode: Rabu, 04 Maret 2026",
        "📈 Total konten periode ini: 2",
        "👥 Total Kasat Binmas: 3 pers",
        "",
        "📊 Distribusi Status:",
        "  ✅ Lengkap: 2 pers",
        "  ⚠️ Sebagian: 0 pers",
        "  ❌ Belum: 1 pers",
        "  ⚠️❌ Belum update username IG: 0 pers",
    ]
    text = out.text
    assert (
        "✅ *Melaksanakan Lengkap (2 pers)*\n  1. BRIPKA ANDI (POLRES ALPHA) — 2/2 konten\n  2. BRIPKA EKO"
        in text
    )
    assert "⚠️ *Melaksanakan Sebagian (0 pers)*\n  - Tidak ada data" in text
    assert "❌ *Belum Melaksanakan (1 pers)*\n  1. AKP GANI (POLRES ECHO) — 0/2 konten" in text
    assert text.endswith("⚠️❌ *Belum Update Username Instagram (0 pers)*\n  - Tidak ada data")


async def test_kasat_comment_recap_week_and_no_content_dir_35(db, directorate, seed):
    await _kasat_heads(seed)
    out = await build_report(
        db, "REP-KASATBINMAS-TT", client_id="DITBINMAS", ref_date=DAY, now=NOW, period=Period.WEEK
    )
    text = out.text
    assert text.startswith("📋 *Absensi Komentar TikTok Kasat Binmas*\n\n"
                           "🗓️ Periode: Senin, 02 Maret 2026 s.d. Minggu, 08 Maret 2026\n")  # fmt: skip
    assert "⚠️ *Melaksanakan Sebagian (1 pers)*\n  1. BRIPKA ANDI (POLRES ALPHA) — 1/2 konten" in text
    assert "  ⚠️❌ Belum update username TikTok: 0 pers" in text
    # A month without posts: title, period, one line.
    out = await build_report(
        db,
        "REP-KASATBINMAS-TT",
        client_id="DITBINMAS",
        ref_date=DAY.replace(month=1),
        now=NOW,
        period=Period.MONTH,
    )
    assert out.empty
    assert out.text.splitlines() == [
        "📋 *Absensi Komentar TikTok Kasat Binmas*",
        "",
        "🗓️ Periode: Bulan Januari 2026",
        "ℹ️ Tidak ada konten TikTok pada akun official DIT BINMAS yang perlu dilaksanakan pada periode ini.",
    ]


async def test_kasat_likes_excel_rows_ing_xls_9(db, directorate, seed):
    import io

    from openpyxl import load_workbook

    await _kasat_heads(seed)
    await seed.user(
        "61", "POLRESE", "GANI", title="AKP", jabatan="KASAT BINMAS", insta="gani", roles=("ditbinmas",)
    )
    out = await build_report(
        db, "XLS-KASATBINMAS-IG", client_id="DITBINMAS", ref_date=DAY, now=NOW, period=Period.WEEK
    )
    (file,) = out.files
    assert file.name == "Rekap_Likes_Kasat_Binmas_weekly_20260304-1405.xlsx"
    wb = load_workbook(io.BytesIO(file.content))
    assert wb.sheetnames == ["Rekap"]
    rows = [tuple(c.value for c in r) for r in wb["Rekap"].iter_rows(max_col=3)]
    assert rows[0][0] == "Rekap Likes Instagram Kasat Binmas (Excel)"
    assert rows[1][0] == "Periode: Senin, 02 Maret 2026 s.d. Minggu, 08 Maret 2026"
    assert rows[2] == (None, None, None)
    assert rows[3] == ("Polres", "Pangkat dan Nama", "Total Likes")
    # Total desc, then ING-ATT-9; EKO is an exception and counts every post (ING-ATT-5).
    assert rows[4:] == [
        ("POLRES ALPHA", "BRIPKA ANDI", 2),
        ("POLRES BETA", "BRIPKA EKO", 2),
        ("POLRES ECHO", "AKP GANI", 0),
    ]


async def test_kasat_comment_excel_name_and_no_content_ing_xls_9(db, directorate, seed):
    await _kasat_heads(seed)
    out = await build_report(
        db, "XLS-KASATBINMAS-TT", client_id="DITBINMAS", ref_date=DAY, now=NOW, period=Period.DAY
    )
    assert out.files[0].name == "Rekap_Komentar_TikTok_Kasat_Binmas_daily_20260304-1405.xlsx"
    out = await build_report(
        db,
        "XLS-KASATBINMAS-TT",
        client_id="DITBINMAS",
        ref_date=DAY.replace(month=1),
        now=NOW,
        period=Period.MONTH,
    )
    assert out.empty and not out.files
    assert out.text.endswith(
        "Tidak ada konten TikTok pada akun official DIT BINMAS yang perlu dilaksanakan pada periode ini."
    )
