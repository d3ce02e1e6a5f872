"""Bulk deactivation requests (§16: CONV-220..225), as a structured message (private chats and
allow-listed groups) and as `clientrequest` → Penghapusan Massal Status User (CONV-148).

Flow: recognise the header → parse the entries → preview (nothing changes) → `ya` → process each
entry with the deactivation rules of CONV-82 (admins choose the role per person when several
remain) → summary. The pending request is the session `Permohonan Penghapusan Data`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from core.accounts.access import Caller
from core.accounts.errors import AccountError
from core.accounts.users import deactivate_user
from menus.framework import REGISTRY, Menu, Reply, StepContext, Structured, authorize, parse_number, yes_no
from menus.userrequest.blocks import display_name, load_user

HEADER = "permohonan penghapusan data personil"
BULK_MENU = Menu("bulk", label="Permohonan Penghapusan Data", capability="bulk")
FORMAT_HELP = (
    "ℹ️ Format permohonan:\n"
    "Permohonan Penghapusan Data Personil - POLRES CONTOH\n"
    "1. BUDI SANTOSO - 81120345 - mutasi\n"
    "2. ANI LESTARI - 81120346 - pensiun"
)
_DASHES = str.maketrans({"–": "-", "—": "-", "•": "-", "●": "-"})
_NRP = r"\d{6,18}"


@dataclass
class Entry:
    nrp: str
    name: str
    reason: str


def recognise(message) -> bool:
    text = message.text or ""
    low = text.lower()
    if HEADER not in low:
        return False
    if text.lstrip().startswith("📄") and ("✅ Diproses" in text or "❌ Gagal" in text):
        return False  # CONV-220: our own summary echoed back
    first = low.split(maxsplit=1)[0] if low.split() else ""
    return first not in ("wagateway", "wabot")  # CONV-27: forwards


def parse_entries(text: str) -> tuple[str, list[Entry]]:
    """CONV-221: the header line and the entries (three forms tried in order, one per line)."""
    lines = text.translate(_DASHES).split("\n")
    header = next((ln.strip() for ln in lines if HEADER in ln.lower()), "")
    seen: set[str] = set()
    entries: list[Entry] = []

    def add(nrp: str, name: str, reason: str) -> None:
        if nrp not in seen:
            seen.add(nrp)
            entries.append(Entry(nrp, " ".join(name.split()), " ".join(reason.split())))

    for raw in lines:
        line = raw.strip()
        if not line or HEADER in line.lower():
            continue
        m = re.match(rf"^\d+\s*[.)]\s*(.+?)\s*-\s*({_NRP})\s*-\s*(.+)$", line)
        if m:
            add(m.group(2), m.group(1), m.group(3))
            continue
        m = re.match(rf"^\d+\s*[.)]\s*(.+?)\s*-\s*({_NRP})\s*$", line)
        if m:
            seg = m.group(1)
            inner = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", seg)
            if inner:
                add(m.group(2), inner.group(2), inner.group(1))
            else:
                add(m.group(2), seg, "")
            continue
        for nm in re.finditer(rf"(?<!\d)({_NRP})(?!\d)", line):
            nrp = nm.group(1)
            if nrp in seen:
                continue
            reason = ""
            why = re.search(r"\b(?:karena|alasan)\b\s*:?\s*(.+)$", line, re.IGNORECASE)
            if why:
                reason = why.group(1)
            else:
                after = re.match(r"^\s*[-:]\s*(.+)$", line[nm.end() :])
                reason = after.group(1) if after else ""
            name = ""
            paren = re.search(r"\(([^)]+)\)", line[nm.end() : nm.end() + 60]) or re.search(
                r"\(([^)]+)\)\s*$", line[: nm.start()]
            )
            an = re.search(r"(?:atas nama|a\.n\.)\s*([A-Za-z .']+)", line, re.IGNORECASE)
            before = re.search(r"([A-Za-z .']+?)\s*(?:NRP|NIP)\b", line[: nm.start()], re.IGNORECASE)
            if paren:
                name = paren.group(1)
            elif an:
                name = an.group(1)
            elif before:
                name = before.group(1)
            add(nrp, name, reason)
    return header, entries


def _caller(ctx: StepContext) -> Caller:
    if ctx.actor.is_admin:
        return Caller.admin(actor_id=ctx.sender, channel="whatsapp")
    return Caller.operator(
        [c.client_id for c in ctx.actor.own_clients], actor_id=ctx.sender, channel="whatsapp"
    )


def _in_scope(ctx: StepContext, user: dict[str, Any]) -> bool:
    if ctx.actor.is_admin:
        return True
    return any(c.client_id.upper() == (user.get("client_id") or "").upper() for c in ctx.actor.own_clients)


async def start_bulk(ctx: StepContext, text: str) -> Reply:
    """Preview (CONV-223); also the target of clientrequest's `bulk_input` step (CONV-148)."""
    header, entries = parse_entries(text)
    if not entries:
        return Reply.text(FORMAT_HELP, code="bulk_format")
    ok: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    lines = [f"📋 *Pratinjau {header or 'Permohonan Penghapusan Data Personil'}*", ""]
    for e in entries:
        user = await load_user(ctx.uow, e.nrp)
        if user is None:
            bad.append({"nrp": e.nrp, "name": e.name, "reason": e.reason, "error": "NRP tidak ditemukan"})
            continue
        if not _in_scope(ctx, user):
            bad.append(
                {"nrp": e.nrp, "name": e.name, "reason": e.reason, "error": "di luar cakupan client Anda"}
            )
            continue
        if user.get("status") is False:
            bad.append(
                {"nrp": e.nrp, "name": display_name(user), "reason": e.reason, "error": "sudah nonaktif"}
            )
            continue
        roles = list(user.get("roles") or [])
        if ctx.actor.is_admin:
            action = "pilih role" if len(roles) > 1 else "nonaktifkan"
        else:
            action = "hapus role operator" + (
                " (tetap aktif)" if len(set(roles) - {"operator"}) else " → nonaktif"
            )
        ok.append({"nrp": e.nrp, "name": display_name(user), "reason": e.reason, "roles": roles})
        lines.append(
            f"- {e.nrp} {display_name(user)} • {user.get('client_id') or '-'} • 🟢 AKTIF • role: "
            f"{', '.join(roles) or '-'} • tindakan: {action}"
        )
    if bad:
        lines += ["", "Tidak dapat diproses:"] + [
            f"- {b['nrp']} ({b['name'] or '-'}) → {b['error']}" for b in bad
        ]
    if not ok:
        return Reply.text("\n".join(lines), code="bulk_nothing")
    ctx.data["bulk"] = {"header": header, "ok": ok, "bad": bad, "done": [], "index": 0}
    lines += ["", "Balas *ya* untuk memproses, atau *batal*."]
    return Reply.nothing(code="bulk_preview").ask(bulk_confirm, "\n".join(lines))


