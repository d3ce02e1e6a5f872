"""Reliability (issue [ops] item 3): the database goes away in the middle of a conversation.

While it is down the person gets a short reply saying to try again (never a traceback, never
silence); when it is back the conversation continues at the step where it was, because the
session lives in Redis and the pool replaces the dropped connections.
"""

from __future__ import annotations

import psycopg
import pytest
import redis.asyncio as aioredis
from sqlalchemy.exc import OperationalError

from core.cache import RedisStore
from core.db import create_database
from core.db.errors import database_unavailable
from core.db.migrate import libpq_url
from tests.runtime.conftest import PERSON, actors, make_wa, runtime_settings, sample, wa  # noqa: F401 - fixtures

pytestmark = pytest.mark.reliability


def server_command(database_url: str, sql: str) -> None:
    """Run `sql` on the server's maintenance database (the test database itself is the victim)."""
    admin = psycopg.conninfo.make_conninfo(libpq_url(database_url), dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def outage(database_url: str, name: str, *, down: bool) -> None:
    if down:
        server_command(database_url, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        server_command(
            database_url,
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()",
        )
    else:
        server_command(database_url, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


async def test_conversation_survives_a_database_outage(wa, actors, test_database_url: str) -> None:  # noqa: F811
    name = psycopg.conninfo.conninfo_to_dict(libpq_url(test_database_url))["dbname"]
    menu = await wa.texts(PERSON, "userrequest")
    assert menu and menu[0].strip()
    session_key = wa.router.sessions.key("main", f"{PERSON}@s.whatsapp.net")
    before = await wa.router.redis.client.get(session_key)
    assert before is not None

    # The outbox lives in the database too, so the outage reply goes out on the transport
    # directly: read what the phone received without draining the (unreachable) outbox.
    message = wa.inbound(PERSON, "menu")
    seen = len(wa.transport.sent)
    outage(test_database_url, name, down=True)
    try:
        await wa.deliver(message)
        await wa.deliver(wa.inbound(PERSON, "menu"))  # a second try within the minute
    finally:
        outage(test_database_url, name, down=False)
    during = [s.text or "" for s in wa.transport.sent[seen:]]
    assert len(during) == 1, "one short reply per chat per minute, never silence"
    assert all("Traceback" not in t for t in during)
    assert any("coba" in t.lower() or "ulang" in t.lower() or "ref" in t.lower() for t in during), during
    # The menu session is untouched, so the conversation can go on from its stored step.
    assert await wa.router.redis.client.get(session_key) == before
    assert [s.text for s in await wa.flush()] == during  # nothing else went out or was queued

    # Back up: the pool reconnects; the same message delivered again is handled (not a duplicate)
    # inside the menu that was open before the outage.
    again = [s.text or "" for s in await wa.send(PERSON, "menu", message_id=message.message_id)]
    assert len(again) == 1 and menu[0] in again[0], again  # the open step, shown again
    after = await wa.texts(PERSON, "userrequest")
    assert after and all("Traceback" not in t for t in after)
    assert after[0] == menu[0]


async def test_database_and_redis_both_down(app_context) -> None:
    """Issue 10: with Redis gone as well, the reply is still sent at most once per chat per minute
    (process memory), and the unhandled message is not remembered as seen."""
    settings = runtime_settings()
    db = create_database(settings, "test", url="postgresql://postgres@127.0.0.1:1/nowhere")
    dead = aioredis.Redis(host="127.0.0.1", port=1, decode_responses=True, socket_connect_timeout=0.5)
    down = await make_wa(app_context, db, RedisStore(dead, "cicero_down_test"), settings)
    try:
        message = down.inbound(PERSON, "halo")
        results = [await down.router.handle(m) for m in (message, down.inbound(PERSON, "halo lagi"), message)]
        assert [r.handled_by for r in results] == ["db_unavailable"] * 3  # never "duplicate"
        texts = [s.text or "" for s in down.transport.sent]
        assert len(texts) == 1 and "ulang" in texts[0].lower()
        other = await down.router.handle(down.inbound("6281100000077", "halo"))
        assert other.messages, "the limit is per chat, another chat still gets its line"
    finally:
        await db.dispose()
        await dead.aclose()


def test_outage_errors_are_told_apart_from_statement_errors() -> None:
    """A refused or dropped connection is an outage; a serialization failure or a bug is not."""
    refused = psycopg.OperationalError("connection failed: Connection refused")
    assert database_unavailable(refused)
    assert database_unavailable(OperationalError("SELECT 1", {}, refused))
    assert database_unavailable(psycopg.errors.AdminShutdown("terminating connection"))
    assert database_unavailable(psycopg.InterfaceError("the connection is closed"))
    assert not database_unavailable(
        OperationalError("UPDATE x", {}, psycopg.errors.SerializationFailure("x"))
    )
    assert not database_unavailable(psycopg.errors.QueryCanceled("statement timeout"))
    assert not database_unavailable(ValueError("bug"))
