"""The inbound pipeline: every message, private or group, passes these stages in this order.

Read it top to bottom. Each stage is `async def stage(turn, next_stage) -> RouteResult`
(`bot/stages/context.py`): it answers the message itself, or hands it on, possibly wrapping the rest
(the chat's lock, the unit of work, the commit). A stage that concerns only private chats or only
groups passes the other kind straight on.

A new stage goes into `STAGES` where its inputs exist: after `chat_lock` if it must keep per-chat
order, after `identity` if it needs the sender's phone, after `actor` if it needs the database or
the actor; before `outbound` if its reply must be committed with the step's, and never before
`startup_buffer` if it needs the database or Redis.
"""

from __future__ import annotations

from bot.stages import (
    actor,
    chat_lock,
    claim,
    flood,
    group_choice,
    group_filter,
    identity,
    input_check,
    outbound,
    receipt,
    session,
    stale,
    startup_buffer,
    step,
    unresolved,
)
from bot.stages.context import Next, RouteResult, Stage, Turn

STAGES: tuple[Stage, ...] = (
    receipt.stage,  # refuse once stopping; log and mark read afterwards (CONV-14)
    startup_buffer.stage,  # hold until the runtime is ready (CONV-13, DLV-27)
    chat_lock.stage,  # one chat (group: one sender) at a time, in arrival order (CONV-12)
    identity.stage,  # LID → phone inside the lock; own numbers dropped (CONV-8, CONV-9)
    group_filter.stage,  # groups: unresolved, gateway and own senders, unstorable text ignored
    claim.stage,  # private: duplicate window + session read (DLV-26); database outage guard
    unresolved.stage,  # private: an unresolved sender's one notice (CONV-9)
    session.stage,  # load the menu session; expire an idle one (CONV-50, CONV-51)
    group_choice.stage,  # groups: CONV-21 row chosen, then the late claim (CONV-10, CONV-11)
    stale.stage,  # offline backlog not executed, structured messages excepted (DLV-27)
    actor.stage,  # unit of work + actor (CONV-31, CONV-32)
    flood.stage,  # strangers beyond their budget dropped (issue 17)
    outbound.stage,  # afterwards: replies to the outbox, commit, session save (CONV-15, CONV-50)
    input_check.stage,  # private: unstorable text gets one line
    step.stage,  # handler choice and the step (CONV-20 rows / CONV-21); failures (CONV-67)
)


def compose(stages: tuple[Stage, ...] = STAGES) -> Next:
    """`stages` as one callable: each stage's `next_stage` is the rest of the list."""

    async def end(turn: Turn) -> RouteResult:
        return RouteResult("ignored", "no_stage")

    chain: Next = end
    for stage in reversed(stages):
        chain = _link(stage, chain)
    return chain


def _link(stage: Stage, rest: Next) -> Next:
    async def run(turn: Turn) -> RouteResult:
        return await stage(turn, rest)

    return run
