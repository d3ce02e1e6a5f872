"""Set-based attendance queries (ING-ATT-1..5, ING-PERF-1).

Per report at most four statements run, whatever the number of personnel, posts or likes:
the client row, the jajaran units (directorates), the task posts, and one attendance statement.

Engagement is read from normalised rows, never from the JSON lists (migration 0010): one row per
(post, handle) in `insta_like_handle` / `insta_comment_handle` / `tiktok_comment_handle`, and the
matched engagement `engagement_tally` (per person, post owner and operational day, the number of
posts holding the person's handle), both kept in step by triggers with the same normaliser on both
sides (ING-GEN-1: `cicero_engagement_handle` for list elements, `cicero_norm_handle` for
`"user".insta`/`tiktok`). A recap is a grouped count over the tally of the scope's owner in the
window, corrected by the rows of the scope's posts the owner's tally does not hold (collaboration
and role posts) and of the owner's posts that are not in scope (exclusions). This replaces
ING-PERF-1's "expand the JSONB lists once" design: the matching is done once, at write time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from core.config import Settings
from core.db import UnitOfWork
from core.reports.model import (
    Attendance,
    ClientInfo,
    Engagement,
    Person,
    Platform,
    Post,
    Rule,
    Scope,
    ScopeKind,
    Status,
    UnitGroup,
)
from core.reports.ordering import sort_personnel
from core.timewindow import Window

_WS = re.compile(r"\s+")

_NONE: frozenset[str] = frozenset()
_CLIENT_COLUMNS = """upper(btrim(client_id)) AS client_id, nama, lower(btrim(coalesce(client_type, ''))) AS client_type,
    regional_id, client_tiktok, client_insta, coalesce(client_status, true) AS active"""


class ClientNotFound(LookupError):
    def __init__(self, client_id: str) -> None:
        super().__init__(client_id)
        self.client_id = client_id


def _client(row: Any) -> ClientInfo:
    return ClientInfo(
        client_id=row.client_id,
        nama=row.nama or row.client_id,
        client_type=row.client_type,
        regional_id=row.regional_id,
        client_tiktok=row.client_tiktok,
        client_insta=row.client_insta,
        active=bool(row.active),
    )


async def get_client(uow: UnitOfWork, client_id: str) -> ClientInfo:
    """ING-GEN-2: ids compare case-insensitively after trimming."""
    row = (
        await uow.execute(
            f"SELECT {_CLIENT_COLUMNS} FROM clients WHERE lower(btrim(client_id)) = :c",  # noqa: S608
            {"c": client_id.strip().lower()},
        )
    ).first()
    if row is None:
        raise ClientNotFound(client_id.strip().upper())
    return _client(row)


async def jajaran(uow: UnitOfWork, d: ClientInfo) -> list[ClientInfo]:
    """DIR-0.1 / ING-ATT-1: active `org` clients of D's region (every active `org` without one)."""
    rows = await uow.execute(
        f"SELECT {_CLIENT_COLUMNS} FROM clients"  # noqa: S608
        " WHERE lower(btrim(coalesce(client_type, ''))) = 'org' AND coalesce(client_status, true)"
        " AND (CAST(:r AS text) IS NULL OR regional_id = :r) AND lower(btrim(client_id)) <> :d"
        " ORDER BY upper(nama), client_id",
        {"r": d.regional_id, "d": d.client_id.lower()},
    )
    return [_client(r) for r in rows]


async def scope_units(uow: UnitOfWork, scope: Scope) -> list[ClientInfo]:
    """The clients whose personnel a scope may contain (own client first)."""
    if scope.kind == ScopeKind.DIRECTORATE:
        units = [scope.client, *await jajaran(uow, scope.client)]
        if scope.unit_id:
            units = [u for u in units if u.client_id == scope.unit_id.strip().upper()]
        return units
    return [scope.client]


# --- population ------------------------------------------------------------------------------


def _handle(col: str) -> str:
    """A stored handle, already in the ING-GEN-1 normal form (DB-11, DB-52: written normalised).

    Only the empty string is mapped to "no handle"; normalising again per row at read time
    would double the cost of the attendance statement (ING-PERF-1, issue 5 item 7).
    """
    return f"NULLIF({col}, '')"


