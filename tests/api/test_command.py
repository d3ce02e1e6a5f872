"""`cicero api` (API-1): refuses to start without a usable JWT_SECRET; serves over real HTTP."""

from __future__ import annotations

import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_api1_refuses_to_start_without_jwt_secret(cli_env: dict[str, str], tmp_path) -> None:
    for secret in ("", "short-secret"):
        env = {**cli_env, "JWT_SECRET": secret, "CICERO_DATA_DIR": str(tmp_path)}
        proc = subprocess.run(
            [sys.executable, "-m", "bot.cli", "api"], env=env, capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 2, proc.stderr
        assert "JWT_SECRET" in proc.stdout + proc.stderr


@pytest.fixture
def fresh_database(cli_env: dict[str, str]) -> Iterator[str]:
    """An empty database of its own: `cicero api` upgrades it at start (DB-44, DB_AUTO_UPGRADE=true)."""
    server = make_url(cli_env["CICERO_SERVER_URL"])
    name = f"cicero_api_{secrets.token_hex(4)}"
    with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_api1_cicero_api_serves_health_and_errors(
    cli_env: dict[str, str], tmp_path, fresh_database: str
) -> None:
    port = _port()
    env = {
        **cli_env, "CICERO_DATA_DIR": str(tmp_path), "PORT": str(port), "DATABASE_URL": fresh_database,
        "DB_AUTO_UPGRADE": "true",
    }  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "api"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                res = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, (
                    proc.stdout.read() if proc.stdout else ""
                )
                time.sleep(0.2)
        assert res.json() == {"status": "ok"}
        health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=10)
        assert health.json()["checks"]["database"]["status"] == "ok"
        missing = httpx.get(f"http://127.0.0.1:{port}/api/users", timeout=5)
        assert (missing.status_code, missing.json()["code"]) == (401, "token_required")
        assert httpx.get(f"http://127.0.0.1:{port}/api/openapi.json", timeout=5).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert proc.returncode == 0
