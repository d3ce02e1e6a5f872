"""`cicero chat --jsonl` and `cicero import-users` as subprocesses on seeded data (CONV-282, JOB-89)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.amplify.seed import add_client, add_post, add_user
from tests.clock import earlier_today
from tests.menus.conftest import ADMIN, OPERATOR, PERSON, STRANGER, execute, one

ROOT = Path(__file__).resolve().parents[2]
CICERO = [sys.executable, "-m", "bot.cli"]


def run_cli(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CICERO, *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


def env_for(cli_env: dict[str, str]) -> dict[str, str]:
    return {**cli_env, "ADMIN_WHATSAPP": ADMIN, "LOG_FORMAT": "json", "WA_INBOUND_MAX_AGE_S": "1000000000"}


async def test_every_menu_end_to_end_through_chat_jsonl_conv_282(db, cli_env):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await execute(db, "UPDATE clients SET client_operator = :o WHERE client_id = 'RES_A'", o=OPERATOR)
    await add_user(db, "81120345", "RES_A", nama="BUDI", title="BRIPTU")
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON, nama="ANI", title="BRIPDA")
    await add_post(db, "TaskOne1", "RES_A", at=earlier_today())  # today on the run's clock
    script = [
        # userrequest: registration of an unknown number
        (STRANGER, "userrequest"),
        (STRANGER, "81120345"),
        (STRANGER, "ya"),
        (STRANGER, "tidak"),
        # link report by message
        (PERSON, "https://www.facebook.com/ani/posts/pfbid0abc"),
        # oprrequest: check a user
        (OPERATOR, "oprrequest"),
        (OPERATOR, "1"),
        (OPERATOR, "4"),
        (OPERATOR, "81120346"),
        (OPERATOR, "batal"),
        # clientrequest: add a client
        (ADMIN, "clientrequest"),
        (ADMIN, "1"),
        (ADMIN, "1"),
        (ADMIN, "RES_NEW"),
        (ADMIN, "Polres Baru"),
        (ADMIN, "1"),
        (ADMIN, "ya"),
        (ADMIN, "batal"),
        # # commands
        (ADMIN, "clientinfo#RES_NEW"),
        (PERSON, "notifwa#on"),
    ]
    stdin = "".join(json.dumps({"from": who, "text": text}) + "\n" for who, text in script)
    proc = run_cli(["chat", "--jsonl"], env_for(cli_env), stdin)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    texts = "\n".join(o.get("text") or "" for o in out)
    assert "✅ *Berhasil Terhubung*" in texts
    assert "✅ *Laporan Amplifikasi Tercatat*" in texts
    assert "*NRP/NIP*  : 81120346" in texts
    assert "✅ Client dibuat." in texts
    assert "🏢 *Polres Baru* (RES_NEW)" in texts
    assert all(set(o) >= {"to", "session"} for o in out)
    assert (await one(db, "SELECT whatsapp FROM \"user\" WHERE user_id = '81120345'")).whatsapp == STRANGER
    assert (await one(db, "SELECT facebook_link FROM link_report WHERE user_id = '81120346'")) is not None
    assert (await one(db, "SELECT 1 FROM clients WHERE client_id = 'RES_NEW'")) is not None


async def test_import_users_cli_job_89(db, cli_env, tmp_path):
    await add_client(db, "RES_A")
    csv_file = tmp_path / "p.csv"
    csv_file.write_text("nrp,nama\n81120345,Budi\nabc,Salah\n", encoding="utf-8")
    env = env_for(cli_env)
    dry = run_cli(["import-users", "--client", "RES_A", "--file", str(csv_file), "--dry-run"], env)
    assert dry.returncode == 2, dry.stderr
    assert "✅ Baru" in dry.stdout and "dry run" in dry.stdout
    assert await one(db, "SELECT 1 FROM \"user\" WHERE user_id = '81120345'") is None
    real = run_cli(["import-users", "--client", "RES_A", "--file", str(csv_file)], env)
    assert real.returncode == 2
    assert await one(db, "SELECT 1 FROM \"user\" WHERE user_id = '81120345'") is not None
    refused = run_cli(["import-users", "--client", "NOPE", "--file", str(csv_file)], env)
    assert refused.returncode == 1
