"""Settings and `.env.example` stay in sync; secrets never show when settings are printed (API-95)."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from core.config import Settings
from core.logsetup import setup_logging

EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"
_ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def _example() -> tuple[list[str], dict[str, str]]:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    return lines, {m.group(1): m.group(2) for line in lines if (m := _ASSIGNMENT.match(line))}


def test_every_setting_is_documented_in_env_example_and_nothing_else() -> None:
    _, values = _example()
    fields = {name.upper() for name in Settings.model_fields}
    assert sorted(fields - values.keys()) == [], "settings missing from .env.example"
    assert sorted(values.keys() - fields) == [], ".env.example names variables Settings does not read"


def test_every_variable_has_one_comment_line_above_it() -> None:
    lines, _ = _example()
    for i, line in enumerate(lines):
        if _ASSIGNMENT.match(line):
            assert i > 0 and lines[i - 1].startswith("# "), f"no description above {line!r}"


def test_env_example_values_are_the_code_defaults() -> None:
    """A copied .env.example changes nothing: every value parses and equals the default."""
    _, values = _example()
    given = {name.lower(): value for name, value in values.items() if value != ""}
    parsed = Settings(_env_file=None, **given)  # type: ignore[arg-type]
    for name in given:
        default = Settings.model_fields[name].default
        value = getattr(parsed, name)
        if isinstance(value, SecretStr):
            value, default = value.get_secret_value(), default.get_secret_value()
        assert value == default, f"{name.upper()} in .env.example differs from the default"


def test_a_copied_env_example_loads_as_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copying .env.example to .env is safe: it parses (empty = default) and changes nothing."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    from_file = Settings(_env_file=EXAMPLE)  # type: ignore[call-arg]
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    assert from_file.model_dump() == defaults.model_dump()


def test_secret_like_settings_are_secret_strings() -> None:
    secretish = re.compile(r"(pass|secret|key|token)$|^(database|redis|amqp)_url$")
    for name, field in Settings.model_fields.items():
        if secretish.search(name):
            assert "SecretStr" in str(field.annotation), f"{name} must be a SecretStr"


SECRETS = {
    "database_url": "postgresql://cicero:Sup3rS3cretPw@db.internal:5432/cicero",
    "db_pass": "LegacyDbPassword9",
    "jwt_secret": "jwt-secret-value-" + "z" * 32,
    "smtp_pass": "SmtpPassw0rdValue",
    "rapidapi_key": "rapid-key-0123456789abcdef",
    "amqp_url": "amqp://guest:RabbitPw77@mq:5672/",
}


def _settings_with_secrets() -> Settings:
    return Settings(_env_file=None, **SECRETS)  # type: ignore[arg-type]


def test_secrets_are_masked_when_settings_are_printed() -> None:
    settings = _settings_with_secrets()
    shown = "\n".join([repr(settings), str(settings), settings.model_dump_json()])
    for value in ("Sup3rS3cretPw", "LegacyDbPassword9", "jwt-secret-value", "SmtpPassw0rdValue"):
        assert value not in shown
    assert "rapid-key-0123456789abcdef" not in shown and "RabbitPw77" not in shown


def test_secrets_are_masked_when_settings_are_logged() -> None:
    """JOB-102: even a careless log line carrying a secret's value prints `***`."""
    settings = _settings_with_secrets()
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        setup_logging(settings, fmt="json")
        root.handlers[0].setStream(stream)  # type: ignore[attr-defined]
        logging.getLogger("cicero.test").info(
            "settings_loaded",
            extra={"settings": repr(settings), "url": SECRETS["database_url"], "note": SECRETS["smtp_pass"]},
        )
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    out = stream.getvalue()
    assert "settings_loaded" in out
    for value in ("Sup3rS3cretPw", "SmtpPassw0rdValue"):
        assert value not in out


def test_admin_numbers_are_normalised_and_invalid_entries_left_out() -> None:
    """CONV-30: ADMIN_WHATSAPP entries in 0…/+62 forms become 62…; junk is ignored."""
    settings = Settings(_env_file=None, admin_whatsapp="0812-1111-2222; +62 857 0000 3333\n12345")
    assert settings.admin_phones() == ["6281211112222", "6285700003333"]


@pytest.mark.parametrize(
    ("raw", "expected"), [("120000", 120000), ("59999", 86_400_000), ("soon", 86_400_000)]
)
def test_dedup_ttl_below_a_minute_or_not_numeric_uses_the_default(raw: str, expected: int) -> None:
    """DLV-26."""
    assert Settings(_env_file=None, wa_message_dedup_ttl_ms=raw).wa_message_dedup_ttl_ms == expected


def test_smtp_tls_follows_the_port_unless_set() -> None:
    """JOB-60: ssl on 465, starttls otherwise; an explicit mode wins."""
    assert Settings(_env_file=None, smtp_port=465).smtp_tls_mode() == "ssl"
    assert Settings(_env_file=None, smtp_port=587).smtp_tls_mode() == "starttls"
    assert Settings(_env_file=None, smtp_port=465, smtp_tls="none").smtp_tls_mode() == "none"
