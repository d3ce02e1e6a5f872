"""Helpers for the migration tests: scratch databases, fixtures, catalog snapshots (DB-60, DB-61)."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from core.db.tables import metadata

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMA = ROOT / "sql" / "schema.sql"
B2_TABLES = sorted(metadata.tables)


def server_url() -> str:
    return os.environ["CICERO_SERVER_URL"]


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def scratch_database(prefix: str = "cicero_mig") -> Iterator[str]:
    """A fresh empty database on the test server; dropped afterwards. Yields its plain URL."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    base = _libpq(server_url())
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_sql(url: str, text: str) -> None:
    with psycopg.connect(url, autocommit=True, options="-c TimeZone=UTC") as conn:
        conn.execute(text)  # type: ignore[arg-type]


def load_fixture(url: str, *names: str) -> None:
    for name in names:
        run_sql(url, (FIXTURES / name).read_text(encoding="utf-8"))


def query(url: str, sql_text: str, params: tuple | None = None) -> list[tuple]:
    with psycopg.connect(url, autocommit=True, options="-c TimeZone=UTC") as conn:
        return conn.execute(sql_text, params).fetchall()  # type: ignore[arg-type]


def row_counts(url: str) -> dict[str, int]:
    tables = [r[0] for r in query(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    return {t: query(url, f'SELECT count(*) FROM public."{t}"')[0][0] for t in tables}


def table_rows(url: str, table: str) -> list[str]:
    """Every row of a table as text, sorted: to prove legacy tables stay byte-identical."""
    return sorted(r[0] for r in query(url, f'SELECT t::text FROM public."{table}" t'))


def catalog(url: str) -> dict[str, set[tuple]]:
    """Columns, constraints, indexes, triggers and functions of the B.2 tables (DB-61.2)."""
    tables = list(B2_TABLES)
    columns = query(
        url,
        """SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  pg_get_expr(d.adbin, d.adrelid)
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           WHERE n.nspname = 'public' AND c.relname = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped""",
        (tables,),
    )
    constraints = query(
        url,
        """SELECT c.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid)
           FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relname = ANY(%s)""",
        (tables,),
    )
    indexes = query(
        url,
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY(%s)",
        (tables,),
    )
    triggers = query(
        url,
        """SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relname = ANY(%s) AND NOT t.tgisinternal""",
        (tables,),
    )
    functions = query(
        url,
        """SELECT p.proname, pg_get_function_identity_arguments(p.oid), p.provolatile::text, p.prosrc
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND (p.proname LIKE 'cicero\\_%%' OR p.proname LIKE 'set\\_%%')""",
    )
    return {
        "tables": {(t,) for t in {r[0] for r in columns}},
        "columns": set(columns),
        "constraints": set(constraints),
        "indexes": set(indexes),
        "triggers": set(triggers),
        "functions": set(functions),
    }


def catalog_diff(
    expected: dict[str, set[tuple]], actual: dict[str, set[tuple]], ignore: set[str] = frozenset()
) -> dict[str, tuple[set, set]]:
    """Per kind: (missing from actual, extra in actual), skipping objects named in `ignore`.

    Extras in `functions` are allowed (legacy routines stay, DB-4); for B.2 tables, columns that
    are legacy extras (DB-4 c) are allowed too.
    """
    from core.db.migrate import LEGACY_UNUSED_COLUMNS

    legacy_cols = {(t, c) for t, c in LEGACY_UNUSED_COLUMNS}
    out: dict[str, tuple[set, set]] = {}
    for kind in expected:
        missing = {r for r in expected[kind] - actual[kind] if not (len(r) > 1 and r[1] in ignore)}
        extra = {r for r in actual[kind] - expected[kind] if not (len(r) > 1 and r[1] in ignore)}
        if kind == "columns":
            extra = {r for r in extra if (r[0], r[1]) not in legacy_cols}
        if kind == "constraints":
            # CHECKs on legacy extra columns (e.g. tiktok_post.source) stay (DB-4 c).
            extra = {
                r for r in extra if not any(re.search(rf"\b{c}\b", r[3]) for t, c in legacy_cols if t == r[0])
            }
        if kind == "functions":
            extra = set()
        if missing or extra:
            out[kind] = (missing, extra)
    return out
