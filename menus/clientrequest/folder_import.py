"""clientrequest → Transfer User → `Dari Folder user_data` (CONV-155 P2).

Every `*.json` file in `<CICERO_DATA_DIR>/user_data/<CLIENT_ID>/` is one import of the user
import (JOB-80..88): one preview line per file, then after `ya` (or `pindahkan`) each file is
applied as its own import with its own `user_import_log` row, and the result is one line per
file. A file that cannot be read is reported and skipped; it never stops the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.imports.users import ImportRefused, Plan, Table, apply, parse_json, preview
from menus.clientrequest.imports import confirm_expired, confirm_stamp, importer
from menus.clientrequest.menu import AFTER_PICK, MENU, still_admin
from menus.framework import Reply, StepContext

MAX_FILES = 50


def _transfer_user():
    return MENU.levels["transfer_user"]  # defined by menus.clientrequest.transfer, which imports this module


def client_folder(ctx: StepContext, client_id: str) -> Path:
    return Path(ctx.settings.cicero_data_dir) / "user_data" / client_id.upper()


def _summary(plan: Plan) -> str:
    counts = plan.counts()
    shown = [f"{o} {n}" for o, n in counts.items() if n]
    return " · ".join(shown) if shown else "tidak ada baris data"


def _table(entry: dict[str, Any]) -> Table:
    return Table(entry["source"], entry["header"], entry["rows"], entry["origin"])


async def start_folder_import(ctx: StepContext) -> Reply:
    client_id = ctx.client_id or ""
    folder = client_folder(ctx, client_id)
    files = sorted(folder.glob("*.json"))[:MAX_FILES] if folder.is_dir() else []
    if not files:
        return Reply.text(
            f"ℹ️ Tidak ada file JSON di folder user_data/{client_id.upper()}/ pada server.", code="empty"
        ).show(_transfer_user())
    entries: list[dict[str, Any]] = []
    lines = [f"*Pratinjau import folder* — {client_id.upper()}", f"Folder: user_data/{client_id.upper()}/"]
    for path in files:
        try:
            table = parse_json(path.name, path.read_bytes(), getattr(ctx.settings, "import_max_rows", 5000))
        except ImportRefused as exc:
            lines.append(f"📄 {path.name}: {exc.message}")
            continue
        plan = await preview(ctx.uow, client_id, table, admin=ctx.actor.is_admin)
        lines.append(f"📄 {path.name}: {len(plan.rows)} baris — {_summary(plan)}")
        entries.append(
            {"source": table.source, "header": table.header, "rows": table.rows, "origin": table.origin}
        )
    if not entries:
        return Reply.text("\n".join(lines), code="import_refused").show(_transfer_user())
    ctx.data["folder_import"] = {"client_id": client_id, "files": entries, "at": confirm_stamp()}
    lines += [
        "",
        "Balas *ya* untuk menyimpan, *pindahkan* untuk juga memindahkan personel client lain, atau *batal*.",
    ]
    return Reply.nothing(code="import_preview").ask(folder_confirm, "\n".join(lines))


@MENU.step(choice=True)
async def folder_confirm(ctx: StepContext, text: str) -> Reply:
    if not still_admin(ctx):
        return Reply.text("❌ Anda tidak memiliki akses ke menu ini.", code="deny_admin")
    word = " ".join(text.lower().split())
    if word not in ("ya", "pindahkan"):
        return ctx.reprompt("Balas *ya*, *pindahkan*, atau *batal*.", code="invalid_choice")
    pending: dict[str, Any] = ctx.data.pop("folder_import", None) or {}
    if not pending or confirm_expired(pending):
        return Reply.text(
            "ℹ️ Pratinjau import sudah kedaluwarsa (10 menit). Pilih menu lagi.", code="import_expired"
        ).show(_transfer_user())
    allow_move = word == "pindahkan"
    client_id = pending["client_id"]
    lines = [f"*Hasil import folder* — {client_id.upper()}"]
    for entry in pending["files"]:
        plan = await preview(ctx.uow, client_id, _table(entry), admin=True, allow_move=allow_move)
        try:
            plan = await apply(ctx.uow, plan, allow_move=allow_move, caller=importer(ctx, client_id))
        except ImportRefused as exc:  # JOB-92: another import of this client is running
            return Reply.text(exc.message, code="import_busy").show(_transfer_user())
        lines.append(f"📄 {entry['source']}: {_summary(plan)}")
    return Reply.text("\n".join(lines), code="import_done").show(_transfer_user())


AFTER_PICK["folder"] = start_folder_import
