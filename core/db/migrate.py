"""Schema migrations: `cicero db upgrade` / `cicero db status` and the startup check (spec 50 Part C).

- `upgrade(url)` (DB-41): advisory lock, `schema_migrations`, empty database -> `sql/schema.sql`
  plus baseline rows; otherwise every pending `sql/migrations/NNNN_name.sql` in its own
  transaction with the row-count guard of DB-42; then the deferred items of DB-55.
- `status(url)` (DB-43): what is applied, pending, deferred, and what legacy extras exist.
- `ensure_schema_current(settings)` (DB-44): the check every long-running command calls first.

Everything here is synchronous psycopg on one connection: a migration run is a short, one-off,
lock-holding task, and the session-level advisory lock must live on the connection that applies
the files.
"""

from __future__ import annotations

import hashlib
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from core.config import Settings
from core.db.engine import sync_database_url
from core.db.tables import metadata

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "sql" / "schema.sql"
MIGRATIONS_DIR = ROOT / "sql" / "migrations"

# DB-41.1: one fixed key for every Cicero upgrade, whatever the database.
ADVISORY_LOCK_KEY = 72657361
LOCK_WAIT_S = 60.0
FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

# DB-4 (b): legacy tables Cicero never touches; reported by `status` when present.
LEGACY_UNUSED_TABLES = (
    "penmas_user",
    "editorial_event",
    "press_release_detail",
    "approval_request",
    "change_log",
    "tasks",
    "saved_contact",
    "satbinmas_official_media_hashtags",
    "satbinmas_official_media_mentions",
    "satbinmas_tiktok_accounts",
    "satbinmas_tiktok_posts",
    "satbinmas_tiktok_post_hashtags",
    "tiktok_accounts",
    "tiktok_posts",
    "tiktok_post_hashtags",
    "tiktok_snapshots",
    "wa_notification_outbox",
    "user_social_accounts",
    "operators",
    "operator_registration_sessions",
    "client_config",
    "client_config_sessions",
    "configuration_audit_logs",
    "administrator_authorization",
    "dashboard_premium_audit",
)
# DB-4 (c): legacy columns kept but never written.
LEGACY_UNUSED_COLUMNS = (
    ("insta_post", "task_source"),
    ("insta_post", "operator_phone"),
    ("tiktok_post", "task_source"),
    ("tiktok_post", "operator_phone"),
    ("tiktok_post", "source"),
    ("user", "ditbinmas"),
    ("user", "ditlantas"),
    ("user", "bidhumas"),
    ("dashboard_user", "user_id"),
    ("dashboard_user", "client_id"),
    ("dashboard_user", "role"),
)


class MigrationError(Exception):
    """A failure `cicero db` turns into a message and an exit code."""

    exit_code = 1


class MigrationFilesInvalid(MigrationError):
    """DB-40: the files break the naming rules; the runner refuses to start."""

    exit_code = 2


class SchemaTooNew(MigrationError):
    """DB-41.3: the database has a version newer than the newest file."""

    exit_code = 2


class UpgradeLocked(MigrationError):
    """DB-41.1: another upgrade holds the lock for longer than LOCK_WAIT_S."""


class MigrationFailed(MigrationError):
    """DB-41.5 / DB-42: one file failed and was rolled back; earlier files stay applied."""


@dataclass(frozen=True)
class MigrationFile:
    version: int
    name: str
    path: Path
    checksum: str

    @property
    def file_name(self) -> str:
        return self.path.name

    def read(self) -> str:
        return self.path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class AppliedMigration:
    version: int
    name: str
    checksum: str
    method: str
    applied_at: str


@dataclass(frozen=True)
class DeferredItem:
    """One DB-55 item: created when the data allows, else listed with the rows that block it."""

    name: str
    kind: str  # "index" or "foreign key"
    blocking: tuple[str, ...] = ()
    created: bool = False


@dataclass
class UpgradeReport:
    baseline: bool = False
    applied: list[tuple[MigrationFile, int, int]] = field(default_factory=list)  # file, ms, rows fixed
    would_apply: list[MigrationFile] = field(default_factory=list)
    deferred: list[DeferredItem] = field(default_factory=list)
    checksum_warnings: list[str] = field(default_factory=list)
    elapsed_ms: int = 0

    @property
    def pending_deferred(self) -> list[DeferredItem]:
        return [d for d in self.deferred if not d.created]


