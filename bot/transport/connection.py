"""One supervisor per WhatsApp session: it owns exactly one Go client at a time (CONV-7, DLV-19).

Why Cicero's own loop and not whatsmeow's auto-reconnect (tulir/whatsmeow client.go autoReconnect):
whatsmeow retries after 0, 2, 4, 6 … s without a cap and only for a logged-in store; DLV-19 asks for
5 s doubling to 5 min, and neonize 0.5.2 exposes no hook to change those delays.

Why a dial is never repeated while a client lives, and never made while the network is absent
(neonize 0.5.2, ../shared/notes/neonize.md):
- every `connect()` starts a new Go `Neonize()` for the same name while an earlier one keeps
  running and retrying on its own (goneonize main.go; aioze/client.py connect);
- every `Neonize()` opens a new store container (goneonize main.go getDB → sqlstore.New) that is
  never closed, not even by `Stop()`: one more open handle on `wa-<name>.sqlite3` per dial, measured
  here (three failed dials, then `stop()`: three handles). So the loop first checks that WhatsApp's
  web socket host answers at all (DNS + TCP), and only then dials; `dials` counts what was spent.

The loop: probe → dial → wait for the first ending (an event, or the dial's own failure) →
`await client.stop()` and wait for the Go call to return → pause → again. Never gives up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from core.timewindow import now_utc

log = logging.getLogger(__name__)

RECONNECT_START_S = 5.0
RECONNECT_MAX_S = 300.0
STREAM_REPLACED_WAIT_S = 300.0
STOP_TIMEOUT_S = 15.0
WHATSAPP_HOST = ("web.whatsapp.com", 443)  # whatsmeow socket.URL = wss://web.whatsapp.com/ws/chat
PROBE_TIMEOUT_S = 10.0


class EndKind(StrEnum):
    """How one dial ended; the value is the health reason recorded in `wa_session_state`."""

    UNREACHABLE = "network_unreachable"  # the probe failed: no client was dialled
    DIAL_FAILED = "dial_failed"  # Neonize() returned an error (whatsmeow Connect failed)
    DISCONNECTED = "disconnected"
    STREAM_REPLACED = "stream_replaced"
    LOGGED_OUT = "logged_out"
    CONNECT_FAILURE = "connect_failure"
    TEMPORARY_BAN = "temporary_ban"
    CLIENT_OUTDATED = "client_outdated"
    QR_TIMEOUT = "qr_timeout"
    PAIR_FAILED = "pair_failed"
    CLIENT_EXITED = "client_exited"  # Neonize() returned without any ending event
    STOPPED = "stopped"


@dataclass(frozen=True)
class Ending:
    kind: EndKind
    detail: str = ""
    not_before: datetime | None = None  # TemporaryBan: no dial before its expiry

    @property
    def reason(self) -> str:
        return f"{self.kind.value}: {self.detail}"[:200] if self.detail else self.kind.value


class Backoff:
    """DLV-19: 5 s doubling to 5 min; `reset()` once a dial reached `ready`."""

    def __init__(self, start: float = RECONNECT_START_S, cap: float = RECONNECT_MAX_S) -> None:
        self.start = start
        self.cap = cap
        self._next = start

    def next(self) -> float:
        delay, self._next = self._next, min(self._next * 2, self.cap)
        return delay

    def reset(self) -> None:
        self._next = self.start


async def whatsapp_reachable(host: tuple[str, int] = WHATSAPP_HOST) -> bool:
    """DNS + TCP to WhatsApp's web socket host; a dial that cannot succeed costs a store handle."""
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_S):
            _, writer = await asyncio.open_connection(*host)
    except (OSError, TimeoutError) as exc:
        log.debug("whatsapp_unreachable", extra={"error": str(exc)[:200]})
        return False
    writer.close()
    try:
        await writer.wait_closed()
    except OSError:
        pass
    return True


Probe = Callable[[], Awaitable[bool]]
OnEnding = Callable[[Ending, float | None], Awaitable[None]]


