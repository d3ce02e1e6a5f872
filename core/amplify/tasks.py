"""Who may report amplification links and for which task posts (CONV-240, CONV-244, CONV-246).

Reads only. The person's *task clients* are their own client and every DIREKTORAT client whose
role `lower(client_id)` they hold; open tasks are the routine (`insta_post`, ING-ATT-2) and
special (`insta_post_khusus`) posts of the eligible task clients whose operational date lies in
the reporting window, exclusions (ING-POST-12) removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.amplify.reasons import LinkReportRejected, Reason
from core.db import UnitOfWork
from core.timewindow import range_window, wib_date_of

# Stored WhatsApp values may be legacy forms (`0812…`, `…@c.us`); compare their canonical digits.
WHATSAPP_NORM_SQL = (
    "(CASE WHEN regexp_replace(split_part(COALESCE({col}, ''), '@', 1), '[^0-9]', '', 'g') LIKE '0%' "
    "THEN '62' || substr(regexp_replace(split_part({col}, '@', 1), '[^0-9]', '', 'g'), 2) "
    "ELSE regexp_replace(split_part(COALESCE({col}, ''), '@', 1), '[^0-9]', '', 'g') END)"
)


@dataclass(frozen=True)
class Reporter:
    user_id: str
    nama: str
    title: str
    client_id: str
    insta: str | None
    tiktok: str | None
    status: bool
    whatsapp: str | None

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.title, self.nama) if p)


@dataclass(frozen=True)
class TaskClient:
    client_id: str
    nama: str
    client_type: str
    active: bool
    amplify: bool

    @property
    def is_directorate(self) -> bool:
        return self.client_type.lower() == "direktorat"


@dataclass(frozen=True)
class TaskPost:
    shortcode: str
    client_id: str
    khusus: bool
    created_at: datetime  # naive UTC wall time (ING-TIME-3)
    caption: str

    @property
    def op_date(self) -> date:
        return wib_date_of(self.created_at)

    @property
    def link(self) -> str:
        return f"https://www.instagram.com/p/{self.shortcode}/"

    @property
    def table(self) -> str:
        return "link_report_khusus" if self.khusus else "link_report"


_REPORTER_COLUMNS = (
    "u.user_id, COALESCE(u.nama, '') AS nama, COALESCE(u.title, '') AS title, COALESCE(u.client_id, '') AS client_id, "
    "u.insta, u.tiktok, COALESCE(u.status, true) AS status, u.whatsapp"
)


def _reporter(row) -> Reporter:
    return Reporter(
        user_id=row.user_id,
        nama=row.nama,
        title=row.title,
        client_id=row.client_id,
        insta=(row.insta or "").strip().lstrip("@").lower() or None,
        tiktok=(row.tiktok or "").strip().lstrip("@").lower() or None,
        status=bool(row.status),
        whatsapp=row.whatsapp,
    )


async def reporter_by_phone(uow: UnitOfWork, phone: str) -> Reporter | None:
    """The personnel row bound to a canonical `62…` number (active rows first)."""
    sql = (
        f'SELECT {_REPORTER_COLUMNS} FROM "user" u '  # noqa: S608 - constant column list
        f"WHERE u.whatsapp = :phone OR {WHATSAPP_NORM_SQL.format(col='u.whatsapp')} = :phone "
        "ORDER BY (u.whatsapp = :phone) DESC, u.status DESC NULLS LAST, u.user_id LIMIT 1"
    )
    row = (await uow.execute(sql, {"phone": phone})).first()
    return _reporter(row) if row else None


async def reporter_by_user_id(uow: UnitOfWork, user_id: str) -> Reporter | None:
    sql = f'SELECT {_REPORTER_COLUMNS} FROM "user" u WHERE u.user_id = :uid'  # noqa: S608
    row = (await uow.execute(sql, {"uid": user_id})).first()
    return _reporter(row) if row else None


async def task_clients(uow: UnitOfWork, reporter: Reporter) -> list[TaskClient]:
    """Own client plus DIREKTORAT clients named by the person's roles (CONV-240), any status."""
    rows = await uow.execute(
        """
        SELECT c.client_id, COALESCE(c.nama, c.client_id) AS nama, COALESCE(c.client_type, '') AS client_type,
               COALESCE(c.client_status, true) AS active, COALESCE(c.client_amplify_status, true) AS amplify
          FROM clients c
         WHERE lower(trim(c.client_id)) = lower(trim(:own))
            OR (lower(c.client_type) = 'direktorat' AND lower(trim(c.client_id)) IN (
                   SELECT lower(r.role_name) FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id
                    WHERE ur.user_id = :uid))
         ORDER BY (lower(trim(c.client_id)) = lower(trim(:own))) DESC, c.client_id
        """,
        {"own": reporter.client_id, "uid": reporter.user_id},
    )
    return [TaskClient(r.client_id, r.nama, r.client_type, bool(r.active), bool(r.amplify)) for r in rows]


