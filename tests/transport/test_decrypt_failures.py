"""CONV-7: decryption failures are counted, logged and shown in health (`/api/health`, `health#`).

The event is whatsmeow's `events.UndecryptableMessage` as neonize 0.5.2 delivers it: code 44
(neonize/events.py EVENT_TO_INT), serialized `Neonize_pb2.UndecryptableMessage` bytes through
`Event.execute` (tests/transport/neonize_facts.py dispatch)."""

from __future__ import annotations

from neonize.proto.Neonize_pb2 import MessageInfo, MessageSource, UndecryptableMessage

from bot.api.routes.health import add_session_details
from bot.transport.neonize_adapter import NeonizeTransport
from bot.whatsapp import WhatsAppComponent
from core.app import AppContext
from core.health import health_report
from core.timewindow import record_now
from core.wa_health import decrypt_failures, reset_decrypt_failures
from core.wa_sessions import WaSession, load_session_config
from tests.runtime.conftest import runtime_settings
from tests.transport.neonize_facts import PHONE, dispatch, jid


def _undecryptable(mid: str) -> UndecryptableMessage:
    return UndecryptableMessage(
        Info=MessageInfo(MessageSource=MessageSource(Chat=jid(PHONE)), ID=mid),
        IsUnavailable=False,
        DecryptFailMode=UndecryptableMessage.DECRYPT_FAIL_SHOW,
    )


async def test_decrypt_failures_reach_health_and_the_login_stays_conv7(db, redis, tmp_path):
    settings = runtime_settings(cicero_data_dir=tmp_path, wa_auth_data_path=None)
    app = AppContext(settings=settings, db=db, redis=redis)
    transport = NeonizeTransport(WaSession("main", frozenset({"all"})), settings)
    component = WhatsAppComponent(app, load_session_config(settings, environ={}), [transport], pacing=False)
    transport.on_decrypt_failure = component.on_decrypt_failure  # as bot.whatsapp.component wires it
    transport.client = transport._build_client()  # the real NewAClient with its handlers registered
    await reset_decrypt_failures(redis, "main")  # what component.start() does per session
    transport.store_path.write_bytes(b"login")  # stands for whatsmeow's store: it must survive

    for mid in ("BAD1", "BAD2"):
        await dispatch(transport.client, _undecryptable(mid))

    figures = await decrypt_failures(redis, ["main", "blast"])
    assert figures["main"]["count"] == 2 and figures["main"]["since"] and figures["main"]["last_at"]
    assert figures["blast"] == {"count": 0, "since": None, "last_at": None}
    report = await health_report(app, record_now(), "test", False)
    await add_session_details(app, report)
    main = next(s for s in report["checks"]["whatsapp"] if s["session"] == "main")
    assert main["decrypt_failures"] == 2 and main["decrypt_failures_since"] == figures["main"]["since"]
    assert transport.store_path.read_bytes() == b"login"