def _compact_divisions(csv: str) -> list[str]:
    return sorted({_WS.sub("", v).upper() for v in csv.split(",") if v.strip()})


@dataclass(frozen=True)
class PopulationSql:
    sql: str
    params: dict[str, Any]
    # The same members without the Sat Intel rule who are left out by it, counted (ING-ATT-1;
    # the stated-rule line and the JSON view say what a recap excluded).
    excluded_sql: str | None = None


def population_sql(scope: Scope, unit_ids: Sequence[str], settings: Settings) -> PopulationSql:
    """ING-ATT-1 as one SELECT (used as a CTE): active users of the scope with normalised handles."""
    role = scope.role
    if scope.kind != ScopeKind.UNIT:
        role = scope.client.client_id.lower()  # a directorate's role is always lower(D)
    where = ["u.status IS TRUE", "lower(btrim(u.client_id)) = ANY(:pop_units)"]
    params: dict[str, Any] = {"pop_units": [u.lower() for u in unit_ids]}
    if role:
        where.append(
            "EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id"
            " WHERE ur.user_id = u.user_id AND lower(r.role_name) = :pop_role)"
        )
        params["pop_role"] = role.strip().lower()
    excluded_sql = None
    if intel_rule_applies(scope, settings):
        # "compared with and without spaces": comparing both sides without any space covers
        # every spacing of the configured names, with plain `replace` instead of a regex per row.
        division = "replace(upper(coalesce(u.divisi, '')), ' ', '')"
        excluded_sql = (
            f'SELECT count(*) FROM "user" u WHERE {" AND ".join(where)} AND {division} = ANY(:pop_excluded)'  # noqa: S608
        )
        where.append(f"{division} <> ALL(:pop_excluded)")
        params["pop_excluded"] = _compact_divisions(settings.attendance_excluded_divisions)
    sql = (
        "SELECT u.user_id, u.nama, u.title, u.divisi, u.jabatan, upper(btrim(u.client_id)) AS unit_id,"  # noqa: S608
        f" {_handle('u.insta')} AS insta, {_handle('u.tiktok')} AS tiktok,"
        " u.whatsapp, coalesce(u.exception, false) AS exception"
        ' FROM "user" u WHERE ' + " AND ".join(where)
    )
    return PopulationSql(sql, params, excluded_sql)


def intel_rule_applies(scope: Scope, settings: Settings) -> bool:
    """ING-ATT-1: the Sat Intel rule holds for the scope unless its client is exempt."""
    exempt = {c.strip().upper() for c in settings.attendance_exclusion_exempt_clients.split(",")}
    return scope.intel_rule and scope.client.client_id not in exempt


def _person(row: Any) -> Person:
    return Person(
        user_id=row.user_id,
        nama=row.nama,
        title=row.title,
        divisi=row.divisi,
        jabatan=row.jabatan,
        unit_id=row.unit_id,
        insta=row.insta,
        tiktok=row.tiktok,
        whatsapp=row.whatsapp,
        exception=bool(row.exception),
    )


async def population(
    uow: UnitOfWork, scope: Scope, settings: Settings
) -> tuple[list[Person], dict[str, ClientInfo]]:
    units = await scope_units(uow, scope)
    pop = population_sql(scope, [u.client_id for u in units], settings)
    rows = await uow.execute(pop.sql, pop.params)
    people = sort_personnel([_person(r) for r in rows], _priority(settings))
    return people, {u.client_id: u for u in units}


def _priority(settings: Settings) -> list[str]:
    return [n for n in settings.report_priority_names.split(",") if n.strip()]


# --- posts -----------------------------------------------------------------------------------

_POST_TABLE = {Platform.INSTAGRAM: ("insta_post", "shortcode"), Platform.TIKTOK: ("tiktok_post", "video_id")}
_ENGAGEMENT_TABLE = {
    (Platform.INSTAGRAM, Engagement.LIKES): ("insta_like", "shortcode", "likes"),
    (Platform.INSTAGRAM, Engagement.COMMENTS): ("insta_comment", "shortcode", "comments"),
    (Platform.TIKTOK, Engagement.COMMENTS): ("tiktok_comment", "video_id", "comments"),
}


