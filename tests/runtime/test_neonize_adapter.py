"""The neonize adapter fed real neonize protobuf events (CONV-8, CONV-9, DLV-7, DLV-12, DLV-25).

Events through neonize's own dispatch path and the connection lifecycle: tests/transport/."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from neonize.proto.Neonize_pb2 import JID, IsOnWhatsAppResponse, Message, MessageInfo, MessageSource
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as e2e
from neonize.utils.enum import MediaType

from bot.lid import lid_resolver
from bot.transport.base import ErrorClass, SendError, SessionState
from bot.transport.neonize_adapter import NeonizeTransport
from bot.transport.neonize_inbound import inbound_from_event
from bot.transport.neonize_outbound import classify_send_error
from core.wa_sessions import WaSession
from tests.runtime.conftest import execute, runtime_settings

PHONE = "6281234567890"


def jid(user: str, server: str = "s.whatsapp.net") -> JID:
    return JID(User=user, Server=server)


def event(msg: e2e.Message, *, chat: JID | None = None, sender: JID | None = None, from_me=False, group=False,
          sender_alt: JID | None = None, mid="3EB0ABC") -> Message:  # fmt: skip
    source = MessageSource(
        Chat=chat or jid(PHONE), Sender=sender or chat or jid(PHONE), IsFromMe=from_me, IsGroup=group
    )
    if sender_alt is not None:
        source.SenderAlt.CopyFrom(sender_alt)
    # neonize 0.5.2: MessageInfo.Timestamp is UnixMilli (goneonize/utils/encoder.go EncodeMessageInfo).
    return Message(Info=MessageInfo(MessageSource=source, ID=mid, Timestamp=1764000000123), Message=msg)


async def test_plain_text_private_message_conv8():
    inbound = await inbound_from_event(event(e2e.Message(conversation="  Ｍｅｎｕ\u200b\r\n ")), "main")
    assert inbound.text == "Menu" and inbound.sender_phone == PHONE and not inbound.is_group
    assert inbound.chat_id == f"{PHONE}@s.whatsapp.net" and inbound.message_id == "3EB0ABC"
    assert inbound.timestamp.timestamp() == 1764000000.123


async def test_extended_text_with_quote():
    msg = e2e.Message(
        extendedTextMessage=e2e.ExtendedTextMessage(
            text="https://instagram.com/p/abc",
            contextInfo=e2e.ContextInfo(
                stanzaID="TASKMSG1", quotedMessage=e2e.Message(conversation="Tugas hari ini")
            ),
        )
    )
    inbound = await inbound_from_event(event(msg), "main")
    assert inbound.text == "https://instagram.com/p/abc"
    assert inbound.quoted_message_id == "TASKMSG1" and inbound.quoted_text == "Tugas hari ini"


async def test_captions_documents_and_wrappers():
    image = e2e.Message(imageMessage=e2e.ImageMessage(caption="foto laporan"))
    assert (await inbound_from_event(event(image), "main")).text == "foto laporan"
    doc = e2e.Message(
        documentWithCaptionMessage=e2e.FutureProofMessage(
            message=e2e.Message(
                documentMessage=e2e.DocumentMessage(
                    caption="importuser#POLRES_A",
                    fileName="data.xlsx",
                    mimetype="application/x",
                    fileLength=1234,
                )
            )
        )
    )
    inbound = await inbound_from_event(event(doc), "main")
    assert inbound.text == "importuser#POLRES_A"
    assert (inbound.document.file_name, inbound.document.size) == ("data.xlsx", 1234)
    ephemeral = e2e.Message(ephemeralMessage=e2e.FutureProofMessage(message=e2e.Message(conversation="halo")))
    assert (await inbound_from_event(event(ephemeral), "main")).text == "halo"
    view_once = e2e.Message(
        viewOnceMessageV2=e2e.FutureProofMessage(
            message=e2e.Message(imageMessage=e2e.ImageMessage(caption="x"))
        )
    )
    assert (await inbound_from_event(event(view_once), "main")).text == "x"
    sticker = e2e.Message(stickerMessage=e2e.StickerMessage())
    media = await inbound_from_event(event(sticker), "main")
    assert media.text == "" and not media.has_text


@pytest.mark.parametrize(
    "ev",
    [
        event(e2e.Message(conversation="dari bot"), from_me=True),
        event(e2e.Message(conversation="status"), chat=jid("status", "broadcast")),
        event(e2e.Message(conversation="kanal"), chat=jid("1203630", "newsletter")),
        event(e2e.Message(reactionMessage=e2e.ReactionMessage(text="👍"))),
        event(e2e.Message(protocolMessage=e2e.ProtocolMessage(type=0))),
    ],
    ids=["from_me", "status", "newsletter", "reaction", "protocol"],
)
async def test_dropped_before_the_router_conv8(ev):
    assert await inbound_from_event(ev, "main") is None


async def test_other_cicero_number_dropped_conv8():
    ev = event(e2e.Message(conversation="halo"))
    assert await inbound_from_event(ev, "main", own_numbers=frozenset({PHONE})) is None


async def test_group_message_sender_is_participant():
    ev = event(
        e2e.Message(conversation="*Pesan Komplain*"),
        chat=jid("120363025555555555", "g.us"),
        sender=jid("6281111111111"),
        group=True,
    )
    inbound = await inbound_from_event(ev, "main")
    assert inbound.is_group and inbound.chat_id == "120363025555555555@g.us"
    assert inbound.sender_phone == "6281111111111"


async def test_lid_sender_resolution_order_conv9(db):
    resolve = lid_resolver(db)
    lid = jid("123456789012345", "lid")
    with_alt = event(e2e.Message(conversation="halo"), chat=lid, sender_alt=jid(PHONE))
    inbound = await inbound_from_event(with_alt, "main", resolve_lid=resolve)
    assert inbound.sender_phone == PHONE and inbound.chat_id == "123456789012345@lid"
    rows = await execute(db, "SELECT lid, phone FROM wa_lid_map")
    assert [(r["lid"], r["phone"]) for r in rows] == [("123456789012345", PHONE)]
    # later messages without the alternate address use the stored mapping
    plain = await inbound_from_event(
        event(e2e.Message(conversation="lagi"), chat=lid), "main", resolve_lid=resolve
    )
    assert plain.sender_phone == PHONE
    unknown = event(e2e.Message(conversation="siapa"), chat=jid("999", "lid"))
    assert (await inbound_from_event(unknown, "main", resolve_lid=resolve)).sender_phone is None


async def test_store_lookup_is_last_resort_and_remembered(db):
    async def store(lid: str) -> str | None:
        return "081299998888"

    resolve = lid_resolver(db, store)
    ev = event(e2e.Message(conversation="x"), chat=jid("777", "lid"))
    assert (await inbound_from_event(ev, "main", resolve_lid=resolve)).sender_phone == "6281299998888"
    assert (await execute(db, "SELECT phone FROM wa_lid_map WHERE lid = '777'"))[0][
        "phone"
    ] == "6281299998888"


class FakeClient:
    """Stands in for neonize's NewAClient at its send boundary and records what would be sent."""

    def __init__(self, error: Exception | None = None, not_on_whatsapp: frozenset[str] = frozenset()) -> None:
        self.sent: list[tuple[JID, e2e.Message]] = []
        self.uploads: list[tuple[bytes, MediaType]] = []
        self.error = error
        self.not_on_whatsapp = not_on_whatsapp
        self.lookups: list[str] = []

    async def is_on_whatsapp(self, *numbers: str):
        # neonize aioze/client.py is_on_whatsapp → IsOnWhatsAppResponse (Query, JID, IsIn); whatsmeow
        # user.go IsOnWhatsApp takes "+<digits>" and answers with the account's JID.
        self.lookups.extend(numbers)
        return [
            IsOnWhatsAppResponse(
                Query=n,
                JID=JID(User=n.lstrip("+"), Server="s.whatsapp.net"),
                IsIn=n.lstrip("+") not in self.not_on_whatsapp,
            )
            for n in numbers
        ]

    async def upload(self, content: bytes, media: MediaType):
        self.uploads.append((content, media))
        return SimpleNamespace(url="https://mmg/x", DirectPath="/x", FileEncSHA256=b"e", FileLength=len(content),
                               FileSHA256=b"s", MediaKey=b"k")  # fmt: skip

    async def send_message(self, to: JID, msg: e2e.Message):
        if self.error is not None:
            raise self.error
        self.sent.append((to, msg))
        return SimpleNamespace(ID=f"WAID{len(self.sent)}")


