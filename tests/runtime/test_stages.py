"""Each inbound stage on its own (issue 18): a real `Deps` (test database and Redis), the stage under
test, and a `next_stage` that records whether the message was handed on."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from pathlib import Path

from bot import pipeline
from bot.stages import (
    chat_lock,
    claim,
    flood,
    group_choice,
    group_filter,
    input_check,
    outbound,
    receipt,
    session,
    stale,
    unresolved,
)
from bot.stages.context import RouteResult, Turn, Work
from core import input_policy
from core.actors import resolve_actor
from core.timewindow import now_utc
from menus.framework.reply import OutText
from menus.framework.session import MenuSession
from tests.runtime.conftest import ADMIN, GROUP, PERSON, STRANGER, execute

ROOT = Path(__file__).resolve().parents[2]


class Next:
    def __init__(self) -> None:
        self.turns: list[Turn] = []

    async def __call__(self, turn: Turn) -> RouteResult:
        self.turns.append(turn)
        return RouteResult("next")

    @property
    def called(self) -> bool:
        return bool(self.turns)


def turn(wa, phone, text="halo", **kw) -> Turn:
    return Turn(wa.inbound(phone, text, **kw), wa.router.deps)


def test_the_pipeline_lists_every_stage_in_order_and_each_module_is_small():
    names = [s.__module__.rsplit(".", 1)[-1] for s in pipeline.STAGES]
    assert names == [
        "receipt", "startup_buffer", "chat_lock", "identity", "group_filter", "claim", "unresolved",
        "session", "group_choice", "stale", "actor", "flood", "outbound", "input_check", "step",
    ]  # fmt: skip
    for path in (ROOT / "bot" / "stages").glob("*.py"):
        assert len(path.read_text().splitlines()) <= 200, path.name


async def test_receipt_refuses_once_stopping_and_marks_read_after(wa):
    nxt = Next()
    wa.router.accepting = False
    assert (await receipt.stage(turn(wa, PERSON), nxt)).code == "stopped" and not nxt.called
    wa.router.accepting = True
    t = turn(wa, PERSON)
    await receipt.stage(t, nxt)
    assert nxt.called and wa.transport.read == [t.inbound.message_id]


async def test_chat_lock_keeps_one_chat_in_order_and_lets_others_run_conv12(wa):
    seen: list[str] = []

    async def slow(t: Turn) -> RouteResult:
        seen.append(f"start {t.inbound.text}")
        await asyncio.sleep(0.02 if t.inbound.text == "a" else 0)
        seen.append(f"end {t.inbound.text}")
        return RouteResult("next")

    await asyncio.gather(
        chat_lock.stage(turn(wa, PERSON, "a"), slow),
        chat_lock.stage(turn(wa, PERSON, "b"), slow),
        chat_lock.stage(turn(wa, STRANGER, "c"), slow),
    )
    assert seen.index("end a") < seen.index("start b")  # same chat: one after another
    assert seen.index("end c") < seen.index("end a")  # another chat did not wait
    assert wa.router.deps.chat_locks._locks == {}  # nothing left behind


async def test_group_filter_ignores_unresolved_and_own_senders_and_passes_private(wa):
    nxt = Next()
    assert (await group_filter.stage(turn(wa, None, group=GROUP), nxt)).code == "group_sender"
    own = wa.transport.phone
    assert (await group_filter.stage(turn(wa, own, group=GROUP), nxt)).code == "group_sender"
    assert (await group_filter.stage(turn(wa, PERSON, "a\x00b", group=GROUP), nxt)).code == "unstorable_text"
    assert not nxt.called
    await group_filter.stage(turn(wa, PERSON, "a\x00b"), nxt)
    assert nxt.called  # private: the input check answers it later


async def test_claim_drops_a_duplicate_dlv26(wa):
    nxt = Next()
    first = turn(wa, PERSON, message_id="CLAIM1")
    assert (await claim.stage(first, nxt)).handled_by == "next"
    assert first.skey == wa.router.sessions.key("main", f"{PERSON}@s.whatsapp.net")
    again = turn(wa, PERSON, message_id="CLAIM1")
    assert (await claim.stage(again, Next())).code == "duplicate"


async def test_claim_releases_and_answers_directly_when_the_database_is_down(wa, redis):
    import psycopg

    async def down(t: Turn) -> RouteResult:
        raise psycopg.OperationalError("connection refused")  # no SQLSTATE: the server is gone

    t = turn(wa, PERSON, message_id="CLAIM2")
    result = await claim.stage(t, down)
    assert result.code == "db_unavailable"
    assert [s.text for s in wa.transport.sent] == [claim.DB_DOWN]
    assert await redis.client.get(wa.router.dedup.key(t.inbound.chat_id, "CLAIM2")) is None


async def test_unresolved_sender_gets_one_notice_an_hour_conv9(wa):
    nxt = Next()
    first = await unresolved.stage(turn(wa, None, sender_jid="4242@lid"), nxt)
    second = await unresolved.stage(turn(wa, None, sender_jid="4242@lid"), nxt)
    assert [m.text for m in first.messages] == [unresolved.UNRESOLVED] and second.messages == []
    assert not nxt.called
    await unresolved.stage(turn(wa, PERSON), nxt)
    assert nxt.called


async def test_session_stage_expires_an_idle_group_session_without_a_notice_conv51(wa, redis):
    t = turn(wa, PERSON, group=GROUP)
    key = wa.router.sessions.key("main", GROUP, PERSON)
    await redis.client.set(
        key, MenuSession(menu="sampelmenu", step="x", last_activity=time.time() - 10**5).to_json()
    )
    nxt = Next()
    await session.stage(t, nxt)
    assert nxt.called and t.skey == key and t.state is None
    assert await wa.router.sessions.load(key) is None
    assert await wa.flush() == []


async def test_group_choice_leaves_an_unlisted_group_unclaimed_conv10_conv11(wa, redis):
    nxt = Next()
    t = turn(wa, PERSON, "halo", group="120363999999999999@g.us", message_id="GC1")
    assert (await group_choice.stage(t, nxt)).code == "group_not_listed" and not nxt.called
    assert await redis.client.get(wa.router.dedup.key(t.inbound.chat_id, "GC1")) is None


async def test_stale_private_message_is_not_executed_and_told_once_dlv27(wa):
    nxt = Next()
    old = now_utc() - timedelta(hours=2)
    first = await stale.stage(turn(wa, PERSON, "sampelmenu", at=old), nxt)
    second = await stale.stage(turn(wa, PERSON, "sampelmenu", at=old), nxt)
    assert [m.text for m in first.messages] == [stale.STALE] and second.messages == []
    group = turn(wa, PERSON, "x", group=GROUP, at=old)
    assert (await stale.stage(group, nxt)).code == "stale" and not nxt.called  # no row chosen
    await stale.stage(turn(wa, PERSON, "sampelmenu"), nxt)
    assert nxt.called


async def test_flood_cap_drops_a_stranger_beyond_the_budget_issue17(wa, db):
    wa.router.flood_cap.burst = 1
    nxt = Next()

    async def with_actor(phone):
        t = turn(wa, phone)
        async with db.uow() as uow:
            t.actor = await resolve_actor(uow, phone, wa.router.deps.admins)
        return t

    assert (await flood.stage(await with_actor(STRANGER), nxt)).handled_by == "next"
    assert (await flood.stage(await with_actor(STRANGER), nxt)).code == "flood_capped"
    await flood.stage(await with_actor(ADMIN), nxt)
    assert len(nxt.turns) == 2  # the admin is never capped


async def test_input_check_answers_one_line_and_keeps_the_session(wa):
    nxt = Next()
    t = turn(wa, PERSON, "a\x00b")
    t.work = Work(session_key="k")
    result = await input_check.stage(t, nxt)
    assert result.code == "unstorable_text" and not nxt.called
    assert [m.text for m in t.work.outs] == [input_policy.CHAT_REPLY] and t.work.session_key is None


async def test_outbound_commits_the_replies_and_saves_the_session_conv15(wa, db):
    t = turn(wa, PERSON, message_id="OUT1")
    key = wa.router.sessions.key("main", t.inbound.chat_id)
    state = MenuSession(menu="sampelmenu", step="x", last_activity=time.time())

    async def step(turn_: Turn) -> RouteResult:
        turn_.work.outs.append(OutText("balasan"))
        turn_.work.session = state
        return RouteResult("step")

    async with db.uow() as uow:
        t.uow, t.work = uow, Work(session_key=key)
        result = await outbound.stage(t, step)
    assert [m.text for m in result.messages] == ["balasan"]
    rows = await execute(db, "SELECT body FROM wa_outbox WHERE idempotency_key LIKE 'reply:main:OUT1:%'")
    assert [r["body"] for r in rows] == ["balasan"]
    assert (await wa.router.sessions.load(key)).menu == "sampelmenu"


async def test_outbound_commits_nothing_for_an_answered_turn_conv67(wa, db):
    t = turn(wa, PERSON, message_id="OUT2")

    async def step(turn_: Turn) -> RouteResult:
        turn_.work.outs.append(OutText("tidak dikirim"))
        turn_.answered = True  # the apology went out on its own path
        return RouteResult("error")

    async with db.uow() as uow:
        t.uow = uow
        await outbound.stage(t, step)
    assert await execute(db, "SELECT 1 FROM wa_outbox WHERE idempotency_key LIKE 'reply:main:OUT2:%'") == []
