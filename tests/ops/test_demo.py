"""`cicero demo` (issue [ops] item 1): seeds once, fetches from the fake RapidAPI server, reuses data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg

from core.db.migrate import libpq_url


def demo(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--no-chat", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def counts(url: str) -> tuple[int, int, int]:
    with psycopg.connect(libpq_url(url)) as conn:
        users = conn.execute('SELECT count(*) FROM "user"').fetchone()[0]
        likes = conn.execute("SELECT count(*) FROM insta_like").fetchone()[0]
        lists = conn.execute(
            "SELECT count(DISTINCT chat_id) FROM wa_outbox WHERE idempotency_key LIKE 'tasklist:%'"
        ).fetchone()[0]
    return users, likes, lists


def test_demo_seeds_fetches_and_reuses(db, test_database_url: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INSTAGRAM_", "TIKTOK_", "RAPIDAPI_"))}
    env.update(DATABASE_URL=test_database_url, CICERO_DATA_DIR=str(tmp_path))
    first = demo([], env)
    assert first.returncode == 0, first.stderr
    assert "Data contoh dibuat: 280 personel." in first.stderr
    assert "status fetch: succeeded" in first.stdout and "dirrequest" in first.stdout
    users, likes, lists = counts(test_database_url)
    # 280 personnel; today 3 posts per unit with stored likers, plus the 30 days of history (issue 19
    # item 3: 3 posts a weekday, 2 a weekend day, per unit); a task list to each of the 5 unit
    # groups (or none when the demo runs in the group quiet hours).
    with psycopg.connect(libpq_url(test_database_url)) as conn:
        days = conn.execute(
            "SELECT count(DISTINCT ((created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date)"
            " FROM insta_post"
        ).fetchone()[0]
        posts = conn.execute("SELECT count(*) FROM insta_post").fetchone()[0]
        reports = conn.execute("SELECT count(*) FROM link_report").fetchone()[0]
    assert users == 280 and days == 31 and likes == posts and lists in (0, 5)
    assert reports > 0 and "Riwayat 30 hari" in first.stdout
    second = demo([], env)
    assert second.returncode == 0, second.stderr
    assert "Data contoh dibuat" not in second.stderr
    assert counts(test_database_url)[:2] == (280, likes)  # history is topped up, never duplicated
    third = demo(["--reset"], env)
    assert third.returncode == 0 and "Data contoh dibuat: 280 personel." in third.stderr
