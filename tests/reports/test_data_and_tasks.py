"""Data completeness (ING-REP-24..26, -28), post recaps and task messages (ING-REP-9, -33, ING-TASK-2)."""

from __future__ import annotations

from core.reports import build_report
from tests.reports.conftest import DAY, NOW


async def test_rep_username_groups_and_counts(db, directorate):
    text = (await build_report(db, "REP-USERNAME", client_id="POLRESA", ref_date=DAY, now=NOW)).text
    # POLRESA: ANDI both, BUDI IG only, CICI none, INTEL IG only, NOROLE IG only
    assert "Jumlah Total Personil : 5\nJumlah Personil Lengkap : 1\nJumlah Personil Kurang : 3" in text
    assert "Jumlah Personil Belum : 1" in text
    assert "- BRIPKA ANDI - IG: @andi, TikTok: @andi" in text
    assert "Belum (1):\n- BRIPKA CICI - IG: -, TikTok: -" in text


async def test_rep_username_empty(db, seed):
    await seed.client("POLRESZ", "Polres Zulu", "org")
    out = await build_report(db, "REP-USERNAME", client_id="POLRESZ", ref_date=DAY, now=NOW)
    assert out.empty and out.text == "Data absensi update data belum tersedia."


async def test_rep_data_satker_directorate(db, directorate):
    text = (await build_report(db, "REP-DATA-SATKER", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert "Jumlah Total Personil : 7\nJumlah Total Personil Sudah Mengisi Instagram : 6" in text
    assert "Jumlah Total Personil Sudah Mengisi Tiktok : 2" in text
    assert text.index("1. DIT BINMAS") < text.index("2. POLRES ALPHA") < text.index("3. POLRES BETA")
    assert text.endswith("Client Belum Input Data:\n1. POLRES ECHO")  # inactive XRAY never listed


async def test_rep_data_personil_categories(db, directorate):
    kurang = await build_report(
        db, "REP-DATA-PERSONIL", client_id="DITBINMAS", ref_date=DAY, now=NOW, category=3
    )
    assert "kategori *KURANG (Belum lengkap, ada yang kosong)*" in kurang.text
    assert "BRIPDA STAF (IG: @staf), TikTok kosong" in kurang.text and "DIREKTUR" not in kurang.text
    belum = await build_report(
        db, "REP-DATA-PERSONIL", client_id="DITBINMAS", ref_date=DAY, now=NOW, category=4
    )
    assert belum.empty and belum.text.endswith(
        "Tidak ada data personil kategori BELUM (Belum mengisi Instagram dan TikTok) untuk DIT BINMAS."
    )


async def test_rep_data_exec_numbers(db, directorate):
    text = (await build_report(db, "REP-DATA-EXEC", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert text.startswith("Mohon Ijin Komandan,\n\n*Rekap User Insight 4 Mar 2026 14.05 WIB*")
    assert "*Personil Saat ini:* 7 personil" in text
    assert "IG 85,7% (6/7)" in text and "TT 28,6% (2/7)" in text


async def test_rep_ig_posts_and_tt_posts(db, directorate):
    ig = (await build_report(db, "REP-IG-POSTS", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert "*Jumlah konten hari ini:* 2\n*Total likes semua konten:* 8" in ig
    assert "- https://www.instagram.com/p/D1 : 4 like" in ig
    tt = (await build_report(db, "REP-TT-POSTS", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert "- https://www.tiktok.com/@ditbinmas/video/T1 : 2 komentar" in tt


async def test_rep_task_menu_segments_and_baru(db, directorate):
    out = await build_report(
        db, "REP-TASK-MENU", client_id="DITBINMAS", ref_date=DAY, now=NOW, previous_ids={"D1", "T1"}
    )
    text = out.text
    assert "1. https://www.instagram.com/p/D1 (upload 07:00 WIB) : 4 likes" in text
    assert "2. [BARU] https://www.instagram.com/p/D2 (upload 09:00 WIB) : 4 likes" in text
    manual = text.split("Segmen Tugas Khusus")[1]
    assert "- TikTok (manual): 1 konten | Total komentar: 1" in manual
    assert "1. [BARU] https://www.tiktok.com/@ditbinmas/video/T2 (upload 11:00 WIB) : 1 komentar" in manual


async def test_rep_task_list(db, directorate):
    text = (await build_report(db, "REP-TASK-LIST", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert text.startswith(
        "📋 *Daftar Tugas - Dit Binmas*\n🕒 Pengambilan data: Rabu, 04 Maret 2026 pukul 14.05 WIB"
    )
    assert "📸 Instagram: *2* konten\n🎵 TikTok: *2* konten" in text
    assert (
        "1. https://www.instagram.com/p/D1/\n   _Apel pagi_\n   Upload: Rabu, 04 Mar 2026, 07.00 WIB" in text
    )
    assert "   (Tidak ada caption)" in text and "   (Tidak ada deskripsi)" in text
    assert text.endswith("_Pastikan semua tugas telah dikerjakan dengan baik._")


async def test_rep_combined_no_tasks(db, seed):
    await seed.client("DITX", "Dit X", "direktorat")
    out = await build_report(db, "REP-COMBINED", client_id="DITX", ref_date=DAY, now=NOW)
    assert "List Link Tugas Instagram dan Tiktok Hari ini :\nTidak ada tugas hari ini." in out.text
    assert "1. 📸 *Instagram*\n   Tidak ada tugas hari ini." in out.text and not out.files


def test_task_change_messages_ing_task_3():
    from datetime import datetime

    from core.reports.daily import (
        TaskChanges,
        render_new_instagram_posts,
        render_new_tiktok_posts,
        render_removed_posts,
        render_task_list,
    )
    from core.reports.model import ClientInfo, Post

    client = ClientInfo("POLRESA", "Polres Alpha", "org", None, "polresa", None, True)
    post = Post(
        "Abc", "POLRESA", "  Apel   pagi  ", datetime(2026, 3, 4, 0, 0), None, "cron_fetch", 1234, None, 0
    )
    text = render_new_instagram_posts(client, [post])
    assert text.startswith("📸 *Tugas Instagram Baru - Polres Alpha*\n\nTerdapat *1* konten Instagram baru")
    assert "1. *Post Abc*\n   Caption: _Apel pagi_\n   Link: https://www.instagram.com/p/Abc/" in text
    tt = render_new_tiktok_posts(client, [Post("V1", "POLRESA", None, datetime(2026, 3, 4), None, "cron_fetch",
                                               None, None, 0)])  # fmt: skip
    assert (
        "1. *Video V1*\n   Deskripsi: (Tidak ada deskripsi)\n   Link: https://www.tiktok.com/@polresa/video/V1"
        in tt
    )
    removed = render_removed_posts(client, ["Old1"], [])
    assert (
        "📸 *1* konten Instagram tidak lagi ada di daftar tugas.\nLink konten Instagram yang dihapus:\n1. "
        in removed
    )
    listing = render_task_list(
        client, [post], [], datetime(2026, 3, 4, 7, 5), TaskChanges(ig_added=1, tt_removed=2)
    )
    assert "📊 *Perubahan Hari Ini:*\n✅ +1 konten Instagram baru\n❌ 2 konten TikTok dihapus" in listing
    assert "   Likes: 1.234 | Komentar: -" in listing and "🎵 *Tugas TikTok" not in listing


async def test_rep_data_belum(db, directorate, seed):
    text = (await build_report(db, "REP-DATA-BELUM", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert text == "*SUBDIT* (1)\nBRIPDA STAF, TikTok kosong"
    await seed.client("DITY", "Dit Y", "direktorat")
    out = await build_report(db, "REP-DATA-BELUM", client_id="DITY", ref_date=DAY, now=NOW)
    assert out.empty and out.text is None  # nobody incomplete: nothing to send
