"""Engagement rows and tally of migration 0010 (issue 16 items 1, 2; ING-GEN-1).

The plpgsql list normaliser must give what the Python one (core.social.handles.normalize_handle,
the reference) gives for every legacy list form, and a legacy database upgraded in place must
count each person exactly as a hand-written count that normalises both sides.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest
from psycopg.types.json import Jsonb

from core.db.migrate import upgrade
from core.social.handles import normalize_handle
from tests.db.migration_support import SCHEMA, load_fixture, query, run_sql, scratch_database

# Every form a legacy list element takes (ING-GEN-1), plus the awkward edges of the rule.
LEGACY_FORMS: list[object] = [
    "@budi.tt",
    "Cakra_X",
    {"username": "Cakra_X"},
    {"username": "  @Cakra_X "},
    {"user": {"username": "Nested.One"}},
    {"author": {"uniqueId": "@TikTok.Author"}},
    {"unique_id": "tt_user"},
    {"uniqueId": ""},
    {"username": "   ", "unique_id": "fallback_key"},
    {"text": "no name here"},
    " budi.santoso ",
    "\u00a0budi\u200b",
    "\u200b @Spaced.Out \u00a0",
    "@ budi",
    "@\tbudi",
    "\u200b \u200bzw",
    "\u2003em.space\u2003",
    "@@double",
    "@user",
    "https://www.instagram.com/Budi.Santoso/",
    "instagram.com/budi?igsh=abc",
    "https://www.instagram.com/p/Cabc123/",
    "https://www.instagram.com/budi/reel/Cabc/",
    "https://www.tiktok.com/@TT.User?lang=id",
    "https://www.tiktok.com/@tt.user/video/7300000000000000001",
    "https://vt.tiktok.com/ZSabc/",
    "UPPER",
    "",
    "   ",
    "@",
    42,
    None,
    ["nested", "list"],
    True,
]


@pytest.fixture(scope="module")
def schema_url() -> Iterator[str]:
    with scratch_database("cicero_eng") as url:
        run_sql(url, SCHEMA.read_text())
        yield url


@pytest.mark.parametrize("value", LEGACY_FORMS, ids=[json.dumps(v) for v in LEGACY_FORMS])
def test_plpgsql_normaliser_agrees_with_python(schema_url: str, value: object) -> None:
    (got,) = query(schema_url, "SELECT cicero_engagement_handle(%s)", (Jsonb(value),))[0]
    assert got == normalize_handle(value)


def test_list_normaliser_gives_the_distinct_python_forms(schema_url: str) -> None:
    rows = query(schema_url, "SELECT h FROM cicero_engagement_handles(%s) h", (Jsonb(LEGACY_FORMS),))
    expected = {h for v in LEGACY_FORMS if (h := normalize_handle(v)) is not None}
    assert sorted(r[0] for r in rows) == sorted(expected)
    # A non-array list (legacy rows hold objects or scalars) gives no handle.
    assert query(schema_url, "SELECT count(*) FROM cicero_engagement_handles(%s)", (Jsonb({"a": 1}),)) == [
        (0,)
    ]


# ------------------------------------------------------------------------------------------------
# Item 2 "done when": a legacy database with every list form, upgraded in place
# ------------------------------------------------------------------------------------------------

PEOPLE = {
    # user_id: (insta as a legacy writer stored it, tiktok)
    "91000001": ("Budi.TT", "@Budi.TT"),
    "91000002": ("cakra_x", "cakra_x"),
    "91000003": ("@spaced.out", "spaced.out"),
    "91000004": ("https://www.instagram.com/Nested.One/", "nested.one"),
    "91000005": ("nobody.liked", "tt.user"),
    "91000006": (None, None),
}
IG_LIKES = {
    "LegacyP1": ["@budi.tt", "Cakra_X", " spaced.out ", "outsider", {"username": "Nested.One"}],
    "LegacyP2": [{"username": "Cakra_X"}, "@BUDI.TT", "budi.tt", "\u00a0@Spaced.Out\u200b"],
    "LegacyP3": [{"user": {"username": "cakra_x"}}, "https://www.instagram.com/Budi.tt/", "x"],
    "LegacyP4": {"not": "a list"},
}
IG_COMMENTS = {
    "LegacyP1": [{"username": "@Budi.TT", "text": "mantap"}, "cakra_x"],
    "LegacyP2": ["Nested.One "],
}
TT_COMMENTS = {
    "7391000000000000001": [
        "@budi.tt",
        {"uniqueId": "@Cakra_X"},
        "@user",
        {"user": {"unique_id": "TT.User"}},
    ],
    "7391000000000000002": [" @spaced.out", "https://www.tiktok.com/@Budi.TT"],
}


def _load_legacy_engagement(url: str) -> None:
    values = ", ".join(
        f"('{uid}', 'P{uid}', 'SAT BINMAS', {_lit(ig)}, {_lit(tt)}, 'POLRES_A')"
        for uid, (ig, tt) in PEOPLE.items()
    )
    run_sql(url, f'INSERT INTO "user" (user_id, nama, divisi, insta, tiktok, client_id) VALUES {values}')
    for i, code in enumerate(IG_LIKES):
        run_sql(
            url,
            f"INSERT INTO insta_post (shortcode, client_id, caption, created_at)"
            f" VALUES ('{code}', 'POLRES_A', 'c', '2024-06-0{i + 1} 03:00:00')",
        )
    for i, vid in enumerate(TT_COMMENTS):
        run_sql(
            url,
            f"INSERT INTO tiktok_post (video_id, client_id, caption, created_at)"
            f" VALUES ('{vid}', 'POLRES_A', 'c', '2024-06-0{i + 1} 03:00:00')",
        )
    for table, key, column, lists in (
        ("insta_like", "shortcode", "likes", IG_LIKES),
        ("insta_comment", "shortcode", "comments", IG_COMMENTS),
        ("tiktok_comment", "video_id", "comments", TT_COMMENTS),
    ):
        for post, items in lists.items():
            run_sql(
                url, f"INSERT INTO {table} ({key}, {column}) VALUES ('{post}', {_lit(json.dumps(items))})"
            )


def _lit(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def _hand_count(url: str, table: str, key: str, column: str, user_column: str) -> Counter[str]:
    """Per person: posts whose stored list names them, both sides normalised by the Python rule."""
    people = {uid: normalize_handle(h) for uid, h in query(url, f'SELECT user_id, {user_column} FROM "user"')}
    counts: Counter[str] = Counter()
    for _post, items in query(url, f"SELECT {key}, {column} FROM {table}"):
        listed = {normalize_handle(v) for v in items} if isinstance(items, list) else set()
        for uid, handle in people.items():
            if handle is not None and handle in listed:
                counts[uid] += 1
    return counts


def _tally(url: str, kind: str) -> Counter[str]:
    rows = query(
        url, "SELECT user_id, sum(cnt)::int FROM engagement_tally WHERE kind = %s GROUP BY 1", (kind,)
    )
    return Counter(dict(rows))


def test_legacy_lists_upgraded_in_place_count_like_a_hand_written_query() -> None:
    with scratch_database() as url:
        load_fixture(url, "legacy_schema.sql", "legacy_l3.sql")
        _load_legacy_engagement(url)
        upgrade(url, out=lambda _line: None)

        cases = (
            ("ig_like", "insta_like", "shortcode", "likes", "insta"),
            ("ig_comment", "insta_comment", "shortcode", "comments", "insta"),
            ("tt_comment", "tiktok_comment", "video_id", "comments", "tiktok"),
        )
        for kind, table, key, column, user_column in cases:
            expected = _hand_count(url, table, key, column, user_column)
            assert _tally(url, kind) == expected, kind
        # The legacy forms are really counted (not an empty equality).
        ig = _tally(url, "ig_like")
        assert ig["91000001"] == 3 and ig["91000002"] == 3 and ig["91000003"] == 2 and ig["91000004"] == 1
        assert _tally(url, "tt_comment")["91000002"] == 1 and _tally(url, "tt_comment")["91000005"] == 1

        # The legacy lists stay as stored; a second upgrade changes neither rows nor tally.
        assert query(url, "SELECT likes FROM insta_like WHERE shortcode = 'LegacyP4'") == [
            ({"not": "a list"},)
        ]
        before = query(url, "SELECT * FROM engagement_tally ORDER BY 1, 2, 3, 4")
        again = upgrade(url, out=lambda _line: None)
        assert again.applied == []
        assert query(url, "SELECT * FROM engagement_tally ORDER BY 1, 2, 3, 4") == before

        # A handle change after the upgrade recounts that person from the rows.
        run_sql(url, "UPDATE \"user\" SET insta = 'outsider' WHERE user_id = '91000005'")
        assert _tally(url, "ig_like")["91000005"] == 1
        assert _tally(url, "ig_like") == _hand_count(url, "insta_like", "shortcode", "likes", "insta")
