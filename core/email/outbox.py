"""The durable email outbox (JOB-64): `enqueue_email` in the caller's transaction, `EmailOutbox` drains it.

Used for notification mails (JOB-63 complaint confirmations), so a mail server outage loses
nothing. The OTP mail is not queued: JOB-62 sends it within the request and never stores the code.
Rows are claimed with FOR UPDATE SKIP LOCKED (several processes may drain), retried with back-off
60 s × 2^(attempt − 1) capped at 3600 s; a 5xx reply is permanent. A row that gives up becomes
`dead_letter` and raises `email_dead_letter` (DLV-28). With SMTP not configured rows are written
to the mail sink and become `logged` (JOB-61).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

import aiosmtplib

from core.alerts import notify_admins
from core.app import AppContext
from core.db import UnitOfWork
from core.email.messages import Mail, text_mail
from core.email.sender import EmailSender, mask_email

log = logging.getLogger(__name__)

BACKOFF_BASE_S = 60
BACKOFF_MAX_S = 3600
POLL_INTERVAL_S = 5.0
# A row left `processing` this long belongs to a process that died while sending.
STALE_CLAIM_S = 600


def backoff_s(attempt: int) -> int:
    return min(BACKOFF_MAX_S, BACKOFF_BASE_S * 2 ** (attempt - 1))


async def enqueue_email(
    uow: UnitOfWork, to: str, mail: Mail, *, origin: str, idempotency_key: str, max_attempts: int = 5
) -> int | None:
    """Queue one mail; None when a row with this key already exists (a repeat never mails twice)."""
    row = (
        await uow.execute(
            "INSERT INTO email_outbox (to_address, subject, body_text, idempotency_key, origin, max_attempts)"
            " VALUES (:to, :s, :b, :k, :o, :m) ON CONFLICT (idempotency_key) DO NOTHING RETURNING email_id",
            {
                "to": to.strip().lower(),
                "s": mail.subject,
                "b": mail.text,
                "k": idempotency_key,
                "o": origin,
                "m": max_attempts,
            },
        )
    ).first()
    return None if row is None else int(row[0])


@dataclass(frozen=True)
class _Claimed:
    email_id: int
    to: str
    subject: str
    body: str
    attempt: int
    max_attempts: int


class EmailOutbox:
    def __init__(self, app: AppContext, sender: EmailSender | None = None) -> None:
        self.app = app
        self.sender = sender or EmailSender(app.settings)

    async def _claim(self, limit: int) -> list[_Claimed]:
        async with self.app.db.uow() as uow:
            rows = await uow.execute(
                "UPDATE email_outbox SET status = 'processing', claimed_at = NOW(), updated_at = NOW(),"
                " attempt_count = attempt_count + 1 WHERE email_id IN ("
                "  SELECT email_id FROM email_outbox"
                "  WHERE (status IN ('pending', 'retrying') AND next_attempt_at <= NOW())"
                "     OR (status = 'processing' AND claimed_at < NOW() - make_interval(secs => :stale))"
                "  ORDER BY email_id LIMIT :n FOR UPDATE SKIP LOCKED)"
                " RETURNING email_id, to_address, subject, body_text, attempt_count, max_attempts",
                {"n": limit, "stale": STALE_CLAIM_S},
            )
            claimed = [_Claimed(*r) for r in rows]
            await uow.commit()
        return claimed

    async def drain_once(self, limit: int = 20) -> int:
        """Send what is due now; returns the number of rows handled."""
        claimed = await self._claim(limit)
        for row in claimed:
            await self._send(row)
        return len(claimed)

    async def _send(self, row: _Claimed) -> None:
        mail = text_mail(row.subject, row.body)
        message = self.sender.build(row.to, mail)
        if not self.sender.configured:
            self.sender._write_to_sink(row.to, row.subject, message)
            await self._mark(row.email_id, "logged")
            return
        try:
            await self.sender._deliver(message)
        except aiosmtplib.SMTPResponseException as exc:
            error = f"SMTP {exc.code}: {exc.message}"[:500]
            permanent = exc.code >= 500
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as exc:
            error, permanent = type(exc).__name__, False
        else:
            await self._mark(row.email_id, "sent")
            log.info("email_sent", extra={"to": mask_email(row.to), "subject": row.subject})
            return
        if not permanent and row.attempt < row.max_attempts:
            await self._mark(row.email_id, "retrying", error=error, retry_in_s=backoff_s(row.attempt))
            log.warning(
                "email_retrying", extra={"to": mask_email(row.to), "attempt": row.attempt, "error": error}
            )
            return
        await self._mark(row.email_id, "dead_letter", error=error)
        log.warning(
            "email_dead_letter", extra={"to": mask_email(row.to), "subject": row.subject, "error": error}
        )
        text = (
            f"⚠️ Email gagal terkirim dan dihentikan.\nPenerima: {mask_email(row.to)}\n"
            f"Subjek: {row.subject}\nGalat: {error}"
        )
        async with self.app.db.uow() as uow:
            await notify_admins(
                uow,
                self.app.redis,
                "email_dead_letter",
                text,
                subject=row.subject,
                settings=self.app.settings,
            )
            await uow.commit()

    async def _mark(
        self, email_id: int, status: str, *, error: str | None = None, retry_in_s: int = 0
    ) -> None:
        async with self.app.db.uow() as uow:
            await uow.execute(
                "UPDATE email_outbox SET status = :st, last_error = COALESCE(:e, last_error), updated_at = NOW(),"
                " claimed_at = NULL, sent_at = CASE WHEN :st = 'sent' THEN NOW() ELSE sent_at END,"
                " next_attempt_at = NOW() + make_interval(secs => :wait) WHERE email_id = :id",
                {"st": status, "e": error, "wait": retry_in_s, "id": email_id},
            )
            await uow.commit()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                handled = await self.drain_once()
            except Exception:  # noqa: BLE001 - a database hiccup never ends the loop
                log.exception("email_outbox_drain_failed")
                handled = 0
            if not handled:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=POLL_INTERVAL_S)
