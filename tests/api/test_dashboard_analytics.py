"""API-84's other dashboard reads (stats, web logins, aggregator, Instagram analysis, profile),
API-88's client post lists and API-87's visitor ping: figures, parameters and the
(principal × endpoint × own/other client) matrix of API-40/41."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from core.fakes.rapidapi import FakeRapidApi
from core.timewindow import today_wib, utc_naive
from tests.api import analytics_world
from tests.api.analytics_world import OTHER, OWN, PRINCIPALS
from tests.clock import earlier_today

analytics = analytics_world.analytics  # the shared data set's fixture


async def test_stats_counts(client: httpx.AsyncClient, analytics) -> None:
    res = await client.get(
        "/api/dashboard/stats", params={"client_id": "POLRES_A"}, headers=analytics["operator"]
    )
    assert res.status_code == 200, res.text
    data = res.json()["data"]
    # world: 77010001, 77010002; the data set: 88010001..4. Likes/comments are the stored sets.
    assert {k: data[k] for k in ("total_members", "active_members", "instagram_posts", "tiktok_posts")} == {
        "total_members": 6, "active_members": 6, "instagram_posts": 2, "tiktok_posts": 1,
    }  # fmt: skip
    assert (data["likes"], data["comments"], data["link_reports"]) == (6, 2, 3)
    yesterday = today_wib().toordinal() - 1
    res = await client.get(
        "/api/dashboard/stats",
        params={"client_id": "POLRES_A", "tanggal": today_wib().fromordinal(yesterday).isoformat()},
        headers=analytics["operator"],
    )
    assert res.json()["data"]["instagram_posts"] == 0


async def test_login_web_recap(client: httpx.AsyncClient, analytics, api_ctx) -> None:
    at = utc_naive(earlier_today(30))
    async with api_ctx.db.uow() as uow:
        # The world's own logins are stamped on the record clock; this test counts its own rows.
        await uow.execute("DELETE FROM login_log")
        await uow.execute(
            "INSERT INTO login_log (actor_id, login_type, login_source, logged_at)"
            " SELECT dashboard_user_id::text, 'operator', src, :at FROM dashboard_user,"
            " (VALUES ('web'), ('web'), ('mobile')) AS s(src) WHERE username = 'operator.a'",
            {"at": at},
        )
        await uow.commit()
    res = await client.get(
        "/api/dashboard/login-web/recap", params={"client_id": "POLRES_A"}, headers=analytics["admin"]
    )
    assert res.status_code == 200, res.text
    rows = {r["username"]: r for r in res.json()["data"]}
    assert (rows["operator.a"]["logins"], rows["operator.a"]["sudah_login"]) == (2, True)
    assert (rows["pemantau.a"]["logins"], rows["pemantau.a"]["sudah_login"]) == (0, False)
    assert "admin.uji" not in rows


async def test_aggregator_reads_stored_data(client: httpx.AsyncClient, analytics, api_ctx) -> None:
    async with api_ctx.db.uow() as uow:
        await uow.execute(
            "UPDATE clients SET client_insta = '@Polres.A', client_tiktok = 'polres.a' WHERE client_id = 'POLRES_A'"
        )
        await uow.execute(
            "INSERT INTO insta_profile (username, full_name, follower_count) VALUES ('polres.a', 'Polres A', 1200)"
        )
        await uow.commit()
    res = await client.get("/api/aggregator", params={"client_id": "POLRES_A"}, headers=analytics["viewer"])
    assert res.status_code == 200, res.text
    data = res.json()["data"]
    assert data["instagram"]["username"] == "polres.a"
    assert data["instagram"]["profile"]["follower_count"] == 1200
    assert {p["id"] for p in data["instagram"]["posts"]} == {"A1", "A2"}
    assert [p["id"] for p in data["tiktok"]["posts"]] == ["V1"]


async def test_instagram_analysis_per_post(client: httpx.AsyncClient, analytics) -> None:
    res = await client.get(
        "/api/dashboard/social-media/instagram/analysis",
        params={"client_id": "POLRES_A"},
        headers=analytics["admin"],
    )
    assert res.status_code == 200, res.text
    posts = {p["shortcode"]: p for p in res.json()["data"]["posts"]}
    # A1 liked by candra, dewi, anggota.a (+ an outsider); A2 by candra and fajar.
    assert set(posts["A1"]["member_ids"]) == {"88010001", "88010002", "77010001"}
    assert posts["A1"]["stored_likes"] == 4
    assert set(posts["A2"]["member_ids"]) == {"88010001", "88010004"}


async def test_rapid_profile_through_cache(
    client: httpx.AsyncClient, analytics, fake_rapidapi: FakeRapidApi
) -> None:
    fake_rapidapi.instagram.add_account("polres.a", follower_count=4321)
    res = await client.get(
        "/api/insta/rapid-profile", params={"username": "@Polres.A"}, headers=analytics["operator"]
    )
    assert res.status_code == 200, res.text
    assert res.json()["data"]["follower_count"] == 4321
    fake_rapidapi.instagram.profiles["polres.a"]["follower_count"] = 1
    res = await client.get(
        "/api/insta/rapid-profile", params={"username": "polres.a"}, headers=analytics["operator"]
    )
    assert res.json()["data"]["follower_count"] == 4321  # ING-CACHE-1: served from the 1 h cache
    res = await client.get(
        "/api/insta/rapid-profile", params={"username": "tidak.ada"}, headers=analytics["admin"]
    )
    assert res.status_code == 404
    res = await client.get("/api/insta/rapid-profile", params={"username": ""}, headers=analytics["admin"])
    assert res.status_code == 400
    res = await client.get(
        "/api/insta/rapid-profile", params={"username": "polres.a"}, headers=analytics["personnel"]
    )
    assert res.status_code == 403


async def test_rapid_profile_without_a_key_is_503_not_500(
    client: httpx.AsyncClient, analytics, api_ctx, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_ctx.settings, "rapidapi_key", SecretStr(""))
    res = await client.get(
        "/api/insta/rapid-profile", params={"username": "polres.a"}, headers=analytics["admin"]
    )
    assert res.status_code == 503, res.text
    assert res.json()["message"] == "Layanan RapidAPI belum dikonfigurasi"


async def test_client_post_lists(client: httpx.AsyncClient, analytics) -> None:
    h = analytics["operator"]
    res = await client.get("/api/clients/POLRES_A/posts/instagram", headers=h)
    assert res.status_code == 200, res.text
    assert [p["shortcode"] for p in res.json()["data"]] == ["A1", "A2"]
    res = await client.get("/api/clients/POLRES_A/posts/instagram/likes", headers=h)
    likes = {p["shortcode"]: p for p in res.json()["data"]}
    assert likes["A1"]["like_count"] == len(likes["A1"]["likes"]) == 4
    assert likes["A2"]["likes"] == ["@Candra", "fajar"]
    res = await client.get("/api/clients/POLRES_A/posts/tiktok", headers=h)
    assert [p["video_id"] for p in res.json()["data"]] == ["V1"]
    res = await client.get("/api/clients/POLRES_A/posts/tiktok/comments", headers=h)
    assert res.json()["data"] == [{"video_id": "V1", "comment_count": 2, "comments": ["candra", "dewi.tt"]}]
    yesterday = today_wib().fromordinal(today_wib().toordinal() - 1).isoformat()
    res = await client.get("/api/clients/POLRES_A/posts/instagram", params={"date": yesterday}, headers=h)
    assert res.json()["data"] == []
    res = await client.get(
        "/api/clients/POLRES_A/posts/instagram",
        params={"start_date": yesterday, "end_date": today_wib().isoformat()},
        headers=h,
    )
    assert len(res.json()["data"]) == 2
    res = await client.get("/api/clients/POLRES_A/posts/instagram", params={"date": "kemarin"}, headers=h)
    assert res.status_code == 400 and res.json()["error"] == res.json()["message"]


async def test_visitor_ping_one_row_per_ip_per_minute(client: httpx.AsyncClient, api_ctx, redis) -> None:
    agent = "Mozilla/5.0 " + "x" * 400
    for _ in range(3):
        res = await client.get("/api/auth/open", headers={"User-Agent": agent})
        assert res.status_code == 200 and res.json() == {"success": True}
    async with api_ctx.db.uow() as uow:
        rows = (await uow.execute("SELECT ip, user_agent FROM visitor_logs")).all()
    assert len(rows) == 1
    assert rows[0].ip == "10.1.2.3" and rows[0].user_agent == agent[:300]


ENDPOINTS = (
    "/api/dashboard/stats?client_id={c}",
    "/api/dashboard/login-web/recap?client_id={c}",
    "/api/aggregator?client_id={c}",
    "/api/dashboard/social-media/instagram/analysis?client_id={c}",
    "/api/clients/{c}/posts/instagram",
    "/api/clients/{c}/posts/instagram/likes",
    "/api/clients/{c}/posts/tiktok",
    "/api/clients/{c}/posts/tiktok/comments",
)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_access_matrix(client: httpx.AsyncClient, analytics, endpoint: str) -> None:
    """API-41 'list / read clients': staff read their own client, 403 outside; personnel 403."""
    got, want = {}, {}
    for principal in PRINCIPALS:
        for which in ("own", "other"):
            cid = OWN.get(principal, "POLRES_A") if which == "own" else OTHER
            res = await client.get(endpoint.format(c=cid), headers=analytics[principal])
            got[(principal, which)] = res.status_code
            allowed = principal != "personnel" and (which == "own" or principal == "admin")
            want[(principal, which)] = 200 if allowed else 403
    assert got == want
    assert (await client.get(endpoint.format(c="POLRES_A"))).status_code == 401
    assert (await client.get(endpoint.format(c="TIDAK_ADA"), headers=analytics["admin"])).status_code == 404


# API-9: every GET route of API-84, API-87 and API-88 (the komplain POSTs: test_complaint_responses).
DOCUMENTED = {
    "/api/insta/rekap-likes", "/api/tiktok/rekap-komentar", "/api/amplify/rekap", "/api/amplify/rekap-khusus",
    "/api/amplify-khusus/rekap", "/api/dashboard/stats", "/api/dashboard/login-web/recap", "/api/aggregator",
    "/api/dashboard/social-media/instagram/analysis", "/api/insta/rapid-profile", "/api/auth/open",
    "/api/clients/{client_id}/posts/instagram", "/api/clients/{client_id}/posts/instagram/likes",
    "/api/clients/{client_id}/posts/tiktok", "/api/clients/{client_id}/posts/tiktok/comments",
}  # fmt: skip
COMMON_PARAMS = {"client_id", "periode", "tanggal", "start_date", "end_date", "role", "scope", "regional_id"}


async def test_openapi_documents_every_analytics_route(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/api/openapi.json")).json()
    for path in DOCUMENTED:
        op = doc["paths"][path]["get"]
        assert op["tags"] and op["summary"], path
        assert "$ref" in op["responses"]["200"]["content"]["application/json"]["schema"], path
        if path != "/api/auth/open":
            assert {"401", "403"} <= set(op["responses"]), path
            assert op["security"] == [{"bearer": []}, {"cookie": []}], path
        else:
            assert "security" not in op
        params = {p["name"] for p in op.get("parameters", [])}
        if not path.startswith(("/api/clients/", "/api/auth/", "/api/insta/rapid")):
            assert params >= COMMON_PARAMS, (path, params)
        elif path.startswith("/api/clients/"):
            assert params >= {"client_id", "date", "start_date", "end_date"}, (path, params)
