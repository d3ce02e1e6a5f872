"""`cicero outbox status | retry <id> | retry --dead-since <hours> | cancel <id>` (JOB-111, DLV-17).

The same core actions as the admin command `outbox#` (JOB-109): `core.outbox.outbox_status`,
`requeue`, `requeue_recent_dead` and `cancel`. A row that is not in a state the action applies to
is refused with exit code 1 and nothing changes.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.outbox import OutboxStatus


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {value}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    outbox = sub.add_parser(
        "outbox", help="queued WhatsApp messages: counts, failed ones, re-queue or cancel"
    )
    actions = outbox.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("status", help="rows per status and the 5 most recent dead letters")
    retry = actions.add_parser("retry", help="re-queue a dead_letter/expired row, or recent dead letters")
    which = retry.add_mutually_exclusive_group(required=True)
    which.add_argument("outbox_id", nargs="?", type=_positive, help="the row's id (#id in outbox#)")
    which.add_argument(
        "--dead-since", type=_positive, metavar="HOURS", help="every dead letter of the last HOURS hours"
    )
    cancel_p = actions.add_parser("cancel", help="withdraw a pending/retrying row (status canceled)")
    cancel_p.add_argument("outbox_id", type=_positive)
    outbox.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.logsetup import setup_logging

    settings = get_settings()
    setup_logging(settings)
    return asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> int:
    from core.app import AppContext
    from core.outbox import cancel, outbox_status, requeue, requeue_recent_dead

    app = AppContext.open("outbox")
    try:
        async with app.db.uow() as uow:
            if args.action == "status":
                _print_status(await outbox_status(uow))
                return 0
            if args.action == "retry" and args.dead_since is not None:
                n = await requeue_recent_dead(uow, hours=args.dead_since)
                await uow.commit()
                print(f"{n} dead letter(s) of the last {args.dead_since} h re-queued")
                return 0
            done = await (requeue if args.action == "retry" else cancel)(uow, args.outbox_id)
            await uow.commit()
    finally:
        await app.close()
    if not done:
        wanted = "dead_letter or expired" if args.action == "retry" else "pending or retrying"
        print(f"outbox row #{args.outbox_id} not found or not {wanted}; nothing changed", file=sys.stderr)
        return 1
    print(f"#{args.outbox_id} {'re-queued' if args.action == 'retry' else 'canceled'}")
    return 0


def _print_status(status: OutboxStatus) -> None:
    for name, n in status.counts.items():
        print(f"{name}\t{n}")
    if not status.counts:
        print("outbox is empty")
    if status.dead_letters:
        print("recent dead letters:")
    for d in status.dead_letters:
        print(f"#{d.outbox_id}\t{d.chat_id}\t{d.client_id or '-'}\t{d.origin}\t{(d.last_error or '-')[:200]}")
