"""`cicero fetch`: one fetch run now (ING-POST-2), with a per-client summary.

    cicero fetch [--client ID ...] [--platform instagram|tiktok] [--posts-only | --engagement-only]

A progress bar (rich) is drawn on stderr only when stderr is a terminal. Exit status: 0 when every client
finished without error, 1 when a step or client failed (or the run could not start), 2 for an
unknown or inactive client id.
"""

from __future__ import annotations

import argparse
import asyncio
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fetch",
        help="fetch today's posts, likes and comments from RapidAPI now",
        description="Fetch today's official posts and their likes/comments (the scheduled fetch, run now).",
    )
    parser.add_argument(
        "--client",
        action="append",
        dest="clients",
        metavar="ID",
        help="only this client (repeatable; default: every active client)",
    )
    parser.add_argument(
        "--platform", choices=["instagram", "tiktok"], help="only this platform (default: both)"
    )
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--posts-only", action="store_true", help="fetch posts, skip likes/comments")
    only.add_argument(
        "--engagement-only", action="store_true", help="refresh likes/comments of stored posts only"
    )
    parser.set_defaults(func=run)


def render_summary(result) -> list[str]:  # type: ignore[no-untyped-def]
    """Lines of the per-client summary: posts new/updated/removed, engagement stored, errors."""
    lines: list[str] = []
    for client in result.clients:
        head = f"{client.client_id} ({client.nama})"
        if client.skipped == "locked":
            lines.append(f"{head}: skipped, a fetch for this client is already running")
            continue
        if client.skipped == "deadline":
            lines.append(f"{head}: skipped, run deadline reached")
            continue
        lines.append(head)
        for platform, step in sorted(client.posts.items()):
            removed = len(step.deleted) + len(step.unlinked)
            extra = f", {len(step.deferred)} removal deferred" if step.deferred else ""
            lines.append(
                f"  {platform} posts: {len(step.inserted)} new, {len(step.updated)} updated, "
                f"{removed} removed{extra} (today: {client.before.get(platform, 0)} -> {client.after.get(platform, 0)})"
            )
        for kind, summary in sorted(client.engagement.items()):
            stored = sum(p.stored for p in summary.posts)
            lines.append(
                f"  {kind.replace('_', ' ')}: {summary.ok_count} ok, {len(summary.failed)} failed, "
                f"{stored} usernames stored"
            )
        for step, shape in sorted(client.inconclusive.items()):
            lines.append(f"  INCONCLUSIVE {step}: {shape} (stored rows kept)")
        for step, message in sorted(client.errors.items()):
            lines.append(f"  ERROR {step}: {message}")
    return lines


async def _fetch(args: argparse.Namespace) -> int:
    from bot.commands.progress import progress_bar
    from bot.runtime import ensure_schema
    from core.app import AppContext
    from core.ingest import IngestDeps, UnknownClientError, load_clients, run_fetch
    from core.social.clients import open_social_clients

    app = AppContext.open("cli")
    social = open_social_clients(app.settings, app.redis)
    try:
        await ensure_schema(app, strict=False)
        deps = IngestDeps(db=app.db, social=social, redis=app.redis)
        platforms = {args.platform} if args.platform else {"instagram", "tiktok"}
        async with app.db.uow() as uow:
            try:
                chosen = await load_clients(uow, args.clients)
            except UnknownClientError as exc:
                print(exc.message, file=sys.stderr)
                return 2
        with progress_bar("fetch", len(chosen)) as advance:
            try:
                result = await run_fetch(
                    deps,
                    args.clients,
                    platforms=platforms,  # type: ignore[arg-type]
                    engagement_only=args.engagement_only,
                    posts_only=args.posts_only,
                    trigger="cli",
                    progress=lambda outcome: advance(outcome.client_id),
                )
            except UnknownClientError as exc:
                print(exc.message, file=sys.stderr)
                return 2
        if result.error:
            print(f"Fetch gagal: {result.error}", file=sys.stderr)
            return 1
        if result.lock_skipped:
            print("Another fetch run is in progress; nothing done.", file=sys.stderr)
            return 1
        for line in render_summary(result):
            print(line)
        return 0 if result.ok else 1
    finally:
        await social.aclose()
        await app.close()


def run(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.logsetup import setup_logging

    setup_logging(get_settings())
    return asyncio.run(_fetch(args))
