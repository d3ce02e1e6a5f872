"""`cicero doctor`: one pass over everything a paired deployment needs, as a table with what to do.

Each check returns a `Check` (OK / FAIL / SKIP, a detail and a hint). The WhatsApp check connects
each configured session the way `cicero bot` does (same transport, same supervisor, same lock, so
it refuses while `cicero bot` holds the session), waits for `ready`, sends one text to the first
admin number and reports the round trip (neonize's `send_message` returns once WhatsApp acked it).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.transport.base import SessionState
from bot.transport.connection import Backoff, Probe, whatsapp_reachable
from core.alerts import admin_numbers
from core.app import AppContext
from core.health import database_check, queue_check, redis_check
from core.timewindow import now_wib

WA_READY_WAIT_S = 45.0


class Result(StrEnum):
    OK = "OK"
    FAIL = "FAIL"
    SKIP = "SKIP"


@dataclass(frozen=True)
class Check:
    name: str
    result: Result
    detail: str
    hint: str = ""


async def check_database(app: AppContext) -> Check:
    got = await database_check(app)
    if got["status"] != "ok":
        return Check("database", Result.FAIL, "not reachable", "check DATABASE_URL and that PostgreSQL runs")
    if got["pending_migrations"]:
        return Check(
            "database",
            Result.FAIL,
            f"{got['pending_migrations']} pending migration(s)",
            "run: cicero db upgrade",
        )
    return Check("database", Result.OK, f"schema {got['schema_version']}, {got['latency_ms']} ms")


async def check_redis(app: AppContext) -> Check:
    got = await redis_check(app)
    if got["status"] != "ok":
        return Check("redis", Result.FAIL, "not reachable", "check REDIS_URL and that Redis runs")
    return Check("redis", Result.OK, f"{got['latency_ms']} ms" + (" (embedded)" if got["embedded"] else ""))


async def check_amqp(app: AppContext) -> Check:
    got = await queue_check(app)
    if got["status"] == "not_configured":
        return Check("amqp", Result.SKIP, "AMQP_URL not set: heavy tasks run in-process")
    if got["status"] != "ok":
        return Check("amqp", Result.FAIL, "broker not reachable", "check AMQP_URL and that RabbitMQ runs")
    return Check("amqp", Result.OK, "broker reachable")


async def check_smtp(app: AppContext) -> Check:
    s = app.settings
    if not s.smtp_host:
        return Check("smtp", Result.SKIP, "SMTP_HOST not set: mail is written to the data directory")
    try:
        async with asyncio.timeout(min(s.smtp_timeout_s, 15)):
            reader, writer = await asyncio.open_connection(s.smtp_host, s.smtp_port)
            banner = (await reader.readline()).decode(errors="replace").strip()
        writer.close()
    except (OSError, TimeoutError) as exc:
        return Check(
            "smtp", Result.FAIL, f"{s.smtp_host}:{s.smtp_port}: {exc or 'timeout'}", "check SMTP_HOST/PORT"
        )
    if not banner.startswith("220"):
        return Check("smtp", Result.FAIL, f"unexpected greeting {banner[:60]!r}", "check SMTP_HOST/PORT/TLS")
    return Check("smtp", Result.OK, f"{s.smtp_host}:{s.smtp_port} greets")


async def check_rapidapi(app: AppContext) -> list[Check]:
    """One cheap lookup per provider host (a public profile), without retries."""
    from core.social.clients import open_social_clients
    from core.social.rapidapi import RapidApiConfigError, RapidApiError

    settings = app.settings.model_copy(update={"rapidapi_max_attempts": 1, "rapidapi_timeout_s": 15.0})
    clients = open_social_clients(settings)
    calls: list[tuple[str, str, Callable[[], Awaitable[object]]]] = [
        (
            "rapidapi instagram",
            settings.rapidapi_instagram_host,
            lambda: clients.instagram.profile("instagram"),
        ),
        (
            "rapidapi tiktok",
            settings.rapidapi_tiktok_host,
            lambda: clients.tiktok.user_info("tiktok", fresh=True),
        ),
    ]
    out: list[Check] = []
    try:
        for name, host, call in calls:
            try:
                await call()
            except RapidApiConfigError as exc:
                out.append(Check(name, Result.FAIL, exc.message, "set RAPIDAPI_KEY"))
            except RapidApiError as exc:
                hint = "check the key's subscription to this API" if exc.is_auth_failure else "retry later"
                out.append(Check(name, Result.FAIL, f"{host}: {exc.reason}"[:120], hint))
            except Exception as exc:  # noqa: BLE001 - network errors are what doctor reports
                out.append(
                    Check(name, Result.FAIL, f"{host}: {type(exc).__name__}: {exc}"[:120], "check network")
                )
            else:
                out.append(Check(name, Result.OK, host))
    finally:
        await clients.aclose()
    return out


async def check_whatsapp(
    app: AppContext, wait_s: float = WA_READY_WAIT_S, probe: Probe = whatsapp_reachable
) -> list[Check]:
    from bot.transport.neonize_adapter import NeonizeTransport
    from core.wa_sessions import load_session_config

    config = load_session_config(app.settings)
    admins = sorted(admin_numbers(app.settings))
    out: list[Check] = []
    for session in config.sessions:
        name = f"whatsapp {session.name}"
        transport = NeonizeTransport(session, app.settings, backoff=Backoff(5, 5), probe=probe)
        try:
            await transport.start(_ignore)
        except SystemExit as exc:
            out.append(Check(name, Result.FAIL, str(exc), "stop `cicero bot` first, or read /api/health"))
            continue
        try:
            out.append(await _session_round_trip(name, transport, admins, wait_s))
        finally:
            await transport.stop()
    return out


async def _ignore(inbound: object) -> None:
    return None


async def _session_round_trip(name: str, transport, admins: list[str], wait_s: float) -> Check:
    deadline = time.monotonic() + wait_s
    reason = None
    while time.monotonic() < deadline and transport.state is not SessionState.READY:
        if transport.state in (SessionState.AWAITING_LOGIN, SessionState.LOGGED_OUT):
            return Check(
                name, Result.FAIL, "not paired", "run `cicero bot` and scan the QR / enter the pair code"
            )
        reason = transport.supervisor.last_reason if transport.supervisor else None
        if reason is not None:
            break  # the first dial already ended: that is the answer
        await asyncio.sleep(0.2)
    if transport.state is not SessionState.READY:
        return Check(
            name,
            Result.FAIL,
            reason or f"not ready after {wait_s:.0f} s",
            "check outbound DNS/TCP 443 to web.whatsapp.com; the log has the ending",
        )
    if not admins:
        return Check(name, Result.OK, f"ready as {transport.phone}; no ADMIN_WHATSAPP to message")
    started = time.perf_counter()
    try:
        await transport.send_text(
            f"{admins[0]}@s.whatsapp.net",
            f"✅ Cicero doctor: sesi *{transport.name}* tersambung ({now_wib():%H:%M} WIB).",
        )
    except Exception as exc:  # noqa: BLE001 - reported in the table
        return Check(
            name,
            Result.FAIL,
            f"ready, send failed: {exc}"[:120],
            "see the log; is the admin number on WhatsApp?",
        )
    return Check(
        name,
        Result.OK,
        f"ready as {transport.phone}; message to {admins[0]} in {(time.perf_counter() - started) * 1000:.0f} ms",
    )


async def run_checks(app: AppContext, *, whatsapp: bool = True) -> list[Check]:
    checks = [await check_database(app), await check_redis(app), await check_smtp(app), await check_amqp(app)]
    checks += await check_rapidapi(app)
    if whatsapp:
        checks += await check_whatsapp(app)
    return checks


def render(checks: list[Check]) -> str:
    rows = [("CHECK", "RESULT", "DETAIL", "WHAT TO DO")] + [
        (c.name, c.result.value, c.detail, c.hint) for c in checks
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [
        "  ".join([r[0].ljust(widths[0]), r[1].ljust(widths[1]), r[2].ljust(widths[2]), r[3]]).rstrip()
        for r in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)
