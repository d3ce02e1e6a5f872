"""DIR-36: Instagram profile metadata of an official Satbinmas account, looked up by username.

The profile (`v1/info`) is stored in `insta_profile`, `instagram_user` and `instagram_user_metrics`
(50-http-schema.md DB-18) in one transaction, only after the provider answered; a failed lookup
writes nothing. An account row of the unit with that username gets the display name and badge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from core.db import UnitOfWork
from core.ingest.context import IngestDeps
from core.reports.formatting import fmt_int
from core.satbinmas.accounts import org_units
from core.social.rapidapi import RapidApiConfigError, RapidApiError

PROMPT = "\n".join(
    [
        "🔎 *Monitoring Satbinmas Official*",
        "Kirim *username* Instagram akun resmi Satbinmas, atau *CLIENT_ID username* untuk akun jajaran.",
        "Contoh: satbinmas.polres_a atau POLRES_A satbinmas.polres_a",
        "Ketik *back* untuk kembali ke menu atau *batal* untuk menutup.",
    ]
)
_USERNAME = re.compile(r"[A-Za-z0-9._]{2,}")


class BadInput(Exception):
    """The reply is not a usable `username` / `CLIENT_ID username` (the prompt is sent again)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Lookup:
    client_id: str  # upper-case: the selected directorate or one of its jajaran units
    username: str  # lower-case, without `@`


async def parse_lookup(uow: UnitOfWork, directorate_id: str, text: str) -> Lookup:
    """DIR-36 input: `username` (the selected client) or `CLIENT_ID username` (a jajaran unit)."""
    parts = text.split()
    if not parts:
        raise BadInput("❌ Username Instagram wajib diisi.")
    if len(parts) > 2:
        raise BadInput("❌ Format tidak valid. Kirim *username* atau *CLIENT_ID username*.")
    client_id = directorate_id.strip().upper()
    if len(parts) == 2:
        wanted = parts[0].strip().upper()
        allowed = {client_id} | {u.client_id for u in await org_units(uow, directorate_id)}
        if wanted not in allowed:
            raise BadInput(f"❌ Client ID {wanted} tidak ditemukan atau bukan jajaran {client_id}.")
        client_id = wanted
    username = parts[-1].strip().lstrip("@")
    if not _USERNAME.fullmatch(username):
        raise BadInput(
            "❌ Username tidak valid. Gunakan huruf, angka, titik, atau garis bawah (minimal 2 karakter)."
        )
    return Lookup(client_id, username.lower())


async def _owner_elsewhere(uow: UnitOfWork, lookup: Lookup) -> str | None:
    """The unit (label) whose official Instagram account this username is, when it is another client."""
    row = (
        await uow.execute(
            "SELECT a.client_id, c.nama FROM satbinmas_official_accounts a"
            " LEFT JOIN clients c ON lower(btrim(c.client_id)) = lower(btrim(a.client_id))"
            " WHERE lower(a.platform) = 'instagram' AND lower(btrim(a.username)) = :u"
            " AND upper(btrim(a.client_id)) <> :c",
            {"u": lookup.username, "c": lookup.client_id},
        )
    ).first()
    if row is None:
        return None
    return f"{(row.nama or '').strip() or row.client_id} ({row.client_id.strip().upper()})"


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _num(value: int | None) -> str:
    return fmt_int(value) if value is not None else "-"


@dataclass(frozen=True)
class Profile:
    user_id: str | None
    username: str
    full_name: str
    biography: str
    followers: int | None
    following: int | None
    posts: int | None
    is_private: bool
    is_verified: bool
    pic_url: str | None

    @classmethod
    def from_data(cls, data: dict[str, Any], username: str) -> Profile:
        """ING-API-10 profile shape: `pk|id`, `follower_count|followers_count`, `media_count|posts_count`."""
        uid = data.get("pk") or data.get("id")
        followers = _int(data.get("follower_count"))
        posts = _int(data.get("media_count"))
        return cls(
            user_id=str(uid) if uid not in (None, "") else None,
            username=str(data.get("username") or username).strip().lower(),
            full_name=str(data.get("full_name") or "").strip(),
            biography=str(data.get("biography") or "").strip(),
            followers=followers if followers is not None else _int(data.get("followers_count")),
            following=_int(data.get("following_count")),
            posts=posts if posts is not None else _int(data.get("posts_count")),
            is_private=data.get("is_private") is True,
            is_verified=data.get("is_verified") is True,
            pic_url=data.get("profile_pic_url") or None,
        )


