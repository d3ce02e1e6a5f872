"""REP-TT-ANALYTIC (ING-REP-17) from stored comments, and as dashrequest item 5 (CONV-170)."""

from __future__ import annotations

import json

from core.reports import build_report, lookup
from core.timewindow import now_utc, utc_naive
from tests.dirrequest.conftest import ADMIN, add_user, execute


async def seed(db) -> None:
    """Two DITSAMAPTA videos: anggota_satu commented on both, a citizen on one, nobody else."""
    now = utc_naive(now_utc())
    await add_user(
        db, "1004", "DITSAMAPTA", "ditsamapta", tiktok="anggota_tiga", nama="CITRA", divisi="BAG OPS"
    )
    await add_user(db, "1005", "DITSAMAPTA", "ditsamapta", nama="DEDI", divisi="BAG OPS")
    videos = {"7000000000000000001": ["anggota_satu", "warga_x"], "7000000000000000002": ["anggota_satu"]}
    for i, (vid, commenters) in enumerate(videos.items()):
        caption = (
            "Patroli dialogis bersama warga di pasar pagi kota untuk menjaga keamanan lingkungan"
            if i == 0
            else ""
        )
        await execute(
            db, "INSERT INTO tiktok_post (video_id, client_id, caption, created_at) VALUES (:v, 'DITSAMAPTA', :c, :n)",
            v=vid, c=caption, n=now,
        )  # fmt: skip
        await execute(
            db,
            "INSERT INTO tiktok_comment (video_id, comments) VALUES (:v, :c)",
            v=vid,
            c=json.dumps(commenters),
        )


async def test_analytic_recap_counts_target_half_and_unique_participants_ing_rep_17(seeded):
    await seed(seeded)
    assert lookup("REP-TT-ANALYTIC") is not None
    out = await build_report(seeded, "REP-TT-ANALYTIC", client_id="DITSAMAPTA")
    text = out.text
    assert text.startswith("📊 *Rekap Analitik Komentar TikTok*\n*Direktorat Samapta* | ")
    assert "• Konten dipantau : 2" in text
    assert "• Target minimal per personel : 1 konten" in text
    assert "• Personel mencapai target : 1/2 (50,0%)" in text  # DEDI has no handle: not eligible
    assert "• Interaksi aktual : 2/2 (100,0%)" in text
    assert "• Partisipan unik : 2 akun" in text  # the citizen counts, personnel or not
    assert (
        "• Performa tertinggi : Patroli dialogis bersama warga di pasar pagi kota untuk m... – 2 akun" in text
    )
    assert "• Performa terendah : 7000000000000000002 – 1 akun" in text
    assert "*Kontributor Utama*\n1. BRIPKA ANGGOTA – 2/2 konten\n\n" in text
    assert "Tercatat 3 personel: 2 sudah memiliki username TikTok dan 1 belum; 2 personel belum" in text
    assert "📎 ✅ *Lampiran – Personel mencapai target* (1 user)" in text
    assert "📎 ❌ *Lampiran – Personel belum mencapai target* (2 user)\n*BAG OPS* (2 user):" in text
    assert text.rstrip().endswith("Terimakasih.")


async def test_dashrequest_item_5_sends_the_unit_recap_and_the_analytic_recap_conv_170(chat, seeded):
    await seed(seeded)
    await chat.send(ADMIN, "dashrequest")
    await chat.send(ADMIN, "DITSAMAPTA")
    reply = await chat.send(ADMIN, "5")
    assert "*Rekap Akumulasi Komentar TikTok*" in reply.texts[0]
    assert reply.texts[1].startswith("📊 *Rekap Analitik Komentar TikTok*")
    assert "*MENU DASHBOARD*" in reply.texts[-1]


async def test_analytic_recap_without_content_is_one_line_ing_rep_17(seeded):
    out = await build_report(seeded, "REP-TT-ANALYTIC", client_id="DITSAMAPTA")
    assert out.empty and out.text == "Tidak ada konten TikTok untuk *Direktorat Samapta* hari ini."
