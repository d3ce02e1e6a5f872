"""`cicero wa qr [SESSION ...]`: a fresh QR code for sessions whose QR expired unscanned (CONV-5).

The process holding the session (`cicero run` / `cicero bot`) takes the request within a few
seconds and shows the new QR on its terminal, in its log (`session_qr`, the payload) and as
`wa-<session>-qr.png` in the data directory. Exit 0 when every request was taken, else 1."""

from __future__ import annotations

import argparse
import asyncio

TAKE_WAIT_S = 10.0


def register(sub: argparse._SubParsersAction) -> None:
    text = "WhatsApp sessions: ask the running bot for a fresh QR code"
    p = sub.add_parser("wa", help=text, description=text)
    wa = p.add_subparsers(dest="wa_command", required=True)
    qr = wa.add_parser(
        "qr",
        help="a fresh QR code for sessions whose QR expired unscanned",
        description="a fresh QR code for sessions whose QR expired unscanned (default: every session)",
    )
    qr.add_argument("sessions", nargs="*", metavar="SESSION")
    qr.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.logsetup import setup_logging

    settings = get_settings()
    setup_logging(settings)
    return asyncio.run(_run(args.sessions))


async def _run(names: list[str], take_wait_s: float = TAKE_WAIT_S) -> int:
    from core.app import AppContext

    app = AppContext.open("wa")
    try:
        return await qr(app, names, take_wait_s)
    finally:
        await app.close()


async def qr(app, names: list[str], take_wait_s: float = TAKE_WAIT_S) -> int:
    from pathlib import Path

    from core.wa_login import fresh_qr_pending, request_fresh_qr
    from core.wa_sessions import load_session_config

    configured = list(load_session_config(app.settings).names)
    unknown = [n for n in names if n not in configured]
    if unknown:
        print(f"unknown session(s): {', '.join(unknown)}; configured: {', '.join(configured)}")
        return 1
    sessions = names or configured
    for name in sessions:
        await request_fresh_qr(app.redis, name)
    waiting = set(sessions)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + take_wait_s
    while waiting and loop.time() < deadline:
        await asyncio.sleep(0.25)
        waiting = {n for n in waiting if await fresh_qr_pending(app.redis, n)}
    data_dir = Path(app.settings.cicero_data_dir)
    for name in sessions:
        if name in waiting:
            print(
                f"{name}: no running Cicero process is waiting for a QR for this session (it is "
                "connected, showing a valid QR, or not running); the request stays 10 minutes"
            )
        else:
            print(
                f"{name}: fresh QR requested: on the bot's terminal, in its log (session_qr) and as "
                f"{data_dir / f'wa-{name}-qr.png'}"
            )
    return 1 if waiting else 0
