"""Property-based run of the app's own OpenAPI document with schemathesis (API-3, API-9):
generated requests, anonymous and with an admin token, never get an undocumented server error.

The app runs under uvicorn on 127.0.0.1 in its own thread and event loop, over this run's
database and Redis; the number of examples per operation is bounded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from bot.api.app import create_app
from core.auth.passwords import hash_password
from core.config import get_settings
from tests.api.conftest import PASSWORD, table_mx
from tests.api.live import served

MAX_EXAMPLES = 12
# 502/503 are documented answers (SMTP or resolver down, database or Redis unreachable); 500 never is.
ALLOWED_5XX = {502, 503}


@pytest.fixture
def live_server(db, redis, test_database_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    with psycopg.connect(test_database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO clients (client_id, nama, client_type) VALUES ('POLRES_S', 'POLRES S', 'org')"
        )
        conn.execute(
            "INSERT INTO \"user\" (user_id, client_id, nama, whatsapp) VALUES ('77090001', 'POLRES_S', 'A', '6281390000001')"
        )
        conn.execute(
            "INSERT INTO dashboard_user (username, password_hash, role_id, status) "
            "SELECT 'admin.fuzz', %s, role_id, TRUE FROM roles WHERE role_name = 'admin'",
            (hash_password(PASSWORD),),
        )
    app_settings = get_settings().model_copy(
        update={
            "cicero_data_dir": tmp_path,
            "smtp_host": "",
            "login_limit_per_ip": 100000,
            "login_max_failures": 100000,
        }
    )
    with served(create_app(settings=app_settings, mx_lookup=table_mx)) as base:
        token = httpx.post(
            f"{base}/api/auth/dashboard-login", json={"username": "admin.fuzz", "password": PASSWORD}
        )
        assert token.status_code == 200, token.text
        yield base, token.json()["token"]


def test_api3_schemathesis_finds_no_server_error(live_server: tuple[str, str]) -> None:
    base, token = live_server
    schema = schemathesis.openapi.from_url(f"{base}/api/openapi.json")
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 45
    for operation in operations:
        if operation.path == "/api/auth/logout":
            continue  # would end the admin session the other operations use
        _exercise(operation, base, token, failures)
    assert not failures, "\n".join(failures[:20])


def _exercise(operation: schemathesis.APIOperation, base: str, token: str, failures: list[str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        for headers in ({}, {"Authorization": f"Bearer {token}"}):
            response = case.call(base_url=base, headers=headers, timeout=30)
            where = f"{operation.method.upper()} {operation.path}"
            if response.status_code >= 500 and response.status_code not in ALLOWED_5XX:
                failures.append(f"{where}: {response.status_code} {response.text[:300]}")
            if operation.method.upper() != "HEAD":
                # API-3: every answer is JSON, errors included.
                content_type = response.headers.get("content-type") or [""]
                assert content_type[0].startswith("application/json"), where

    run()
