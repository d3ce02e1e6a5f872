"""`cicero db upgrade [--dry-run]`, `cicero db status [--check]` (spec 50 DB-41, DB-43) and
`cicero db backup` (JOB-43)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.db.migrate import StatusReport


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="database schema: upgrade and status")
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = sub.add_parser("upgrade", help="apply pending migrations (an empty database gets the whole schema)")
    up.add_argument("--dry-run", action="store_true", help="list what would run; change nothing")
    up.set_defaults(func=run_upgrade)
    st = sub.add_parser("status", help="applied/pending migrations, deferred items, legacy extras")
    st.add_argument(
        "--check", action="store_true", help="exit 3 when a migration or deferred item is pending"
    )
    st.set_defaults(func=run_status)
    bk = sub.add_parser(
        "backup", help="pg_dump the database into BACKUP_DIR now, keeping the newest BACKUP_KEEP dumps"
    )
    bk.set_defaults(func=run_backup)


def _url() -> str:
    from core.config import get_settings
    from core.db.engine import sync_database_url

    return sync_database_url(get_settings())


def run_upgrade(args: argparse.Namespace) -> int:
    from core.db.migrate import MigrationError, upgrade

    try:
        upgrade(_url(), dry_run=args.dry_run, out=lambda line: print(line, flush=True))
    except MigrationError as exc:
        print(f"upgrade failed: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


def run_backup(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.db.backup import BackupError, backup_database
    from core.timewindow import now_wib

    settings = get_settings()
    try:
        result = asyncio.run(backup_database(settings, now_wib()))
    except BackupError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    print(result.path)
    for old in result.deleted:
        print(f"deleted {old}")
    return 0


def render_status(report: StatusReport) -> list[str]:
    lines = [
        f"database: {report.url}",
        f"server version: {report.server_version}",
        f"current version: {report.current_version if report.current_version is not None else 'none'}",
        "applied migrations:",
    ]
    lines += [f"  {a.version:04d} {a.name} ({a.method}, {a.applied_at})" for a in report.applied] or [
        "  none"
    ]
    lines.append("pending migrations:")
    lines += [f"  {f.file_name}" for f in report.pending] or ["  none"]
    for warning in report.checksum_warnings:
        lines.append(f"warning: {warning}")
    pending_deferred = [d for d in report.deferred if not d.created]
    lines.append("deferred items:")
    lines += [
        f"  {d.kind} {d.name}, blocked by: " + ("; ".join(d.blocking) or "nothing (run upgrade)")
        for d in pending_deferred
    ] or ["  none"]
    if report.legacy_tables:
        lines.append("legacy tables kept (unused): " + ", ".join(report.legacy_tables))
    if report.legacy_columns:
        lines.append("legacy columns kept (unused): " + ", ".join(report.legacy_columns))
    for table in report.rls_tables:
        lines.append(f"warning: row-level security is enabled on {table} (Cicero does not use it)")
    return lines


def run_status(args: argparse.Namespace) -> int:
    from core.db.migrate import MigrationError, status

    try:
        report = status(_url())
    except MigrationError as exc:
        print(f"status failed: {exc}", file=sys.stderr)
        return 1 if exc.exit_code == 1 else exc.exit_code
    for line in render_status(report):
        print(line)
    if args.check and report.anything_pending:
        return 3
    return 0
