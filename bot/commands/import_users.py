"""`cicero import-users`: the user import from a Google Sheet or a CSV/XLSX file (JOB-89).

    cicero import-users --client ID (--sheet URL | --file PATH) [--dry-run] [--allow-move]

Prints one row per data row (row, user_id, nama, outcome, notes) and the totals. Exit status: 0 when
no row failed, 2 when some rows failed or conflicted, 1 when the import was refused as a whole.
The CLI acts as an admin (JOB-80) and applies at once unless `--dry-run` (JOB-87); while it applies,
a progress bar (rich) is drawn on stderr when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-users",
        help="import personnel from a Google Sheet or a CSV/XLSX file",
        description="Import personnel into one client (preview with --dry-run).",
    )
    parser.add_argument("--client", required=True, metavar="ID", help="target client id")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--sheet", metavar="URL", help="public Google Sheet link")
    source.add_argument("--file", metavar="PATH", help="CSV or XLSX file")
    parser.add_argument("--dry-run", action="store_true", help="validate and show outcomes, write nothing")
    parser.add_argument(
        "--allow-move", action="store_true", help="move personnel registered in another client"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.logsetup import setup_logging

    settings = get_settings()
    setup_logging(settings)
    content: bytes | None = None
    if args.file:
        path = Path(args.file)
        if not path.is_file():
            print(f"File tidak ditemukan: {path}", file=sys.stderr)
            return 1
        content = path.read_bytes()
    return asyncio.run(_run(args, content))


async def _run(args: argparse.Namespace, content: bytes | None) -> int:
    from bot.commands.progress import progress_bar
    from core.accounts.access import Caller
    from core.app import AppContext
    from core.config import get_settings
    from core.imports.users import (
        CONFLICT,
        FAILED,
        OUTCOME_ORDER,
        ImportRefused,
        apply,
        download_sheet,
        log_import,
        parse_file,
        preview,
    )

    settings = get_settings()
    max_rows = getattr(settings, "import_max_rows", 5000)
    try:
        if args.sheet:
            table = await download_sheet(args.sheet, max_rows)
        else:
            table = parse_file(Path(args.file).name, content or b"", max_rows)
    except ImportRefused as exc:
        print(exc.message, file=sys.stderr)
        return 1
    app = AppContext.open("cli")
    try:
        async with app.db.uow() as uow:
            try:
                plan = await preview(uow, args.client, table, admin=True, allow_move=args.allow_move)
            except ImportRefused as exc:
                print(exc.message, file=sys.stderr)
                return 1
            actor = f"cli:{getpass.getuser()}"  # JOB-91 actor of a CLI import
            try:
                if args.dry_run:
                    await log_import(uow, plan, actor=actor, mode="preview")
                    await uow.commit()
                else:
                    todo = sum(1 for r in plan.rows if r.error is None)
                    with progress_bar("import", todo) as advance:
                        plan = await apply(
                            uow,
                            plan,
                            allow_move=args.allow_move,
                            caller=Caller.admin(actor, channel="cli"),
                            progress=lambda row: advance(row.user_id),
                        )
            except ImportRefused as exc:  # JOB-92: another import of this client is running
                print(exc.message, file=sys.stderr)
                return 1
    finally:
        await app.close()
    print(f"{'baris':>5}  {'user_id':<18}  {'nama':<30}  hasil")
    for r in plan.rows:
        notes = f"  ({'; '.join(r.notes)})" if r.notes else ""
        print(f"{r.line:>5}  {r.user_id:<18}  {r.nama[:30]:<30}  {r.outcome}{notes}")
    counts = plan.counts()
    print("Total: " + ", ".join(f"{o} {counts.get(o, 0)}" for o in OUTCOME_ORDER))
    if args.dry_run:
        print("(dry run: tidak ada yang ditulis)")
    bad = any(r.outcome.startswith((FAILED, CONFLICT)) for r in plan.rows)
    return 2 if bad else 0