def eligible(reporter: Reporter | None, clients: list[TaskClient]) -> list[TaskClient]:
    """The task clients that count, or the rejection of CONV-240."""
    if reporter is None:
        raise LinkReportRejected(Reason.NOT_REGISTERED)
    if not reporter.status:
        raise LinkReportRejected(Reason.USER_INACTIVE)
    active = [c for c in clients if c.active]
    if not active:
        raise LinkReportRejected(Reason.CLIENT_INACTIVE)
    amplify = [c for c in active if c.amplify]
    if not amplify:
        raise LinkReportRejected(Reason.AMPLIFY_DISABLED)
    return amplify


def report_window(today: date, window_days: int):
    """The last `window_days` WIB days including today (CONV-246)."""
    return range_window(today - timedelta(days=max(window_days, 1) - 1), today, today)


async def open_tasks(
    uow: UnitOfWork, clients: list[TaskClient], today: date, window_days: int
) -> list[TaskPost]:
    """Routine and special task posts of `clients` in the window, ordered by time then shortcode.

    A shortcode that is a special task of a task client is reported as special (CONV-249) even
    though it is also an `insta_post` row of that client (ING-ATT-2).
    """
    win = report_window(today, window_days)
    found: dict[str, TaskPost] = {}
    for client in clients:
        params = {
            "c": client.client_id,
            "lo": win.start_utc,
            "hi": win.end_utc,
            "is_dir": client.is_directorate,
        }
        khusus = await uow.execute(
            """
            SELECT k.shortcode, k.client_id, k.created_at, COALESCE(k.caption, '') AS caption
              FROM insta_post_khusus k
             WHERE lower(trim(k.client_id)) = lower(trim(:c))
               AND k.created_at >= :lo AND k.created_at < :hi
               AND NOT EXISTS (SELECT 1 FROM task_post_exclusions e
                                WHERE e.client_id = lower(trim(:c)) AND e.platform = 'instagram'
                                  AND trim(e.content_id) = k.shortcode)
            """,
            params,
        )
        for r in khusus:
            found[r.shortcode] = TaskPost(r.shortcode, r.client_id, True, r.created_at, r.caption)
        routine = await uow.execute(
            """
            SELECT p.shortcode, p.client_id, p.created_at, COALESCE(p.caption, '') AS caption
              FROM insta_post p
             WHERE p.created_at >= :lo AND p.created_at < :hi
               AND (lower(trim(p.client_id)) = lower(trim(:c))
                    OR EXISTS (SELECT 1 FROM insta_post_clients pc
                                WHERE pc.shortcode = p.shortcode AND lower(trim(pc.client_id)) = lower(trim(:c)))
                    OR (:is_dir AND EXISTS (SELECT 1 FROM insta_post_roles pr
                                             WHERE pr.shortcode = p.shortcode AND lower(pr.role_name) = lower(:c))))
               AND NOT EXISTS (SELECT 1 FROM task_post_exclusions e
                                WHERE e.client_id = lower(trim(:c)) AND e.platform = 'instagram'
                                  AND trim(e.content_id) = p.shortcode)
            """,
            params,
        )
        for r in routine:
            found.setdefault(r.shortcode, TaskPost(r.shortcode, r.client_id, False, r.created_at, r.caption))
    return sorted(found.values(), key=lambda t: (t.created_at, t.shortcode))


async def official_owners(uow: UnitOfWork, shortcodes: list[str]) -> dict[str, set[str]]:
    """For each shortcode that is an official post (routine or special), the lower-case ids of the
    clients it is a task of (owner and `insta_post_clients` links) (CONV-244)."""
    if not shortcodes:
        return {}
    rows = await uow.execute(
        """
        SELECT shortcode, lower(trim(client_id)) AS c FROM insta_post WHERE shortcode = ANY(:codes)
        UNION SELECT shortcode, lower(trim(client_id)) FROM insta_post_khusus WHERE shortcode = ANY(:codes)
        UNION SELECT shortcode, lower(trim(client_id)) FROM insta_post_clients WHERE shortcode = ANY(:codes)
        UNION SELECT shortcode, lower(role_name) FROM insta_post_roles WHERE shortcode = ANY(:codes)
        """,
        {"codes": shortcodes},
    )
    owners: dict[str, set[str]] = {}
    for r in rows:
        owners.setdefault(r.shortcode, set()).add(r.c or "")
    return owners


async def official_tiktok_videos(uow: UnitOfWork, video_ids: list[str]) -> set[str]:
    """Video ids that are official TikTok posts (CONV-250: a TikTok repost keeps the original link)."""
    if not video_ids:
        return set()
    rows = await uow.execute(
        "SELECT video_id FROM tiktok_post WHERE video_id = ANY(:ids)", {"ids": video_ids}
    )
    return {r.video_id for r in rows}
