"""Outbox and session save (CONV-15, CONV-50): the replies of a turn are queued in the same unit of
work as the step's writes, committed together; the menu session is saved to Redis after that
commit, and long actions (CONV-66) start only then.

`enqueue` and `reply_now` are also used by stages that answer before the actor's unit of work
exists (unresolved sender, stale backlog) and by the expiry sweeper.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from bot.stages.background import run_background
from bot.stages.context import Next, RouteResult, Turn
from bot.stages.deps import Deps
from bot.transport.base import Inbound
from core.db import UnitOfWork
from core.outbox import PRIORITY_REPLY, OutboxError, enqueue_stored_document, enqueue_text, store_document
from menus.framework.reply import Out, OutDocument, OutText

log = logging.getLogger(__name__)


async def enqueue(
    deps: Deps,
    uow: UnitOfWork,
    session: str,
    chat_id: str,
    message_id: str | None,
    outs: list[Out],
    tag: str = "",
) -> None:
    """Queue replies (DLV-5 key `reply:<session>:<inbound id>:<output index>`)."""
    base = f"reply:{session}:{message_id or uuid.uuid4().hex}:{tag}"
    for i, out in enumerate(outs):
        to = out.to or chat_id
        key = f"{base}{i}"
        try:
            if isinstance(out, OutText):
                if not out.text.strip():
                    continue
                await enqueue_text(
                    uow,
                    to,
                    out.text,
                    origin="reply",
                    idempotency_key=key,
                    session=session,
                    priority=PRIORITY_REPLY,
                    settings=deps.settings,
                )
            elif isinstance(out, OutDocument):
                doc_id = await store_document(uow, out.content, out.file_name, out.mimetype, deps.settings)
                await enqueue_stored_document(
                    uow,
                    to,
                    doc_id,
                    origin="reply",
                    idempotency_key=key,
                    caption=out.caption,
                    as_image=out.as_image,
                    session=session,
                    priority=PRIORITY_REPLY,
                    settings=deps.settings,
                )
        except OutboxError as exc:
            log.warning("reply_not_queued", extra={"session": session, "error": str(exc)})


async def commit(deps: Deps, uow: UnitOfWork, inbound: Inbound, outs: list[Out], tag: str = "") -> None:
    await enqueue(deps, uow, inbound.session, inbound.chat_id, inbound.message_id, outs, tag)
    await uow.commit()


async def reply_now(deps: Deps, inbound: Inbound, outs: list[Out]) -> None:
    """Queue replies in a unit of work of their own (stages before the actor's)."""
    async with deps.db.uow() as uow:
        await commit(deps, uow, inbound, outs)


async def persist(turn: Turn) -> None:
    """After the commit: save or delete the menu session, then start long actions (CONV-66)."""
    deps, work = turn.deps, turn.work
    if work.session_key is None:
        return
    if work.session is not None:
        await deps.sessions.save(work.session_key, work.session)
    elif work.delete_session:
        await deps.sessions.delete(work.session_key)
    for ctx, job, label in work.background:
        task = asyncio.create_task(run_background(deps, ctx, job, label, work.session_key))
        deps.background.add(task)
        task.add_done_callback(deps.background.discard)


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    """Commit what the later stages decided, in the actor's unit of work; then save the session."""
    result = await next_stage(turn)
    if turn.answered or turn.uow is None:
        return result
    await commit(turn.deps, turn.uow, turn.inbound, turn.work.outs)
    await persist(turn)
    result.messages = turn.work.outs
    return result
