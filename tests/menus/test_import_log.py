"""The import log (JOB-91) and one import per client at a time (JOB-92), from WhatsApp and the CLI."""

from __future__ import annotations

import getpass
import subprocess
import sys
from pathlib import Path

from core.imports.users import take_import_lock
from tests.amplify.seed import add_client
from tests.menus.conftest import ADMIN, OPERATOR, execute, one

ROOT = Path(__file__).resolve().parents[2]
CSV = b"NRP;Nama\n81120345;Budi Santoso\nabc;Salah\n"
BUSY = "⏳ Import user untuk client RES_A sedang berjalan."


def cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**env, "ADMIN_WHATSAPP": ADMIN, "LOG_FORMAT": "json"}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


async def logs(db) -> list[tuple]:
    async with db.uow() as uow:
        rows = await uow.execute(
            "SELECT client_id, actor, source, mode, counts FROM user_import_log ORDER BY import_id"
        )
        return [tuple(r) for r in rows]


async def test_whatsapp_import_writes_one_log_row_job_91(chat, db):
    await add_client(db, "RES_A")
    await execute(db, "UPDATE clients SET client_operator = :o WHERE client_id = 'RES_A'", o=OPERATOR)
    await chat.send(OPERATOR, "importuser#", document=("personel.csv", CSV))
    assert await logs(db) == []  # a WhatsApp preview is not logged
    await chat.send(OPERATOR, "ya")
    ((client, actor, source, mode, counts),) = await logs(db)
    assert (client, actor, source, mode) == ("RES_A", OPERATOR, "file:personel.csv", "apply")
    assert counts["new"] == 1 and counts["failed"] == 1 and counts["rows"] == 2


async def test_second_import_of_a_client_is_refused_while_one_runs_job_92(chat, db):
    await add_client(db, "RES_A")
    await chat.send(ADMIN, "importuser#RES_A", document=("personel.csv", CSV))
    async with db.uow() as running:  # another import of RES_A, in its own transaction
        await take_import_lock(running, "RES_A")
        r = await chat.send(ADMIN, "ya")
        assert r.code == "import_busy" and r.text.startswith(BUSY)
        assert await one(db, "SELECT 1 FROM \"user\" WHERE user_id = '81120345'") is None
        await add_client(db, "RES_B")  # another client's import is not held up
        async with db.uow() as other:
            await take_import_lock(other, "RES_B")
            await other.rollback()
        await running.rollback()
    assert await logs(db) == []
    r = await chat.send(ADMIN, "ya")  # the preview waited; now the import runs
    assert "*Hasil import user*" in r.text
    assert await one(db, "SELECT 1 FROM \"user\" WHERE user_id = '81120345'") is not None
    assert [row[3] for row in await logs(db)] == ["apply"]


async def test_cli_dry_run_is_logged_and_a_running_import_refuses_the_cli_job_89_91_92(db, cli_env, tmp_path):
    await add_client(db, "RES_A")
    csv_file = tmp_path / "p.csv"
    csv_file.write_bytes(CSV)
    dry = cli(["import-users", "--client", "RES_A", "--file", str(csv_file), "--dry-run"], cli_env)
    assert dry.returncode == 2, dry.stderr
    ((_, actor, source, mode, counts),) = await logs(db)
    assert (actor, source, mode) == (f"cli:{getpass.getuser()}", "file:p.csv", "preview")
    assert counts["new"] == 1
    async with db.uow() as running:
        await take_import_lock(running, "RES_A")
        busy = cli(["import-users", "--client", "RES_A", "--file", str(csv_file)], cli_env)
        await running.rollback()
    assert busy.returncode == 1 and BUSY in busy.stderr
    assert await one(db, "SELECT 1 FROM \"user\" WHERE user_id = '81120345'") is None
    real = cli(["import-users", "--client", "RES_A", "--file", str(csv_file)], cli_env)
    assert real.returncode == 2  # one row failed
    assert [row[3] for row in await logs(db)] == ["preview", "apply"]


async def test_apply_reports_each_applied_row_for_the_cli_progress_bar_job_89(db):
    from core.accounts.access import Caller
    from core.imports.users import apply, parse_file, preview

    await add_client(db, "RES_A")
    table = parse_file("p.csv", CSV + b"81120346;Sari Dewi\n")
    seen: list[str] = []
    async with db.uow() as uow:
        plan = await preview(uow, "RES_A", table, admin=True, allow_move=False)
        await apply(
            uow,
            plan,
            allow_move=False,
            caller=Caller.admin("cli:t", channel="cli"),
            progress=lambda r: seen.append(r.user_id),
        )
    assert seen == ["81120345", "81120346"]  # the invalid row "abc" is not applied, so not counted
