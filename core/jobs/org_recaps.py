"""Per-client recap jobs for ORG units (JOB-21..JOB-25): each client is one `report.build` task.

The content comes from the report engine, built once per client and enqueued for every
recipient; a platform or report with nothing to show is left out rather than sent as "no data".
The body selects the clients and hands one unit per client to the task runner (inline, or queue
workers when AMQP_URL is set: WRK-1); `report_unit` is that unit, found by the job's key.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from core.ingest.context import UnknownClientError
from core.jobs.context import JobContext
from core.jobs.delivery import CLIENT_COLUMNS, ORG, Content, deliver, recipients_for, select_clients
from core.reports import ReportOutput, build_report
from core.tasks.dispatch import run_units
from core.tasks.kinds import REPORT_BUILD
from core.tasks.message import BadTask
from core.timefmt import bulan
from core.timewindow import Period

ACTIVE = "client_status IS TRUE"
AMPLIFY = "client_amplify_status IS TRUE"
ANY_PLATFORM = "(client_insta_status IS TRUE OR client_tiktok_status IS TRUE)"

ContentBuilder = Callable[[JobContext, dict[str, Any]], Awaitable[list[Content] | str]]


async def _report(ctx: JobContext, kind: str, client_id: str, **kw: Any) -> ReportOutput:
    return await build_report(
        ctx.app.db, kind, client_id=client_id, ref_date=ctx.today, now=ctx.now, settings=ctx.settings, **kw
    )


KeyFor = Callable[[JobContext, str, str, Content], str]


@dataclass(frozen=True)
class Recap:
    """One recap job: which clients, what each gets, and (JOB-24) keys and expiry of its own."""

    where: str
    build: ContentBuilder
    key_for: KeyFor | None = None  # (ctx, client_id, jid, content) -> key; replaces the slot keys
    expires_after: timedelta | None = None


async def _per_client(ctx: JobContext) -> None:
    """Every eligible client becomes one `report.build` task (content id = the job key)."""
    recap = RECAPS[ctx.key]
    clients = await select_clients(ctx, recap.where)
    ctx.summary.count("clients_total", len(clients))
    units = [{"report": ctx.key, "client_id": str(c["client_id"]).upper()} for c in clients]
    await run_units(ctx, REPORT_BUILD, units, concurrency=ctx.settings.job_concurrency)


async def report_unit(ctx: JobContext, args: dict[str, Any]) -> None:
    """`report.build` (WRK-3): build one client's recap once and enqueue it for every recipient."""
    recap = RECAPS.get(str(args.get("report")))
    if recap is None:
        raise BadTask(f"unknown report {args.get('report')!r}")
    client_id = str(args["client_id"]).upper()
    async with ctx.app.db.uow() as uow:
        row = (
            await uow.execute(
                f"SELECT {CLIENT_COLUMNS} FROM clients WHERE upper(btrim(client_id)) = :c",  # noqa: S608
                {"c": client_id},
            )
        ).first()
    if row is None:
        raise UnknownClientError(client_id)
    client = dict(row._mapping)
    try:
        contents = await recap.build(ctx, client)
        if isinstance(contents, str):
            ctx.summary.count(contents)
            ctx.summary.units_ok += 1
            return
        recipients = recipients_for(ctx, client)
        if not recipients.jids:
            ctx.summary.count("no_recipients")
            ctx.summary.units_ok += 1
            return
        key_for = recap.key_for
        async with ctx.app.db.uow() as uow:
            await deliver(
                ctx,
                uow,
                client_id,
                recipients.jids,
                contents,
                key_for=(lambda jid, c: key_for(ctx, client_id, jid, c)) if key_for else None,
                expires_at=ctx.now + recap.expires_after if recap.expires_after else None,
            )
            await uow.commit()
        ctx.summary.count("sent_clients")
        ctx.summary.units_ok += 1
    except Exception as exc:  # noqa: BLE001 - JOB-16: one failing client never stops the others
        ctx.summary.fail(client_id, ctx.key, exc)


