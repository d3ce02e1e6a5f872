"""Structured log lines (JOB-100) that never carry secrets and mask phone numbers (JOB-102)."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable, Iterator

import pytest

from core.config import Settings
from core.logsetup import setup_logging

TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$")
SECRETS = {
    "database_url": "postgresql://cicero:Db%2FPass99@db.internal:5432/cicero",
    "jwt_secret": "jwt-signing-secret-" + "q" * 32,
    "rapidapi_key": "rapid-0123456789abcdef",
    "smtp_pass": "MailPassword77",
    "redis_url": "redis://:RedisPw4411@cache:6379/0",
}


@pytest.fixture
def capture() -> Iterator[tuple[io.StringIO, Callable[..., logging.Logger]]]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level

    def configure(fmt: str = "json", **overrides: object) -> logging.Logger:
        settings = Settings(_env_file=None, **{**SECRETS, **overrides})  # type: ignore[arg-type]
        setup_logging(settings, fmt=fmt)
        (handler,) = root.handlers
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(stream)
        return logging.getLogger("cicero.test")

    yield stream, configure
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


def test_json_line_has_ts_level_event_logger_and_context(capture) -> None:
    stream, configure = capture
    log = configure()
    log.info(
        "outbox_sent", extra={"outbox_id": 3, "session": "main", "client_id": "POLRES_X", "duration_ms": 12}
    )
    (line,) = _lines(stream)
    assert TS.match(str(line["ts"])), line["ts"]
    assert line["level"] == "INFO" and line["event"] == "outbox_sent" and line["logger"] == "cicero.test"
    assert line["outbox_id"] == 3 and line["session"] == "main" and line["client_id"] == "POLRES_X"
    assert line["duration_ms"] == 12
    assert len(stream.getvalue().strip().splitlines()) == 1


def test_console_format_is_one_readable_line(capture) -> None:
    stream, configure = capture
    log = configure("console")
    log.warning("job_unit_failed", extra={"job_key": "fetch_sosmed", "error": "batas waktu habis"})
    (line,) = stream.getvalue().splitlines()
    ts, level, event, *rest = line.split(" ")
    assert TS.match(ts) and level == "WARNING" and event == "job_unit_failed"
    assert "job_key=fetch_sosmed" in line and 'error="batas waktu habis"' in line
    assert "logger=cicero.test" in line


def test_secrets_never_reach_the_log(capture) -> None:
    stream, configure = capture
    log = configure()
    log.info(
        "config_dump " + SECRETS["rapidapi_key"],
        extra={
            "url": SECRETS["database_url"],
            "note": "password is Db/Pass99 and MailPassword77",
            "nested": {
                "headers": {"X-RapidAPI-Key": SECRETS["rapidapi_key"]},
                "list": [SECRETS["jwt_secret"]],
            },
            "redis": "redis pw RedisPw4411",
            "otp": "123456",
            "password": "whatever-they-typed",
            "authorization": "Bearer abc.def.ghi",
        },
    )
    out = stream.getvalue()
    for leaked in (
        "rapid-0123456789abcdef",
        "Db%2FPass99",
        "Db/Pass99",
        "MailPassword77",
        "jwt-signing-secret",
    ):
        assert leaked not in out
    assert "RedisPw4411" not in out and "123456" not in out
    assert "whatever-they-typed" not in out and "abc.def.ghi" not in out
    (line,) = _lines(stream)
    assert (
        line["otp"] == "***"
        and line["password"] == "***"
        and line["nested"]["headers"]["X-RapidAPI-Key"] == "***"
    )


def test_phone_numbers_are_masked_everywhere(capture) -> None:
    """JOB-102: first 5 and last 3 digits kept (`62812*****222`)."""
    stream, configure = capture
    log = configure()
    log.info(
        "inbound from 6281211112222",
        extra={
            "chat": "6281211112222@s.whatsapp.net",
            "recipients": ["081211112222"],
            "phone": 6281211112222,
        },
    )
    (line,) = _lines(stream)
    assert line["event"] == "inbound from 62812*****222"
    assert line["chat"] == "62812*****222@s.whatsapp.net"
    assert line["recipients"] == ["08121****222"]
    assert line["phone"] == "62812*****222"
    assert "6281211112222" not in stream.getvalue()


def test_phone_masking_can_be_turned_off(capture) -> None:
    stream, configure = capture
    configure(log_mask_phones=False).info("inbound", extra={"chat": "6281211112222@s.whatsapp.net"})
    assert _lines(stream)[0]["chat"] == "6281211112222@s.whatsapp.net"


def test_exceptions_carry_class_message_and_redacted_traceback(capture) -> None:
    stream, configure = capture
    log = configure()
    try:
        raise RuntimeError("send to 6281211112222 failed with key " + SECRETS["rapidapi_key"])
    except RuntimeError:
        log.exception("outbox_retry", extra={"outbox_id": 9})
    (line,) = _lines(stream)
    assert line["error_class"] == "RuntimeError"
    assert "62812*****222" in str(line["error"]) and "Traceback" in str(line["traceback"])
    assert "rapid-0123456789abcdef" not in stream.getvalue() and "6281211112222" not in stream.getvalue()


def test_level_and_a_bad_level_name(capture) -> None:
    stream, configure = capture
    log = configure(log_level="warning")
    log.info("not_shown")
    log.warning("shown")
    assert [line["event"] for line in _lines(stream)] == ["shown"]
    configure(log_level="loud")  # an unknown level falls back to INFO instead of crashing
    assert logging.getLogger().level == logging.INFO


def test_setup_twice_keeps_one_handler(capture) -> None:
    stream, configure = capture
    configure()
    configure().info("once")
    assert len(_lines(stream)) == 1


def test_context_keys_that_only_look_like_secrets_stay_readable(capture) -> None:
    """JOB-100 keys such as `job_key` and link `tokens` are context, not secrets."""
    stream, configure = capture
    configure().info(
        "job_tick",
        extra={
            "job_key": "fetch_sosmed",
            "tokens": ["Abc123xyz"],
            "reset_token": "t0k3n-value",
            "otp_code": "999111",
        },
    )
    (line,) = _lines(stream)
    assert line["job_key"] == "fetch_sosmed" and line["tokens"] == ["Abc123xyz"]
    assert line["reset_token"] == "***" and line["otp_code"] == "***"


def test_emails_keep_the_first_character_of_their_local_part(capture) -> None:
    """API-8: in events, fields and exception text alike; JIDs are masked as phones, not as emails."""
    stream, configure = capture
    log = configure()
    try:
        raise ValueError('invalid input syntax for type integer: "bocor.tiga@contoh.com"')
    except ValueError:
        log.exception(
            "mail to rahasia.satu@contoh.com",
            extra={
                "to": ["b.x+1@mail.polri.go.id"],
                "chat": "6281211112222@s.whatsapp.net",
                "grp": "1203@g.us",
            },
        )
    (line,) = _lines(stream)
    assert line["event"] == "mail to r***@contoh.com"
    assert line["to"] == ["b***@mail.polri.go.id"]
    assert line["chat"] == "62812*****222@s.whatsapp.net" and line["grp"] == "1203@g.us"
    assert line["error"] == 'invalid input syntax for type integer: "b***@contoh.com"'
    assert "bocor.tiga" not in stream.getvalue() and "rahasia.satu" not in stream.getvalue()


def test_qr_payload_stays_logged(capture) -> None:
    """CONV-5: the QR text payload is logged as it is (ref, noise key, identity key, adv secret)."""
    stream, configure = capture
    qr = "2@Yq3vK9x+Zt/0=,dGhpcyBpcyBub2lzZQ==,aWRlbnRpdHkga2V5+/=,YWR2IHNlY3JldA=="
    configure().info("session_qr", extra={"session": "ops", "qr": qr})
    assert _lines(stream)[0]["qr"] == qr
