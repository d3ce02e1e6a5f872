"""Router rules that need more than one menu or session: the escape rule (CONV-20 row 5), the
pointer to the number that serves a menu (CONV-3), and trigger words inside other menus (CONV-22)."""

from __future__ import annotations

import pytest

from bot.transport.base import Inbound
from bot.transport.memory import MemoryTransport
from bot.whatsapp import WhatsAppComponent
from core.app import AppContext
from core.timewindow import now_utc
from core.wa_sessions import load_session_config
from menus.framework import REGISTRY, Reply, Structured
from tests.runtime.conftest import OPERATOR, PERSON, STRANGER, add_client, runtime_settings


@pytest.fixture
def link_handler():
    handler = Structured(
        name="test_link",
        capability="linkreports",
        order=65,
        recognise=lambda m: m.text.startswith("LAPOR "),
        handle=lambda ctx, text: _reply(f"Link diterima: {text[6:]}"),
    )
    REGISTRY.add_structured(handler)
    yield handler
    REGISTRY.structured = [h for h in REGISTRY.structured if h.name != "test_link"]


async def _reply(text: str) -> Reply:
    return Reply.text(text)


async def test_choice_step_escapes_to_structured_message_conv20(wa, link_handler):
    await wa.texts(PERSON, "sampelmenu")
    await wa.texts(PERSON, "1")
    await wa.texts(PERSON, "budi")  # now at the yes/no step
    assert await wa.texts(PERSON, "LAPOR kegiatan-1") == [
        "✅ Menu Sampel ditutup.",
        "Link diterima: kegiatan-1",
    ]


async def test_value_step_never_escapes_conv20(wa, link_handler):
    await wa.texts(PERSON, "sampelmenu")
    await wa.texts(PERSON, "1")
    (reply,) = await wa.texts(PERSON, "LAPOR kegiatan-1")
    assert reply.startswith("Simpan nama *LAPOR")  # the name step took it as its value


async def test_trigger_inside_another_menu_opens_that_menu_conv22(wa):
    await wa.texts(PERSON, "sampelmenu")
    await wa.texts(PERSON, "1")
    texts = await wa.texts(PERSON, "userrequest")
    assert texts and "Simpan nama" not in texts[0]
    key = wa.router.sessions.key("main", f"{PERSON}@s.whatsapp.net")
    assert (await wa.router.sessions.load(key)).menu == "userrequest"


async def test_pointer_to_the_session_that_serves_the_menu_conv3(app_context, db, redis, sample):
    await add_client(db, "POLRES_A", client_operator=OPERATOR)
    settings = runtime_settings(wa_sessions="personel,admin")
    env = {
        "WA_SESSION_PERSONEL_SERVES": "userrequest,linkreports",
        "WA_SESSION_ADMIN_SERVES": "oprrequest,dirrequest,clientrequest,commands,complaints,bulk",
    }
    personel = MemoryTransport("personel", phone="6281999000001")
    admin = MemoryTransport("admin", phone="6281999000002")
    app = AppContext(settings=settings, db=db, redis=redis)
    component = WhatsAppComponent(
        app, load_session_config(settings, environ=env), [personel, admin], pacing=False
    )
    router = component.router

    def inbound(phone: str, text: str, n: int) -> Inbound:
        jid = f"{phone}@s.whatsapp.net"
        return Inbound("personel", jid, jid, phone, False, text, f"PTR{n}", now_utc())

    allowed = await router.handle(inbound(OPERATOR, "oprrequest", 1))
    assert allowed.handled_by == "pointer" and "https://wa.me/6281999000002" in allowed.messages[0].text
    stranger = await router.handle(inbound(STRANGER, "oprrequest", 2))
    assert stranger.handled_by != "pointer" and stranger.code != "deny_operator_menu"  # ordinary text
    admin.phone = None  # that number is not logged in
    down = await router.handle(inbound(OPERATOR, "oprrequest", 3))
    assert "sementara tidak tersedia" in down.messages[0].text
