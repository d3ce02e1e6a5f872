"""`cicero api`: the HTTP sidecar alone (API-1), listening on API_HOST:PORT."""

from __future__ import annotations

import argparse
import asyncio
import logging

log = logging.getLogger("bot.api")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("api", help="run the HTTP sidecar alone (claim/OTP, logins, admin REST)")
    parser.add_argument("--host", help="listen address (default API_HOST, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="listen port (default PORT, 3000)")
    parser.set_defaults(func=run)


async def _serve(host: str | None, port: int | None) -> int:
    from bot.api.server import ApiServer
    from bot.runtime import ensure_schema
    from core.app import AppContext

    app = AppContext.open("api")
    try:
        await ensure_schema(app)
        server = ApiServer(app, host, port)
        await server.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        import signal

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        await server.stop()
    finally:
        await app.close()
    return 0


def run(args: argparse.Namespace) -> int:
    from bot.api.app import StartupRefused, check_startup
    from core.config import get_settings
    from core.logsetup import setup_logging

    settings = get_settings()
    setup_logging(settings)
    try:
        check_startup(settings)
    except StartupRefused as exc:
        log.error("startup_refused", extra={"reason": str(exc)})
        return 2
    return asyncio.run(_serve(args.host, args.port))