def render(client_id: str, p: Profile) -> str:
    lines = [
        "📡 Metadata IG Satbinmas Official",
        f"Client ID : {client_id}",
        f"Username  : @{p.username}",
        f"Nama      : {p.full_name or '-'}",
        f"Followers : {_num(p.followers)}",
        f"Mengikuti : {_num(p.following)}",
        f"Postingan : {_num(p.posts)}",
        f"Verifikasi: {'Sudah' if p.is_verified else 'Belum'}",
        f"Privasi   : {'Private' if p.is_private else 'Publik'}",
    ]
    if p.biography:
        lines.append(f"Bio: {p.biography}")
    return "\n".join(lines)


async def _store(uow: UnitOfWork, client_id: str, p: Profile) -> None:
    await uow.execute(
        "INSERT INTO insta_profile (username, full_name, biography, follower_count, following_count,"
        # updated_at: the column default (a record stamp), also taken by the update through EXCLUDED.
        " post_count, profile_pic_url) VALUES (:u, :n, :b, :f, :g, :m, :pic)"
        " ON CONFLICT (username) DO UPDATE SET full_name = EXCLUDED.full_name, biography = EXCLUDED.biography,"
        " follower_count = EXCLUDED.follower_count, following_count = EXCLUDED.following_count,"
        " post_count = EXCLUDED.post_count, profile_pic_url = EXCLUDED.profile_pic_url,"
        " updated_at = EXCLUDED.updated_at",
        {"u": p.username, "n": p.full_name, "b": p.biography, "f": p.followers, "g": p.following,
         "m": p.posts, "pic": p.pic_url},
    )  # fmt: skip
    if p.user_id:
        # The provider just named this id as the username's owner: an older row holding the
        # username (a renamed account) gives it up, so the UNIQUE username never blocks the upsert.
        await uow.execute(
            "DELETE FROM instagram_user WHERE lower(username) = :u AND user_id <> :id",
            {"u": p.username, "id": p.user_id[:30]},
        )
        await uow.execute(
            "INSERT INTO instagram_user (user_id, username, full_name, biography, is_private, is_verified,"
            " profile_pic_url) VALUES (:id, :u, :n, :b, :priv, :ver, :pic)"
            " ON CONFLICT (user_id) DO UPDATE SET username = EXCLUDED.username, full_name = EXCLUDED.full_name,"
            " biography = EXCLUDED.biography, is_private = EXCLUDED.is_private,"
            " is_verified = EXCLUDED.is_verified, profile_pic_url = EXCLUDED.profile_pic_url",
            {"id": p.user_id[:30], "u": p.username[:100], "n": p.full_name[:100], "b": p.biography,
             "priv": p.is_private, "ver": p.is_verified, "pic": p.pic_url},
        )  # fmt: skip
        await uow.execute(
            "INSERT INTO instagram_user_metrics (user_id, follower_count, following_count, media_count)"
            " VALUES (:id, :f, :g, :m) ON CONFLICT (user_id) DO UPDATE SET"
            " follower_count = EXCLUDED.follower_count, following_count = EXCLUDED.following_count,"
            " media_count = EXCLUDED.media_count",
            {"id": p.user_id[:30], "f": p.followers, "g": p.following, "m": p.posts},
        )
    await uow.execute(
        "UPDATE satbinmas_official_accounts SET display_name = :n, is_verified = :ver, updated_at = now()"
        " WHERE upper(btrim(client_id)) = :c AND lower(platform) = 'instagram' AND lower(btrim(username)) = :u",
        {"n": p.full_name or p.username, "ver": p.is_verified, "c": client_id, "u": p.username},
    )


async def lookup_metadata(deps: IngestDeps, lookup: Lookup) -> str:
    """The DIR-36 reply for a parsed lookup (a `❌` line for every expected failure)."""
    async with deps.db.uow() as uow:
        owner = await _owner_elsewhere(uow, lookup)
    if owner is not None:
        return f"❌ @{lookup.username} terdaftar sebagai akun resmi {owner}, bukan {lookup.client_id}."
    try:
        data = await deps.social.instagram.profile(lookup.username)
    except RapidApiConfigError as exc:
        return f"❌ {exc.message}"
    except RapidApiError as exc:
        if exc.status == 404:
            return f"❌ Metadata tidak ditemukan untuk @{lookup.username}."
        return f"❌ Gagal mengambil metadata IG @{lookup.username}: {exc.reason}."
    if not data or not (data.get("username") or data.get("pk") or data.get("id")):
        return f"❌ Metadata tidak ditemukan untuk @{lookup.username}."
    profile = Profile.from_data(data, lookup.username)
    async with deps.db.uow() as uow:
        await _store(uow, lookup.client_id, profile)
        await uow.commit()
    return render(lookup.client_id, profile)
