"""The WhatsApp side of the user import (JOB-87, JOB-90; CONV-155, `sheettransfer#`, `importuser#`):
read the source, show the preview, wait for `ya` / `pindahkan` / `batal` (10 minutes), apply, report.

Used by the clientrequest step `import_source` and by the `#` commands; each caller passes the
step that waits for the answer (it belongs to the caller's menu)."""

from __future__ import annotations

import time
from typing import Any

from core.accounts.access import Caller
from core.imports.users import (
    ImportRefused,
    Table,
    apply,
    download_sheet,
    parse_file,
    preview,
    render_preview,
    render_report,
)
from menus.framework import Reply, StepContext
from menus.framework.menu import Step

CONFIRM_TTL_S = 600


def confirm_stamp() -> float:
    """When a preview was shown; the 10-minute confirmation window is a timer, not business time."""
    return time.time()


def confirm_expired(pending: dict[str, Any]) -> bool:
    return time.time() - float(pending.get("at", 0)) > CONFIRM_TTL_S


async def read_source(ctx: StepContext, text: str) -> Table:
    """A Google Sheet link in the text, or the CSV/XLSX document of the message."""
    max_rows = getattr(ctx.settings, "import_max_rows", 5000)
    if ctx.document is not None and ctx.document.load is not None:
        if (ctx.document.size or 0) > 5 * 1024 * 1024:
            raise ImportRefused("❌ Import ditolak: file lebih dari 5 MB.")
        content = await ctx.document.load()
        return parse_file(ctx.document.file_name or "", content, max_rows)
    if "docs.google.com" in text or "/spreadsheets/" in text:
        url = next((t for t in text.split() if "/spreadsheets/" in t), text.strip())
        return await download_sheet(url, max_rows)
    raise ImportRefused("❌ Kirim link Google Sheet atau dokumen CSV/XLSX.")


def importer(ctx: StepContext, client_id: str) -> Caller:
    if ctx.actor.is_admin:
        return Caller.admin(actor_id=ctx.sender, channel="whatsapp")
    return Caller.operator([client_id], actor_id=ctx.sender, channel="whatsapp")


async def start_preview(ctx: StepContext, client_id: str, table: Table, confirm_step: Step) -> Reply:
    plan = await preview(ctx.uow, client_id, table, admin=ctx.actor.is_admin)
    ctx.data["import"] = {
        "client_id": plan.client_id,
        "source": table.source,
        "origin": table.origin,
        "header": table.header,
        "rows": table.rows,
        "at": confirm_stamp(),
    }
    return Reply.nothing(code="import_preview").ask(confirm_step, render_preview(plan))


async def decide(ctx: StepContext, text: str) -> Reply | None:
    """`ya` / `pindahkan` applies; returns None when the answer is not understood (caller re-prompts)."""
    word = " ".join(text.lower().split())
    pending: dict[str, Any] = ctx.data.get("import") or {}
    if word not in ("ya", "pindahkan"):
        return None
    if not pending or confirm_expired(pending):
        ctx.data.pop("import", None)
        return Reply.text(
            "ℹ️ Pratinjau import sudah kedaluwarsa (10 menit). Kirim ulang sumbernya.", code="import_expired"
        )
    allow_move = word == "pindahkan" and ctx.actor.is_admin
    table = Table(pending["source"], pending["header"], pending["rows"], pending.get("origin", ""))
    plan = await preview(
        ctx.uow, pending["client_id"], table, admin=ctx.actor.is_admin, allow_move=allow_move
    )
    try:
        plan = await apply(ctx.uow, plan, allow_move=allow_move, caller=importer(ctx, pending["client_id"]))
    except ImportRefused as exc:
        # JOB-92: another import of this client is running; the preview stays, `ya` later retries.
        return Reply.text(exc.message, code="import_busy").stay()
    ctx.data.pop("import", None)
    text_out, doc = render_report(plan, ctx.received_at)
    reply = Reply.text(text_out, code="import_done")
    if doc is not None:
        reply = reply.and_document(doc[0], doc[1], mimetype="text/csv")
    return reply
