"""`cicero run` (everything in one process) and `cicero bot` (WhatsApp side only). See `bot.runtime`."""

from __future__ import annotations

import argparse
import asyncio
import sys


def register(sub: argparse._SubParsersAction) -> None:
    for name, text in (
        ("run", "start everything: WhatsApp sessions, outbox senders and the other configured parts"),
        ("bot", "start only the WhatsApp sessions, router and outbox senders"),
    ):
        p = sub.add_parser(name, help=text, description=text)
        p.set_defaults(func=lambda args, name=name: main(name))


def main(command: str) -> int:
    from core.config import get_settings
    from core.logsetup import setup_logging

    settings = get_settings()
    setup_logging(settings)
    if command == "run":
        # API-1: the HTTP sidecar (part of `run`) refuses to start without a usable JWT_SECRET.
        from bot.api.app import StartupRefused, check_startup

        try:
            check_startup(settings)
        except StartupRefused as exc:
            print(f"cicero run: {exc}", file=sys.stderr)
            return 2
    return asyncio.run(_run(command))


async def _run(command: str) -> int:
    from bot.runtime import COMPONENTS, ensure_schema, run_components
    from core.app import AppContext
    from core.wa_sessions import SessionConfigError, load_session_config

    app = AppContext.open(command)
    try:
        try:
            load_session_config(app.settings)  # CONV-2: refuse to start on a bad session setup
        except SessionConfigError as exc:
            print(f"cicero {command}: {exc}", file=sys.stderr)
            return 2
        await ensure_schema(app)
        return await run_components(app, COMPONENTS[command])
    finally:
        await app.close()
