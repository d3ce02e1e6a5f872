"""Durable email (JOB-64) against a real aiosmtpd server: retries, permanent refusals, dead letters.

The server's replies are what aiosmtpd sends for a handler's return value (aiosmtpd/smtp.py
`smtp_DATA` pushes the status line as is), so "451 ..." and "550 ..." reach aiosmtplib exactly
as a real MTA's would.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from core.app import AppContext
from core.email.messages import complaint_mail
from core.email.outbox import EmailOutbox, backoff_s, enqueue_email
from tests.workers.helpers import ADMIN, rows


class Replies:
    def __init__(self) -> None:
        self.replies: list[str] = []
        self.received: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.replies:
            return self.replies.pop(0)
        self.received.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Replies, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Replies()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def mail_app(app_context: AppContext, smtp, monkeypatch, tmp_path) -> AppContext:
    _, port = smtp
    settings = app_context.settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_tls": "none",
            "smtp_from": "cicero@contoh.go.id",
            "admin_whatsapp": ADMIN,
            "cicero_data_dir": tmp_path,
        }
    )
    monkeypatch.setattr(app_context, "settings", settings)
    return app_context


async def _queue(app: AppContext, key: str) -> None:
    async with app.db.uow() as uow:
        await enqueue_email(
            uow,
            " Budi@Contoh.com ",
            complaint_mail("BUDI", "*Tindak lanjut*\n\nMasalah: akun belum tercatat"),
            origin="complaint",
            idempotency_key=key,
        )
        await uow.commit()


async def _make_due(app: AppContext) -> None:
    async with app.db.uow() as uow:
        await uow.execute("UPDATE email_outbox SET next_attempt_at = NOW()")
        await uow.commit()


async def test_job64_temporary_refusal_is_retried_with_backoff_then_sent_once(
    db, redis, mail_app, smtp
) -> None:
    handler, _ = smtp
    handler.replies = ["451 4.3.0 coba lagi nanti"]
    await _queue(mail_app, "complaint:1")
    await _queue(mail_app, "complaint:1")  # the same key again: still one mail
    outbox = EmailOutbox(mail_app)

    assert await outbox.drain_once() == 1
    row = (
        await rows(
            mail_app,
            "SELECT status, attempt_count, last_error, next_attempt_at - NOW() AS wait FROM email_outbox",
        )
    )[0]
    assert row["status"] == "retrying" and row["attempt_count"] == 1 and "451" in row["last_error"]
    assert 55 <= row["wait"].total_seconds() <= 60  # 60 s x 2^0
    assert await outbox.drain_once() == 0  # not due yet

    await _make_due(mail_app)
    assert await outbox.drain_once() == 1
    row = (await rows(mail_app, "SELECT status, to_address, sent_at FROM email_outbox"))[0]
    assert row["status"] == "sent" and row["to_address"] == "budi@contoh.com" and row["sent_at"] is not None
    assert len(handler.received) == 1
    assert b"Tindak Lanjut Laporan Cicero - BUDI" in handler.received[0]
    assert [backoff_s(n) for n in (1, 2, 3, 7, 8)] == [60, 120, 240, 3600, 3600]


async def test_job64_permanent_refusal_is_a_dead_letter_with_an_admin_alert(
    db, redis, mail_app, smtp
) -> None:
    handler, _ = smtp
    handler.replies = ["550 5.1.1 mailbox tidak ada"]
    await _queue(mail_app, "complaint:2")

    await EmailOutbox(mail_app).drain_once()

    row = (await rows(mail_app, "SELECT status, attempt_count, last_error FROM email_outbox"))[0]
    assert row["status"] == "dead_letter" and row["attempt_count"] == 1 and "550" in row["last_error"]
    alerts = await rows(mail_app, "SELECT chat_id, body FROM wa_outbox WHERE origin = 'alert'")
    assert [a["chat_id"] for a in alerts] == [f"{ADMIN}@s.whatsapp.net"]
    assert "b***@contoh.com" in alerts[0]["body"] and "budi@contoh.com" not in alerts[0]["body"]
    assert "Tindak Lanjut Laporan Cicero - BUDI" in alerts[0]["body"]


async def test_job64_server_down_until_attempts_run_out(db, redis, mail_app, smtp, monkeypatch) -> None:
    _, port = smtp
    closed = mail_app.settings.model_copy(update={"smtp_port": 1})  # nothing listens: connection refused
    monkeypatch.setattr(mail_app, "settings", closed)
    await _queue(mail_app, "complaint:3")
    outbox = EmailOutbox(mail_app)
    for _ in range(5):
        await _make_due(mail_app)
        await outbox.drain_once()
    row = (await rows(mail_app, "SELECT status, attempt_count FROM email_outbox"))[0]
    assert row == {"status": "dead_letter", "attempt_count": 5}
    assert len(await rows(mail_app, "SELECT 1 FROM wa_outbox WHERE origin = 'alert'")) == 1


async def test_job61_without_smtp_rows_are_logged_to_the_mail_sink(
    db, redis, mail_app, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(mail_app, "settings", mail_app.settings.model_copy(update={"smtp_host": ""}))
    await _queue(mail_app, "complaint:4")
    await EmailOutbox(mail_app).drain_once()
    assert (await rows(mail_app, "SELECT status FROM email_outbox"))[0]["status"] == "logged"
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1 and b"Tindak Lanjut Laporan Cicero" in files[0].read_bytes()