def transport(client) -> NeonizeTransport:
    t = NeonizeTransport(WaSession("main", frozenset({"all"})), runtime_settings(), client=client)
    t.state = SessionState.READY
    return t


async def test_send_text_and_real_document_messages_dlv7():
    client = FakeClient()
    t = transport(client)
    assert await t.send_text("120363025555555555@g.us", "Rekap harian") == "WAID1"
    to, msg = client.sent[0]
    assert (to.User, to.Server) == ("120363025555555555", "g.us") and msg.conversation == "Rekap harian"
    mid = await t.send_document(
        f"{PHONE}@s.whatsapp.net", b"PK\x03\x04", "Rekap.xlsx", "application/vnd.ms-excel", "cap"
    )
    assert mid == "WAID2" and client.uploads[0][1] is MediaType.MediaDocument
    doc = client.sent[1][1].documentMessage
    assert (doc.fileName, doc.mimetype, doc.caption, doc.fileLength) == (
        "Rekap.xlsx",
        "application/vnd.ms-excel",
        "cap",
        4,
    )


async def test_send_errors_are_classified_dlv12():
    t = transport(FakeClient(error=RuntimeError("server returned error 429: rate-overlimit")))
    with pytest.raises(SendError) as exc:
        await t.send_text(f"{PHONE}@s.whatsapp.net", "x")
    assert exc.value.error_class is ErrorClass.RATE_LIMITED
    with pytest.raises(SendError) as bad:
        await transport(FakeClient()).send_text("not-a-jid", "x")
    assert bad.value.error_class is ErrorClass.PERMANENT
    offline = transport(FakeClient())
    offline.state = SessionState.DISCONNECTED
    with pytest.raises(SendError) as down:
        await offline.send_text(f"{PHONE}@s.whatsapp.net", "x")
    assert down.value.error_class is ErrorClass.SESSION_UNAVAILABLE
    assert classify_send_error(RuntimeError("i/o timeout")) == (ErrorClass.TRANSIENT, "send_failed")


