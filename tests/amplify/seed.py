"""Seed rows for amplification tests: clients, personnel and task posts, with WIB-relative times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.db import Database
from core.timewindow import WIB

# 2026-11-25 10:00 WIB (a Wednesday): every test uses this instant as "now".
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=WIB)


def utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(tzinfo=None)


async def add_client(db: Database, client_id: str, nama: str | None = None, *, client_type: str = "org",
                     status: bool = True, amplify: bool = True, insta: str | None = None) -> None:  # fmt: skip
    async with db.uow() as uow:
        await uow.execute(
            "INSERT INTO clients (client_id, nama, client_type, client_status, client_amplify_status, client_insta) "
            "VALUES (:c, :n, :t, :s, :a, :i)",
            {
                "c": client_id,
                "n": nama or f"POLRES {client_id}",
                "t": client_type,
                "s": status,
                "a": amplify,
                "i": insta,
            },
        )
        await uow.commit()


async def add_user(db: Database, user_id: str, client_id: str, *, whatsapp: str | None = None, nama: str = "BUDI",
                   title: str = "BRIPTU", status: bool = True, insta: str | None = None, tiktok: str | None = None,
                   roles: tuple[str, ...] = ("operator",), divisi: str = "SAT BINMAS") -> None:  # fmt: skip
    async with db.uow() as uow:
        await uow.execute(
            'INSERT INTO "user" (user_id, nama, title, divisi, jabatan, client_id, whatsapp, status, insta, tiktok) '
            "VALUES (:u, :n, :t, :d, 'BANIT', :c, :w, :s, :i, :k)",
            {
                "u": user_id,
                "n": nama,
                "t": title,
                "d": divisi,
                "c": client_id,
                "w": whatsapp or "",
                "s": status,
                "i": insta,
                "k": tiktok,
            },  # fmt: skip
        )
        for role in roles:
            await uow.execute("INSERT INTO roles (role_name) VALUES (:r) ON CONFLICT DO NOTHING", {"r": role})
            await uow.execute(
                "INSERT INTO user_roles (user_id, role_id) SELECT :u, role_id FROM roles WHERE role_name = :r",
                {"u": user_id, "r": role},
            )
        await uow.commit()


async def add_post(db: Database, shortcode: str, client_id: str, *, at: datetime = NOW - timedelta(hours=2),
                   khusus: bool = False, caption: str = "Konten resmi") -> None:  # fmt: skip
    async with db.uow() as uow:
        params = {"s": shortcode, "c": client_id, "t": utc(at), "cap": caption}
        await uow.execute(
            "INSERT INTO insta_post (shortcode, client_id, caption, created_at) VALUES (:s, :c, :cap, :t) "
            "ON CONFLICT DO NOTHING",
            params,
        )
        if khusus:
            await uow.execute(
                "INSERT INTO insta_post_khusus (shortcode, client_id, caption, created_at, source_type) "
                "VALUES (:s, :c, :cap, :t, 'manual_input')",
                params,
            )
        await uow.commit()


async def add_tiktok(
    db: Database, video_id: str, client_id: str, at: datetime = NOW - timedelta(hours=2)
) -> None:
    async with db.uow() as uow:
        await uow.execute(
            "INSERT INTO tiktok_post (video_id, client_id, caption, created_at) VALUES (:v, :c, 'tt', :t)",
            {"v": video_id, "c": client_id, "t": utc(at)},
        )
        await uow.commit()


async def fetch_report(db: Database, shortcode: str, user_id: str, table: str = "link_report"):
    async with db.uow() as uow:
        return (
            await uow.execute(
                f"SELECT * FROM {table} WHERE shortcode = :s AND user_id = :u", {"s": shortcode, "u": user_id}
            )
        ).first()