@dataclass
class StatusReport:
    url: str
    server_version: str
    current_version: int | None
    applied: list[AppliedMigration]
    pending: list[MigrationFile]
    checksum_warnings: list[str]
    deferred: list[DeferredItem]
    legacy_tables: list[str]
    legacy_columns: list[str]
    rls_tables: list[str]

    @property
    def anything_pending(self) -> bool:
        return bool(self.pending) or any(not d.created for d in self.deferred)


# ------------------------------------------------------------------------------------------------
# Files
# ------------------------------------------------------------------------------------------------


def migration_files(directory: Path = MIGRATIONS_DIR) -> list[MigrationFile]:
    """The migration files in version order; raises MigrationFilesInvalid on any naming problem."""
    files: list[MigrationFile] = []
    problems: list[str] = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        match = FILE_NAME.match(path.name)
        if not match:
            problems.append(f"{path.name}: name must be NNNN_name.sql (lower-case, 4 digits)")
            continue
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        files.append(MigrationFile(int(match.group(1)), match.group(2), path, checksum))
    files.sort(key=lambda f: f.version)
    for expected, migration in enumerate(files, start=1):
        if migration.version != expected:
            problems.append(
                f"{migration.file_name}: versions must be contiguous from 0001 (expected {expected:04d})"
            )
            break
    if problems:
        raise MigrationFilesInvalid("invalid migration files: " + "; ".join(problems))
    return files


def _table_ddl(name: str) -> str:
    """The CREATE statement of a bookkeeping table, taken from schema.sql (one definition)."""
    match = re.search(rf"CREATE TABLE IF NOT EXISTS {name} \(.*?\n\);", SCHEMA_FILE.read_text(), re.DOTALL)
    if match is None:  # pragma: no cover - schema.sql is part of the package
        raise MigrationError(f"sql/schema.sql has no CREATE TABLE IF NOT EXISTS {name}")
    return match.group(0)


def cicero_version() -> str:
    try:
        return importlib_metadata.version("cicero")
    except importlib_metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "unknown"


# ------------------------------------------------------------------------------------------------
# Connection helpers
# ------------------------------------------------------------------------------------------------


