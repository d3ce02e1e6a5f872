"""One business clock (issue 13): production code reads "now" only through core.timewindow.

Business time (today's WIB day, windows, slots, report and expiry dates) comes from
`now_utc()`/`now_wib()`/`today_wib()`, which `CICERO_NOW` can pin for a whole process tree.
Record timestamps (rows stamped by the database, Redis TTLs, delivery deadlines) and timers
keep the real clock; every such use is listed below with its reason, so a new wall-clock read
or a business query on `now()` fails this test until someone decides which clock it needs.
"""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.config import reset_settings_cache
from core.timewindow import WIB, now_wib, parse_pinned_now, record_now, to_record_time, today_wib

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "bot", "menus")

# file::function -> why the real clock is right there.
WALL_CLOCK_ALLOWED = {
    "core/timewindow.py::now_utc": "the business clock itself (real time when not pinned)",
    "core/timewindow.py::record_now": "the record clock itself",
    "core/auth/tokens.py::create_token": "JWT iat/exp: verified by PyJWT against the real clock",
    "core/auth/ratelimit.py::RateLimiter.hit": "rate-limit window: a timer",
    "core/auth/ratelimit.py::RateLimiter.add_failure": "lockout window: a timer",
    "core/auth/ratelimit.py::RateLimiter.check_failures": "lockout window: a timer",
    "core/auth/ratelimit.py::RateLimiter.clear": "lockout window: a timer",
    "core/auth/otp.py::OtpStore.issue": "OTP issue time next to its Redis TTL: a timer",
    "core/alerts.py::notify_admins": "alert rate-limit window: a timer",
    "core/actions/runner.py::run_dirrequest_action": "unique idempotency suffix, not a date",
    "bot/sessions.py::SessionStore.expired": "menu idle timeout: a timer",
    "bot/sessions.py::SessionStore.save": "menu idle timeout: a timer",
    "bot/sessions.py::SessionStore.due": "menu idle deadlines in a Redis sorted set: a timer",
    "bot/stages/private_choice.py::choose_and_run": "long-action guard: a timer",
    "bot/outbox_sender.py::OutboxSender.step": "rate-limit pause: a timer",
    "bot/outbox_sender.py::OutboxSender._capped_chats": "per-chat send window: a timer",
    "bot/outbox_sender.py::OutboxSender._minute_has_room": "per-minute send window: a timer",
    "bot/outbox_sender.py::OutboxSender.send": "send stamp for the pacing windows: a timer",
    "bot/outbox_sender.py::OutboxSender._failed": "rate-limit pause: a timer",
    "menus/framework/engine.py::apply_reply": "long-action guard and menu idle timeout: timers",
    "menus/clientrequest/imports.py::confirm_stamp": "import confirmation TTL: a timer",
    "menus/clientrequest/imports.py::confirm_expired": "import confirmation TTL: a timer",
}

# file::function -> why SQL may use the database clock there (record timestamps only).
SQL_CLOCK_ALLOWED = {
    "core/db/tables.py::<module>": "column defaults: record timestamps",
    "core/jobs/runner.py::*": "job_run started_at/finished_at: record timestamps",
    "core/jobs/task_broadcast.py::broadcast_tasks": "last_notified_at: a record timestamp",
    "core/outbox.py::*": "delivery: next_attempt_at/expires_at live on the database clock",
    "bot/outbox_sender.py::*": "delivery: claims, retries, expiry and heartbeats on the database clock",
    "bot/session_state.py::*": "session heartbeats: record timestamps",
    "core/health.py::outbox_check.probe": "dead letters and backlog age measured on the database clock",
    "core/email/outbox.py::*": "mail delivery: claims, retries and back-off on the database clock",
    "core/tasks/store.py::*": "job_task started_at/finished_at: record timestamps",
}

_SQL_CLOCK = re.compile(
    r"\bnow\s*\(\s*\)|\bcurrent_date\b|\bcurrent_timestamp\b|\blocaltimestamp\b|"
    r"\bclock_timestamp\s*\(|\bstatement_timestamp\s*\(|\btransaction_timestamp\s*\(",
    re.IGNORECASE,
)
# "updated_at = NOW()" and the like stamp a row (a record timestamp); comparisons are not stamps.
_STAMP = re.compile(r"\b\w+_at\s*=\s*now\s*\(\s*\)", re.IGNORECASE)
_WALL = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today")}
_TIME = {("time", "time"), ("time", "time_ns")}