class SessionSupervisor:
    """Dials `client` (a neonize `NewAClient`, reused for every dial) and reconnects forever.

    Event handlers report endings with `ended()`; `ready()` marks a dial that logged in (the next
    drop starts the back-off from 5 s again). `on_ending(ending, wait_s)` gets every ending with the
    pause that follows (`None` = waiting for a login request, see `request_login()`)."""

    def __init__(
        self,
        name: str,
        client: Any,
        *,
        on_dial: Callable[[int], Awaitable[None]],
        on_ending: OnEnding,
        during_dial: Callable[[], Awaitable[None]] | None = None,
        probe: Probe = whatsapp_reachable,
        backoff: Backoff | None = None,
        stream_replaced_wait_s: float = STREAM_REPLACED_WAIT_S,
        redial_after_qr_timeout: bool = False,
    ) -> None:
        self.name = name
        self.client = client
        self.on_dial = on_dial
        self.on_ending = on_ending
        self.during_dial = during_dial
        self.probe = probe
        self.backoff = backoff or Backoff()
        self.stream_replaced_wait_s = stream_replaced_wait_s
        self.redial_after_qr_timeout = redial_after_qr_timeout
        self.last_reason: str | None = None  # the latest ending's health reason
        self.dials = 0  # Go clients started by this process (one leaked store handle each)
        self.live = 0  # Go clients running now: 0 or 1
        self._ending: asyncio.Future[Ending] | None = None
        self._wake = asyncio.Event()
        self._login_requested = asyncio.Event()
        self._stopping = False
        self._was_ready = False
        self._task: asyncio.Task | None = None
        self.waiting_for_login = False  # paused after a QR expired, until `request_login()`

    # --- reports from event handlers -----------------------------------------------------------
    def ended(self, ending: Ending) -> None:
        """The first ending of the current dial wins; late or duplicate reports are ignored."""
        if self._ending is not None and not self._ending.done():
            self._ending.set_result(ending)

    def ready(self) -> None:
        self._was_ready = True

    def request_login(self) -> None:
        """A fresh QR after the previous one expired unscanned (on demand, CONV-5)."""
        self._login_requested.set()
        self._wake.set()

    # --- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self.run(), name=f"wa-supervisor-{self.name}")

    async def stop(self) -> None:
        self._stopping = True
        self.ended(Ending(EndKind.STOPPED))
        self._wake.set()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def run(self) -> None:
        while not self._stopping:
            try:
                ending = await self._dial_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - never give up (CONV-7)
                log.exception("session_supervisor_error", extra={"session": self.name})
                ending = Ending(EndKind.DIAL_FAILED, f"{type(exc).__name__}: {exc}")
            if self._stopping or ending.kind is EndKind.STOPPED:
                break
            wait = self.wait_after(ending)
            self.last_reason = ending.reason
            await self.on_ending(ending, wait)
            await self._pause(wait)

    def wait_after(self, ending: Ending) -> float | None:
        """The pause before the next dial (CONV-7, DLV-19); None = until a login is requested."""
        if self._was_ready:
            self.backoff.reset()  # it was up: a new outage starts again from 5 s
            self._was_ready = False
        if ending.kind is EndKind.QR_TIMEOUT and not self.redial_after_qr_timeout:
            return None
        if ending.kind is EndKind.STREAM_REPLACED:
            return self.stream_replaced_wait_s
        delay = self.backoff.next()
        if ending.not_before is not None:
            delay = max(delay, (ending.not_before - now_utc()).total_seconds())
        return delay

    async def _pause(self, wait: float | None) -> None:
        self._wake.clear()
        if wait is None:
            self._login_requested.clear()
            self.waiting_for_login = True
            try:
                while not self._stopping and not self._login_requested.is_set():
                    self._wake.clear()
                    await self._wake.wait()
            finally:
                self.waiting_for_login = False
            return
        try:
            await asyncio.wait_for(self._wake.wait(), wait)
        except TimeoutError:
            pass

    async def _dial_once(self) -> Ending:
        if not await self.probe():
            return Ending(EndKind.UNREACHABLE, f"{WHATSAPP_HOST[0]}:{WHATSAPP_HOST[1]}")
        if self._stopping:
            return Ending(EndKind.STOPPED)
        loop = asyncio.get_running_loop()
        self._ending = loop.create_future()
        self.dials += 1
        await self.on_dial(self.dials)
        task: asyncio.Task = await self.client.connect()
        self.live += 1
        helper = asyncio.create_task(self.during_dial()) if self.during_dial is not None else None
        try:
            await asyncio.wait({task, self._ending}, return_when=asyncio.FIRST_COMPLETED)
            if self._ending.done():
                return self._ending.result()
            exc = task.exception()
            if exc is not None:
                return Ending(EndKind.DIAL_FAILED, str(exc)[:300])
            return Ending(EndKind.CLIENT_EXITED)
        finally:
            if not self._ending.done():
                self._ending.set_result(Ending(EndKind.STOPPED))
            if helper is not None:
                helper.cancel()
                await asyncio.gather(helper, return_exceptions=True)
            await self._stop_client(task)

    async def _stop_client(self, task: asyncio.Task) -> None:
        """Stop the Go client and wait until its `Neonize()` call has returned (frees its thread)."""
        try:
            await self.client.stop()
        except Exception:  # noqa: BLE001 - the wait below says whether it ended
            log.warning("session_client_stop_failed", extra={"session": self.name}, exc_info=True)
        done, _ = await asyncio.wait({task}, timeout=STOP_TIMEOUT_S)
        if not done:
            log.error("session_client_did_not_stop", extra={"session": self.name})
            if self._stopping:
                return  # shutting down: the process exit ends it
            await asyncio.wait({task})  # never a second client while this one lives
        self.live -= 1
        if not task.cancelled():
            task.exception()  # retrieved: a failed dial was already reported as its ending
        await asyncio.sleep(0)  # let handlers the old client scheduled run before the next dial
