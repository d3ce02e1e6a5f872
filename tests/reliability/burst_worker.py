"""Child process of the outbox burst test: drains session `main` and records every delivery.

Each delivered text is appended to the file named in argv[1] with one unbuffered write, so the
record survives a kill -9 of this process. With argv[2] == "recover" it first releases the rows a
dead sender had claimed (DLV-14), as a restarted process does.
"""

from __future__ import annotations

import asyncio
import os
import sys

from bot.outbox_sender import OutboxSender
from bot.transport.memory import MemoryTransport
from core.app import AppContext


class RecordingTransport(MemoryTransport):
    def __init__(self, name: str, fd: int) -> None:
        super().__init__(name)
        self.fd = fd

    async def send_text(self, chat_id: str, text: str) -> str:
        await asyncio.sleep(0.002)  # a WhatsApp round trip, so the parent can kill mid-burst
        msg_id = await super().send_text(chat_id, text)
        os.write(self.fd, (text + "\n").encode())
        return msg_id


async def main() -> None:
    fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    app = AppContext.open("burst-test")
    sender = OutboxSender(
        db=app.db,
        redis=app.redis,
        settings=app.settings,
        transport=RecordingTransport("main", fd),
        pacing=False,
    )
    if len(sys.argv) > 2 and sys.argv[2] == "recover":
        await sender.release_stale()
    print("ready", flush=True)
    await sender.drain()
    await app.close()
    os.close(fd)


if __name__ == "__main__":
    asyncio.run(main())
