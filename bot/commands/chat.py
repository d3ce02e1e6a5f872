"""`cicero chat`: the menus without WhatsApp (CONV-280..282). See `bot.console` for the contract."""

from __future__ import annotations

import argparse
import asyncio
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "chat",
        help="try the WhatsApp menus in the terminal (console transport)",
        description="Run the router, menus and outbox with the console in place of WhatsApp.",
    )
    p.add_argument("--jsonl", action="store_true", help="scripted mode: JSON lines in, JSON lines out")
    p.add_argument("--from", dest="sender", help="sender phone number (interactive mode)")
    p.add_argument("--session", default="console", help="WhatsApp session whose capabilities apply")
    p.add_argument("--group", help="post the messages in this group id (…@g.us)")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.logsetup import setup_logging

    settings = get_settings()
    setup_logging(settings, "console" if settings.log_format == "json" and not args.jsonl else None)
    if not args.jsonl and not args.sender:
        print("cicero chat: --from NOMOR wajib tanpa --jsonl", file=sys.stderr)
        return 2
    return asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> int:
    from bot.console import run_interactive, run_jsonl
    from bot.runtime import ensure_schema
    from core.app import AppContext

    app = AppContext.open("chat")
    try:
        await ensure_schema(app, strict=False)
        if args.jsonl:
            return await run_jsonl(app, sys.stdin, sys.stdout)
        return await run_interactive(app, args.sender, args.session, args.group)
    finally:
        await app.close()