# The texts whatsmeow's SendMessage gives back (tulir/whatsmeow errors.go, send.go) as neonize 0.5.2
# raises them: `SendMessageError(model.Error)` with the Go `err.Error()` (aioze/client.py send_message).
@pytest.mark.parametrize(
    "text, error_class, code",
    [
        ("failed to get group members: you're not participating in that group", ErrorClass.PERMANENT,
         "not_in_group"),
        ("failed to get group members: that group does not exist", ErrorClass.PERMANENT, "group_not_found"),
        ("can't send message to unknown server example.com", ErrorClass.PERMANENT, "malformed_jid"),
        ("message recipient must be a user JID with no device part", ErrorClass.PERMANENT, "malformed_jid"),
        ("websocket not connected", ErrorClass.SESSION_UNAVAILABLE, "not_connected"),
        ("websocket disconnected before message send returned response", ErrorClass.SESSION_UNAVAILABLE,
         "not_connected"),
        ("the store doesn't contain a device JID", ErrorClass.SESSION_UNAVAILABLE, "not_logged_in"),
        ("failed to get group members: info query returned status 429: rate-overlimit",
         ErrorClass.RATE_LIMITED, "rate_limited"),
        ("info query timed out", ErrorClass.TRANSIENT, "send_failed"),
        ("timed out waiting for message send response", ErrorClass.TRANSIENT, "send_failed"),
        ("server returned error 479", ErrorClass.TRANSIENT, "send_failed"),
        ("can't encrypt message for device: no signal session established with 62812:0",
         ErrorClass.TRANSIENT, "send_failed"),
        ("failed to send message node: write tcp 10.0.0.2:4040: broken pipe", ErrorClass.TRANSIENT,
         "send_failed"),
    ],
    ids=["not-in-group", "group-gone", "unknown-server", "ad-jid", "not-connected", "disconnected-mid-send",
         "not-logged-in", "rate-limit", "iq-timeout", "send-timeout", "server-error", "no-session", "network"],
)  # fmt: skip
async def test_whatsmeow_send_errors_are_classified_dlv12(text, error_class, code):
    from neonize.exc import SendMessageError

    group = "120363025555555555@g.us"
    t = transport(FakeClient(error=SendMessageError(text)))
    t.joined_groups = frozenset({group, "120363000000000009@g.us"})
    with pytest.raises(SendError) as exc:
        await t.send_text(group, "Rekap")
    assert (exc.value.error_class, exc.value.reason.split(":")[0]) == (error_class, code)
    assert text in exc.value.reason  # whatsmeow's own words stay in last_error
    # DLV-18: told it is not a participant, the session stops claiming that group's rows at once
    assert (group in t.joined_groups) is (code != "not_in_group")


