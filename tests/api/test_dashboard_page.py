"""Issue 22 item 3: the read-only `/dashboard` page over httpx. Login through the existing
dashboard-login endpoint (its cookie, API-13), a client picker limited to the user's scope, today's
leaderboard with the numbers of `GET /api/insta/rekap-likes` (API-84), the completion and 30-day
trend pictures (CHART-*), the personnel who have not engaged and the Excel recap (XLS-*-RECAP);
every asset served by Cicero itself."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import httpx
import openpyxl

from tests.api import analytics_world
from tests.api.analytics_world import OTHER
from tests.api.conftest import PASSWORD

analytics = analytics_world.analytics


class Page(HTMLParser):
    """The bits of the page a user reads: leaderboard rows, not-engaged rows, picker options, assets."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.options: list[str] = []
        self.rows: dict[str, dict[str, list[str]]] = {"leaderboard": {}, "not-engaged": {}}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._key = ""
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img") and a.get("src"):
            self.assets.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.assets.append(a["href"] or "")
        if tag == "option" and a.get("value"):
            self.options.append(a["value"] or "")
        if tag == "table" and a.get("id") in self.rows:
            self._table = a["id"]
        if tag == "tr" and self._table and (a.get("data-key") or a.get("data-user")):
            self._row, self._key = [], a.get("data-key") or a.get("data-user") or ""
        if tag == "td" and self._row is not None:
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.rows[self._table][self._key] = self._row
            self._row = None
        elif tag == "table":
            self._table = None


async def login(client: httpx.AsyncClient, username: str) -> None:
    res = await client.post("/api/auth/dashboard-login", json={"username": username, "password": PASSWORD})
    assert res.status_code == 200, res.text
    assert "token" in client.cookies  # API-13: the page authenticates with this cookie


async def test_without_login_the_page_sends_you_to_the_login_form(client: httpx.AsyncClient) -> None:
    res = await client.get("/dashboard")
    assert (res.status_code, res.headers["location"]) == (303, "/dashboard/login")
    page = await client.get("/dashboard/login")
    assert page.status_code == 200 and "Masuk" in page.text and 'id="login-form"' in page.text
    assert "/api/auth/dashboard-login" in (await client.get("/dashboard/static/dashboard.js")).text
    assert (await client.get("/dashboard/static/dashboard.css")).status_code == 200
    assert (await client.get("/dashboard/static/rahasia.py")).status_code == 404
    for src in Page(page.text).assets:
        assert src.startswith("/dashboard/static/"), src  # no CDN


async def test_page_shows_the_apis_leaderboard_and_who_has_not_engaged(
    client: httpx.AsyncClient, analytics
) -> None:
    await login(client, "operator.a")
    res = await client.get("/dashboard")  # the operator's only client is picked by itself
    assert res.status_code == 200, res.text
    page = Page(res.text)
    assert page.options == ["POLRES_A", "instagram", "tiktok"]  # picker: own scope only
    api = await client.get("/api/insta/rekap-likes", params={"client_id": "POLRES_A"})
    assert api.status_code == 200, api.text
    recap = api.json()["data"]
    want = {
        d["divisi"]: [str(d[k]) for k in ("total_user", "lengkap", "kurang", "belum", "tanpa_username")]
        for d in recap["chart"]["divisions"]
    }
    got = {key: cells[2:7] for key, cells in page.rows["leaderboard"].items()}
    assert got == want and got
    missing = {m["user_id"] for m in recap["members"] if m["status"] in ("belum", "no_username")}
    assert set(page.rows["not-engaged"]) == missing and missing
    assert f'id="sum-total">{recap["summary"]["total_user"]}<' in res.text
    for src in page.assets:
        assert src.startswith("/dashboard/"), src  # every asset served by Cicero


async def test_pictures_and_workbook(client: httpx.AsyncClient, analytics) -> None:
    await login(client, "operator.a")
    for part in ("units", "trend"):
        res = await client.get(f"/dashboard/chart/{part}.png", params={"client_id": "POLRES_A"})
        assert res.status_code == 200, res.text
        assert res.headers["content-type"] == "image/png" and res.content[:4] == b"\x89PNG"
    res = await client.get("/dashboard/rekap.xlsx", params={"client_id": "POLRES_A", "platform": "tiktok"})
    assert res.status_code == 200, res.text
    assert "attachment" in res.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(res.content))
    assert book.sheetnames


async def test_tiktok_view_and_picker_of_an_admin(client: httpx.AsyncClient, analytics) -> None:
    await login(client, "admin.uji")
    res = await client.get("/dashboard", params={"client_id": "POLRES_A", "platform": "tiktok"})
    assert res.status_code == 200, res.text
    page = Page(res.text)
    assert {"POLRES_A", "POLRES_B", OTHER, "DITBINMAS"} <= set(page.options)
    assert "Komentar TikTok" in res.text
    api = (await client.get("/api/tiktok/rekap-komentar", params={"client_id": "POLRES_A"})).json()["data"]
    lengkap = {d["divisi"]: str(d["lengkap"]) for d in api["chart"]["divisions"]}
    assert {k: cells[3] for k, cells in page.rows["leaderboard"].items()} == lengkap


async def test_a_client_outside_the_scope_is_refused_everywhere(client: httpx.AsyncClient, analytics) -> None:
    await login(client, "operator.a")
    res = await client.get("/dashboard", params={"client_id": OTHER})
    assert res.status_code == 403 and "tidak memiliki akses" in res.text
    assert (await client.get("/dashboard/rekap.xlsx", params={"client_id": OTHER})).status_code == 403
    assert (await client.get("/dashboard/chart/units.png", params={"client_id": OTHER})).status_code == 403
    assert (await client.get("/dashboard", params={"client_id": "TIDAK_ADA"})).status_code == 404


async def test_personnel_have_no_dashboard(client: httpx.AsyncClient, analytics) -> None:
    client.cookies.set("token", analytics["personnel"]["Authorization"].removeprefix("Bearer "))
    res = await client.get("/dashboard")
    assert res.status_code == 403
    assert re.search(r"tidak memiliki akses", res.text)
