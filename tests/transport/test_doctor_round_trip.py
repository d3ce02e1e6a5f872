"""`cicero doctor` for a paired session that connects: ready, one message to the first admin, the
round trip reported as OK (issue 14 item 5). The failure path without network is test_doctor.py.

Only the Go dial is faked (this machine has no network); the client is the real `NewAClient` the
transport builds, its handlers registered as in production. Facts encoded:
- goneonize main.go: a dial of a stored login emits `Connected` once the socket is open and logged
  in (whatsmeow connectionevents.go handleConnectSuccess → events.Connected), through
  `Event.execute` (tests/transport/neonize_facts.py dispatch);
- neonize aioze/client.py send_message returns `SendResponse` (ID, Timestamp) only after Go
  `SendMessage` returned, i.e. after WhatsApp acknowledged the message (whatsmeow send.go waits for
  the ack node; "timed out waiting for message send response" otherwise);
- is_on_whatsapp answers `IsOnWhatsAppResponse(Query, JID, IsIn)` for "+<digits>" (whatsmeow user.go).
"""

from __future__ import annotations

import asyncio

from neonize.proto.Neonize_pb2 import JID, Connected, IsOnWhatsAppResponse, SendResponse

from bot.doctor import Result, check_whatsapp
from bot.transport.neonize_adapter import NeonizeTransport
from core.app import AppContext
from core.wa_sessions import WaSession
from tests.runtime.conftest import runtime_settings
from tests.transport.neonize_facts import PHONE, GoDial, dispatch

ADMIN = "6281299990000"


async def _reachable() -> bool:
    return True


async def test_doctor_reports_the_round_trip_of_a_paired_session(db, redis, tmp_path, monkeypatch):
    settings = runtime_settings(cicero_data_dir=tmp_path, wa_auth_data_path=None, admin_whatsapp=ADMIN)
    app = AppContext(settings=settings, db=db, redis=redis)
    sent: list[tuple[JID, object]] = []
    real_build = NeonizeTransport._build_client

    def build(self):
        client = real_build(self)
        go = GoDial(client)

        async def connect():
            task = await go.connect()
            asyncio.get_running_loop().create_task(dispatch(client, Connected(status=True)))
            return task

        async def is_on_whatsapp(*numbers: str):
            return [IsOnWhatsAppResponse(Query=n, JID=JID(User=n[1:], Server="s.whatsapp.net"), IsIn=True)
                    for n in numbers]  # fmt: skip

        async def send_message(to, message):
            await asyncio.sleep(0.02)  # the ack's way back
            sent.append((to, message))
            return SendResponse(ID="3EB0DOCTOR", Timestamp=1)

        client.connect = connect
        client.is_on_whatsapp = is_on_whatsapp
        client.send_message = send_message
        return client

    monkeypatch.setattr(NeonizeTransport, "_build_client", build)
    [check] = await check_whatsapp(app, wait_s=10, probe=_reachable)
    assert check.name == "whatsapp main" and check.result is Result.OK, check
    assert check.detail.startswith(f"ready as {PHONE}; message to {ADMIN} in ") and check.detail.endswith(
        " ms"
    )
    assert int(check.detail.rsplit(" in ", 1)[1].split()[0]) >= 20  # the round trip, measured
    [(to, message)] = sent
    assert (to.User, to.Server) == (ADMIN, "s.whatsapp.net")
    assert message.conversation.startswith("✅ Cicero doctor: sesi *main* tersambung")
    bot = NeonizeTransport(WaSession("main", frozenset({"all"})), settings)
    bot._take_lock()  # doctor stopped the session: `cicero bot` may take it (SystemExit otherwise)
    bot._lock_file.close()
