"""Amplification link reports over HTTP (API-75 … API-77): transport, authorisation and status
codes around the shared service `core.amplify.link_reports` (the same rules as WhatsApp)."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from bot.api import deps
from bot.api.dedup import deduplicated
from bot.api.errors import ApiError
from bot.api.responses import core_errors, ok
from bot.api.schemas import Envelope, KhususReportBody, LinkReportBody, body_doc, errors
from core.accounts import fields, users
from core.accounts.access import Caller, client_read_scope
from core.amplify import link_reports as service
from core.amplify.classify import classify_url, extract_link_tokens
from core.amplify.reasons import Reason
from core.db import UnitOfWork
from core.ingest.manual import ManualInputError, register_instagram_post
from core.manual_posts.deps import open_ingest_deps
from core.outbox import enqueue_text
from core.timewindow import now_wib

LINK_FIELDS = ("instagram_link", "facebook_link", "twitter_link", "tiktok_link", "youtube_link")
NOT_FOUND = "Laporan link tidak ditemukan"
KHUSUS_TAKEN = (
    "Link tugas khusus sudah diinput dan digunakan oleh Polres lain. Upload konten pada akun khusus milik "
    "satker Anda kemudian upload link tersebut sebagai tugas khusus."
)

regular = APIRouter(prefix="/api/link-reports", tags=["link-reports"])
khusus_router = APIRouter(prefix="/api/link-reports-khusus", tags=["link-reports"])


async def _target_user(uow: UnitOfWork, caller: Caller, raw_user: Any, action: str) -> str:
    """API-41: whose report this is, and may the caller act on it."""
    given = fields.lookup_nrp(raw_user)
    if caller.kind == "personnel":
        if given and given != caller.user_id:
            raise ApiError(403, "forbidden", "Forbidden")
        return caller.user_id or ""
    if caller.kind == "viewer" and action != "read":
        raise ApiError(403, "forbidden", "Forbidden")
    if action == "delete" and caller.kind not in ("admin", "operator"):
        raise ApiError(403, "forbidden", "Forbidden")
    if not given:
        raise ApiError(400, "validation_error", "user_id wajib diisi")
    user = await users.fetch_user(uow, given)
    if user is None:
        raise ApiError(404, "not_found", "User tidak ditemukan")
    if not await users.can_see(uow, caller, user):
        raise ApiError(403, "forbidden", "Forbidden")
    return given


def _rejected(outcome: service.ApiOutcome) -> ApiError:
    if outcome.code == Reason.REPORT_NOT_FOUND:
        return ApiError(404, "not_found", NOT_FOUND)
    return ApiError(400, outcome.code, outcome.message)


async def _thank(uow: UnitOfWork, outcome: service.ApiOutcome, request_id: str) -> None:
    """CONV-252/257: the confirmation goes to the member's bound number through the outbox."""
    if outcome.confirmation and outcome.whatsapp:
        await enqueue_text(
            uow,
            outcome.whatsapp,
            outcome.confirmation,
            origin="api",
            idempotency_key=f"api:{request_id}:link",
        )
        await uow.commit()


async def _submit(
    request: Request, who: deps.Authed, shortcode: str, user_raw: Any, links: dict[str, Any], khusus: bool,
    existing_only: bool, own_upload: bool = False,
) -> Response:  # fmt: skip
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        user_id = await _target_user(uow, who.caller, user_raw, "write")
        outcome = await service.submit_api_report(
            uow,
            service.ApiReport(
                user_id=user_id, shortcode=shortcode, links=links, now=now_wib(), khusus=khusus,
                require_existing=existing_only, own_upload=own_upload,
            ),
        )  # fmt: skip
        if outcome.status == "rejected":
            raise _rejected(outcome)
        await _thank(uow, outcome, deps.request_id(request))
    return ok(outcome.report, status=201 if outcome.status == "created" else 200)


def _links(body: dict[str, Any]) -> dict[str, Any]:
    return {k: fields.as_text(body.get(k)) for k in LINK_FIELDS if fields.as_text(body.get(k))}


