"""Events exactly as neonize 0.5.2 hands them to Python, and the path they take.

Each shape cites where it comes from (../shared/notes/neonize.md has the full list):
- Go calls `Event.execute(uuid, address, size, code)` with serialized protobuf bytes; `execute`
  parses them with `INT_TO_EVENT[code].FromString` and schedules the handler on the loop captured
  at the first connect with `run_coroutine_threadsafe` (neonize/aioze/events.py, goneonize main.go
  CallbackFunction). `dispatch()` makes that same call from a thread, as Go does.
- `MessageInfo.Timestamp` is UnixMilli (goneonize/utils/encoder.go EncodeMessageInfo).
- Codes: neonize/events.py EVENT_TO_INT (Connected 3, LoggedOut 6, StreamReplaced 7,
  TemporaryBan 8, ConnectFailure 9, ClientOutdated 10, Disconnected 12, Message 17,
  UndecryptableMessage 44).
"""

from __future__ import annotations

import asyncio
import ctypes
from datetime import datetime
from typing import Any

from google.protobuf.message import Message as Proto
from neonize.aioze import events as aioze_events
from neonize.events import EVENT_TO_INT
from neonize.proto.Neonize_pb2 import JID, Device, Message, MessageInfo, MessageSource
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as e2e

PHONE = "6281234567890"


def complete(msg: Proto) -> Proto:
    """Fill every unset proto2 `required` field with its zero value, as the Go encoders do
    (goneonize/utils/encoder.go sets each one), so the bytes parse with `FromString`."""
    for field in msg.DESCRIPTOR.fields:
        if field.message_type is not None:
            if field.is_repeated:
                for item in getattr(msg, field.name):
                    complete(item)
            elif field.is_required or msg.HasField(field.name):
                sub = getattr(msg, field.name)
                sub.SetInParent()
                complete(sub)
        elif field.is_required and not msg.HasField(field.name):
            setattr(msg, field.name, field.default_value)
    return msg


def jid(user: str, server: str = "s.whatsapp.net") -> JID:
    return JID(User=user, Server=server)


def millis(at: datetime) -> int:
    return int(at.timestamp() * 1000)


def message_event(
    msg: e2e.Message,
    *,
    at: datetime,
    chat: JID | None = None,
    sender: JID | None = None,
    sender_alt: JID | None = None,
    from_me: bool = False,
    group: bool = False,
    mid: str = "3EB0ABC",
    timestamp: int | None = None,
) -> Message:
    source = MessageSource(
        Chat=chat or jid(PHONE), Sender=sender or chat or jid(PHONE), IsFromMe=from_me, IsGroup=group
    )
    if sender_alt is not None:
        source.SenderAlt.CopyFrom(sender_alt)
    ts = millis(at) if timestamp is None else timestamp
    return Message(Info=MessageInfo(MessageSource=source, ID=mid, Timestamp=ts), Message=msg)


async def dispatch(client: Any, event: Proto, settle: float = 0.05) -> None:
    """Hand `event` to `client` the way Go does: serialized bytes into `Event.execute`, on a thread."""
    aioze_events.set_event_loop(asyncio.get_running_loop())  # what connect() does first
    data = complete(event).SerializeToString()
    buf = ctypes.create_string_buffer(data, len(data))
    code = EVENT_TO_INT[type(event)]
    await asyncio.to_thread(client.event.execute, 0, ctypes.addressof(buf), len(data), code)
    await asyncio.sleep(settle)  # the handler runs as a task on this loop


async def until(condition: Any, limit_s: float = 30.0) -> None:
    """Wait for a predicate over plain attributes (states, counters) within `limit_s`."""
    async with asyncio.timeout(limit_s):
        while not condition():  # noqa: ASYNC110 - the predicates read plain values, no event to wait on
            await asyncio.sleep(0.005)


class GoDial:
    """The Go side of one `connect()` where no network is: goneonize `Neonize()` blocks in
    CallbackFunction until `Stop()` cancels its context, then returns "" (main.go); `GetMe` answers
    with the logged-in device."""

    def __init__(self, client) -> None:
        self.client = client
        self.dials = 0
        self.stops = 0
        self._stop = asyncio.Event()
        client.connect = self.connect
        client.stop = self.stop
        client.get_me = self.get_me

    async def connect(self):
        self.dials += 1
        self.client.loop = asyncio.get_running_loop()  # aioze connect_with_proxy does this first
        self._stop = asyncio.Event()
        self.client.connect_task = asyncio.create_task(self._stop.wait())
        return self.client.connect_task

    async def stop(self) -> None:
        self.stops += 1
        self._stop.set()

    async def get_me(self):
        return Device(JID=jid(PHONE))


def login_status(client, status: str) -> None:
    """What goneonize main.go does for a QR channel event other than "code": logStatusCb(evt.Event)."""
    raw = ctypes.create_string_buffer(status.encode())
    client._NewAClient__onLoginStatus(0, ctypes.addressof(raw))
