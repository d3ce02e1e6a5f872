"""`core/db/tables.py` stays in step with `sql/schema.sql` (issue 2 item 3; DB-40).

The run's database is built from `schema.sql` by tests/conftest.py; every table of the live
catalog must be described in `core.db.tables.metadata` with the same columns, types,
nullability, primary keys and foreign-key rules, and nothing more.
"""

from __future__ import annotations

import psycopg
from sqlalchemy.dialects import postgresql

from core.db.tables import metadata

_FORMAT = {
    "character varying": "VARCHAR",
    "bytea": "BYTEA",
}
_RULES = {"a": None, "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def _catalog_type(fmt: str) -> str:
    if fmt.startswith("character varying("):
        return "VARCHAR" + fmt[len("character varying") :]
    if fmt.startswith("character("):
        return "CHAR" + fmt[len("character") :]
    return _FORMAT.get(fmt, fmt.upper())


def _live_columns(conn: psycopg.Connection) -> dict[str, dict[str, tuple[str, bool]]]:
    rows = conn.execute(
        """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        """
    ).fetchall()
    out: dict[str, dict[str, tuple[str, bool]]] = {}
    for table, column, fmt, notnull in rows:
        out.setdefault(table, {})[column] = (_catalog_type(fmt), not notnull)
    return out


def _live_fks(conn: psycopg.Connection) -> set[tuple[str, str, str, str, str | None, str | None]]:
    rows = conn.execute(
        """
        SELECT c.conname, t.relname, a.attname, rt.relname || '.' || ra.attname,
               c.confdeltype, c.confupdtype
        FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_class rt ON rt.oid = c.confrelid
        JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND c.contype = 'f'
        """
    ).fetchall()
    return {(name, t, col, ref, _RULES[d], _RULES[u]) for name, t, col, ref, d, u in rows}


def _live_pks(conn: psycopg.Connection) -> dict[str, set[str]]:
    rows = conn.execute(
        """
        SELECT t.relname, a.attname
        FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE n.nspname = 'public' AND c.contype = 'p'
        """
    ).fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return out


def test_tables_match_live_catalog(test_database_url: str) -> None:
    """Every schema table is defined, with identical columns, types and nullability."""
    dialect = postgresql.dialect()
    with psycopg.connect(test_database_url) as conn:
        live = _live_columns(conn)
        live_fks = _live_fks(conn)
        live_pks = _live_pks(conn)

    assert set(metadata.tables) == set(live)
    for name, table in metadata.tables.items():
        defined = {c.name: (c.type.compile(dialect=dialect), c.nullable) for c in table.columns}
        assert defined == live[name], name
        assert {c.name for c in table.primary_key.columns} == live_pks.get(name, set()), name

    defined_fks = {
        (
            fk.name,
            fk.parent.table.name,
            fk.parent.name,
            fk.target_fullname,
            fk.ondelete,
            fk.onupdate,
        )
        for table in metadata.tables.values()
        for fk in table.foreign_keys
    }
    assert defined_fks == live_fks
