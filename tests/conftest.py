"""Test session wiring: a private database and Redis prefix per pytest run.

The server is the one `DATABASE_URL` names (this machine's PostgreSQL in CI) or, when unset,
the embedded one; each run creates its own database `cicero_t_<random>` with `cicero db upgrade`
and drops it at the end, so parallel runs never see each other's rows. Redis keys live under
a per-run prefix and are deleted at the end.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from core.app import AppContext
from core.config import get_settings, reset_settings_cache
from core.db.engine import sync_database_url
from core.db.migrate import upgrade

# Fake RapidAPI server fixtures (`fake_rapidapi`, `social_clients`) for every test (core/fakes/).
pytest_plugins = ["core.fakes.rapidapi_pytest"]

# Rows that the schema seeds and every test may rely on.
KEEP_TABLES = {"roles", "cron_job_config", "schema_migrations"}

_RUN: dict[str, str] = {}


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


# The business clock of the whole run (core.timewindow). Pinned through the environment so every
# subprocess a test starts sees the same "now"; `.ci/run` repeats the date-sensitive tests with
# other instants (month end, New Year's Eve, week and WIB-day edges) by setting CICERO_NOW.
DEFAULT_TEST_NOW = "2026-11-25T10:00:00+07:00"


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    os.environ["CICERO_NOW"] = os.environ.get("CICERO_NOW") or DEFAULT_TEST_NOW
    reset_settings_cache()
    server_url = sync_database_url(get_settings())
    name = f"cicero_t_{secrets.token_hex(4)}"
    with psycopg.connect(_libpq(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    test_url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    # The same path as `cicero db upgrade` on an empty database: schema.sql plus the baseline
    # rows in schema_migrations, so commands that check for pending migrations find none.
    upgrade(test_url, out=lambda _line: None)
    _RUN.update(server_url=server_url, name=name, url=test_url)
    os.environ["DATABASE_URL"] = test_url
    os.environ["CICERO_SERVER_URL"] = server_url
    os.environ["REDIS_PREFIX"] = f"cicero-test-{secrets.token_hex(4)}"
    # The queue tests (tests/workers) use AMQP_URL with their own queue names; every other test
    # runs heavy work inline (WRK-1), so the app itself never sees the variable.
    os.environ["CICERO_TEST_AMQP_URL"] = os.environ.pop("AMQP_URL", "")
    os.environ.setdefault("JWT_SECRET", "test-secret-" + "x" * 40)
    reset_settings_cache()


def pytest_unconfigure(config: pytest.Config) -> None:
    if not _RUN:
        return
    with psycopg.connect(_libpq(_RUN["server_url"]), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_RUN["name"]}" WITH (FORCE)')
    _RUN.clear()


@pytest.fixture(scope="session")
def test_database_url() -> str:
    """Plain `postgresql://` URL of this run's private database (for subprocesses and raw psycopg)."""
    return _RUN["url"]


@pytest.fixture(scope="session")
async def app_context() -> AsyncIterator[AppContext]:
    ctx = AppContext.open("test")
    yield ctx
    keys = [k async for k in ctx.redis.client.scan_iter(match=ctx.redis.key("*"), count=1000)]
    if keys:
        await ctx.redis.client.delete(*keys)
    await ctx.close()


async def truncate_all(ctx: AppContext) -> None:
    async with ctx.db.uow() as uow:
        rows = await uow.execute(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' AND NOT (tablename = ANY(:keep))",
            {"keep": list(KEEP_TABLES)},
        )
        tables = [r[0] for r in rows]
        if tables:
            await uow.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        await uow.commit()


@pytest.fixture
async def db(app_context: AppContext):
    """The run's `Database`, with every non-seed table emptied before the test."""
    await truncate_all(app_context)
    return app_context.db


@pytest.fixture
async def redis(app_context: AppContext):
    """The run's `RedisStore`, with this run's keys deleted before the test."""
    keys = [k async for k in app_context.redis.client.scan_iter(match=app_context.redis.key("*"), count=1000)]
    if keys:
        await app_context.redis.client.delete(*keys)
    return app_context.redis


@pytest.fixture
def cli_env(test_database_url: str) -> Iterator[dict[str, str]]:
    """Environment for running `cicero` as a subprocess against this run's database and Redis prefix."""
    yield dict(os.environ)
