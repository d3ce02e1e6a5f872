"""Narratives correct at any size (issue 16 item 5; refines DIR-2 item 7 and the Top/Bottom texts).

With fewer than 2N units a Top N and a Bottom N overlap, so the recaps give one ranked list; with
enough units the two are disjoint; counts are spelled from the real number; an empty population
says why.
"""

from __future__ import annotations

import re

from core.reports import build_report
from core.reports.formatting import number_words
from core.reports.ordering import top_and_bottom
from tests.reports.conftest import DAY, NOW, wib


def test_number_words_spell_the_real_count() -> None:
    assert [number_words(n) for n in (1, 5, 10, 11, 15, 20, 34)] == [
        "satu",
        "lima",
        "sepuluh",
        "sebelas",
        "lima belas",
        "dua puluh",
        "tiga puluh empat",
    ]
    assert number_words(1250) == "1.250"


def test_top_and_bottom_never_overlap() -> None:
    for size in range(0, 25):
        ranked = list(range(size))
        top, bottom = top_and_bottom(ranked, 5)
        assert not set(top) & set(bottom)
        if size < 10:
            assert (top, bottom) == (ranked, [])
        else:
            assert top == ranked[:5] and bottom == ranked[::-1][:5]


async def _units(seed, count: int) -> None:
    """DITBINMAS with `count` Polres; Polres i has i+1 members, member j likes the post if j <= i."""
    await seed.client("DITBINMAS", "Dit Binmas", "direktorat", regional_id="JATIM")
    likers = []
    for i in range(count):
        cid = f"POLRES{i:02d}"
        await seed.client(cid, f"Polres {i:02d}", "org", regional_id="JATIM")
        for j in range(i + 1):
            handle = f"p{i}_{j}"
            tiktok = handle if j % 2 else None
            await seed.user(
                f"{i:02d}{j:02d}", cid, f"P{i}{j}", insta=handle, tiktok=tiktok, roles=("ditbinmas",)
            )
            if j < i:
                likers.append(handle)
    await seed.ig_post("D1", "DITBINMAS", wib(2026, 3, 4, 7), likes=likers)


def _section(text: str, head: str) -> list[str]:
    return text.split(head + "\n")[1].split("\n\n")[0].splitlines()


async def test_laphar_with_five_units_is_one_ranked_list(db, seed):
    await _units(seed, 5)
    text = (await build_report(db, "REP-LAPHAR-IG", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert "Top 5" not in text and "Bottom 5" not in text
    ranked = _section(text, "Peringkat Likes:")
    assert [line.split(" – ")[0] for line in ranked] == [
        f"{i}. POLRES {4 - (i - 1):02d}" for i in range(1, 6)
    ]


async def test_laphar_with_twelve_units_has_a_disjoint_top_and_bottom(db, seed):
    await _units(seed, 12)
    text = (await build_report(db, "REP-LAPHAR-IG", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    top = [line.split(". ", 1)[1].split(" – ")[0] for line in _section(text, "Top 5 Likes:")]
    bottom = [line.split(". ", 1)[1].split(" – ")[0] for line in _section(text, "Bottom 5 Likes:")]
    assert top == ["POLRES 11", "POLRES 10", "POLRES 09", "POLRES 08", "POLRES 07"]
    assert bottom == ["POLRES 00", "POLRES 01", "POLRES 02", "POLRES 03", "POLRES 04"]


async def test_data_exec_with_five_units_calls_no_unit_bottom_and_counts_five(db, seed):
    await _units(seed, 5)
    text = (await build_report(db, "REP-DATA-EXEC", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert "Bottom performer" not in text and "Top performer" not in text
    assert "*Peringkat satker* (rata-rata IG/TT):" in text
    assert "Sepuluh" not in text and "10 terbesar" not in text
    assert "Backlog tersebar di seluruh lima satker." in text
    assert "Jika 70% backlog seluruh satker terisi" in text


async def test_data_exec_with_twelve_units_names_ten_and_keeps_top_and_bottom_apart(db, seed):
    await _units(seed, 12)
    text = (await build_report(db, "REP-DATA-EXEC", client_id="DITBINMAS", ref_date=DAY, now=NOW)).text
    assert "Sepuluh satker dengan backlog terbesar memegang" in text
    top_line = _section(text, "*Top performer* (rata-rata IG/TT):")[0]
    bottom_line = text.split("*Bottom performer* (rata-rata IG/TT, sangat rendah di kedua platform):\n")[1]
    top = set(re.findall(r"POLRES \d\d", top_line))
    bottom = set(re.findall(r"POLRES \d\d", bottom_line.splitlines()[0]))
    assert len(top) == len(bottom) == 5 and not top & bottom


async def test_wa_registration_without_operators_says_why(db, seed):
    await seed.client("POLRESA", "Polres Alpha", "org")
    await seed.user("3", "POLRESA", "NONOP", whatsapp="6281111111111")
    text = (await build_report(db, "REP-WA-REG", client_id="POLRESA", ref_date=DAY, now=NOW)).text
    assert "Jumlah user: 0\nTidak ada personel aktif POLRES ALPHA yang memiliki peran operator." in text
