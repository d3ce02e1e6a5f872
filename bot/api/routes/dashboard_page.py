"""The read-only dashboard page (issue 22 item 3): `/dashboard`, server-rendered with Jinja2.

Login goes through the existing `POST /api/auth/dashboard-login` (its HttpOnly cookie then
authenticates these pages, API-13). Every figure comes from `core.analytics.dashboard_view`,
i.e. the recap of `GET /api/insta/rekap-likes` / `GET /api/tiktok/rekap-komentar`; the pictures
and the workbook are the report kinds CHART-*-UNITS, CHART-*-TREND (30 days) and XLS-*-RECAP.
Every asset is served from here (no CDN). The pages are HTML, not API: left out of OpenAPI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.api import deps
from bot.api.errors import ApiError
from bot.api.responses import core_errors
from core.analytics import dashboard_view
from core.reports import build_report
from core.reports.output import ReportError
from core.timefmt import hari_tanggal
from core.timewindow import Period, today_wib

HERE = Path(__file__).resolve().parent.parent / "dashboard"
STATIC = {
    "dashboard.css": "text/css; charset=utf-8",
    "dashboard.js": "text/javascript; charset=utf-8",
}
templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]), auto_reload=False
)
router = APIRouter(include_in_schema=False)
Param = Annotated[str | None, Query(max_length=64)]


def pct(value: float) -> str:
    """Indonesian decimal comma: 66,67%."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def _html(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    page = templates.get_template(name).render(pct=pct, **context)
    return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})


async def _who(request: Request) -> deps.Authed | None:
    try:
        return await deps.authed(request)
    except ApiError as exc:
        if exc.status == 401:
            return None
        raise


@router.get("/dashboard/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC:
        raise ApiError(404, "not_found", "Berkas tidak ditemukan")
    body = (HERE / "static" / name).read_bytes()
    return Response(body, media_type=STATIC[name], headers={"Cache-Control": "public, max-age=300"})


@router.get("/dashboard/login")
async def login_page() -> HTMLResponse:
    return _html("login.html")


@router.get("/dashboard")
async def dashboard(request: Request, client_id: Param = None, platform: Param = None) -> Response:
    who = await _who(request)
    if who is None:
        return RedirectResponse("/dashboard/login", status_code=303)
    ctx = deps.ctx(request)
    try:
        async with core_errors(), ctx.db.uow() as uow:
            data = await dashboard_view.page_data(
                uow, ctx.settings, who.caller, today_wib(), client_id, platform
            )
    except ApiError as exc:
        message = {403: "Anda tidak memiliki akses ke client ini.", 404: "Client tidak ditemukan."}.get(
            exc.status, exc.message
        )
        return _html("error.html", status=exc.status, message=message)
    qs = urlencode({"client_id": data.client["client_id"], "platform": data.platform})
    name = who.principal.nama or who.principal.id
    return _html("dashboard.html", d=data, qs=qs, who=name, tanggal=hari_tanggal(today_wib()))


async def _report(request: Request, client_id: str | None, platform: str | None, part: str) -> Response:
    """A picture or the workbook, after the same scope check as the page and the API."""
    who = await deps.authed(request)
    ctx = deps.ctx(request)
    today = today_wib()
    async with core_errors(), ctx.db.uow() as uow:
        _, q, name = await dashboard_view.resolve_page(uow, who.caller, today, client_id, platform)
    kind = dashboard_view.KINDS[name][part]
    period = Period.MONTH if part == "trend" else Period.DAY  # CHART-*-TREND: --period month = 30 days
    try:
        out = await build_report(ctx.db, kind, client_id=q.client_id, ref_date=today, period=period,
                                 settings=ctx.settings)  # fmt: skip
    except ReportError as exc:
        raise ApiError(400, exc.reason, exc.message) from None
    if out.file is None:
        raise ApiError(404, "not_found", out.text or "Belum ada data.")
    headers = {"Cache-Control": "private, max-age=60"}
    if part == "xlsx":
        headers["Content-Disposition"] = f'attachment; filename="{out.file.name}"'
    return Response(out.file.content, media_type=out.file.mimetype, headers=headers)


@router.get("/dashboard/chart/{part}.png")
async def chart(request: Request, part: str, client_id: Param = None, platform: Param = None) -> Response:
    if part not in ("units", "trend"):
        raise ApiError(404, "not_found", "Grafik tidak ditemukan")
    return await _report(request, client_id, platform, part)


@router.get("/dashboard/rekap.xlsx")
async def workbook(request: Request, client_id: Param = None, platform: Param = None) -> Response:
    return await _report(request, client_id, platform, "xlsx")