async def _link_recap(ctx: JobContext, client: dict[str, Any]) -> list[Content] | str:
    out = await _report(ctx, "REP-AMP-ATT", client["client_id"])
    return "no_tasks" if out.empty or not out.text else [Content("link_recap", text=out.text)]


async def link_recap(ctx: JobContext) -> None:
    """JOB-21: amplification attendance to ORG clients with amplification on."""
    await _per_client(ctx)


async def _engagement(ctx: JobContext, client: dict[str, Any]) -> list[Content] | str:
    contents: list[Content] = []
    if client["client_insta_status"]:
        out = await _report(ctx, "REP-IG-UNIT", client["client_id"], mode="all")
        if not out.empty and out.text:
            contents.append(Content("ig_likes", text=out.text))
            ctx.summary.count("ig_sent")
    if client["client_tiktok_status"]:
        out = await _report(ctx, "REP-TT-UNIT", client["client_id"], mode="all")
        if not out.empty and out.text:
            contents.append(Content("tiktok_comments", text=out.text))
            ctx.summary.count("tiktok_sent")
    return contents or "no_tasks"


async def engagement_recap(ctx: JobContext) -> None:
    """JOB-22: Instagram likes then TikTok comments attendance, each only when it has tasks today."""
    await _per_client(ctx)


async def _daily_links(ctx: JobContext, client: dict[str, Any]) -> list[Content] | str:
    contents: list[Content] = []
    for variant in ("today", "yesterday"):
        out = await _report(ctx, "REP-AMP-LINKS", client["client_id"], variant=variant)
        if not out.empty and out.text:
            contents.append(Content(f"links_{variant}", text=out.text))
    return contents or "no_reports"


async def operator_daily_report(ctx: JobContext) -> None:
    """JOB-23: today's then yesterday's amplification link listing to every operator number."""
    await _per_client(ctx)


async def _monthly_excel(ctx: JobContext, client: dict[str, Any]) -> list[Content] | str:
    out = await _report(ctx, "XLS-AMP-MONTH", client["client_id"], period=Period.MONTH)
    if out.empty or out.file is None:
        return "empty"
    month = f"{bulan(ctx.today.month)} {ctx.today.year}"
    caption = f"Rekap link amplifikasi {client['nama']} bulan {month}"
    return [
        Content(
            "excel",
            file_name=out.file.name,
            file_bytes=out.file.content,
            mimetype=out.file.mimetype,
            caption=caption,
        )
    ]


async def amplify_monthly_excel(ctx: JobContext) -> None:
    """JOB-24: the month's link workbook; the month replaces the slot in the key, so it goes once."""
    await _per_client(ctx)


def _month_key(ctx: JobContext, client_id: str, jid: str, content: Content) -> str:
    return f"job:amplify_monthly_excel:{ctx.today:%Y%m}:{client_id}:{jid}:{content.item}"


async def _username(ctx: JobContext, client: dict[str, Any]) -> list[Content] | str:
    out = await _report(ctx, "REP-USERNAME", client["client_id"])
    return "no_users" if out.empty or not out.text else [Content("username_update", text=out.text)]


async def username_update_recap(ctx: JobContext) -> None:
    """JOB-25: username-update attendance to the client groups."""
    await _per_client(ctx)


RECAPS: dict[str, Recap] = {
    "link_recap": Recap(f"{ACTIVE} AND {AMPLIFY} AND {ORG}", _link_recap),
    "engagement_recap": Recap(f"{ACTIVE} AND {ORG} AND {ANY_PLATFORM}", _engagement),
    "operator_daily_report": Recap(f"{ACTIVE} AND {AMPLIFY} AND {ORG}", _daily_links),
    "amplify_monthly_excel": Recap(
        f"{ACTIVE} AND {AMPLIFY}", _monthly_excel, key_for=_month_key, expires_after=timedelta(hours=12)
    ),
    "username_update_recap": Recap(f"{ACTIVE} AND {ORG} AND {ANY_PLATFORM}", _username),
}