async def task_posts(
    uow: UnitOfWork,
    client: ClientInfo,
    platform: Platform,
    window: Window,
    *,
    engagement: Engagement | None = None,
    manual_only: bool = False,
    khusus: bool = False,
) -> list[Post]:
    """ING-ATT-2: posts of C in the window, exclusions removed, ordered by created_at then id.

    `engagement` picks which stored set's size is returned as `Post.engaged` (ING-ATT-7).
    """
    engagement = engagement or (Engagement.LIKES if platform == Platform.INSTAGRAM else Engagement.COMMENTS)
    table, key = _POST_TABLE[platform]
    if khusus:
        table = "insta_post_khusus"
    etable, ekey, ecol = _ENGAGEMENT_TABLE[(platform, engagement)]
    win_sql, params = window.sql_range("p.created_at")
    owner = ["lower(btrim(p.client_id)) = :c"]
    if platform == Platform.INSTAGRAM and not khusus:
        owner.append(
            "EXISTS (SELECT 1 FROM insta_post_clients pc WHERE pc.shortcode = p.shortcode"
            " AND lower(btrim(pc.client_id)) = :c)"
        )
    if client.is_directorate and not khusus:
        rtable = "insta_post_roles" if platform == Platform.INSTAGRAM else "tiktok_post_roles"
        owner.append(
            f"EXISTS (SELECT 1 FROM {rtable} pr WHERE pr.{key} = p.{key} AND lower(pr.role_name) = :c)"  # noqa: S608
        )
    where = [win_sql, "(" + " OR ".join(owner) + ")"]
    if not khusus:
        where.append(
            "NOT EXISTS (SELECT 1 FROM task_post_exclusions x WHERE lower(btrim(x.client_id)) = :c"  # noqa: S608
            f" AND x.platform = :platform AND x.content_id = p.{key})"
        )
    if manual_only:
        where.append("p.source_type = 'manual_input'")
    sql = (
        f"SELECT p.{key} AS id, upper(btrim(p.client_id)) AS client_id, p.caption, p.created_at,"  # noqa: S608
        " p.original_created_at, p.source_type, p.like_count, p.comment_count,"
        f" CASE WHEN jsonb_typeof(e.{ecol}) = 'array' THEN jsonb_array_length(e.{ecol}) ELSE 0 END AS engaged"
        f" FROM {table} p LEFT JOIN {etable} e ON e.{ekey} = p.{key}"
        f" WHERE {' AND '.join(where)} ORDER BY p.created_at, p.{key}"
    )
    params.update(c=client.client_id.lower(), platform=platform.value)
    rows = await uow.execute(sql, params)
    return [
        Post(
            id=r.id,
            client_id=r.client_id,
            caption=r.caption,
            created_at=r.created_at,
            original_created_at=r.original_created_at,
            source_type=r.source_type or "cron_fetch",
            like_count=r.like_count,
            comment_count=r.comment_count,
            engaged=r.engaged or 0,
        )
        for r in rows
    ]


# --- the attendance statement ----------------------------------------------------------------


async def _fetch_tuples(uow: UnitOfWork, sql: str, params: dict[str, Any]) -> list[tuple]:
    """Run one bound statement on the unit's own connection and return plain tuples.

    The attendance statement returns one row per person (20,000 in the ING-PERF-2 data set);
    reading them straight from the driver's cursor, inside the same transaction, avoids
    building a result-row object per person. Parameters stay bound by the driver.
    """
    compiled = text(sql).compile(dialect=uow.conn.dialect)
    raw = await uow.conn.get_raw_connection()
    async with raw.driver_connection.cursor() as cur:
        await cur.execute(compiled.string, params)
        return await cur.fetchall()


# What the Sat Intel rule leaves out, as the stated-rule line and the JSON view name it.
INTEL_REASON = "Sat Intelkam"

_SLOTS = (Status.LENGKAP, Status.KURANG, Status.BELUM, Status.NO_USERNAME)

# Normalised engagement rows and the tally kind of each (platform, engagement) (migration 0010).
_ROWS = {
    (Platform.INSTAGRAM, Engagement.LIKES): ("insta_like_handle", "shortcode", "ig_like"),
    (Platform.INSTAGRAM, Engagement.COMMENTS): ("insta_comment_handle", "shortcode", "ig_comment"),
    (Platform.TIKTOK, Engagement.COMMENTS): ("tiktok_comment_handle", "video_id", "tt_comment"),
}


