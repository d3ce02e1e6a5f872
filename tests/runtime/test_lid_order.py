"""LID → phone inside the chat's lock (CONV-9, CONV-12): a sender's LID and phone messages,
interleaved, reach the outbox in arrival order even when each LID lookup is slow."""

from __future__ import annotations

import asyncio
import dataclasses

from tests.runtime.conftest import PERSON, execute

LID = "123456789012345"
NO_MENU = "ℹ️ Tidak ada menu yang sedang dibuka."


async def test_interleaved_lid_and_phone_messages_keep_order_to_the_outbox_conv9_conv12(wa, db):
    lookups: list[str] = []

    async def slow(lid: str, alt: str | None) -> str | None:
        lookups.append(lid)
        await asyncio.sleep(0.03)  # a database / session-store round trip
        return alt or PERSON

    wa.transport.resolve_lid = slow

    def by_lid(text: str, alt: str | None = None):
        base = wa.inbound(None, text, sender_jid=f"{LID}@lid")
        return dataclasses.replace(base, sender_phone=alt, lid=LID)

    # The event's alternate address teaches this process the mapping, as WhatsApp does.
    assert await wa.texts(None, "batal", sender_jid=f"{LID}@lid") == [
        "ℹ️ Nomor Anda belum dapat dikenali saat ini. Silakan kirim ulang pesan sebentar lagi."
    ]  # a plain unresolved LID (no lid field: the transport resolved nothing) stays unresolved
    await wa.deliver(by_lid("batal", alt=PERSON))
    await wa.flush()

    inbounds = [by_lid("batal") if i % 2 == 0 else wa.inbound(PERSON, "batal") for i in range(6)]
    await asyncio.gather(*(wa.router.handle(i) for i in inbounds))
    await wa.router.wait_idle()
    rows = await execute(
        db,
        "SELECT idempotency_key, body FROM wa_outbox WHERE idempotency_key LIKE 'reply:%' ORDER BY outbox_id",
    )
    order = [r["idempotency_key"].split(":")[2] for r in rows][-6:]
    assert order == [i.message_id for i in inbounds]
    assert [r["body"] for r in rows][-6:] == [NO_MENU] * 6  # every LID message resolved to PERSON
    assert lookups.count(LID) == 4  # the alternate-address one and three inside the lock


async def test_lid_resolved_to_an_own_number_is_dropped_conv8(wa):
    async def own(lid: str, alt: str | None) -> str | None:
        return wa.transport.phone

    wa.transport.resolve_lid = own
    base = wa.inbound(None, "batal", sender_jid=f"{LID}@lid")
    result = await wa.router.handle(dataclasses.replace(base, lid=LID))
    assert (result.handled_by, result.code) == ("ignored", "own_number")
    assert await wa.flush() == []


async def test_failing_lookup_leaves_the_sender_unresolved_conv9(wa):
    async def broken(lid: str, alt: str | None) -> str | None:
        raise ConnectionError("database gone")

    wa.transport.resolve_lid = broken
    base = wa.inbound(None, "batal", sender_jid=f"{LID}@lid")
    result = await wa.router.handle(dataclasses.replace(base, lid=LID))
    assert result.handled_by == "unresolved"


async def test_transport_defers_the_lookup_to_the_router_conv9(db):
    """With `defer_lid` the event's LID and alternate address travel on; nothing is looked up yet."""
    from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as e2e

    from bot.transport.neonize_inbound import inbound_from_event
    from tests.runtime.test_neonize_adapter import event, jid

    asked: list[str] = []

    async def resolver(lid: str, alt: str | None) -> str | None:
        asked.append(lid)
        return alt

    plain = event(e2e.Message(conversation="halo"), chat=jid(LID, "lid"))
    got = await inbound_from_event(plain, "main", resolve_lid=resolver, defer_lid=True)
    assert (got.lid, got.sender_phone, got.chat_id, asked) == (LID, None, f"{LID}@lid", [])
    with_alt = event(e2e.Message(conversation="halo"), chat=jid(LID, "lid"), sender_alt=jid(PERSON))
    got = await inbound_from_event(with_alt, "main", resolve_lid=resolver, defer_lid=True)
    assert (got.lid, got.sender_phone, asked) == (LID, PERSON, [])
    phone = event(e2e.Message(conversation="halo"), chat=jid(PERSON))
    assert (await inbound_from_event(phone, "main", resolve_lid=resolver, defer_lid=True)).lid is None
