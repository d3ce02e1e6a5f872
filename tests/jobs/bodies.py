"""Job bodies used only by the scheduler tests (registered under test keys)."""

from __future__ import annotations

import asyncio

from core.jobs.context import JobContext

RUNS: list[tuple[str, str, str]] = []
GATE = asyncio.Event()
STARTED = asyncio.Event()


async def ok(ctx: JobContext) -> None:
    RUNS.append((ctx.key, ctx.trigger, ctx.slot.strftime("%H:%M")))
    ctx.summary.count("clients_total", 2)
    ctx.summary.units_ok += 2


async def slow(ctx: JobContext) -> None:
    RUNS.append((ctx.key, ctx.trigger, ctx.slot.strftime("%H:%M")))
    STARTED.set()
    await GATE.wait()
    ctx.summary.units_ok += 1


async def half(ctx: JobContext) -> None:
    ctx.summary.units_ok += 1
    ctx.summary.fail("POLRES_B", "instagram_fetch", RuntimeError("HTTP 500"))


async def boom(ctx: JobContext) -> None:
    raise RuntimeError("database went away")
