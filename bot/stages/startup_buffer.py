"""Hold until ready (CONV-13, DLV-27): messages that arrive before the runtime is ready wait here.

Up to `LIMIT` messages are held in memory (the oldest is dropped, with a log line, when one more
arrives) and go on in arrival order once `open()` is called. A private chat whose message has been
held `NOTICE_AFTER_S` seconds receives `LOADING` once, straight through its transport: the outbox
lives in the database, which is exactly what may not be ready yet. `tick()` does that check; the
WhatsApp component calls it every second while holding, tests call it with their own clock.

This stage comes before anything that needs the database or Redis. It is open by default, so a
router built without a runtime (tests, tools) handles messages at once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.stages.context import Next, RouteResult, Turn
from bot.transport.base import Inbound
from core.timewindow import now_utc

log = logging.getLogger(__name__)

LIMIT = 500
NOTICE_AFTER_S = 10.0
LOADING = "🤖 Bot sedang memuat, silakan tunggu"

Notify = Callable[[Inbound, str], Awaitable[None]]


@dataclass
class _Held:
    inbound: Inbound
    since: float
    release: asyncio.Future[bool]


class StartupBuffer:
    def __init__(
        self,
        notify: Notify | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        limit: int = LIMIT,
        notice_after_s: float = NOTICE_AFTER_S,
    ) -> None:
        self.notify = notify
        self.clock = clock
        self.limit = limit
        self.notice_after_s = notice_after_s
        self._holding = False
        self._held: deque[_Held] = deque()
        self._noticed: set[tuple[str, str]] = set()

    @property
    def holding(self) -> bool:
        return self._holding

    def __len__(self) -> int:
        return len(self._held)

    def hold(self) -> None:
        """From now on, messages wait for `open()` (the runtime is starting)."""
        self._holding = True
        self._noticed.clear()

    def open(self) -> None:
        """The runtime is ready: release every held message in arrival order."""
        self._holding = False
        held, self._held = self._held, deque()
        if held:
            log.info("startup_buffer_released", extra={"count": len(held)})
        for entry in held:
            if not entry.release.done():
                entry.release.set_result(True)

    async def wait_turn(self, inbound: Inbound) -> bool:
        """True: handle the message now; False: it was dropped from a full buffer."""
        if not self._holding:
            return True
        entry = _Held(inbound, self.clock(), asyncio.get_running_loop().create_future())
        self._held.append(entry)
        if len(self._held) > self.limit:
            oldest = self._held.popleft()
            oldest.release.set_result(False)
            log.warning("startup_buffer_full_dropped", extra={"session": oldest.inbound.session})
        return await entry.release

    async def tick(self) -> int:
        """Send the one-time notice to private chats held for `notice_after_s`; returns how many."""
        now = self.clock()
        due: list[Inbound] = []
        for entry in list(self._held):
            key = (entry.inbound.session, entry.inbound.chat_id)
            if entry.inbound.is_group or key in self._noticed or now - entry.since < self.notice_after_s:
                continue
            self._noticed.add(key)
            due.append(entry.inbound)
        for inbound in due:
            if self.notify is None:
                continue
            try:
                await self.notify(inbound, LOADING)
            except Exception:  # noqa: BLE001 - the held message still goes on once ready
                log.warning("startup_notice_failed", extra={"session": inbound.session}, exc_info=True)
        return len(due)


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    """Wait here while the runtime starts; a message dropped from a full buffer ends here."""
    buffer = turn.deps.buffer
    if buffer.holding:
        turn.arrived_at = now_utc()  # its age is taken at arrival, not after the wait (DLV-27)
    if not await buffer.wait_turn(turn.inbound):
        return RouteResult("dropped", "startup_buffer_full")
    return await next_stage(turn)
