"""What ingestion services need (database, Redis, provider clients) and the client accounts they read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.cache import RedisStore
from core.config import Settings
from core.db import Database, UnitOfWork
from core.social.clients import SocialClients
from core.social.handles import normalize_handle


@dataclass
class IngestDeps:
    """Passed to every ingestion service; menus and jobs build one per process."""

    db: Database
    social: SocialClients
    redis: RedisStore | None = None

    @property
    def settings(self) -> Settings:
        return self.social.settings


class UnknownClientError(Exception):
    """ING-POST-2 step 2: a requested client id that is unknown or inactive."""

    def __init__(self, client_id: str) -> None:
        self.client_id = client_id
        self.message = f"Client ID {client_id} tidak ditemukan atau tidak aktif"
        super().__init__(self.message)


@dataclass(frozen=True)
class ClientAccounts:
    """A client's official accounts and switches (ING-POST-3)."""

    client_id: str
    nama: str
    client_type: str
    insta: str | None
    insta_status: bool
    amplify_status: bool
    tiktok: str | None
    tiktok_secuid: str | None
    tiktok_status: bool

    @property
    def is_directorate(self) -> bool:
        return self.client_type == "direktorat"

    @property
    def ig_posts_eligible(self) -> bool:
        return bool(self.insta) and (self.insta_status or self.amplify_status)

    @property
    def ig_engagement_eligible(self) -> bool:
        return self.insta_status

    @property
    def tiktok_eligible(self) -> bool:
        return bool(self.tiktok or self.tiktok_secuid) and self.tiktok_status

    @classmethod
    def from_row(cls, row: Any) -> ClientAccounts:
        return cls(
            client_id=row["client_id"],
            nama=row["nama"] or row["client_id"],
            client_type=(row["client_type"] or "").strip().lower(),
            insta=normalize_handle(row["client_insta"]) if row["client_insta"] else None,
            insta_status=row["client_insta_status"] is True,
            amplify_status=row["client_amplify_status"] is True,
            tiktok=normalize_handle(row["client_tiktok"]) if row["client_tiktok"] else None,
            tiktok_secuid=(row["tiktok_secuid"] or "").strip() or None,
            tiktok_status=row["client_tiktok_status"] is True,
        )


_COLUMNS = (
    "client_id, nama, client_type, client_insta, client_insta_status, client_amplify_status,"
    " client_tiktok, client_tiktok_status, tiktok_secuid"
)


async def load_clients(uow: UnitOfWork, client_ids: Sequence[str] | None = None) -> list[ClientAccounts]:
    """Active clients (`client_status = true`), all or the requested ones (unknown → UnknownClientError)."""
    rows = (
        await uow.execute(
            f"SELECT {_COLUMNS} FROM clients WHERE client_status IS TRUE ORDER BY upper(client_id)"  # noqa: S608
        )
    ).mappings()
    active = {r["client_id"].strip().lower(): ClientAccounts.from_row(r) for r in rows}
    if client_ids is None:
        return list(active.values())
    chosen: list[ClientAccounts] = []
    for requested in client_ids:
        found = active.get(requested.strip().lower())
        if found is None:
            raise UnknownClientError(requested.strip())
        if found not in chosen:
            chosen.append(found)
    return chosen


async def load_client(uow: UnitOfWork, client_id: str) -> ClientAccounts:
    return (await load_clients(uow, [client_id]))[0]
