"""The admin alert channel (DLV-28): `notify_admins(uow, redis, kind, text, subject=...)`.

One outbox row per admin number (priority 1, origin `alert`, admin session, fallback allowed).
Alerts of the same kind and subject are sent at most once per ADMIN_ALERT_MIN_INTERVAL_S; the ones
suppressed meanwhile are counted and the next one starts with `(+N peringatan serupa sejak HH:MM)`.
With no admin configured the alert is only logged. `rate_limited=False` is for job reports and the
digest (JOB-17, JOB-44).
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import UTC, datetime

from core.cache import RedisStore
from core.config import Settings, get_settings
from core.db import UnitOfWork
from core.outbox import PRIORITY_ALERT, enqueue_text
from core.phones import parse_phone_list
from core.timewindow import to_wib

log = logging.getLogger(__name__)


class AdminsAlerted(Exception):
    """A failure whose admins were already alerted where it happened (e.g. a queue worker's
    `worker_dead_task`): whoever catches it tells the user, but does not alert a second time."""


def admin_numbers(settings: Settings) -> frozenset[str]:
    return frozenset(parse_phone_list(settings.admin_whatsapp))


async def notify_admins(
    uow: UnitOfWork,
    redis: RedisStore,
    kind: str,
    text: str,
    *,
    subject: str = "",
    rate_limited: bool = True,
    session: str | None = None,
    settings: Settings | None = None,
    once_key: str | None = None,
) -> bool:
    """Queue the alert; False when it was suppressed by the rate limit or no admin is configured.

    `once_key` (unlimited messages only, e.g. the digest of one slot) makes a repeat a no-op:
    it takes the place of the fresh uuid in the outbox key (DLV-5)."""
    settings = settings or get_settings()
    interval = max(1, settings.admin_alert_min_interval_s)
    gate = redis.key("alert", kind, subject or "-")
    window_start = int(time.time())
    if rate_limited:
        if not await redis.client.set(gate, str(window_start), nx=True, ex=interval):
            await redis.client.incr(gate + ":suppressed")
            await redis.client.expire(gate + ":suppressed", interval * 24)
            log.info("admin_alert_suppressed", extra={"kind": kind, "subject": subject})
            return False
        suppressed = await redis.client.getdel(gate + ":suppressed")
        since = await redis.client.getdel(gate + ":since")
        await redis.client.set(gate + ":since", str(window_start), ex=interval * 24)
        if suppressed and int(suppressed) > 0 and since:
            at = to_wib(datetime.fromtimestamp(int(since), UTC))
            text = f"(+{int(suppressed)} peringatan serupa sejak {at:%H:%M})\n{text}"
    admins = sorted(admin_numbers(settings))
    if not admins:
        log.warning("admin_alert_logged_only", extra={"kind": kind, "subject": subject})
        return False
    stamp = str(window_start) if rate_limited else (once_key or uuid.uuid4().hex)
    for phone in admins:
        await enqueue_text(
            uow,
            phone,
            text,
            origin="alert",
            idempotency_key=f"alert:{kind}:{subject or '-'}:{stamp}:{phone}",
            priority=PRIORITY_ALERT,
            session=session,  # None = the admin session (DLV-28)
            settings=settings,
        )
    log.info("admin_alert_queued", extra={"kind": kind, "subject": subject, "admins": len(admins)})
    return True
