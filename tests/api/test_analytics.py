"""Dashboard analytics (API-84): the figures agree with the report engine person by person, the
parameters select the window, and every (principal × endpoint × own/other client) is authorised
as API-40/41's read of a client.

The agreement tests compare the API person by person with `cicero report REP-IG-UNIT|REP-TT-UNIT
--json` (its function, core.reports.json_view.build_report_json) and with the engine's
`engagement_attendance`; `/api/amplify/rekap` is compared with the engine's
`amplification.link_data` for REP-AMP-ATT (what `--json` prints for that kind).
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from core.reports import amplification, attendance, build_report
from core.reports.engine import ReportContext, engagement_attendance
from core.reports.json_view import build_report_json
from core.reports.model import Platform
from core.reports.output import ReportRequest
from core.timewindow import Period, now_wib, today_wib
from tests.api import analytics_world
from tests.api.analytics_world import OTHER, OWN, PRINCIPALS

analytics = analytics_world.analytics  # the shared data set's fixture


async def _engine_attendance(api_ctx, kind: str, platform: Platform, day: date):
    """What the engine computes for `kind` (the data `cicero report KIND --json` will print)."""
    async with api_ctx.db.uow() as uow:
        info = await attendance.get_client(uow, "POLRES_A")
        req = ReportRequest(kind=kind, client_id="POLRES_A", ref_date=day, period=Period.DAY, now=now_wib())
        return await engagement_attendance(ReportContext(uow, api_ctx.settings, req, info), platform, kind)


@pytest.mark.parametrize(
    ("path", "kind", "platform", "count_key"),
    [
        ("/api/insta/rekap-likes", "REP-IG-UNIT", Platform.INSTAGRAM, "jumlah_like"),
        ("/api/tiktok/rekap-komentar", "REP-TT-UNIT", Platform.TIKTOK, "jumlah_komentar"),
    ],
)
async def test_recap_agrees_with_engine_person_by_person(
    client: httpx.AsyncClient, analytics, api_ctx, path: str, kind: str, platform: Platform, count_key: str
) -> None:
    res = await client.get(path, params={"client_id": "POLRES_A"}, headers=analytics["admin"])
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["success"] is True
    data = body["data"]
    assert data["report"] == kind
    att = await _engine_attendance(api_ctx, kind, platform, today_wib())
    assert [(m["user_id"], m[count_key], m["status"]) for m in data["members"]] == [
        (p.user_id, p.count, p.status.value) for p in att.people
    ]
    assert data["total_posts"] == att.n
    t = att.tally
    s = data["summary"]
    assert (s["total_user"], s["lengkap"], s["kurang"], s["belum"], s["tanpa_username"]) == (
        t.total, t.lengkap, t.kurang, t.belum, t.no_username,
    )  # fmt: skip
    text = (await build_report(api_ctx.db, kind, client_id="POLRES_A", settings=api_ctx.settings)).text or ""
    assert f"{att.n}" in text
    # What `cicero report KIND --json` prints (bot/commands/report.py serves build_report_json).
    cli = await build_report_json(api_ctx.db, kind, client_id="POLRES_A", settings=api_ctx.settings)
    assert cli["window"]["start"] == data["start_date"] and cli["window"]["end"] == data["end_date"]
    assert [p["id"] for p in cli["posts"]] == [p["id"] for p in data["posts"]]
    cli_people = {p["user_id"]: (p["count"], p["status"]) for u in cli["units"] for p in u["people"]}
    assert cli_people == {m["user_id"]: (m[count_key], m["status"]) for m in data["members"]}
    assert len(cli_people) == len(data["members"]) > 0


async def test_rekap_likes_figures(client: httpx.AsyncClient, analytics) -> None:
    res = await client.get(
        "/api/insta/rekap-likes", params={"client_id": "polres_a"}, headers=analytics["operator"]
    )
    assert res.status_code == 200, res.text
    data = res.json()["data"]
    by_id = {m["user_id"]: m for m in data["members"]}
    assert data["total_posts"] == 2
    # Handles compare in one normal form ("@Candra" is candra); EKA is an exception (ING-ATT-6).
    assert (by_id["88010001"]["jumlah_like"], by_id["88010001"]["status"]) == (2, "lengkap")
    assert (by_id["88010002"]["jumlah_like"], by_id["88010002"]["status"]) == (1, "kurang")
    assert by_id["88010003"]["status"] == "lengkap"
    assert by_id["77010002"]["status"] == "no_username"
    assert "88030001" not in by_id
    s = data["summary"]
    assert s["total_user"] == len(by_id)
    assert set(s["sudah_users"]) == {
        m["user_id"] for m in data["members"] if m["status"] in ("lengkap", "kurang")
    }
    assert s["total_like"] == sum(m["jumlah_like"] for m in data["members"])
    assert data["chart"]["units"][0]["client_id"] == "POLRES_A"
    assert sum(d["total_user"] for d in data["chart"]["divisions"]) == s["total_user"]


async def test_amplify_rekap_agrees_with_engine(client: httpx.AsyncClient, analytics, api_ctx) -> None:
    res = await client.get("/api/amplify/rekap", params={"client_id": "POLRES_A"}, headers=analytics["admin"])
    assert res.status_code == 200, res.text
    data = res.json()["data"]
    async with api_ctx.db.uow() as uow:
        info = await attendance.get_client(uow, "POLRES_A")
        req = ReportRequest("REP-AMP-ATT", "POLRES_A", today_wib(), Period.DAY, now_wib())
        ctx = ReportContext(uow, api_ctx.settings, req, info)
        engine = await amplification.link_data(ctx, ctx.window, khusus=False)
    assert {m["user_id"]: (m["jumlah_link"], m["jumlah_tugas"]) for m in data["members"]} == {
        p.user_id: (p.links, p.count) for p in engine.people
    }
    by_id = {m["user_id"]: m for m in data["members"]}
    assert by_id["88010001"]["jumlah_link"] == 3 and by_id["88010001"]["sudahMelaksanakan"] is True
    assert by_id["88010002"]["jumlah_link"] == 1
    assert by_id["88010004"]["sudahMelaksanakan"] is False
    assert by_id["88010002"]["display_nama"] == "BRIPDA DEWI"
    for alias in ("/api/amplify/rekap-khusus", "/api/amplify-khusus/rekap"):
        res = await client.get(alias, params={"client_id": "POLRES_A"}, headers=analytics["admin"])
        assert res.status_code == 200, res.text
        assert res.json()["data"]["report"] == "REP-AMP-KHUSUS"
        assert res.json()["data"]["total_posts"] == 0


async def test_window_parameters(client: httpx.AsyncClient, analytics) -> None:
    h = analytics["admin"]
    today = today_wib()
    url = "/api/insta/rekap-likes"
    yesterday = (today - timedelta(days=1)).isoformat()
    res = await client.get(url, params={"client_id": "POLRES_A", "tanggal": yesterday}, headers=h)
    assert res.json()["data"]["total_posts"] == 0
    res = await client.get(
        url,
        params={"client_id": "POLRES_A", "start_date": yesterday, "end_date": today.isoformat()},
        headers=h,
    )
    data = res.json()["data"]
    assert (data["periode"], data["start_date"], data["end_date"], data["total_posts"]) == (
        "rentang", yesterday, today.isoformat(), 2,
    )  # fmt: skip
    res = await client.get(
        url,
        params={"client_id": "POLRES_A", "periode": "bulanan", "tanggal": today.strftime("%Y-%m")},
        headers=h,
    )
    assert res.json()["data"]["start_date"] == today.replace(day=1).isoformat()
    assert res.json()["data"]["total_posts"] == 2
    for bad in (
        {"periode": "tahunan"},
        {"tanggal": "04-03-2026"},
        {"start_date": yesterday},
        {"scope": "direktorat"},
    ):
        res = await client.get(url, params={"client_id": "POLRES_A", **bad}, headers=h)
        assert res.status_code == 400, (bad, res.text)
        assert res.json()["code"] == "validation_error"
    res = await client.get(url, headers=h)
    assert res.status_code == 400


async def test_directorate_scope_over_jajaran(client: httpx.AsyncClient, analytics) -> None:
    res = await client.get(
        "/api/insta/rekap-likes",
        params={"client_id": "DITBINMAS", "scope": "direktorat"},
        headers=analytics["directorate"],
    )
    assert res.status_code == 200, res.text
    data = res.json()["data"]
    assert data["report"] == "REP-IG-DUNITS"
    units = {u["client_id"] for u in data["chart"]["units"]}
    assert "DITBINMAS" in units and OTHER not in units
    res = await client.get(
        "/api/insta/rekap-likes",
        params={"client_id": "DITBINMAS", "scope": "direktorat", "regional_id": "JABAR"},
        headers=analytics["directorate"],
    )
    assert res.json()["data"]["members"] == []


ENDPOINTS = ("/api/insta/rekap-likes", "/api/tiktok/rekap-komentar", "/api/amplify/rekap", "/api/amplify/rekap-khusus",
             "/api/amplify-khusus/rekap")  # fmt: skip


def expected(principal: str, which: str) -> int:
    """API-41 'list / read clients': staff read their own client, 403 outside; personnel 403."""
    if principal == "personnel":
        return 403
    return 200 if which == "own" or principal == "admin" else 403


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_access_matrix(client: httpx.AsyncClient, analytics, endpoint: str) -> None:
    got, want = {}, {}
    for principal in PRINCIPALS:
        for which in ("own", "other"):
            cid = OWN.get(principal, "POLRES_A") if which == "own" else OTHER
            res = await client.get(endpoint, params={"client_id": cid}, headers=analytics[principal])
            got[(principal, which)] = res.status_code
            want[(principal, which)] = expected(principal, which)
    assert got == want
    res = await client.get(endpoint, params={"client_id": "POLRES_A"})
    assert res.status_code == 401
    res = await client.get(endpoint, params={"client_id": "TIDAK_ADA"}, headers=analytics["admin"])
    assert res.status_code == 404
    # A principal with one client in scope may leave client_id out.
    res = await client.get(endpoint, headers=analytics["operator"])
    assert res.status_code == 200 and res.json()["data"]["client_id"] == "POLRES_A"


async def test_recap_cache_is_invalidated_by_a_fetch(client: httpx.AsyncClient, analytics, api_ctx) -> None:
    """Issue 22 item 2: a repeated request is served from Redis; a fetch's write (engagement
    `updated_at`, as core.ingest.engagement stores it) makes the next one compute afresh."""
    url, params, h = "/api/insta/rekap-likes", {"client_id": "POLRES_A"}, analytics["operator"]

    def likes_of(res: httpx.Response, user_id: str) -> int:
        return next(m["jumlah_like"] for m in res.json()["data"]["members"] if m["user_id"] == user_id)

    first = await client.get(url, params=params, headers=h)
    assert likes_of(first, "88010004") == 1
    async with api_ctx.db.uow() as uow:
        await uow.execute(
            """UPDATE insta_like SET likes = '["fajar", "dewi"]'::jsonb WHERE shortcode = 'A1'"""
        )
        await uow.commit()
    cached = await client.get(url, params=params, headers=h)
    assert cached.content == first.content
    async with api_ctx.db.uow() as uow:
        await uow.execute(
            "UPDATE insta_like SET updated_at = updated_at + interval '1 second' WHERE shortcode = 'A1'"
        )
        await uow.commit()
    fresh = await client.get(url, params=params, headers=h)
    assert likes_of(fresh, "88010004") == 2
    # Another window is another entry.
    other = await client.get(url, params={**params, "periode": "mingguan"}, headers=h)
    assert other.json()["data"]["periode"] == "mingguan"