def engagement_rows(platform: Platform, engagement: Engagement) -> tuple[str, str]:
    """The normalised rows table of an engagement set and its post key column (ING-ATT-3)."""
    rows_table, key, _ = _ROWS[(platform, engagement)]
    return rows_table, key


@dataclass(frozen=True)
class MatchedSql:
    """CTEs `t` (tally) and `a` (corrections), the join onto `pop` and the count expression."""

    ctes: str
    joins: str
    count_expr: str
    params: dict[str, Any]


def matched_sql(
    platform: Platform, engagement: Engagement, owner: ClientInfo, window: Window, posts: Sequence[Post]
) -> MatchedSql:
    """Per person, how many of `posts` hold their normalised handle (ING-ATT-4), as CTEs over `pop`.

    `t`: the owner's tally over the window's days (one row per person for a one-day window, so
    no grouping at all). `a`: +1 per row of a scope post the owner does not own (collaboration
    links, role posts), -1 per row of an owned post of the window that is not in scope (an
    exclusion whose post is still stored); usually empty.
    """
    rows_table, key, kind = _ROWS[(platform, engagement)]
    post_table = _POST_TABLE[platform][0]
    user_col = "insta" if platform == Platform.INSTAGRAM else "tiktok"
    owner_id = owner.client_id.lower()
    days = "t.day >= :m_d0 AND t.day < :m_d1" if window.start_date else "t.day < :m_d1"
    one_day = window.start_date is not None and (window.end_date - window.start_date).days == 1
    if one_day:
        tally = (
            "SELECT t.user_id, t.cnt FROM engagement_tally t"  # noqa: S608
            f" WHERE t.kind = :m_kind AND t.owner_id = :m_owner AND {days}"
        )
    else:
        tally = (
            "SELECT t.user_id, sum(t.cnt) AS cnt FROM engagement_tally t"  # noqa: S608
            f" WHERE t.kind = :m_kind AND t.owner_id = :m_owner AND {days} GROUP BY t.user_id"
        )
    win_sql, win_params = window.sql_range("op.created_at", "m_win")
    corrections = (
        f"SELECT u.user_id, sum(x.sign) AS cnt FROM ("  # noqa: S608
        f" SELECT r.handle, 1 AS sign FROM {rows_table} r WHERE r.{key} = ANY(:m_plus)"
        f" UNION ALL SELECT r.handle, -1 FROM {rows_table} r JOIN {post_table} op ON op.{key} = r.{key}"
        f" WHERE lower(btrim(op.client_id)) = :m_owner AND {win_sql} AND op.{key} <> ALL(:post_ids)"
        f') x JOIN "user" u ON cicero_norm_handle(u.{user_col}) = x.handle GROUP BY u.user_id'
    )
    params: dict[str, Any] = dict(
        win_params,
        m_kind=kind,
        m_owner=owner_id,
        m_d1=window.end_date,
        m_plus=[p.id for p in posts if (p.client_id or "").lower() != owner_id],
    )
    if window.start_date:
        params["m_d0"] = window.start_date
    return MatchedSql(
        ctes=f"t AS ({tally}), a AS ({corrections})",
        joins=" LEFT JOIN t ON t.user_id = pop.user_id LEFT JOIN a ON a.user_id = pop.user_id",
        count_expr="(coalesce(t.cnt, 0) + coalesce(a.cnt, 0))",
        params=params,
    )


