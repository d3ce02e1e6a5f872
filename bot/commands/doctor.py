"""`cicero doctor`: check a deployment end to end and print what to fix (see `bot.doctor`)."""

from __future__ import annotations

import argparse
import asyncio


def register(sub: argparse._SubParsersAction) -> None:
    text = (
        "check database, Redis, SMTP, AMQP, the RapidAPI hosts and each WhatsApp session "
        "(connects, messages the first admin number); prints OK/FAIL with what to do"
    )
    p = sub.add_parser("doctor", help=text, description=text)
    p.add_argument("--no-whatsapp", action="store_true", help="skip the WhatsApp sessions")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.logsetup import setup_logging

    settings = get_settings()
    setup_logging(settings)
    return asyncio.run(_run(not args.no_whatsapp))


async def _run(whatsapp: bool) -> int:
    from bot.doctor import Result, render, run_checks
    from core.app import AppContext

    app = AppContext.open("doctor")
    try:
        checks = await run_checks(app, whatsapp=whatsapp)
    finally:
        await app.close()
    print(render(checks), flush=True)
    return 1 if any(c.result is Result.FAIL for c in checks) else 0