def libpq_url(url: str) -> str:
    """A `postgresql://` URL libpq accepts, from any SQLAlchemy-style URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def safe_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=True)


def connect(url: str) -> psycopg.Connection:
    # DB-1: UTC session so NOW() defaults and TIMESTAMPTZ <-> TS conversions keep UTC wall time.
    # Autocommit: every `conn.transaction()` below is a real transaction (one per file, DB-41.5).
    return psycopg.connect(
        libpq_url(url),
        autocommit=True,
        options="-c TimeZone=UTC",
        application_name="cicero-migrate",
        connect_timeout=10,
    )


@contextmanager
def upgrade_lock(conn: psycopg.Connection, wait_s: float = LOCK_WAIT_S) -> Iterator[None]:
    """DB-41.1: session advisory lock, waited for up to `wait_s`; released on exit."""
    deadline = time.monotonic() + wait_s
    while True:
        got = conn.execute("SELECT pg_try_advisory_lock(%s)", (ADVISORY_LOCK_KEY,)).fetchone()
        if got and got[0]:
            break
        if time.monotonic() >= deadline:
            raise UpgradeLocked("another upgrade is running")
        time.sleep(0.2)
    try:
        yield
    finally:
        if not conn.closed:
            conn.execute("SELECT pg_advisory_unlock(%s)", (ADVISORY_LOCK_KEY,))


def _public_tables(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    return [r[0] for r in rows]


def _row_counts(conn: psycopg.Connection, tables: list[str]) -> dict[str, int]:
    if not tables:
        return {}
    query = sql.SQL(" UNION ALL ").join(
        sql.SQL("SELECT {name}, count(*) FROM public.{table}").format(
            name=sql.Literal(t), table=sql.Identifier(t)
        )
        for t in tables
    )
    return {name: count for name, count in conn.execute(query).fetchall()}


def _applied(conn: psycopg.Connection) -> list[AppliedMigration]:
    if "schema_migrations" not in _public_tables(conn):
        return []
    rows = conn.execute(
        "SELECT version, name, checksum, method, applied_at::text FROM schema_migrations ORDER BY version"
    ).fetchall()
    return [AppliedMigration(v, n, c.strip(), m, a) for v, n, c, m, a in rows]


def _checksum_warnings(applied: list[AppliedMigration], files: list[MigrationFile]) -> list[str]:
    by_version = {f.version: f for f in files}
    warnings = []
    for row in applied:
        f = by_version.get(row.version)
        if f is not None and f.checksum != row.checksum:
            warnings.append(
                f"{f.file_name}: changed since it was applied (checksum differs); it is not run again"
            )
    return warnings


# ------------------------------------------------------------------------------------------------
# Deferred items (DB-55)
# ------------------------------------------------------------------------------------------------

# name, table, blocking-rows query (each row: a description), CREATE statement (as in schema.sql)
_DEFERRED_INDEXES: tuple[tuple[str, str, str, str], ...] = (
    (
        "idx_user_email_unique",
        "user",
        """SELECT lower(email) || ': ' || string_agg(user_id, ', ' ORDER BY user_id)
           FROM "user" WHERE email IS NOT NULL AND email <> ''
           GROUP BY lower(email) HAVING count(*) > 1 ORDER BY 1""",
        """CREATE UNIQUE INDEX idx_user_email_unique ON "user" (LOWER(email))
           WHERE email IS NOT NULL AND email <> ''""",
    ),
    (
        "idx_dashboard_user_username_lower",
        "dashboard_user",
        """SELECT lower(username) || ': ' || string_agg(username, ', ' ORDER BY username)
           FROM dashboard_user GROUP BY lower(username) HAVING count(*) > 1 ORDER BY 1""",
        "CREATE UNIQUE INDEX idx_dashboard_user_username_lower ON dashboard_user (LOWER(username))",
    ),
    (
        "idx_clients_client_id_upper",
        "clients",
        """SELECT upper(client_id) || ': ' || string_agg(client_id, ', ' ORDER BY client_id)
           FROM clients GROUP BY upper(client_id) HAVING count(*) > 1 ORDER BY 1""",
        "CREATE UNIQUE INDEX idx_clients_client_id_upper ON clients (UPPER(client_id))",
    ),
    (
        "satbinmas_official_accounts_platform_username_unique",
        "satbinmas_official_accounts",
        """SELECT platform || '/' || lower(username) || ': '
                  || string_agg(client_id, ', ' ORDER BY client_id)
           FROM satbinmas_official_accounts GROUP BY platform, lower(username)
           HAVING count(*) > 1 ORDER BY 1""",
        """CREATE UNIQUE INDEX satbinmas_official_accounts_platform_username_unique
           ON satbinmas_official_accounts (platform, LOWER(username))""",
    ),
)


def _index_exists(conn: psycopg.Connection, name: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM pg_indexes WHERE schemaname = 'public' AND indexname = %s", (name,)
    ).fetchone()
    return row is not None


def _column_exists(conn: psycopg.Connection, table: str, column: str) -> bool:
    row = conn.execute(
        """SELECT 1 FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name = %s AND column_name = %s""",
        (table, column),
    ).fetchone()
    return row is not None


def _constraint_exists(conn: psycopg.Connection, table: str, name: str) -> bool:
    row = conn.execute(
        """SELECT 1 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
           WHERE n.nspname = 'public' AND t.relname = %s AND c.conname = %s""",
        (table, name),
    ).fetchone()
    return row is not None


def deferred_items(conn: psycopg.Connection, *, create: bool) -> list[DeferredItem]:
    """Check (and with `create`, create) every DB-55 item; each is created in its own transaction."""
    tables = set(_public_tables(conn))
    items: list[DeferredItem] = []
    for name, table, blocking_sql, create_sql in _DEFERRED_INDEXES:
        if table not in tables or _index_exists(conn, name):
            continue
        blocking = tuple(r[0] for r in conn.execute(blocking_sql).fetchall())  # type: ignore[arg-type]
        created = False
        if not blocking and create:
            with conn.transaction():
                conn.execute(create_sql)  # type: ignore[arg-type]
            created = True
        items.append(DeferredItem(name, "index", blocking, created))
    rules = {None: "NO ACTION", "CASCADE": "CASCADE", "SET NULL": "SET NULL", "RESTRICT": "RESTRICT"}
    for t in metadata.sorted_tables:
        for fk in sorted(t.foreign_keys, key=lambda f: str(f.name)):
            target = fk.column.table.name
            if t.name not in tables or target not in tables:
                continue
            if not _column_exists(conn, t.name, fk.parent.name):
                continue
            if _constraint_exists(conn, t.name, str(fk.name)):
                continue
            query = sql.SQL(
                "SELECT DISTINCT x.{col}::text FROM public.{tbl} x WHERE x.{col} IS NOT NULL"
                " AND NOT EXISTS (SELECT 1 FROM public.{ref} r WHERE r.{refcol} = x.{col})"
                " ORDER BY 1 LIMIT 50"
            ).format(
                col=sql.Identifier(fk.parent.name),
                tbl=sql.Identifier(t.name),
                ref=sql.Identifier(target),
                refcol=sql.Identifier(fk.column.name),
            )
            blocking = tuple(f"{t.name}.{fk.parent.name} = {r[0]}" for r in conn.execute(query))
            created = False
            if not blocking and create:
                with conn.transaction():
                    conn.execute(
                        sql.SQL(
                            "ALTER TABLE public.{tbl} ADD CONSTRAINT {name} FOREIGN KEY ({col})"
                            " REFERENCES public.{ref} ({refcol}) ON DELETE {d} ON UPDATE {u}"
                        ).format(
                            tbl=sql.Identifier(t.name),
                            name=sql.Identifier(str(fk.name)),
                            col=sql.Identifier(fk.parent.name),
                            ref=sql.Identifier(target),
                            refcol=sql.Identifier(fk.column.name),
                            d=sql.SQL(rules[fk.ondelete]),
                            u=sql.SQL(rules[fk.onupdate]),
                        )
                    )
                created = True
            items.append(DeferredItem(str(fk.name), "foreign key", blocking, created))
    return items


# ------------------------------------------------------------------------------------------------
# Upgrade (DB-41, DB-42)
# ------------------------------------------------------------------------------------------------


def _ensure_bookkeeping(conn: psycopg.Connection) -> None:
    with conn.transaction():
        conn.execute(_table_ddl("schema_migrations"))  # type: ignore[arg-type]


def _run_file(conn: psycopg.Connection, migration: MigrationFile, version: str) -> tuple[int, int]:
    """Apply one file in its own transaction with the DB-42 row-count guard; returns (ms, fixes)."""
    started = time.monotonic()
    try:
        with conn.transaction():
            conn.execute("SET LOCAL lock_timeout = '10s'")
            before_tables = _public_tables(conn)
            before = _row_counts(conn, before_tables)
            conn.execute(migration.read())  # type: ignore[arg-type]
            after = _row_counts(conn, [t for t in _public_tables(conn) if t in before])
            lost = {t: (before[t], after.get(t, 0)) for t in before if after.get(t, 0) < before[t]}
            if lost:
                detail = ", ".join(f"{t} {b} -> {a}" for t, (b, a) in sorted(lost.items()))
                raise MigrationFailed(f"{migration.file_name}: rows would be lost ({detail}); rolled back")
            duration_ms = int((time.monotonic() - started) * 1000)
            conn.execute(
                """INSERT INTO schema_migrations (version, name, checksum, method, duration_ms, cicero_version)
                   VALUES (%s, %s, %s, 'migration', %s, %s)""",
                (migration.version, migration.name, migration.checksum, duration_ms, version),
            )
            fixes = conn.execute(
                "SELECT count(*) FROM migration_row_fix WHERE version = %s", (migration.version,)
            ).fetchone()
    except psycopg.Error as exc:
        raise MigrationFailed(f"{migration.file_name}: {exc}".strip()) from exc
    return duration_ms, int(fixes[0]) if fixes else 0


def upgrade(
    url: str,
    *,
    dry_run: bool = False,
    out: Callable[[str], None] = print,
    files: list[MigrationFile] | None = None,
    lock_wait_s: float = LOCK_WAIT_S,
) -> UpgradeReport:
    """DB-41: bring the database at `url` to the current schema. Raises MigrationError subclasses."""
    files = migration_files() if files is None else files
    newest = files[-1].version if files else 0
    report = UpgradeReport()
    started = time.monotonic()
    try:
        conn = connect(url)
    except psycopg.OperationalError as exc:
        raise MigrationError(f"database unreachable: {exc}".strip()) from exc
    with conn:
        with upgrade_lock(conn, lock_wait_s):
            tables = _public_tables(conn)
            applied = _applied(conn)
            if applied and max(a.version for a in applied) > newest:
                raise SchemaTooNew("database schema is newer than this Cicero")
            report.checksum_warnings = _checksum_warnings(applied, files)
            for warning in report.checksum_warnings:
                out(f"warning: {warning}")
            empty = not [t for t in tables if t != "schema_migrations"]
            done = {a.version for a in applied}
            pending = [f for f in files if f.version not in done]
            if dry_run:
                report.baseline = empty
                report.would_apply = files if empty else pending
                if empty:
                    out("would load sql/schema.sql into the empty database and record every file as baseline")
                for f in [] if empty else pending:
                    out(f"would apply {f.file_name}")
                if not report.would_apply:
                    out("nothing to apply")
                report.deferred = deferred_items(conn, create=False)
                report.elapsed_ms = int((time.monotonic() - started) * 1000)
                return report
            if not empty and pending:
                out("reminder: take a backup before upgrading a database that holds data")
            version = cicero_version()
            if empty:
                with conn.transaction():
                    conn.execute(SCHEMA_FILE.read_text(encoding="utf-8"))  # type: ignore[arg-type]
                    for f in files:
                        conn.execute(
                            """INSERT INTO schema_migrations (version, name, checksum, method, cicero_version)
                               VALUES (%s, %s, %s, 'baseline', %s)""",
                            (f.version, f.name, f.checksum, version),
                        )
                report.baseline = True
                out(f"loaded sql/schema.sql; recorded {len(files)} migration(s) as baseline")
            else:
                _ensure_bookkeeping(conn)
                if pending:
                    # 0002 logs row fixes before 0003 would create the log table.
                    with conn.transaction():
                        conn.execute(_table_ddl("migration_row_fix"))  # type: ignore[arg-type]
                for f in pending:
                    duration_ms, fixes = _run_file(conn, f, version)
                    report.applied.append((f, duration_ms, fixes))
                    out(f"applied {f.file_name} in {duration_ms} ms ({fixes} row(s) fixed)")
            report.deferred = deferred_items(conn, create=True)
    for item in report.deferred:
        if item.created:
            out(f"created deferred {item.kind} {item.name}")
    for item in report.pending_deferred:
        out(f"deferred {item.kind} {item.name} still pending, blocked by: " + "; ".join(item.blocking))
    report.elapsed_ms = int((time.monotonic() - started) * 1000)
    if not report.baseline and not report.applied:
        out("database schema is up to date; nothing applied")
    out(f"done in {report.elapsed_ms} ms")
    return report


# ------------------------------------------------------------------------------------------------
# Status (DB-43) and startup check (DB-44)
# ------------------------------------------------------------------------------------------------


def status(url: str, files: list[MigrationFile] | None = None) -> StatusReport:
    files = migration_files() if files is None else files
    try:
        conn = connect(url)
    except psycopg.OperationalError as exc:
        raise MigrationError(f"database unreachable: {exc}".strip()) from exc
    with conn:
        server = conn.execute("SHOW server_version").fetchone()
        tables = set(_public_tables(conn))
        applied = _applied(conn)
        done = {a.version for a in applied}
        deferred = deferred_items(conn, create=False) if done else []
        legacy_tables = [t for t in LEGACY_UNUSED_TABLES if t in tables]
        legacy_columns = [
            f"{t}.{c}" for t, c in LEGACY_UNUSED_COLUMNS if t in tables and _column_exists(conn, t, c)
        ]
        rls = conn.execute(
            """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity ORDER BY 1"""
        ).fetchall()
    return StatusReport(
        url=safe_url(url),
        server_version=server[0] if server else "?",
        current_version=max(done) if done else None,
        applied=applied,
        pending=[f for f in files if f.version not in done],
        checksum_warnings=_checksum_warnings(applied, files),
        deferred=deferred,
        legacy_tables=legacy_tables,
        legacy_columns=legacy_columns,
        rls_tables=[r[0] for r in rls if r[0] in metadata.tables],
    )


def pending_migrations(url: str) -> list[MigrationFile]:
    files = migration_files()
    with connect(url) as conn:
        done = {a.version for a in _applied(conn)}
    return [f for f in files if f.version not in done]


PENDING_MESSAGE = 'pending database migrations: run "cicero db upgrade"'


def ensure_schema_current(settings: Settings, *, out: Callable[[str], None] | None = None) -> None:
    """DB-44: call first in every long-running command (`run`, `bot`, `api`, `scheduler`, `worker`).

    Nothing pending: returns. Pending and `settings.auto_upgrade` (default for the embedded database
    and `cicero demo`): runs the upgrade, raising SystemExit(1) if it fails. Pending otherwise:
    prints the DB-44 message to stderr and raises SystemExit(2).
    """
    url = sync_database_url(settings)
    emit = out or (lambda line: print(line, file=sys.stderr))
    try:
        pending = pending_migrations(url)
    except MigrationError as exc:
        emit(str(exc))
        raise SystemExit(exc.exit_code) from exc
    except psycopg.OperationalError as exc:
        emit(f"database unreachable: {exc}".strip())
        raise SystemExit(1) from exc
    if not pending:
        return
    if not settings.auto_upgrade:
        emit(PENDING_MESSAGE)
        raise SystemExit(2)
    try:
        upgrade(url, out=emit)
    except MigrationError as exc:
        emit(str(exc))
        raise SystemExit(exc.exit_code) from exc