async def _list(request: Request, who: deps.Authed, params: dict[str, Any], khusus: bool) -> JSONResponse:
    caller = who.caller
    limit = params["limit"]
    offset = params["offset"] if params["offset"] is not None else (params["page"] - 1) * limit
    start, end = (
        (params["date"], params["date"]) if params["date"] else (params["start_date"], params["end_date"])
    )
    async with core_errors(), deps.ctx(request).db.uow() as uow:
        user_id = fields.lookup_nrp(params["user_id"]) or None
        if caller.kind == "personnel":
            if user_id and user_id != caller.user_id:
                raise ApiError(403, "forbidden", "Forbidden")
            user_id = caller.user_id
        scope = None if caller.kind == "personnel" else await client_read_scope(uow, caller)
        if params["client_id"] and scope is not None and params["client_id"].upper() not in scope:
            raise ApiError(403, "forbidden", "client_id tidak diizinkan")
        items, total = await service.list_reports(
            uow,
            service.ReportQuery(
                khusus=khusus, user_id=user_id, shortcode=params["post_id"], client_id=params["client_id"],
                client_ids=scope, start=start, end=end, limit=limit, offset=offset,
            ),
        )  # fmt: skip
    pagination = {
        "total": total,
        "limit": limit,
        "offset": offset,
        "page": offset // limit + 1,
        "totalPages": math.ceil(total / limit) if total else 0,
    }
    return ok({"items": items, "pagination": pagination})


