"""`cicero health` (JOB-111): the health snapshot of `core.health` as JSON, and as the exit code
0 ok, 1 degraded, 2 down (JOB-105), so a monitor or a container health check can use it as is."""

from __future__ import annotations

import argparse
import asyncio
import json

EXIT_CODES = {"ok": 0, "degraded": 1, "down": 2}


def register(sub: argparse._SubParsersAction) -> None:
    text = "print the health snapshot (JSON); exit 0 ok, 1 degraded, 2 down"
    p = sub.add_parser("health", help=text, description=text)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.logsetup import setup_logging

    settings = get_settings()
    setup_logging(settings)
    return asyncio.run(_run())


async def _run() -> int:
    from bot.api.app import cicero_version
    from core.app import AppContext
    from core.health import health_report
    from core.timewindow import record_now

    app = AppContext.open("health")
    try:
        report = await health_report(app, record_now(), cicero_version(), runs_scheduler=False)
    finally:
        await app.close()
    print(json.dumps(report, indent=2, default=str))
    return EXIT_CODES.get(report["status"], 2)
