"""`cicero bot` as an operator runs it: SIGTERM stops it cleanly (item 6); a second process on the same
session refuses to start with a clear message (CONV-4). No WhatsApp here: the session keeps trying to
connect with back-off, which is exactly the state it must be able to stop from."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]


def start_bot(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "bot"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for(proc: subprocess.Popen, marker: bytes, timeout: float = 60) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen += line
        if marker in line:
            return seen
    raise AssertionError(f"{marker!r} not seen:\n{seen.decode()[-3000:]}")


@pytest.fixture
def upgraded_database(cli_env):
    """A fresh database brought to the current schema by `cicero db upgrade` (DB-44 passes)."""
    server = cli_env["CICERO_SERVER_URL"]
    name = f"cicero_t_bot_{secrets.token_hex(3)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    env = {**cli_env, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    yield url
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_sigterm_stops_cleanly_and_session_lock_is_exclusive(cli_env, upgraded_database, tmp_path):
    env = {
        **cli_env,
        "DATABASE_URL": upgraded_database,
        "CICERO_DATA_DIR": str(tmp_path),
        "LOG_FORMAT": "console",
        "PYTHONPATH": str(ROOT),
    }
    first = start_bot(env)
    try:
        wait_for(first, b"component_started")
        second = subprocess.run(
            [sys.executable, "-m", "bot.cli", "bot"], env=env, cwd=ROOT, capture_output=True, timeout=60
        )
        assert second.returncode != 0 and "sedang dipakai proses lain" in second.stderr.decode()
        os.kill(first.pid, signal.SIGTERM)
        assert first.wait(timeout=30) == 0
        rest = first.stderr.read()
        assert b"shutdown_requested" in rest and b"component_stopped" in rest
    finally:
        if first.poll() is None:
            first.kill()
