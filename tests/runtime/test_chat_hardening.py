"""Chat side of issue 17: the flood cap for unknown senders (`bot.flood_cap`) and the one input
policy for hostile strings (`core.input_policy`), driven through the real router."""

from __future__ import annotations

from bot.transport.base import DocumentMeta
from core import input_policy
from tests.runtime.conftest import (
    GROUP,
    PERSON,
    STRANGER,
    add_client,
    add_person,
    execute,
    make_wa,
    runtime_settings,
)


async def _outbox_rows(db, phone: str) -> int:
    rows = await execute(
        db, "SELECT COUNT(*) AS n FROM wa_outbox WHERE chat_id = :c", c=f"{phone}@s.whatsapp.net"
    )
    return rows[0]["n"]


async def test_issue17_stranger_flood_is_capped_without_outbox_rows(app_context, db, redis, sample) -> None:
    """Before: a stranger sending 300 messages got 299 replies. Now the burst, then one per interval."""
    wa = await make_wa(
        app_context, db, redis, runtime_settings(wa_stranger_burst=5, wa_stranger_interval_s=60)
    )
    results = []
    for _ in range(300):
        inbound = wa.inbound(STRANGER, "halo")
        results.append((await wa.router.handle(inbound)).handled_by)
    assert results[:5].count("flood_capped") == 0
    assert results.count("flood_capped") == 295
    assert await _outbox_rows(db, STRANGER) <= 5
    # The gap opens: one more message goes through once the interval has passed.
    await redis.client.delete(
        wa.router.flood_cap.redis.key("flood", "gap", "main", f"{STRANGER}@s.whatsapp.net")
    )
    assert (await wa.router.handle(wa.inbound(STRANGER, "halo"))).handled_by != "flood_capped"
    assert (await wa.router.handle(wa.inbound(STRANGER, "halo"))).handled_by == "flood_capped"


async def test_issue17_registered_personnel_keep_their_limits(app_context, db, redis, sample) -> None:
    await add_client(db, "POLRES_A", "org")
    await add_person(db, "81120001", "POLRES_A", PERSON)
    wa = await make_wa(
        app_context, db, redis, runtime_settings(wa_stranger_burst=2, wa_stranger_interval_s=60)
    )
    handled = [(await wa.router.handle(wa.inbound(PERSON, "sampelmenu"))).handled_by for _ in range(20)]
    assert "flood_capped" not in handled


async def test_issue17_nul_and_lone_surrogate_get_one_line_and_keep_the_menu(wa, db) -> None:
    await add_client(db, "POLRES_A", "org")
    await add_person(db, "81120001", "POLRES_A", PERSON)
    await wa.texts(PERSON, "sampelmenu")
    await wa.texts(PERSON, "1")  # "Isi nama": the menu now waits for a name
    for hostile in ("bu\x00di", "bu\ud800di"):
        assert await wa.texts(PERSON, hostile) == [input_policy.CHAT_REPLY]
    (reply,) = await wa.texts(PERSON, "budi")
    assert "Simpan nama *BUDI*" in reply  # still at the same step
    doc = DocumentMeta(file_name="data\x00.xlsx", mimetype="application/octet-stream", size=10)
    assert await wa.texts(STRANGER, "", document=doc) == [input_policy.CHAT_REPLY]


async def test_issue17_hostile_text_in_a_group_is_silent(wa, db) -> None:
    await add_client(db, "POLRES_A", "org", client_group=GROUP)
    result = await wa.router.handle(wa.inbound(PERSON, "thisgroup#\x00", group=GROUP))
    assert (result.handled_by, result.code, result.messages) == ("ignored", "unstorable_text", [])
