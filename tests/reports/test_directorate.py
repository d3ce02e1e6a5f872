"""Directorate scoping across units (ING-ATT-1, DIR-0.1), HALF/FULL rules, Sat Intel rule."""

from __future__ import annotations

import pytest

from core.config import get_settings
from core.reports import ReportError, build_report
from tests.reports.conftest import DAY, NOW
from tests.reports.seed import wib


async def test_rep_ig_dunits_scopes_jajaran_and_role(db, directorate):
    """Counted: role holders of DITBINMAS and its active same-region org units; Sat Intel excluded.

    HALF with N=2 needs one like: DIREKTUR 2, STAF 0 (belum), ANDI 2, BUDI 1, CICI no handle,
    EKO exception → L=4, K=0, B=1, U=1.
    """
    out = await build_report(db, "REP-IG-DUNITS", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    text = out.text
    assert "*Jumlah Konten:* 2" in text and "/p/A1" not in text  # A1 is POLRESA's own task only
    assert "*Jumlah Total Personil :* 6 pers" in text
    assert "✅ *Sudah melaksanakan :* 4 pers" in text
    assert "❌ *Belum melaksanakan :* 2 pers" in text
    assert "⚠️❌ *Belum Update Username Instagram :* 1 pers" in text
    # U-SUDAH: own unit first, then L desc (ALPHA 2 before BETA 1); no POLRES CHARLIE/XRAY/ECHO
    assert text.index("1. DIT BINMAS") < text.index("2. POLRES ALPHA") < text.index("3. POLRES BETA")
    for absent in ("CHARLIE", "XRAY", "ECHO"):
        assert absent not in text


async def test_unit_narrowing_and_exempt_directorate(db, directorate):
    out = await build_report(
        db, "REP-IG-DUNITS", client_id="DITBINMAS", unit="polresa", ref_date=DAY, now=NOW
    )
    assert "*Jumlah Total Personil :* 3 pers" in out.text
    exempt = get_settings().model_copy(update={"attendance_exclusion_exempt_clients": "DITBINMAS"})
    out = await build_report(
        db, "REP-IG-DUNITS", client_id="DITBINMAS", ref_date=DAY, now=NOW, settings=exempt
    )
    assert "*Jumlah Total Personil :* 7 pers" in out.text  # Sat Intel member counted again


async def test_ddetail_is_directorate_self_with_full_rule(db, directorate):
    out = await build_report(db, "REP-IG-DDETAIL", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert "*Jumlah Total Personil :* 2 pers" in out.text
    assert "- KBP DIREKTUR, Pelaksanaan: 2/2" in out.text
    assert "❌ Belum melaksanakan (1 pers):\n- BRIPDA STAF, Pelaksanaan: 0/2" in out.text


async def test_tt_dunits_half_rule(db, directorate):
    """T1 commented by dir and andi, T2 by dir: HALF needs 1 of 2."""
    out = await build_report(db, "REP-TT-DUNITS", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    text = out.text
    assert "*Total Personel:* 6" in text
    assert "✅ *Sudah Melaksanakan* : *3 user*" in text  # DIREKTUR, ANDI, EKO (exception)
    assert "⚠️❌ *Belum Input Username Tiktok* : *3 user*" in text  # STAF, BUDI, CICI
    assert text.endswith("Terimakasih.")


async def test_laphar_without_sat_intel_rule_counts_every_role_holder(db, directorate):
    out = await build_report(db, "REP-LAPHAR-IG", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    all_file = out.files[0].content.decode()
    assert out.files[0].name == "Absensi_All_Engagement_Instagram_Rabu_4-3-2026_14-05-00.txt"
    assert "Jumlah Total Personil : 7 pers" in all_file
    assert "- BRIPKA INTEL, 1" in all_file  # kurang under FULL
    assert out.files[2].name.startswith("Rekap_Engagement_Instagram_Ditbinmas_")
    # Two units: one ranked list, not a Top 5 and a Bottom 5 holding the same two (issue 16 item 5).
    assert "Peringkat Likes:\n1. POLRES ALPHA – 4 likes\n2. POLRES BETA – 2 likes" in out.text
    assert "Top 5" not in out.text and "Bottom 5" not in out.text


async def test_directorate_only_reports_refuse_a_unit(db, directorate):
    with pytest.raises(ReportError) as e:
        await build_report(db, "REP-IG-JAJARAN", client_id="POLRESA", ref_date=DAY, now=NOW)
    assert e.value.reason == "not_directorate"
    assert e.value.message == (
        "Absensi Instagram Jajaran hanya tersedia untuk client Direktorat; *Polres Alpha* bukan Direktorat."
    )


async def test_jajaran_percentages(db, directorate):
    out = await build_report(db, "REP-IG-JAJARAN", client_id="DITBINMAS", ref_date=DAY, now=NOW)
    assert "*Persentase Pelaksanaan:* 66,67%" in out.text  # 4 of 6
    assert "*Sudah Input Username Instagram:* 5 pers" in out.text


async def test_tt_ddetail_blocks_and_markers(db, directorate):
    """ING-REP-13: numbered division blocks, Σcount/(T×N), `(Tiktok Kosong)` marker, HALF rule."""
    text = (await build_report(db, "REP-TT-DDETAIL", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert "*1. BAG OPS*\n*Jumlah Personil* : 1 pers\n*Akumulasi Pelaksanaan* : 2/2" in text
    assert "⚠️ Belum Update Username TikTok (1 pers):\n- BRIPDA STAF, Pelaksanaan: 0/2 (Tiktok Kosong)" in text


async def test_tt_konten_per_video(db, directorate):
    text = (await build_report(db, "REP-TT-KONTEN", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert "*Direktorat*: *Dit Binmas*" in text
    t2 = text.split("Konten: https://www.tiktok.com/@ditbinmas/video/T2")[1]
    assert t2.startswith(
        "\n✅ *Sudah melaksanakan* : *2 user*\n❌ *Belum melaksanakan* : *5 user*"
    )  # DIREKTUR and EKO (exception) of 7: no Sat Intel rule in this report


async def test_amp_att_directorate_variant(db, directorate, seed):
    await seed.link_report("D1", "20", wib(2026, 3, 4, 10), instagram="a", facebook="b")
    await seed.link_report("D2", "20", wib(2026, 3, 4, 10), tiktok="c")
    await seed.link_report("D1", "21", wib(2026, 3, 4, 10), youtube="d")
    text = (await build_report(db, "REP-AMP-ATT", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    # U-SUDAH: own first, then ALPHA (ANDI done both) and BETA (EKO exception) by lengkap 1 each, T desc
    assert (
        text.index("*Polres*: *DIT BINMAS*")
        < text.index("*Polres*: *POLRES ALPHA*")
        < text.index("*Polres*: *POLRES BETA*")
    )
    assert "*Polres*: *POLRES ALPHA*\n*Jumlah personil:* 4\n✅ *Sudah melaksanakan* : *1 user*" in text
    assert "Jumlah Total Link dari 5 Platform Sosial Media: 4\n\nTerima kasih." in text


async def test_rule_override_setting(db, directorate):
    """ATTENDANCE_RULE_OVERRIDES (P2) turns REP-IG-DUNITS to FULL: BUDI (1 of 2) becomes kurang."""
    full = get_settings().model_copy(update={"attendance_rule_overrides": '{"rep-ig-dunits": "full"}'})
    out = await build_report(db, "REP-IG-DUNITS", client_id="DITBINMAS", ref_date=DAY, now=NOW, settings=full)
    assert "- ⚠️ Melaksanakan kurang lengkap : 1 pers" in out.text
    broken = get_settings().model_copy(update={"attendance_rule_overrides": "{not json"})
    out = await build_report(
        db, "REP-IG-DUNITS", client_id="DITBINMAS", ref_date=DAY, now=NOW, settings=broken
    )
    assert "- ⚠️ Melaksanakan kurang lengkap : 0 pers" in out.text