def _routes(router: APIRouter, khusus: bool) -> None:
    kind = "khusus " if khusus else ""

    @router.get("", summary=f"List {kind}link reports in read scope", response_model=Envelope,
                responses=errors(400, 401, 403, 503))  # fmt: skip
    async def list_reports(
        request: Request,
        who: deps.Who,
        user_id: Annotated[str | None, Query()] = None,
        post_id: Annotated[str | None, Query()] = None,
        shortcode: Annotated[str | None, Query()] = None,
        client_id: Annotated[str | None, Query()] = None,
        date_: Annotated[date | None, Query(alias="date")] = None,
        start_date: Annotated[date | None, Query()] = None,
        end_date: Annotated[date | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
        offset: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> JSONResponse:
        params = {
            "user_id": user_id, "post_id": post_id or shortcode, "client_id": client_id, "date": date_,
            "start_date": start_date, "end_date": end_date, "limit": limit, "offset": offset, "page": page,
        }  # fmt: skip
        return await _list(request, who, params, khusus)

    @router.get("/{shortcode}", summary=f"One {kind}link report", response_model=Envelope,
                responses=errors(400, 401, 403, 404, 503))  # fmt: skip
    async def get_report(
        shortcode: str,
        request: Request,
        who: deps.Who,
        user_id: Annotated[str | None, Query()] = None,
    ) -> JSONResponse:
        async with core_errors(), deps.ctx(request).db.uow() as uow:
            target = await _target_user(uow, who.caller, user_id, "read")
            report = await service.get_report(uow, shortcode, target, khusus=khusus)
        if report is None:
            raise ApiError(404, "not_found", NOT_FOUND)
        return ok(report)

    @router.put("/{shortcode}", summary=f"Change the links of a {kind}report", response_model=Envelope,
                responses=errors(400, 401, 403, 404, 503),
                openapi_extra=body_doc(KhususReportBody if khusus else LinkReportBody))  # fmt: skip
    async def update_report(
        shortcode: str,
        request: Request,
        body: deps.Body,
        who: deps.Who,
    ) -> Response:
        links = _links(body)
        if khusus and set(links) - {"instagram_link"}:
            raise ApiError(
                400, "validation_error", "Only instagram_link is allowed for special assignment updates"
            )
        if not links:
            raise ApiError(400, Reason.NO_LINK.value, "minimal satu link wajib diisi")
        return await _submit(request, who, shortcode, body.get("user_id"), links, khusus, True)

    @router.delete("/{shortcode}", summary=f"Delete a {kind}report", response_model=Envelope,
                   responses=errors(400, 401, 403, 404, 503))  # fmt: skip
    async def delete_report(
        shortcode: str,
        request: Request,
        who: deps.Who,
        user_id: Annotated[str | None, Query()] = None,
    ) -> JSONResponse:
        async with core_errors(), deps.ctx(request).db.uow() as uow:
            target = await _target_user(uow, who.caller, user_id, "delete")
            deleted = await service.delete_report(uow, shortcode, target, khusus=khusus)
            if deleted is None:
                raise ApiError(404, "not_found", NOT_FOUND)
            from core.accounts.audit import write_audit

            await write_audit(
                uow, who.caller, "link_report.delete", "link_report_khusus" if khusus else "link_report",
                f"{deleted['shortcode']}:{target}", None, deps.request_id(request),
            )  # fmt: skip
            await uow.commit()
        return ok(deleted)


@regular.post(
    "",
    summary="Report amplification links for a task post",
    status_code=201,
    response_model=Envelope,
    responses=errors(400, 401, 403, 404, 429, 503),
    openapi_extra=body_doc(LinkReportBody),
)
async def submit_report(request: Request, body: deps.Body, who: deps.Who) -> Response:
    async def run() -> Response:
        links = _links(body)
        if not links:
            raise ApiError(400, Reason.NO_LINK.value, "minimal satu link wajib diisi")
        return await _submit(request, who, fields.as_text(body.get("shortcode")), body.get("user_id"), links,
                             False, False)  # fmt: skip

    return await deduplicated(request, who.principal.label, body, run)


@khusus_router.post(
    "",
    summary="Report a special-assignment (khusus) Instagram link",
    status_code=201,
    response_model=Envelope,
    responses=errors(400, 401, 403, 404, 409, 429, 502, 503),
    openapi_extra=body_doc(KhususReportBody),
)
async def submit_khusus(request: Request, body: deps.Body, who: deps.Who) -> Response:
    async def run() -> Response:
        return await _khusus(request, body, who)

    return await deduplicated(request, who.principal.label, body, run)


async def _khusus(request: Request, body: dict[str, Any], who: deps.Authed) -> Response:
    """API-77: validation in the spec's order, ownership before any RapidAPI call, registration of the
    post through the manual-registration path, then the shared report rules."""
    client_id = fields.as_text(body.get("client_id")).upper()
    link = fields.as_text(body.get("instagram_link"))
    if not client_id:
        raise ApiError(400, "validation_error", "client_id is required")
    if not link:
        raise ApiError(400, "validation_error", "instagram_link is required")
    tokens = extract_link_tokens(link)
    if not tokens:
        raise ApiError(400, "validation_error", "instagram_link must be a valid URL")
    parsed = classify_url(tokens[0])
    if parsed.platform != "instagram" or not parsed.shortcode:
        raise ApiError(400, "validation_error", "instagram_link must be a valid Instagram post URL")
    if any(fields.as_text(body.get(k)) for k in LINK_FIELDS if k != "instagram_link"):
        raise ApiError(
            400, "validation_error", "Only instagram_link is allowed for special assignment uploads"
        )
    caller = who.caller
    if caller.kind == "personnel" and client_id != (who.principal.client_id or "").upper():
        raise ApiError(403, "forbidden", "Forbidden")
    if caller.kind not in ("personnel",) and not caller.in_scope(client_id):
        raise ApiError(403, "forbidden", "client_id tidak diizinkan")
    shortcode = parsed.shortcode
    ctx = deps.ctx(request)
    async with ctx.db.uow() as uow:
        user_id = await _target_user(uow, caller, body.get("user_id"), "write")
    # The ownership check of ING-POST-8 runs inside the registration, before any RapidAPI call.
    try:
        async with open_ingest_deps(ctx) as ingest:
            await register_instagram_post(ingest, client_id, tokens[0])
    except ManualInputError as exc:
        if exc.code == "khusus_other_client":
            raise ApiError(409, "conflict", KHUSUS_TAKEN) from None
        if exc.code == "post_not_found":
            raise ApiError(404, "not_found", "Post Instagram tidak ditemukan") from None
        if exc.code in ("other_client", "invalid_link"):
            raise ApiError(400, exc.code, exc.message) from None
        raise ApiError(502, "upstream_error", "Gagal mengambil data post Instagram") from None
    # The registered post is the member's own upload: its link is the report (API-77).
    return await _submit(request, who, shortcode, user_id, {"instagram_link": tokens[0]}, True, False,
                         own_upload=True)  # fmt: skip


_routes(regular, khusus=False)
_routes(khusus_router, khusus=True)
