"""`db_backup` (JOB-43): one local dump per run through `core.db.backup`.

Ticks are `skipped_not_applicable` while BACKUP_ENABLED resolves to off (the catalogue's
`enabled_by`); a manual run (`cicero jobs run db_backup`, like `cicero db backup`) always dumps.
A failed dump fails the run, and the JOB-17 admin report carries pg_dump's message.
"""

from __future__ import annotations

from core.db.backup import backup_database
from core.jobs.context import JobContext


async def run(ctx: JobContext) -> None:
    result = await backup_database(ctx.settings, ctx.now)
    ctx.summary.count("bytes", result.size)
    ctx.summary.count("deleted", len(result.deleted))
    ctx.summary.extra["file"] = result.path.name
    ctx.summary.units_ok += 1