async def test_events_reach_the_router_callback():
    got = []
    t = transport(FakeClient())

    async def handler(inbound):
        got.append(inbound)

    t._handler = handler
    await t.on_event(event(e2e.Message(conversation="userrequest")))
    await t.on_event(event(e2e.Message(conversation="x"), from_me=True))
    assert [i.text for i in got] == ["userrequest"]


@pytest.mark.parametrize(
    "chat",
    [
        JID(User="", Server=""),
        JID(User="abc", Server="s.whatsapp.net"),
        JID(User="1:2:3", Server="weird.net"),
    ],
    ids=["empty", "letters", "unknown-domain"],
)
async def test_malformed_jids_never_crash(chat):
    inbound = await inbound_from_event(event(e2e.Message(conversation="halo"), chat=chat), "main")
    assert inbound is None or inbound.sender_phone is None  # dropped, or an unresolved sender (CONV-9)


async def test_number_not_on_whatsapp_is_permanent_and_cached_a_day_dlv25():
    gone = "6281200000000"
    client = FakeClient(not_on_whatsapp=frozenset({gone}))
    t = transport(client)
    for _ in range(2):
        with pytest.raises(SendError) as exc:
            await t.send_text(f"{gone}@s.whatsapp.net", "Rekap")
        assert exc.value.error_class is ErrorClass.PERMANENT and "not on WhatsApp" in exc.value.reason
    assert client.lookups == [f"+{gone}"] and client.sent == []  # asked once, never sent
    assert await t.send_text(f"{PHONE}@s.whatsapp.net", "halo") == "WAID1"
    assert await t.send_text(f"{PHONE}@s.whatsapp.net", "lagi") == "WAID2"
    assert client.lookups == [f"+{gone}", f"+{PHONE}"]
    await t.send_text("120363025555555555@g.us", "grup")  # groups are not looked up
    assert len(client.lookups) == 2


async def test_images_carry_thumbnail_width_and_height_conv15():
    from io import BytesIO

    from PIL import Image

    picture = BytesIO()
    Image.new("RGB", (1280, 720), (200, 30, 30)).save(picture, format="PNG")
    client = FakeClient()
    t = transport(client)
    await t.send_document(
        f"{PHONE}@s.whatsapp.net", picture.getvalue(), "grafik.png", "image/png", "Grafik", as_image=True
    )
    assert client.uploads[0][1] is MediaType.MediaImage
    image = client.sent[0][1].imageMessage
    assert (image.width, image.height, image.mimetype, image.caption) == (1280, 720, "image/png", "Grafik")
    thumb = Image.open(BytesIO(image.JPEGThumbnail))
    assert thumb.format == "JPEG" and max(thumb.size) <= 200 and thumb.size[0] > thumb.size[1]
    with pytest.raises(SendError) as bad:
        await t.send_document(
            f"{PHONE}@s.whatsapp.net", b"not a picture", "x.png", "image/png", None, as_image=True
        )
    assert bad.value.error_class is ErrorClass.PERMANENT
