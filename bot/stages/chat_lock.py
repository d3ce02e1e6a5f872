"""Per-chat order (CONV-12): messages of one chat (in a group: of one sender in that group) are
handled one after another in arrival order; other chats run concurrently. The key comes from
`bot/stages/identity.py` without I/O, so everything after this stage, the LID lookup included,
runs inside the lock. A lock lives only while someone holds or waits for it."""

from __future__ import annotations

import asyncio

from bot.stages.context import Next, RouteResult, Turn


class ChatLocks:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    def take(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        self._users[key] = self._users.get(key, 0) + 1
        return lock

    def give_back(self, key: str) -> None:
        self._users[key] -= 1
        if self._users[key] == 0:
            del self._users[key]
            self._locks.pop(key, None)


async def stage(turn: Turn, next_stage: Next) -> RouteResult:
    locks: ChatLocks = turn.deps.chat_locks
    key = turn.deps.identity.lock_key(turn.inbound)
    lock = locks.take(key)
    try:
        async with lock:
            return await next_stage(turn)
    finally:
        locks.give_back(key)
