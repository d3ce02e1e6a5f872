from __future__ import annotations

from datetime import date

import pytest

from tests.reports.seed import Seed, wib

DAY = date(2026, 3, 4)  # a Wednesday
NOW = wib(2026, 3, 4, 14, 5)


@pytest.fixture
async def seed(db):
    return Seed(db)


@pytest.fixture
async def directorate(seed):
    """DITBINMAS (region JATIM) with jajaran POLRESA, POLRESB, POLRESE (no members).

    POLRESC is in another region and POLRESX is inactive: their role holders are not counted.
    Instagram tasks today: D1 (own post), D2 (POLRESA's post tagged with role ditbinmas).
    TikTok tasks today: T1, T2.
    """
    await seed.client("DITBINMAS", "Dit Binmas", "direktorat", regional_id="JATIM", tiktok="@ditbinmas")
    await seed.client("POLRESA", "Polres Alpha", "org", regional_id="JATIM")
    await seed.client("POLRESB", "Polres Beta", "org", regional_id="JATIM")
    await seed.client("POLRESE", "Polres Echo", "org", regional_id="JATIM")
    await seed.client("POLRESC", "Polres Charlie", "org", regional_id="JABAR")
    await seed.client("POLRESX", "Polres Xray", "org", regional_id="JATIM", status=False)
    r = ("ditbinmas",)
    # own unit: 2 people
    await seed.user("10", "DITBINMAS", "DIREKTUR", title="KBP", jabatan="DIR BINMAS", divisi="BAG OPS",
                    insta="dir", tiktok="dir", roles=r)  # fmt: skip
    await seed.user("11", "DITBINMAS", "STAF", title="BRIPDA", divisi="SUBDIT", insta="staf", roles=r)
    # POLRESA: 3 counted + 1 Sat Intel (excluded by the Sat Intel rule) + 1 without the role
    await seed.user("20", "POLRESA", "ANDI", insta="andi", tiktok="andi", roles=r)
    await seed.user("21", "POLRESA", "BUDI", insta="budi", roles=r)
    await seed.user("22", "POLRESA", "CICI", insta=None, tiktok=None, roles=r)
    await seed.user("23", "POLRESA", "INTEL", divisi="Sat  Intelkam", insta="intel", roles=r)
    await seed.user("24", "POLRESA", "NOROLE", insta="norole")
    # POLRESB: 1 person, exception
    await seed.user("30", "POLRESB", "EKO", insta="eko", exception=True, roles=r)
    # not jajaran
    await seed.user("40", "POLRESC", "LAIN", insta="andi2", roles=r)
    await seed.user("50", "POLRESX", "MATI", insta="andi3", roles=r)
    await seed.ig_post(
        "D1", "DITBINMAS", wib(2026, 3, 4, 7), likes=["dir", "andi", "budi", "x"], caption="Apel pagi"
    )
    await seed.ig_post("D2", "POLRESA", wib(2026, 3, 4, 9), likes=["dir", "andi", "intel", "andi2"])
    await seed.post_role("D2", "ditbinmas")
    await seed.ig_post("A1", "POLRESA", wib(2026, 3, 4, 10), likes=["andi"])  # POLRESA only
    await seed.tt_post("T1", "DITBINMAS", wib(2026, 3, 4, 8), comments=["dir", "andi"])
    await seed.tt_post("T2", "DITBINMAS", wib(2026, 3, 4, 11), comments=["dir"], source_type="manual_input")
