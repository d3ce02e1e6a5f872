"""The outbox sender (DLV-8..DLV-19): one per connected WhatsApp session.

Loop: expire overdue rows (every 30 s), release stale claims (every 60 s), claim the next row this
session may send with `FOR UPDATE SKIP LOCKED` under the per-chat order guard (DLV-9), send it,
classify the outcome (DLV-12), record it in its own short transaction, pace (DLV-10), and sleep
until `NOTIFY cicero_outbox` or the poll interval when nothing is claimable. Several senders (sessions,
hosts) share the table without sending a row twice. `drain()` sends everything claimable now
without pacing (`cicero chat`, tests).
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass

import psycopg

from bot.transport.base import ErrorClass, SendError, SessionState, Transport
from core.alerts import notify_admins
from core.cache import RedisStore
from core.config import Settings
from core.db import Database
from core.db.engine import sync_database_url
from core.outbox import NOTIFY_CHANNEL

log = logging.getLogger(__name__)

_CLAIM = """
WITH next AS (
  SELECT o.outbox_id FROM wa_outbox o
  WHERE o.status IN ('pending', 'retrying')
    AND o.next_attempt_at <= now()
    AND (o.expires_at IS NULL OR o.expires_at > now())
    AND (o.session_name = :me OR (
          o.allow_fallback AND :may_fallback AND o.session_name <> :me
          AND EXISTS (SELECT 1 FROM wa_session_state s
                      WHERE s.session_name = o.session_name
                        AND (s.state <> 'ready' OR s.heartbeat_at < now() - interval '90 seconds')
                        AND s.updated_at < now() - make_interval(secs => :fallback_after))
          -- DLV-18: a fallback session sends to a group only when it is a participant
          AND (o.chat_id NOT LIKE '%@g.us' OR o.chat_id = ANY(:groups))))
    AND NOT (o.chat_id = ANY(:capped))
    AND NOT EXISTS (SELECT 1 FROM wa_outbox p
                    WHERE p.chat_id = o.chat_id AND p.outbox_id < o.outbox_id
                      AND p.status IN ('pending', 'processing', 'retrying'))
  ORDER BY o.priority, o.outbox_id
  LIMIT 1
  FOR UPDATE SKIP LOCKED)
UPDATE wa_outbox w SET status = 'processing', claimed_by = :claimer, claimed_at = now(),
       attempt_count = w.attempt_count + 1, last_attempt_at = now(), updated_at = now()
FROM next WHERE w.outbox_id = next.outbox_id
RETURNING w.outbox_id, w.chat_id, w.kind, w.body, w.document_id, w.attempt_count, w.max_attempts,
          w.origin, w.client_id
