"""LID → phone resolution for senders with hidden numbers (CONV-9), backed by `wa_lid_map`.

Order: the event's alternate phone address, then `wa_lid_map`, then the session store's own
LID→phone mapping (asked through `store_lookup`); every mapping learned from the event or the
store is upserted (`last_seen_at` refreshed). LID digits are never used as a phone number.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from core.db import Database
from core.phones import normalize_phone

log = logging.getLogger(__name__)


async def remember(db: Database, lid: str, phone: str) -> None:
    async with db.uow() as uow:
        await uow.execute(
            """
            INSERT INTO wa_lid_map (lid, phone) VALUES (:lid, :phone)
            ON CONFLICT (lid) DO UPDATE SET phone = EXCLUDED.phone, last_seen_at = now()
            """,
            {"lid": lid, "phone": phone},
        )
        await uow.commit()


def lid_resolver(
    db: Database, store_lookup: Callable[[str], Awaitable[str | None]] | None = None
) -> Callable[[str, str | None], Awaitable[str | None]]:
    async def resolve(lid: str, alt_phone: str | None) -> str | None:
        if alt_phone:
            await remember(db, lid, alt_phone)
            return alt_phone
        async with db.uow() as uow:
            row = (await uow.execute("SELECT phone FROM wa_lid_map WHERE lid = :lid", {"lid": lid})).first()
        if row is not None:
            return row[0]
        if store_lookup is not None:
            try:
                phone = normalize_phone(await store_lookup(lid) or "")
            except Exception:  # noqa: BLE001 - an unresolved sender is handled by the router
                log.debug("lid_store_lookup_failed", exc_info=True)
                phone = None
            if phone:
                await remember(db, lid, phone)
                return phone
        return None

    return resolve