async def compute(
    uow: UnitOfWork,
    settings: Settings,
    scope: Scope,
    platform: Platform,
    engagement: Engagement,
    rule: Rule,
    window: Window,
    *,
    posts: list[Post] | None = None,
    with_posts: bool = False,
    per_person: bool = True,
) -> Attendance:
    """Population, posts, per-person counts and statuses (ING-ATT-3..6) for one scope and window.

    One statement does the work in SQL: the matched engagement of the population (`matched_sql`)
    joined to the population, every person classified by the threshold table (ING-ATT-6).
    `per_person=False` returns per-unit tallies only (reports that print no names), `with_posts`
    each person's engaged post ids.
    """
    if posts is None:
        posts = await task_posts(uow, scope.client, platform, window, engagement=engagement)
    units = await scope_units(uow, scope)
    pop = population_sql(scope, [u.client_id for u in units], settings)
    h = "pop.insta" if platform == Platform.INSTAGRAM else "pop.tiktok"
    if with_posts:
        rows_table, key, _ = _ROWS[(platform, engagement)]
        # Per-content reports also need which posts: the rows of the scope's posts joined to the
        # (unit-sized) population on the one normal form.
        counts = (
            f"c AS (SELECT pop.user_id, count(*) AS cnt, array_agg(r.{key}) AS post_ids"  # noqa: S608
            f" FROM {rows_table} r JOIN pop ON cicero_norm_handle({h}) = r.handle"
            f" WHERE r.{key} = ANY(:post_ids) GROUP BY pop.user_id)"
        )
        cnt = "c.cnt"
        joins = " LEFT JOIN c ON c.user_id = pop.user_id"
        match_params: dict[str, Any] = {}
    else:
        m = matched_sql(platform, engagement, scope.client, window, posts)
        counts, cnt, joins, match_params = m.ctes, m.count_expr, m.joins, m.params
    sql = (
        f"WITH pop AS ({pop.sql}), {counts},"  # noqa: S608
        " p AS (SELECT pop.*,"
        f" CASE WHEN pop.exception THEN :n WHEN {h} IS NULL THEN 0 ELSE coalesce({cnt}, 0) END AS cnt,"
        # ING-ATT-6 slots: 0 lengkap (exceptions too), 1 kurang, 2 belum, 3 no username
        f" CASE WHEN pop.exception THEN 0 WHEN {h} IS NULL THEN 3"
        f" WHEN :n > 0 AND coalesce({cnt}, 0) >= :need THEN 0 WHEN coalesce({cnt}, 0) > 0 THEN 1 ELSE 2 END AS slot"
        f"{', c.post_ids' if with_posts else ''}"
        f" FROM pop{joins})"
    )
    n = len(posts)
    need = n if rule == Rule.FULL else -(-n // 2)
    params = dict(pop.params, **match_params, post_ids=[p.id for p in posts], n=n, need=need)
    groups: dict[str, UnitGroup] = {}
    members: list[Person] = []
    if not per_person:
        rows = await _fetch_tuples(
            uow,
            sql + " SELECT unit_id, count(*) FILTER (WHERE slot = 0), count(*) FILTER (WHERE slot = 1),"  # noqa: S608
            " count(*) FILTER (WHERE slot = 2), count(*) FILTER (WHERE slot = 3), sum(cnt)"
            " FROM p GROUP BY unit_id",
            params,
        )
        for unit_id, lengkap, kurang, belum, nouser, score in rows:
            groups[unit_id] = UnitGroup([], [lengkap, kurang, belum, nouser], int(score or 0))
    else:
        cols = "user_id, nama, title, divisi, jabatan, unit_id, insta, tiktok, whatsapp, exception, cnt, slot"
        rows = await _fetch_tuples(
            uow,
            f"{sql} SELECT {cols}{', post_ids' if with_posts else ''} FROM p",  # noqa: S608
            params,
        )
        handle_at = 6 if platform == Platform.INSTAGRAM else 7
        # This loop runs once per person (20,000 in the ING-PERF-2 data set): plain tuples,
        # and grouping and tallying in the same pass.
        for row in rows:
            engaged = frozenset(row[12] or ()) if with_posts and row[handle_at] else _NONE
            slot = row[11]
            person = Person(*row[:11], _SLOTS[slot], engaged)
            members.append(person)
            group = groups.get(person.unit_id)
            if group is None:
                group = groups[person.unit_id] = UnitGroup()
            group.members.append(person)
            group.counts[slot] += 1
            group.score_sum += person.count
    excluded: tuple[tuple[str, int], ...] = ()
    if pop.excluded_sql is not None:
        row = (await uow.execute(pop.excluded_sql, pop.params)).first()
        excluded = ((INTEL_REASON, int(row[0]) if row else 0),)
    return Attendance(
        scope=scope,
        platform=platform,
        engagement=engagement,
        rule=rule,
        window=window,
        posts=posts,
        members=members,
        units={u.client_id: u for u in units},
        groups=groups,
        priority=tuple(_priority(settings)),
        excluded=excluded,
    )
