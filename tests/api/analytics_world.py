"""The data set of the analytics tests (API-84, API-88): POLRES_A with today's posts, engagement and
link reports, POLRES_C outside every non-admin scope, and a token for every principal kind."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from core.timewindow import utc_naive
from tests.api.conftest import add_client, bearer
from tests.clock import earlier_today
from tests.reports.seed import Seed

OTHER = "POLRES_C"
OWN = {"directorate": "DITBINMAS", "dir_client": "DITBINMAS"}
PRINCIPALS = ("admin", "operator", "client", "directorate", "dir_client", "viewer", "personnel")


@pytest.fixture
async def analytics(api_ctx, client: httpx.AsyncClient, world, db) -> dict[str, Any]:
    """POLRES_A (members of `world` plus four with handles, three of them operators: the amplification
    population of an `org` client, ING-REP-19) with today's IG posts A1, A2, TikTok
    video V1 and link reports; POLRES_C in another region with its own post."""
    seed = Seed(db)
    await add_client(api_ctx, OTHER, regional_id="JABAR", client_operator="6281266666666")
    await seed.user(
        "88010001",
        "POLRES_A",
        "CANDRA",
        insta="candra",
        tiktok="candra",
        divisi="SAT LANTAS",
        roles=("operator",),
    )
    await seed.user(
        "88010002", "POLRES_A", "DEWI", insta="dewi", tiktok="dewi.tt", title="BRIPDA", roles=("operator",)
    )
    await seed.user("88010003", "POLRES_A", "EKA", insta="eka", exception=True)
    await seed.user("88010004", "POLRES_A", "FAJAR", insta="fajar", tiktok="fajar", roles=("operator",))
    await seed.user("88030001", OTHER, "LAIN", insta="candra2")
    at = utc_naive(earlier_today(60))
    await seed.ig_post("A1", "POLRES_A", at, likes=["candra", "dewi", "anggota.a", "orang.luar"])
    await seed.ig_post("A2", "POLRES_A", at, likes=["@Candra", "fajar"])
    await seed.ig_post("C1", OTHER, at, likes=["candra2"])
    await seed.tt_post("V1", "POLRES_A", at, comments=["candra", "dewi.tt"])
    await seed.link_report(
        "A1", "88010001", at, instagram="https://instagram.com/p/x1", facebook="https://fb.com/1"
    )
    await seed.link_report("A2", "88010001", at, instagram="https://instagram.com/p/x2")
    await seed.link_report("A1", "88010002", at, tiktok="https://tiktok.com/@d/video/1")
    res = await client.post(
        "/api/auth/login", json={"client_id": "DITBINMAS", "client_operator": "081277777777"}
    )
    assert res.status_code == 200, res.text
    client.cookies.clear()
    tokens = {**world["tokens"], "dir_client": res.json()["token"]}
    return {p: bearer(tokens[p]) for p in PRINCIPALS}
