"""Concurrent writers of the engagement tally never deadlock (issue 16, ING-PERF; migration 0011).

The demo's first fetch hit `deadlock detected` in the 0010 trigger: merges of several posts of one
client and day ran at once (the fetch's provider limit allows 4), and each upserted the shared
tally rows of the same people in its own hash order. Here eight writers grow the like lists of
eight posts of one owner and day at the same time, the way `merge_observed` does (one list update
per transaction), and two transactions also run the multi-statement interleaving a legacy writer
can produce. Every write must commit and the tally must equal a count from the lists.
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter

import psycopg
import pytest

from tests.db.migration_support import SCHEMA, query, run_sql, scratch_database

PEOPLE = 1500
POSTS = 8
ROUNDS = 4


@pytest.fixture(scope="module")
def url():
    with scratch_database("cicero_tally") as url:
        run_sql(url, SCHEMA.read_text())
        run_sql(url, "INSERT INTO clients (client_id, nama) VALUES ('POLRES_A', 'Polres A')")
        run_sql(
            url,
            'INSERT INTO "user" (user_id, nama, insta, client_id)'
            f" SELECT 'u' || i, 'P' || i, 'p' || i, 'POLRES_A' FROM generate_series(1, {PEOPLE}) i",
        )
        yield url


def _posts(url: str, prefix: str, day: str = "2026-12-07") -> list[str]:
    codes = [f"{prefix}{i}" for i in range(POSTS)]
    for code in codes:
        run_sql(
            url,
            "INSERT INTO insta_post (shortcode, client_id, created_at)"
            f" VALUES ('{code}', 'POLRES_A', '{day} 03:00:00');"
            f" INSERT INTO insta_like (shortcode, likes) VALUES ('{code}', '[]')",
        )
    return codes


def _tally_matches_lists(url: str, codes: list[str]) -> None:
    expected: Counter[str] = Counter()
    for (likes,) in query(url, "SELECT likes FROM insta_like WHERE shortcode = ANY(%s)", (codes,)):
        expected.update(f"u{h[1:]}" for h in set(likes))
    rows = query(url, "SELECT user_id, cnt FROM engagement_tally WHERE kind = 'ig_like' AND cnt > 0")
    assert Counter(dict(rows)) == expected
    assert sum(expected.values()) > PEOPLE  # the lists really overlap


def test_concurrent_list_merges_of_one_owner_and_day_all_commit(url: str) -> None:
    codes = _posts(url, "C")
    errors: list[BaseException] = []
    start = threading.Barrier(POSTS)

    def writer(code: str, seed: int) -> None:
        rng = random.Random(seed)
        likes: set[str] = set()
        try:
            with psycopg.connect(url, options="-c TimeZone=UTC") as conn:
                start.wait()
                for _ in range(ROUNDS):
                    likes |= {f"p{rng.randint(1, PEOPLE)}" for _ in range(PEOPLE // 2)}
                    order = sorted(likes, key=lambda _h: rng.random())
                    conn.execute(
                        "UPDATE insta_like SET likes = %s::jsonb WHERE shortcode = %s",
                        (json.dumps(order), code),
                    )
                    conn.commit()
        except BaseException as exc:  # noqa: BLE001 - reported below with the writer's post
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(c, i)) for i, c in enumerate(codes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    _tally_matches_lists(url, codes)


def test_two_transactions_crossing_over_two_posts_both_commit(url: str) -> None:
    """T1 likes p1 on post A, T2 likes p2 on post B, then each adds the other's person: row locks
    taken statement by statement would wait on each other; one lock per owner and day orders them."""
    a, b = _posts(url, "X", day="2026-12-01")[:2]
    t1 = psycopg.connect(url, options="-c TimeZone=UTC")
    t2 = psycopg.connect(url, options="-c TimeZone=UTC -c lock_timeout=20s")
    try:
        t1.execute("UPDATE insta_like SET likes = '[\"p1\"]' WHERE shortcode = %s", (a,))
        second: list[BaseException] = []

        def other() -> None:
            try:
                t2.execute("UPDATE insta_like SET likes = '[\"p2\"]' WHERE shortcode = %s", (b,))
                t2.execute('UPDATE insta_like SET likes = \'["p2", "p1"]\' WHERE shortcode = %s', (b,))
                t2.commit()
            except BaseException as exc:  # noqa: BLE001
                second.append(exc)

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(timeout=1)  # T2 is now waiting, or already holds p2's row
        t1.execute('UPDATE insta_like SET likes = \'["p1", "p2"]\' WHERE shortcode = %s', (a,))
        t1.commit()
        thread.join(timeout=30)
        assert second == []
    finally:
        t1.close()
        t2.close()
    rows = query(
        url,
        "SELECT user_id, cnt FROM engagement_tally WHERE kind = 'ig_like' AND day = '2026-12-01' ORDER BY 1",
    )
    assert rows == [("u1", 2), ("u2", 2)]
