"""`cicero report KIND --client ID [--date YYYY-MM-DD] [--period day|week|month|all] [--out FILE]`.

Prints the text recap on standard output (with `--json`, the report's data as JSON, keys in
core/reports/json_view.py and docs/reports.md), or writes the report's files (Excel, text files)
and prints their paths. `cicero report --list` lists every kind id with one line each (attendance kinds add their
population after the summary, which names the rule). Kind ids are those of spec 30
(`REP-IG-UNIT`, `XLS-IG-RECAP`, ...), case-insensitive: a stable interface.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.config import Settings
    from core.db import Database
    from core.reports import ReportOutput


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from exc


@asynccontextmanager
async def _database() -> AsyncIterator[tuple[Settings, Database]]:
    from core.config import get_settings
    from core.db import create_database

    settings = get_settings()
    db = create_database(settings, "report")
    try:
        yield settings, db
    finally:
        await db.dispose()


def _window(args: argparse.Namespace) -> dict[str, Any]:
    """The arguments text reports and `--json` share."""
    return {"client_id": args.client, "ref_date": args.date, "period": args.period, "role": args.role,
            "unit": args.unit}  # fmt: skip


async def _build(args: argparse.Namespace) -> ReportOutput:
    from core.reports import build_report

    async with _database() as (settings, db):
        return await build_report(
            db, args.kind, mode=args.mode, category=args.category, variant=args.variant,
            settings=settings, **_window(args),
        )  # fmt: skip


async def _build_json(args: argparse.Namespace) -> dict[str, Any]:
    from core.reports.json_view import build_report_json

    async with _database() as (settings, db):
        return await build_report_json(db, args.kind, settings=settings, **_window(args))


def _write_files(out: ReportOutput, target: Path | None) -> list[Path]:
    written = []
    for i, f in enumerate(out.files):
        if target is None:
            path = Path.cwd() / f.name
        elif target.is_dir():
            path = target / f.name
        else:
            # --out names the first file; any further files go next to it under their own names
            path = target if i == 0 else target.parent / f.name
        written.append(f.write_to(path))
    return written


def _report(args: argparse.Namespace) -> int:
    from core.reports import ReportError, list_kinds

    if args.list:
        from core.reports.catalogue import AttendanceReport
        from core.reports.stated_rule import kind_population_words

        for kind in list_kinds():
            line = f"{kind.id}\t{kind.priority}\t{kind.summary}"
            if isinstance(kind, AttendanceReport):
                line += "\t" + kind_population_words(kind.scope, intel_rule=kind.intel_rule)
            print(line)
        return 0
    if not args.kind or not args.client:
        print("usage: cicero report KIND --client ID (or --list)", file=sys.stderr)
        return 2
    if args.json:
        try:
            data = asyncio.run(_build_json(args))
        except ReportError as exc:
            print(exc.message, file=sys.stderr)
            return 2
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    try:
        out = asyncio.run(_build(args))
    except ReportError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    if out.files and not out.empty:
        if out.text and args.kind.upper().startswith("REP-"):
            print(out.text)
        for path in _write_files(out, args.out):
            print(path)
        return 0
    if out.text is not None:
        if args.out is not None and not out.empty:
            args.out.write_text(out.text + "\n", encoding="utf-8")
            print(args.out)
        else:
            print(out.text)
    return 0


# core.timewindow.Period's values, written out so `--help` imports no settings or database code
# (tests/runtime/test_cli_start.py keeps the two equal).
PERIODS = ("day", "week", "month", "all")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="build a report (text recap on stdout, or Excel/text files written and their paths printed)",
        description="Build one report by its id (see --list), reading the database only.",
    )
    p.add_argument(
        "kind", nargs="?", help="report id from --list, e.g. REP-IG-UNIT or XLS-IG-RECAP (case-insensitive)"
    )
    p.add_argument("--list", action="store_true", help="list every report id with one line each")
    p.add_argument(
        "--json",
        action="store_true",
        help="print the report's data as JSON (attendance, amplification and data-completeness kinds)",
    )
    p.add_argument("--client", help="client id (case-insensitive)")
    p.add_argument("--date", type=_date, help="reference day YYYY-MM-DD (WIB); default today")
    p.add_argument("--period", choices=PERIODS, default="day")
    p.add_argument("--out", type=Path, help="file (or directory) to write the output to")
    p.add_argument("--role", help="role scope for unit reports, e.g. operator")
    p.add_argument("--unit", help="one unit of a directorate report")
    p.add_argument("--mode", choices=["all", "sudah", "belum"], default="all", help="which lists to print")
    p.add_argument("--category", type=int, choices=[1, 2, 3, 4], default=1, help="REP-DATA-PERSONIL category")
    p.add_argument(
        "--variant",
        choices=["today", "yesterday", "post", "khusus"],
        default="today",
        help="REP-AMP-LINKS variant",
    )
    p.set_defaults(func=_report)
