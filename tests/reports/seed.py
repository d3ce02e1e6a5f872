"""Hand-built data sets for report tests: every count is known (issue 5 item 6)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from core.db import Database
from core.timewindow import WIB


def wib(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    """A WIB wall time as the naive UTC value tz-less columns store."""
    return datetime(y, mo, d, h, mi, tzinfo=WIB).astimezone(UTC).replace(tzinfo=None)


class Seed:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def _exec(self, sql: str, params: dict[str, Any] | list[dict[str, Any]]) -> None:
        async with self.db.uow() as uow:
            await uow.execute(sql, params)
            await uow.commit()

    async def client(
        self,
        client_id: str,
        nama: str,
        client_type: str = "org",
        *,
        regional_id: str | None = "JATIM",
        status: bool = True,
        tiktok: str | None = None,
    ) -> None:
        await self._exec(
            "INSERT INTO clients (client_id, nama, client_type, client_status, regional_id, client_tiktok)"
            " VALUES (:id, :nama, :t, :s, :r, :tt)",
            {"id": client_id, "nama": nama, "t": client_type, "s": status, "r": regional_id, "tt": tiktok},
        )

    async def user(
        self,
        user_id: str,
        client_id: str,
        nama: str,
        *,
        title: str | None = "BRIPKA",
        divisi: str | None = "SAT BINMAS",
        jabatan: str | None = None,
        insta: str | None = None,
        tiktok: str | None = None,
        status: bool = True,
        exception: bool = False,
        roles: tuple[str, ...] = (),
        whatsapp: str | None = None,
    ) -> None:
        await self._exec(
            'INSERT INTO "user" (user_id, client_id, nama, title, divisi, jabatan, insta, tiktok, status,'
            " exception, whatsapp) VALUES (:u, :c, :n, :t, :d, :j, :i, :tt, :s, :e, :w)",
            {
                "u": user_id, "c": client_id, "n": nama, "t": title, "d": divisi, "j": jabatan,
                "i": insta, "tt": tiktok, "s": status, "e": exception, "w": whatsapp,
            },
        )  # fmt: skip
        for role in roles:
            await self._exec(
                "INSERT INTO roles (role_name) VALUES (:r) ON CONFLICT (role_name) DO NOTHING", {"r": role}
            )
            await self._exec(
                "INSERT INTO user_roles (user_id, role_id) SELECT :u, role_id FROM roles WHERE role_name = :r",
                {"u": user_id, "r": role},
            )

    async def ig_post(
        self,
        shortcode: str,
        client_id: str,
        created_at: datetime,
        *,
        likes: list[str] | None = None,
        comments: list[str] | None = None,
        source_type: str = "cron_fetch",
        caption: str | None = None,
        like_count: int | None = None,
        comment_count: int | None = None,
        khusus: bool = False,
    ) -> None:
        table = "insta_post_khusus" if khusus else "insta_post"
        await self._exec(
            f"INSERT INTO {table} (shortcode, client_id, created_at, source_type, caption, like_count, comment_count)"  # noqa: S608
            " VALUES (:s, :c, :t, :st, :cap, :lc, :cc)",
            {"s": shortcode, "c": client_id, "t": created_at, "st": source_type, "cap": caption,
             "lc": like_count, "cc": comment_count},
        )  # fmt: skip
        if likes is not None:
            await self._exec(
                "INSERT INTO insta_like (shortcode, likes) VALUES (:s, CAST(:l AS jsonb))",
                {"s": shortcode, "l": json.dumps(likes)},
            )
        if comments is not None:
            await self._exec(
                "INSERT INTO insta_comment (shortcode, comments) VALUES (:s, CAST(:l AS jsonb))",
                {"s": shortcode, "l": json.dumps(comments)},
            )

    async def tt_post(
        self,
        video_id: str,
        client_id: str,
        created_at: datetime,
        *,
        comments: list[str] | None = None,
        source_type: str = "cron_fetch",
        caption: str | None = None,
    ) -> None:
        await self._exec(
            "INSERT INTO tiktok_post (video_id, client_id, created_at, source_type, caption)"
            " VALUES (:v, :c, :t, :st, :cap)",
            {"v": video_id, "c": client_id, "t": created_at, "st": source_type, "cap": caption},
        )
        if comments is not None:
            await self._exec(
                "INSERT INTO tiktok_comment (video_id, comments) VALUES (:v, CAST(:l AS jsonb))",
                {"v": video_id, "l": json.dumps(comments)},
            )

    async def post_role(self, shortcode: str, role: str, *, tiktok: bool = False) -> None:
        table, key = ("tiktok_post_roles", "video_id") if tiktok else ("insta_post_roles", "shortcode")
        await self._exec(
            f"INSERT INTO {table} ({key}, role_name) VALUES (:s, :r)",  # noqa: S608
            {"s": shortcode, "r": role},
        )

    async def exclusion(self, client_id: str, platform: str, content_id: str) -> None:
        await self._exec(
            "INSERT INTO task_post_exclusions (client_id, platform, content_id) VALUES (:c, :p, :i)",
            {"c": client_id.lower(), "p": platform, "i": content_id},
        )

    async def link_report(self, shortcode: str, user_id: str, created_at: datetime, *, khusus: bool = False,
                          **links: str) -> None:  # fmt: skip
        table = "link_report_khusus" if khusus else "link_report"
        await self._exec(
            f"INSERT INTO {table} (shortcode, user_id, created_at, instagram_link, facebook_link, twitter_link,"  # noqa: S608
            " tiktok_link, youtube_link) VALUES (:s, :u, :t, :ig, :fb, :tw, :tt, :yt)",
            {"s": shortcode, "u": user_id, "t": created_at, "ig": links.get("instagram"),
             "fb": links.get("facebook"), "tw": links.get("twitter"), "tt": links.get("tiktok"),
             "yt": links.get("youtube")},
        )  # fmt: skip
