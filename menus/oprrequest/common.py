"""Helpers shared by the operator and admin menus: client pickers, scope re-checks (CONV-43),
report delivery and the personnel look-up by NRP within a client."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from core.accounts.access import Caller
from core.accounts.clients import fetch_client
from core.reports import ReportError, build_report
from menus.framework import Reply, StepContext, authorize, in_scope
from menus.userrequest import rules
from menus.userrequest.blocks import load_user


def caller_for(ctx: StepContext, client_id: str | None) -> Caller:
    """The account-service caller of this actor for one client (audit channel `whatsapp`, CONV-44)."""
    if ctx.actor.is_admin:
        return Caller.admin(actor_id=ctx.sender, channel="whatsapp")
    return Caller.operator([client_id or ""], actor_id=ctx.sender, channel="whatsapp")


def still_allowed(ctx: StepContext, entry: str, client_id: str | None) -> bool:
    """CONV-43: the actor still holds the role for this client at execution time."""
    return in_scope(authorize(ctx.actor, entry), client_id)


async def client_row(ctx: StepContext, client_id: str | None = None) -> dict[str, Any] | None:
    return await fetch_client(ctx.uow, client_id or ctx.client_id or "")


def picker_text(title: str, clients: list[dict[str, Any]], *, with_status: bool = False) -> str:
    lines = [title]
    for n, c in enumerate(clients, start=1):
        if with_status:
            mark = "🟢 Aktif" if c.get("client_status") is not False else "🔴 Tidak Aktif"
            lines.append(f"{n}. *{c['client_id']}* - {c.get('nama') or '-'} {mark}")
        else:
            lines.append(f"{n}. {c['client_id']} - {c.get('nama') or '-'}")
    lines.append("Balas nomor atau client_id, *back* untuk kembali, atau *batal* untuk keluar.")
    return "\n".join(lines)


def pick_from(text: str, ids: list[str]) -> str | None:
    """CONV-62: the list number or the item's key (case-insensitive)."""
    from menus.framework import parse_number

    n = parse_number(text)
    if n is not None:
        return ids[n - 1] if 1 <= n <= len(ids) else None
    wanted = text.strip().upper()
    return next((i for i in ids if i.upper() == wanted), None)


async def report_reply(ctx: StepContext, kind: str, client_id: str, **kw: Any) -> Reply:
    """A report of the engine as text (and documents), or its one-line error."""
    try:
        out = await build_report(ctx.services.db, kind, client_id=client_id, now=ctx.received_at, **kw)
    except ReportError as exc:
        return Reply.text(f"❌ {exc.message}", code="report_error")
    reply = Reply.text(out.text, code="report")
    for f in out.files:
        reply = reply.and_document(f.name, f.content, mimetype=f.mimetype)
    return reply


def only_post_block(text: str, link: str) -> str:
    """The block of a per-post report that names `link` (blocks are separated by the greeting line)."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if re.match(r"^Selamat (Pagi|Siang|Sore|Malam)", line)]
    starts.append(len(lines))
    for a, b in zip(starts, starts[1:], strict=False):
        block = "\n".join(lines[a:b]).strip()
        if link in block:
            return block
    return text


async def member_of_client(
    ctx: StepContext, text: str, client_id: str | None
) -> dict[str, Any] | rules.RuleError:
    """An NRP that must be personnel of the client (any role, CONV-112); admins without client: any."""
    try:
        nrp = rules.parse_nrp(text)
    except rules.RuleError as exc:
        return exc
    user = await load_user(ctx.uow, nrp)
    if user is None or (client_id and (user.get("client_id") or "").upper() != client_id.upper()):
        return rules.RuleError(f"NRP/NIP {nrp} tidak ditemukan pada client ini.")
    return user


Job = Callable[[StepContext], Awaitable[Reply]]


def groups_changed(ctx: StepContext) -> None:
    """CONV-10/144: a change of a client's group or status applies to the group allow-list at once."""
    invalidate = ctx.services.extra.get("invalidate_groups")
    if callable(invalidate):
        invalidate()
