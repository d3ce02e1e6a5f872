"""`cicero demo`: the offline demo (embedded servers, seeded data, fake RapidAPI, console chat)."""

from __future__ import annotations

import argparse
import asyncio
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="offline demo: seeded directorate + Polres, fake RapidAPI, console chat as admin",
        description="Start an offline demo instance and open the console chat as an admin.",
    )
    p.add_argument("--reset", action="store_true", help="delete the demo data and seed it again")
    p.add_argument("--no-chat", action="store_true", help="prepare the data and fetch, then exit")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    return asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.demo.run import ADMIN_NUMBER, demo_log_file, guide, prepare
    from core.logsetup import setup_logging

    print(
        "Menyiapkan demo (database dan Redis bawaan, data contoh, server RapidAPI tiruan)…", file=sys.stderr
    )
    # The console is the chat: every log line goes to the data directory's demo.log from the start.
    setup_logging(get_settings(), log_file=demo_log_file(get_settings()))
    state = await prepare(reset_data=args.reset)
    setup_logging(state.app.settings, log_file=demo_log_file(state.app.settings))
    try:
        if state.seeded_now:
            print(f"Data contoh dibuat: {state.seeded_now} personel.", file=sys.stderr)
        print(guide(state), flush=True)
        if args.no_chat:
            return 0 if state.fetch.status in ("succeeded", "partial") else 1
        from bot.console import run_interactive

        return await run_interactive(state.app, ADMIN_NUMBER, "console", None)
    finally:
        await state.app.close()
        state.fake.stop()