def _sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _scopes(tree: ast.Module) -> dict[ast.AST, str]:
    """Every node mapped to its enclosing ``Class.function`` name (``<module>`` at top level)."""
    owner: dict[ast.AST, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = child.name if name == "<module>" else f"{name}.{child.name}"
                owner[child] = inner
                visit(child, inner)
            else:
                owner[child] = name
                visit(child, name)

    visit(tree, "<module>")
    return owner


def _findings() -> tuple[dict[str, int], dict[str, int]]:
    wall: dict[str, int] = {}
    sql: dict[str, int] = {}
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        owner = _scopes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                base = node.func.value
                base_name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
                pair = (base_name, node.func.attr)
                if pair in _WALL or pair in _TIME:
                    key = f"{rel}::{owner.get(node, '<module>')}"
                    wall[key] = wall.get(key, 0) + 1
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _SQL_CLOCK.search(_STAMP.sub("", node.value))
            ):
                if node.value.lstrip().startswith(('"""', "#")) or _is_docstring(node, owner, tree):
                    continue
                key = f"{rel}::{owner.get(node, '<module>')}"
                sql[key] = sql.get(key, 0) + 1
    return wall, sql


def _is_docstring(node: ast.Constant, owner: dict[ast.AST, str], tree: ast.Module) -> bool:
    for parent in ast.walk(tree):
        body = getattr(parent, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and body[0].value is node:
            return True
    return False


def _allowed(key: str, table: dict[str, str]) -> bool:
    path = key.split("::", 1)[0]
    return key in table or f"{path}::*" in table


def test_business_time_is_read_only_through_the_clock_module() -> None:
    wall, _ = _findings()
    offenders = sorted(k for k in wall if not _allowed(k, WALL_CLOCK_ALLOWED))
    assert offenders == [], (
        "wall-clock reads outside core.timewindow: use now_utc()/now_wib()/today_wib() for business "
        "time, record_now() for record timestamps, time.monotonic() for durations, or list the use "
        f"here with its reason: {offenders}"
    )


def test_no_business_query_reads_the_database_clock() -> None:
    _, sql = _findings()
    offenders = sorted(k for k in sql if not _allowed(k, SQL_CLOCK_ALLOWED))
    assert offenders == [], (
        "SQL reads now()/CURRENT_DATE/CURRENT_TIMESTAMP outside the listed record-timestamp uses; "
        f"pass the business instant as a parameter (now_utc()) instead: {offenders}"
    )


def test_the_allow_lists_name_only_uses_that_exist() -> None:
    """A stale entry would silently allow a future business read in that place."""
    wall, sql = _findings()
    stale_wall = sorted(k for k in WALL_CLOCK_ALLOWED if k not in wall)
    files_sql = {k.split("::", 1)[0] for k in sql}
    stale_sql = sorted(
        k for k in SQL_CLOCK_ALLOWED if (k.endswith("::*") and k[:-3] not in files_sql) or
        (not k.endswith("::*") and k not in sql)
    )  # fmt: skip
    assert stale_wall == [] and stale_sql == [], (stale_wall, stale_sql)


def test_sql_files_use_the_database_clock_only_for_record_timestamps() -> None:
    # Column defaults (also as quoted default expressions in 0009's catalogue), update triggers, comments.
    allowed_line = re.compile(r"DEFAULT|^\s*\('|NEW\.updated_at\s*=\s*NOW\(\)|^\s*--", re.IGNORECASE)
    # Back-fills of missing record timestamps on legacy rows (DB-4x migrations).
    backfills = {"0005_post_provenance.sql", "0007_post_fetched_at.sql"}
    offenders = []
    for path in sorted((ROOT / "sql").rglob("*.sql")):
        if path.name in backfills:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _SQL_CLOCK.search(line) and not allowed_line.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_cicero_now_pins_the_business_clock_and_keeps_record_time_real(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CICERO_NOW", "2027-01-31T23:59:30+07:00")
    reset_settings_cache()
    try:
        assert now_wib() == datetime(2027, 1, 31, 23, 59, 30, tzinfo=WIB)
        assert today_wib() == datetime(2027, 1, 31).date()
        # A deadline 30 s ahead in business time is 30 s ahead of the real clock for SQL's now().
        deadline = to_record_time(now_wib() + timedelta(seconds=30)) - record_now()
        assert timedelta(seconds=29) < deadline <= timedelta(seconds=30)
        assert abs(record_now() - datetime.now(UTC)) < timedelta(seconds=5)
    finally:
        monkeypatch.undo()  # the run's own CICERO_NOW back, then settings read again
        reset_settings_cache()


def test_a_pinned_instant_without_offset_is_refused() -> None:
    assert parse_pinned_now("") is None
    with pytest.raises(ValueError, match="UTC offset"):
        parse_pinned_now("2026-11-25T10:00:00")