async def _process(ctx: StepContext) -> Reply:
    """CONV-224: one entry after the other; admins pick the role when a person has several."""
    state = ctx.data["bulk"]
    caller = _caller(ctx)
    while state["index"] < len(state["ok"]):
        item = state["ok"][state["index"]]
        role = None
        if ctx.actor.is_admin and len(item["roles"]) > 1 and "chosen" not in item:
            options = [f"{i}. {r}" for i, r in enumerate(item["roles"], start=1)]
            options.append(f"{len(item['roles']) + 1}. Semua role (nonaktifkan)")
            return Reply.nothing().ask(
                bulk_role,
                f"{item['nrp']} {item['name']} memiliki beberapa role. Pilih yang dihapus:\n"
                + "\n".join(options),
            )
        if not ctx.actor.is_admin:
            role = "operator"
        elif "chosen" in item:
            role = item["chosen"]
        try:
            after = await deactivate_user(ctx.uow, caller, item["nrp"], role)
            status = "nonaktif" if after.get("status") is False else "aktif"
            state["done"].append({**item, "role": role or "semua", "status": status})
        except AccountError as exc:
            state["bad"].append(
                {"nrp": item["nrp"], "name": item["name"], "reason": item["reason"], "error": exc.message}
            )
        state["index"] += 1
    reply = Reply.text(_summary(state), code="bulk_done")
    # CONV-148: from clientrequest the Manajemen Client & User submenu follows the summary.
    return reply.then_menu() if ctx.menu_name == "clientrequest" else reply


def _summary(state: dict[str, Any]) -> str:
    """CONV-225."""
    lines = [f"📄 *{state['header'] or 'Permohonan Penghapusan Data Personil'}*"]
    if state["done"]:
        lines += ["", f"✅ Diproses ({len(state['done'])} personel):"]
        lines += [
            f"- {d['nrp']} ({d['name']}) • role: {d['role']} • {d['reason'] or '-'} • status: {d['status']}"
            for d in state["done"]
        ]
    if state["bad"]:
        lines += ["", f"❌ Gagal ({len(state['bad'])} entri):"]
        lines += [
            f"- {b['nrp']} ({b['name'] or '-'}) • {b['reason'] or '-'} → {b['error']}" for b in state["bad"]
        ]
    lines += ["", "Permohonan selesai diproses."]
    return "\n".join(lines)


@BULK_MENU.step(choice=True)
async def bulk_confirm(ctx: StepContext, text: str) -> Reply:
    answer = yes_no(text)
    if answer is None:
        return ctx.reprompt("Balas *ya* untuk memproses, atau *batal*.", code="invalid_choice")
    if answer is False:
        return Reply.text("Permohonan tidak diproses.", code="bulk_cancelled")
    return await _process(ctx)


@BULK_MENU.step(choice=True)
async def bulk_role(ctx: StepContext, text: str) -> Reply:
    state = ctx.data["bulk"]
    item = state["ok"][state["index"]]
    n = parse_number(text)
    if n is None or not 1 <= n <= len(item["roles"]) + 1:
        return ctx.reprompt(
            f"Pilihan tidak dikenal. Balas angka 1–{len(item['roles']) + 1}.", code="invalid_choice"
        )
    item["chosen"] = item["roles"][n - 1] if n <= len(item["roles"]) else None
    return await _process(ctx)


async def handle_bulk(ctx: StepContext, text: str) -> Reply:
    access = authorize(ctx.actor, "bulk")
    if not access.allowed:
        if ctx.is_group:
            return Reply.nothing(code="deny_admin")  # CONV-222: silence in groups
        return Reply.text("❌ Anda tidak memiliki akses untuk permohonan ini.", code="deny_admin")
    return await start_bulk(ctx, text)


REGISTRY.add_structured(
    Structured(
        name="bulk",
        capability="bulk",
        recognise=recognise,
        handle=handle_bulk,
        order=80,
        entry="bulk",
        private=True,
        groups=True,
        menu=BULK_MENU,
    )
)
