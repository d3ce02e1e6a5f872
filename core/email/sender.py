"""SMTP sending with aiosmtplib (JOB-60/62), or the development mail sink when SMTP is unset (JOB-61)."""

from __future__ import annotations

import asyncio
import logging
import ssl
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import aiosmtplib

from core.config import Settings
from core.email.messages import Mail
from core.timewindow import record_now, to_wib

log = logging.getLogger(__name__)

RETRY_DELAY_S = 2.0
MAX_ATTEMPTS = 2


class EmailError(Exception):
    """Final send failure; `refused` = the server refused the connection (API-22 maps it to 503)."""

    def __init__(self, reason: str, refused: bool = False) -> None:
        super().__init__(reason)
        self.refused = refused


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def tls_mode(settings: Settings) -> str:
    mode = settings.smtp_tls.strip().lower()
    if mode in ("ssl", "starttls", "none"):
        return mode
    return "ssl" if settings.smtp_port == 465 else "starttls"


class EmailSender:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def configured(self) -> bool:
        return bool(self.settings.smtp_host.strip())

    @property
    def mail_dir(self) -> Path:
        return Path(self.settings.cicero_data_dir) / "mail"

    def build(self, to: str, mail: Mail) -> EmailMessage:
        sender = self.settings.smtp_from or self.settings.smtp_user or "cicero@localhost"
        msg = EmailMessage()
        name = self.settings.smtp_from_name.replace("\\", "").replace('"', "")
        msg["From"] = f'"{name}" <{sender}>'
        msg["To"] = to
        msg["Subject"] = mail.subject
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = make_msgid(domain=sender.partition("@")[2] or "localhost")
        msg.set_content(mail.text, charset="utf-8")
        msg.add_alternative(mail.html, subtype="html", charset="utf-8")
        return msg

    async def send(self, to: str, mail: Mail) -> None:
        """Deliver one mail synchronously (JOB-62): at most 2 attempts; raises EmailError."""
        recipient = to.strip().lower()
        message = self.build(recipient, mail)
        if not self.configured:
            self._write_to_sink(recipient, mail.subject, message)
            return
        last: Exception | None = None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                await self._deliver(message)
                log.info("email_sent", extra={"to": mask_email(recipient), "subject": mail.subject})
                return
            except aiosmtplib.SMTPResponseException as exc:
                last = exc
                if exc.code >= 500:  # permanent: not retried
                    break
            except (TimeoutError, aiosmtplib.SMTPException, OSError) as exc:
                last = exc
            if attempt < MAX_ATTEMPTS:
                await asyncio.sleep(RETRY_DELAY_S)
        refused = isinstance(last, aiosmtplib.SMTPConnectError | ConnectionRefusedError)
        log.warning(
            "email_failed",
            extra={"to": mask_email(recipient), "subject": mail.subject, "error_class": type(last).__name__},
        )
        raise EmailError(type(last).__name__, refused=refused)

    async def _deliver(self, message: EmailMessage) -> None:
        mode = tls_mode(self.settings)
        context = ssl.create_default_context()
        if not self.settings.smtp_tls_verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        user = self.settings.smtp_user or None
        await aiosmtplib.send(
            message,
            hostname=self.settings.smtp_host,
            port=self.settings.smtp_port,
            username=user,
            password=self.settings.smtp_pass.get_secret_value() if user else None,
            use_tls=mode == "ssl",
            start_tls=True if mode == "starttls" else False,
            tls_context=context if mode != "none" else None,
            validate_certs=self.settings.smtp_tls_verify,
            timeout=self.settings.smtp_timeout_s,
        )

    def _write_to_sink(self, recipient: str, subject: str, message: EmailMessage) -> None:
        """JOB-61: the whole message as .eml in <data dir>/mail/; the log line never holds the body."""
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        name = f"{to_wib(record_now()):%Y%m%d-%H%M%S}-{uuid.uuid4().hex}.eml"
        (self.mail_dir / name).write_bytes(bytes(message))
        log.info("email_logged", extra={"to": mask_email(recipient), "subject": subject, "file": name})
