"""JOB-43 `db_backup` / `cicero db backup`: a local pg_dump with retention, and the restore that
docs/operations.md describes (dump, `pg_restore` into a fresh database, same rows)."""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import psycopg
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from core.app import AppContext
from core.jobs.catalogue import job_config
from core.jobs.runner import run_manual, tick
from core.timewindow import WIB
from tests.reports.seed import Seed

AT = datetime(2026, 11, 25, 4, 0, tzinfo=WIB)
ADMIN = "6281299990001"


def app_with(app_context: AppContext, **update) -> AppContext:
    settings = app_context.settings.model_copy(update=update)
    return AppContext(settings=settings, db=app_context.db, redis=app_context.redis)


async def cicero(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True,
        timeout=180,
    )  # fmt: skip


def names(directory: Path, pattern: str = "*") -> list[str]:
    return sorted(p.name for p in directory.glob(pattern))


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}  # noqa: S608


async def test_cli_backup_writes_a_dump_and_keeps_the_newest_job43(db, cli_env, tmp_path: Path) -> None:
    for stamp in ("20261120-0400", "20261121-0400", "20261122-0400"):
        (tmp_path / f"cicero-{stamp}.dump").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("not a dump")
    env = dict(cli_env, BACKUP_DIR=str(tmp_path), BACKUP_KEEP="2")
    res = await cicero(env, "db", "backup")
    assert res.returncode == 0, res.stderr
    new = tmp_path / "cicero-20261125-1000.dump"  # the run's clock (CICERO_NOW), WIB
    assert res.stdout.splitlines()[0] == str(new)
    assert names(tmp_path) == ["cicero-20261122-0400.dump", "cicero-20261125-1000.dump", "notes.txt"]
    assert names(tmp_path, ".*") == []  # no partial file left behind
    with new.open("rb") as fh:  # noqa: ASYNC230 - five bytes of a local file
        assert fh.read(5) == b"PGDMP"  # pg_dump's custom format


async def test_dump_restores_into_a_fresh_database_with_the_same_rows_job43(
    db, app_context, test_database_url: str, tmp_path: Path
) -> None:
    seed = Seed(db)
    await seed.client("POLRES_A", "POLRES A")
    await seed.user("1001", "POLRES_A", "ANDI", insta="andi")
    await seed.ig_post("ABC", "POLRES_A", datetime(2026, 11, 25, 1, 0), likes=["andi"])
    app = app_with(app_context, backup_dir=tmp_path)
    outcome = await run_manual(
        app, "db_backup", job_config("db_backup"), slot=AT, now=AT, requested_by="test"
    )
    assert outcome.status == "succeeded", outcome.summary
    dump = tmp_path / outcome.summary["file"]
    assert dump.name == "cicero-20261125-0400.dump" and outcome.summary["bytes"] == dump.stat().st_size
    fresh = f"cicero_restore_{secrets.token_hex(4)}"
    server = make_url(test_database_url)
    fresh_url = server.set(database=fresh).render_as_string(hide_password=False)
    with psycopg.connect(
        server.set(database="postgres").render_as_string(hide_password=False), autocommit=True
    ) as c:
        c.execute(f'CREATE DATABASE "{fresh}"')
    try:
        # The restore command of docs/operations.md.
        restore = await asyncio.to_thread(
            subprocess.run,
            ["pg_restore", "--no-owner", f"--dbname={fresh_url}", str(dump)],
            capture_output=True,
            text=True,
        )
        assert restore.returncode == 0, restore.stderr
        original = row_counts(test_database_url)
        assert original["clients"] == 1 and original["user"] == 1 and original["insta_post"] == 1
        assert row_counts(fresh_url) == original
    finally:
        with psycopg.connect(
            server.set(database="postgres").render_as_string(hide_password=False), autocommit=True
        ) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


async def test_ticks_follow_backup_enabled_job43(db, app_context, tmp_path: Path) -> None:
    # DATABASE_URL is set here, so `auto` means off: the tick is recorded, nothing is dumped.
    auto = app_with(app_context, backup_dir=tmp_path, backup_enabled="auto")
    assert (
        await tick(auto, "db_backup", job_config("db_backup"), slot=AT, now=AT)
    ).status == "skipped_not_applicable"
    assert names(tmp_path) == []
    forced = app_with(app_context, backup_dir=tmp_path, backup_enabled="true")
    assert (await tick(forced, "db_backup", job_config("db_backup"), slot=AT, now=AT)).status == "succeeded"
    assert names(tmp_path) == ["cicero-20261125-0400.dump"]


async def test_failed_dump_fails_the_run_and_tells_admins_without_the_password_job43(
    db, app_context, test_database_url: str, tmp_path: Path
) -> None:
    url = make_url(test_database_url).set(password="sekret-pw", database="no_such_database_here")
    app = app_with(
        app_context, backup_dir=tmp_path, admin_whatsapp=ADMIN,
        database_url=SecretStr(url.render_as_string(hide_password=False)),
    )  # fmt: skip
    outcome = await run_manual(
        app, "db_backup", job_config("db_backup"), slot=AT, now=AT, requested_by="test"
    )
    assert outcome.status == "failed"
    async with db.uow() as uow:
        run = (await uow.execute("SELECT error FROM job_run WHERE run_id = :r", {"r": outcome.run_id})).one()
        alert = (await uow.execute("SELECT body FROM wa_outbox WHERE origin = 'alert'")).scalar_one()
    assert "pg_dump exited with" in run.error and "no_such_database_here" in run.error
    assert "sekret-pw" not in run.error and "sekret-pw" not in alert
    assert "Backup database" in alert and "gagal" in alert
    assert names(tmp_path) == []  # the partial file is gone


async def test_missing_pg_dump_is_reported_job43(db, cli_env, tmp_path: Path) -> None:
    env = dict(cli_env, BACKUP_DIR=str(tmp_path), PATH=str(tmp_path / "empty"))
    res = await cicero(env, "db", "backup")
    assert res.returncode == 1 and "pg_dump not found" in res.stderr


@pytest.fixture(autouse=True)
def _pg_dump_available() -> None:
    if not any((Path(p) / "pg_dump").exists() for p in os.environ.get("PATH", "").split(os.pathsep)):
        pytest.skip("pg_dump is not installed on this machine")
