"""`cicero worker` (WRK-2): a queue worker for heavy tasks; start as many as the load needs."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.config import Settings

DESCRIPTION = """\
Consume heavy tasks from RabbitMQ (AMQP_URL) and run them: fetch.client (one client's fetch and
task broadcast) and report.build (one client's scheduled recap or workbook, or a heavy dirrequest
menu option asked in a chat, whose replies the worker queues for the requester).

Queues (declared on start, durable): <prefix>.tasks (work), <prefix>.tasks.retry (delayed
retries, no consumer), <prefix>.tasks.dead (tasks that gave up), prefix = WORKER_QUEUE_PREFIX
(default cicero).

Concurrency: WORKER_CONCURRENCY tasks at a time (the prefetch). A failed task is retried after
WORKER_RETRY_BASE_S x 3^(attempt-1) seconds up to WORKER_MAX_ATTEMPTS, then dead-lettered with
an admin alert. Provider requests respect RAPIDAPI_*_CONCURRENCY per process and
RAPIDAPI_SHARED_CONCURRENCY across all workers. SIGTERM lets running tasks finish (up to 60 s).
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "worker",
        help="run a queue worker for heavy tasks (needs AMQP_URL)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--concurrency", type=int, help="tasks run at a time (overrides WORKER_CONCURRENCY)")
    p.add_argument("--queue-prefix", help="queue name prefix (overrides WORKER_QUEUE_PREFIX)")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.logsetup import setup_logging

    settings = get_settings()
    overrides: dict[str, object] = {}
    if args.concurrency is not None:
        if args.concurrency < 1:
            print("cicero worker: --concurrency must be at least 1", file=sys.stderr)
            return 2
        overrides["worker_concurrency"] = args.concurrency
    if args.queue_prefix:
        overrides["worker_queue_prefix"] = args.queue_prefix
    settings = settings.model_copy(update=overrides)
    setup_logging(settings)
    if not settings.amqp_url or not settings.amqp_url.get_secret_value().strip():
        print(
            "cicero worker: AMQP_URL is not set; heavy tasks run in-process, nothing to consume",
            file=sys.stderr,
        )
        return 2
    return asyncio.run(_run(settings))


async def _run(settings: Settings) -> int:
    from bot.runtime import ensure_schema, run_components
    from core.app import AppContext

    app = AppContext.open("worker", settings)
    try:
        await ensure_schema(app)
        return await run_components(app, ["bot.worker:component"])
    finally:
        await app.close()
