"""`cicero run` / `cicero bot` as a list of components, each with `async start()` / `async stop()`.

Adding a part to the process is a one-line change: append `"module:factory"` to the command's list
in `COMPONENTS`. A factory is `(app: AppContext) -> Component | None` (None = nothing to run).

    COMPONENTS["run"] = ["bot.whatsapp:component", "bot.api.server:component", "bot.scheduler:component"]

Start order is the list order; stop order is the reverse (the parts that enqueue — scheduler,
sidecar — stop first; then the WhatsApp side stops taking new messages, finishes the one in flight,
and its outbox senders finish their current send).
SIGTERM/SIGINT trigger the stop; queued outbox rows stay in the database for the next start.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import signal
from collections.abc import Callable
from typing import Protocol

from core.app import AppContext

log = logging.getLogger(__name__)


class Component(Protocol):
    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


ComponentFactory = Callable[[AppContext], "Component | None"]

COMPONENTS: dict[str, list[str]] = {
    "run": [
        "bot.whatsapp:component",
        "bot.email_outbox:component",
        "bot.api.server:component",
        "bot.scheduler:component",
    ],
    "bot": ["bot.whatsapp:component", "bot.email_outbox:component"],
}


def load_factory(ref: str) -> ComponentFactory:
    module, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module), attr)


async def ensure_schema(app: AppContext, *, strict: bool = True) -> None:
    """DB-44: long-running commands check (and, when configured, upgrade) the schema first.

    `strict=False` (`cicero chat`) only warns about pending migrations it may not apply itself."""
    migrate = importlib.import_module("core.db.migrate")
    try:
        await asyncio.to_thread(migrate.ensure_schema_current, app.settings)
    except SystemExit as exc:
        if strict or exc.code != 2:
            raise
        log.warning("schema_not_current")


async def run_components(app: AppContext, refs: list[str], stop_event: asyncio.Event | None = None) -> int:
    stop_event = stop_event or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop_event.set)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - non-main thread / Windows
            pass
    started: list[Component] = []
    code = 0
    try:
        for ref in refs:
            component = load_factory(ref)(app)
            if component is None:
                continue
            await component.start()
            started.append(component)
            log.info("component_started", extra={"component": component.name})
        await stop_event.wait()
        log.info("shutdown_requested")
    except Exception:
        log.exception("component_failed")
        code = 1
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                loop.remove_signal_handler(sig)
            except (NotImplementedError, RuntimeError):  # pragma: no cover
                pass
        for component in reversed(started):
            try:
                await component.stop()
                log.info("component_stopped", extra={"component": component.name})
            except Exception:  # noqa: BLE001 - keep stopping the others
                log.exception("component_stop_failed", extra={"component": component.name})
    return code
