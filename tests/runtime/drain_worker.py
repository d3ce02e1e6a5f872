"""Subprocess used by the kill -9 test: drains session `main`, appending each sent row's text to a file
and pausing 50 ms per send so the parent can kill it mid-draining."""

from __future__ import annotations

import asyncio
import sys

from bot.outbox_sender import OutboxSender
from bot.transport.memory import MemoryTransport
from core.app import AppContext


class SlowTransport(MemoryTransport):
    async def send_text(self, chat_id: str, text: str) -> str:
        await asyncio.sleep(0.05)
        msg_id = await super().send_text(chat_id, text)
        with open(sys.argv[1], "a") as fh:  # noqa: ASYNC230 - a test helper, one short append
            fh.write(text + "\n")
        return msg_id


async def main() -> None:
    app = AppContext.open("drain-test")
    sender = OutboxSender(
        db=app.db, redis=app.redis, settings=app.settings, transport=SlowTransport("main"), pacing=False
    )
    print("ready", flush=True)
    await sender.drain()
    await app.close()


if __name__ == "__main__":
    asyncio.run(main())
