"""Who sent it (CONV-9): the address a chat's lock is keyed on, and LID → phone inside that lock.

A transport that defers the lookup hands over a LID sender with `Inbound.lid` set and at most the
event's alternate phone address. `lock_address` needs no I/O: the phone when the address or the
event carries it, or when this process has already learned it for that LID; otherwise the address
as received. So a sender's LID and phone messages share one lock once the mapping is known, and
the lookup itself (database, session store) runs inside the lock, where it cannot let a later
message of the chat overtake an earlier one (CONV-12).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from bot.stages.context import Next, RouteResult, Turn
from bot.transport.base import Inbound

log = logging.getLogger(__name__)
MEMO_SIZE = 10_000

LidResolver = Callable[[str, str | None], Awaitable[str | None]]


class Identity:
    def __init__(self, resolver_of: Callable[[str], LidResolver | None]) -> None:
        self.resolver_of = resolver_of  # session name → its LID resolver (None: nothing to ask)
        self._memo: OrderedDict[str, str] = OrderedDict()  # LID → phone learned in this process

    def _learn(self, lid: str, phone: str) -> None:
        self._memo[lid] = phone
        self._memo.move_to_end(lid)
        while len(self._memo) > MEMO_SIZE:
            self._memo.popitem(last=False)

    def lock_address(self, inbound: Inbound) -> str:
        """The sender's address for the chat lock, without any I/O."""
        if inbound.sender_phone:
            if inbound.lid:
                self._learn(inbound.lid, inbound.sender_phone)
            return inbound.sender_phone
        if inbound.lid and inbound.lid in self._memo:
            return self._memo[inbound.lid]
        return inbound.sender_jid if inbound.is_group else inbound.chat_id

    def lock_key(self, inbound: Inbound) -> str:
        """CONV-12: one chat (in a group: one sender in that group) at a time."""
        if inbound.is_group:
            return f"{inbound.session}:{inbound.chat_id}:{self.lock_address(inbound)}"
        return f"{inbound.session}:{self.lock_address(inbound)}"

    async def resolve(self, inbound: Inbound) -> Inbound:
        """Inside the lock: the deferred CONV-9 steps 2-4 (the resolver upserts `wa_lid_map`)."""
        if not inbound.lid:
            return inbound
        resolver = self.resolver_of(inbound.session)
        phone = inbound.sender_phone
        if resolver is not None:
            try:
                phone = await resolver(inbound.lid, inbound.sender_phone)
            except Exception:  # noqa: BLE001 - the message still goes on, its sender unresolved
                log.warning("lid_resolve_failed", extra={"lid": inbound.lid}, exc_info=True)
        if phone:
            self._learn(inbound.lid, phone)
        return dataclasses.replace(inbound, sender_phone=phone or None, lid=None)


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    """Inside the chat's lock: resolve a deferred LID; another Cicero number's message goes no further."""
    turn.inbound = inbound = await turn.deps.identity.resolve(turn.inbound)
    if not inbound.is_group and inbound.sender_phone in turn.deps.own_numbers():
        return RouteResult("ignored", "own_number")  # CONV-8: no bot-to-bot loops
    return await next_stage(turn)