"""


@dataclass(frozen=True)
class Claimed:
    outbox_id: int
    chat_id: str
    kind: str
    body: str | None
    document_id: int | None
    attempt_count: int
    max_attempts: int
    origin: str
    client_id: str | None


def backoff_seconds(
    attempt_count: int, base: int, cap: int, rand: Callable[[], float] = random.random
) -> float:
    """DLV-13: min(base × 2^(n−1), cap) × a random factor in [0.8, 1.2]."""
    return min(base * 2 ** max(0, attempt_count - 1), cap) * (0.8 + 0.4 * rand())


class OutboxSender:
    def __init__(
        self,
        *,
        db: Database,
        redis: RedisStore,
        settings: Settings,
        transport: Transport,
        fallback_sessions: tuple[str, ...] = (),
        admin_session: str | None = None,
        pacing: bool = True,
    ) -> None:
        self.db = db
        self.redis = redis
        self.settings = settings
        self.transport = transport
        self.session = transport.name
        self.claimer = f"{socket.gethostname()}:{os.getpid()}:{self.session}"
        self.may_fallback = self.session in fallback_sessions and len(fallback_sessions) > 1
        self.pacing = pacing
        self.admin_session = admin_session
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task | None = None
        self._listener: asyncio.Task | None = None
        self._last_send = 0.0
        self._sent_minute: deque[float] = deque()
        self._sent_chat: dict[str, deque[float]] = {}
        self._paused_until = 0.0
        self._last_expire = 0.0
        self._last_stale = 0.0
        self.dead_letters = 0

    # --- lifecycle -----------------------------------------------------------------------------
    async def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name=f"outbox-sender-{self.session}")
        self._listener = asyncio.create_task(self._listen(), name=f"outbox-listen-{self.session}")

    async def stop(self) -> None:
        """Finish the send in flight, then stop (item 6: queued rows wait for the next start)."""
        self._stopping = True
        self._wake.set()
        if self._listener is not None:
            self._listener.cancel()
            await asyncio.gather(self._listener, return_exceptions=True)
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    def wake(self) -> None:
        self._wake.set()

    async def _listen(self) -> None:
        """Wake on `NOTIFY cicero_outbox` (DLV-1); reconnects quietly, polling covers gaps."""
        url = sync_database_url(self.settings)
        while not self._stopping:
            try:
                async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    async for _ in conn.notifies():
                        self._wake.set()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the poll interval still drives the loop
                log.debug("outbox_listen_failed", exc_info=True)
                await asyncio.sleep(5)

    async def _run(self) -> None:
        poll = max(0.05, self.settings.outbox_poll_interval_ms / 1000)
        while not self._stopping:
            try:
                sent_any = await self.step()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - a database hiccup must not kill the sender
                log.exception("outbox_sender_error", extra={"session": self.session})
                sent_any = False
            if self._stopping:
                break
            if sent_any:
                await self._pace()
                continue
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=poll)
            except TimeoutError:
                pass

    # --- one step ------------------------------------------------------------------------------
    async def step(self) -> bool:
        """Housekeeping, then claim and send at most one row. True when a row was processed."""
        now = time.monotonic()
        if now - self._last_expire >= 30:
            self._last_expire = now
            await self.expire_overdue()
        if now - self._last_stale >= 60:
            self._last_stale = now
            await self.release_stale()
        if self.transport.state is not SessionState.READY or time.time() < self._paused_until:
            return False  # DLV-19: rows wait, nothing is counted
        if self.pacing and not self._minute_has_room():
            return False
        row = await self.claim()
        if row is None:
            return False
        await self.send(row)
        return True

    async def drain(self, max_rows: int = 10_000) -> int:
        """Send everything claimable now, without pacing (console chat, tests)."""
        n = 0
        while n < max_rows and await self.step():
            n += 1
        return n

    def _capped_chats(self) -> list[str]:
        if not self.pacing:
            return []
        cutoff = time.time() - 300
        capped = []
        for chat, stamps in list(self._sent_chat.items()):
            while stamps and stamps[0] < cutoff:
                stamps.popleft()
            if not stamps:
                del self._sent_chat[chat]
            elif len(stamps) >= self.settings.wa_send_max_per_chat_5min:
                capped.append(chat)
        return capped

    def _minute_has_room(self) -> bool:
        cutoff = time.time() - 60
        while self._sent_minute and self._sent_minute[0] < cutoff:
            self._sent_minute.popleft()
        return len(self._sent_minute) < self.settings.wa_send_max_per_minute

    async def _pace(self) -> None:
        """DLV-10: minimum gap plus jitter between two sends of this session."""
        if not self.pacing:
            return
        gap = self.settings.wa_send_min_gap_ms / 1000 + random.uniform(
            0, self.settings.wa_send_jitter_ms / 1000
        )
        wait = self._last_send + gap - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    async def claim(self) -> Claimed | None:
        async with self.db.uow() as uow:
            row = (
                (
                    await uow.execute(
                        _CLAIM,
                        {
                            "me": self.session,
                            "claimer": self.claimer,
                            "may_fallback": self.may_fallback,
                            "fallback_after": self.settings.wa_fallback_after_s,
                            "capped": self._capped_chats(),
                            "groups": sorted(self.transport.joined_groups or ()),
                        },
                    )
                )
                .mappings()
                .first()
            )
            await uow.commit()
        return Claimed(**row) if row is not None else None

    async def send(self, row: Claimed) -> None:
        try:
            message_id = await self._deliver(row)
        except SendError as exc:
            await self._failed(row, exc.error_class, exc.reason)
            return
        except Exception as exc:  # noqa: BLE001 - unknown errors are transient (DLV-12)
            await self._failed(row, ErrorClass.TRANSIENT, f"{type(exc).__name__}: {exc}")
            return
        if not message_id:
            await self._failed(row, ErrorClass.TRANSIENT, "no message id returned")
            return
        self._last_send = time.monotonic()
        stamp = time.time()
        self._sent_minute.append(stamp)
        self._sent_chat.setdefault(row.chat_id, deque()).append(stamp)
        async with self.db.uow() as uow:
            await uow.execute(
                """
                UPDATE wa_outbox SET status = 'sent', sent_at = now(), sent_session = :me,
                       wa_message_id = :mid, last_error = NULL, updated_at = now()
                WHERE outbox_id = :id
                """,
                {"me": self.session, "mid": message_id, "id": row.outbox_id},
            )
            await uow.execute(
                "UPDATE wa_session_state SET last_outbound_at = now() WHERE session_name = :me",
                {"me": self.session},
            )
            await uow.commit()
        log.info("outbox_sent", extra={"session": self.session, "outbox_id": row.outbox_id})

    async def _deliver(self, row: Claimed) -> str:
        if row.kind == "text":
            if not row.body or not row.body.strip():
                raise SendError(ErrorClass.PERMANENT, "empty body")
            return await self.transport.send_text(row.chat_id, row.body)
        async with self.db.uow() as uow:
            doc = (
                (
                    await uow.execute(
                        "SELECT file_name, mimetype, content FROM wa_outbox_document WHERE document_id = :id",
                        {"id": row.document_id},
                    )
                )
                .mappings()
                .first()
            )
        if doc is None:
            raise SendError(ErrorClass.PERMANENT, "document missing")
        return await self.transport.send_document(
            row.chat_id,
            bytes(doc["content"]),
            doc["file_name"],
            doc["mimetype"],
            row.body,
            as_image=row.kind == "image",
        )

    async def _failed(self, row: Claimed, error_class: ErrorClass, reason: str) -> None:
        error = f"{error_class.value}: {reason}"[:1000]
        params = {"id": row.outbox_id, "err": error}
        if error_class is ErrorClass.SESSION_UNAVAILABLE or error_class is ErrorClass.RATE_LIMITED:
            # DLV-12: not an attempt; the row waits (5 s, or the session's rate-limit pause).
            delay = (
                5 if error_class is ErrorClass.SESSION_UNAVAILABLE else self.settings.wa_rate_limit_pause_s
            )
            sql = """UPDATE wa_outbox SET status = 'retrying', attempt_count = attempt_count - 1, last_error = :err,
                     next_attempt_at = now() + make_interval(secs => :delay), updated_at = now() WHERE outbox_id = :id"""
            params["delay"] = delay
            status = "retrying"
        elif error_class is ErrorClass.TRANSIENT and row.attempt_count < row.max_attempts:
            delay = backoff_seconds(
                row.attempt_count, self.settings.outbox_backoff_base_s, self.settings.outbox_backoff_max_s
            )
            sql = """UPDATE wa_outbox SET status = 'retrying', last_error = :err,
                     next_attempt_at = now() + make_interval(secs => :delay), updated_at = now() WHERE outbox_id = :id"""
            params["delay"] = delay
            status = "retrying"
        else:
            sql = """UPDATE wa_outbox SET status = 'dead_letter', last_error = :err, updated_at = now()
                     WHERE outbox_id = :id"""
            status = "dead_letter"
        async with self.db.uow() as uow:
            await uow.execute(sql, params)
            if error_class is ErrorClass.RATE_LIMITED:
                await notify_admins(
                    uow,
                    self.redis,
                    "rate_limited",
                    f"⚠️ WhatsApp membatasi pengiriman sesi *{self.session}*; pengiriman dijeda "
                    f"{self.settings.wa_rate_limit_pause_s // 60} menit.",
                    subject=self.session,
                    session=self.admin_session,
                    settings=self.settings,
                )  # DLV-12
            if status == "dead_letter" and row.origin != "alert":
                # DLV-16: one aggregated alert; dead letters of alerts never alert again.
                await notify_admins(
                    uow,
                    self.redis,
                    "outbox_dead_letter",
                    await self._dead_letter_summary(uow, row, error),
                    subject=self.session,
                    session=self.admin_session,
                    settings=self.settings,
                )
            await uow.commit()
        if error_class is ErrorClass.RATE_LIMITED:
            self._paused_until = time.time() + self.settings.wa_rate_limit_pause_s
            log.warning("session_paused_rate_limit", extra={"session": self.session})
        if status == "dead_letter":
            self.dead_letters += 1
            log.warning(
                "outbox_dead_letter",
                extra={"session": self.session, "outbox_id": row.outbox_id, "error": error},
            )
        else:
            log.info(
                "outbox_retry",
                extra={"session": self.session, "outbox_id": row.outbox_id, "error_class": error_class.value},
            )

    async def _dead_letter_summary(self, uow, row: Claimed, error: str) -> str:
        """DLV-16: the dead letters of the alert window (the previous alert of this kind is at most
        ADMIN_ALERT_MIN_INTERVAL_S old): how many, per origin and client, five examples, the hint."""
        rows = (
            (
                await uow.execute(
                    """
                SELECT outbox_id, chat_id, coalesce(client_id, '-') AS client_id, origin, last_error
                FROM wa_outbox WHERE status = 'dead_letter' AND origin <> 'alert'
                  AND updated_at > now() - make_interval(secs => :window)
                ORDER BY outbox_id DESC
                """,
                    {"window": max(self.settings.admin_alert_min_interval_s, 60)},
                )
            )
            .mappings()
            .all()
        )
        by_origin = Counter(r["origin"] for r in rows)
        by_client = Counter(r["client_id"] for r in rows)
        examples = [
            f"#{r['outbox_id']} → {r['chat_id']} ({r['client_id']}): {(r['last_error'] or '-')[:150]}"
            for r in rows[:5]
        ]
        return "\n".join(
            [
                f"⚠️ *{len(rows)} pesan WhatsApp gagal terkirim* (dead letter)",
                f"Sesi: {self.session}",
                "Per asal: " + ", ".join(f"{k} {n}" for k, n in by_origin.most_common()),
                "Per klien: " + ", ".join(f"{k} {n}" for k, n in by_client.most_common()),
                *examples,
                "Gunakan *outbox#* untuk melihat dan mengirim ulang.",
            ]
        )

    async def expire_overdue(self) -> int:
        """DLV-15: rows past `expires_at` that are still waiting are never sent."""
        async with self.db.uow() as uow:
            res = await uow.execute(
                """
                UPDATE wa_outbox SET status = 'expired', updated_at = now()
                WHERE status IN ('pending', 'retrying') AND expires_at IS NOT NULL AND expires_at <= now()
                """
            )
            await uow.commit()
        if res.rowcount:
            log.info("outbox_expired", extra={"session": self.session, "count": res.rowcount})
        return res.rowcount

    async def release_stale(self) -> int:
        """DLV-14: claims older than the stale limit go back to `retrying`, keeping their attempts."""
        async with self.db.uow() as uow:
            res = await uow.execute(
                """
                UPDATE wa_outbox SET status = 'retrying', claimed_by = NULL, next_attempt_at = now(),
                       updated_at = now()
                WHERE status = 'processing' AND claimed_at < now() - make_interval(secs => :stale)
                """,
                {"stale": self.settings.wa_outbox_processing_stale_seconds},
            )
            await uow.commit()
        if res.rowcount:
            log.info("outbox_stale_released", extra={"session": self.session, "count": res.rowcount})
        return res.rowcount
