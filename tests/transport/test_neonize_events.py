"""Events through neonize's own dispatch path into the transport (CONV-5, CONV-7, CONV-8, CONV-9).

The client is the real `NewAClient` the transport builds, handlers registered as in production;
events are serialized protobuf bytes handed to `Event.execute` from a thread (tests/transport/
neonize_facts.py). Only the Go dial is replaced where a connection would need the network.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest
from neonize.proto.Neonize_pb2 import (
    ClientOutdated,
    Connected,
    ConnectFailure,
    Disconnected,
    LoggedOut,
    MessageInfo,
    MessageSource,
    PairStatus,
    StreamReplaced,
    TemporaryBan,
    UndecryptableMessage,
)
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as e2e

from bot.transport.base import SessionState
from bot.transport.connection import Backoff
from bot.transport.neonize_adapter import NeonizeTransport
from bot.transport.neonize_inbound import ImplausibleTimestamp, timestamp_from_millis
from core.wa_sessions import WaSession
from tests.runtime.conftest import runtime_settings
from tests.transport.neonize_facts import PHONE, GoDial, dispatch, jid, login_status, message_event, until

AT = datetime(2026, 3, 2, 1, 30, 15, 250000, tzinfo=UTC)  # a Monday 08:30 WIB


async def _reachable() -> bool:
    return True


@pytest.fixture
async def live(tmp_path):
    """A started transport with its real NewAClient; yields (transport, go, states, inbound)."""
    states: list[tuple[SessionState, str | None]] = []
    got: list = []

    async def on_state(t, state, reason):
        states.append((state, reason))

    async def handler(inbound):
        got.append(inbound)

    settings = runtime_settings(cicero_data_dir=tmp_path, wa_auth_data_path=None)
    t = NeonizeTransport(
        WaSession("main", frozenset({"all"})), settings, on_state=on_state, probe=_reachable,
        backoff=Backoff(0.01, 0.04),
    )  # fmt: skip
    t.client = t._build_client()
    go = GoDial(t.client)
    await t.start(handler)
    await until(lambda: go.dials == 1)
    yield t, go, states, got
    await t.stop()


# --- inbound ---------------------------------------------------------------------------------------
async def test_text_message_with_millisecond_timestamp_reaches_the_router_conv8(live):
    t, go, _, got = live
    await dispatch(t.client, message_event(e2e.Message(conversation="  Ｍｅｎｕ\u200b\r\n "), at=AT))
    assert [i.text for i in got] == ["Menu"]
    assert got[0].timestamp == AT.replace(microsecond=250000) and got[0].sender_phone == PHONE


@pytest.mark.parametrize(
    "msg, text",
    [
        (e2e.Message(extendedTextMessage=e2e.ExtendedTextMessage(text="https://instagram.com/p/abc")),
         "https://instagram.com/p/abc"),
        (e2e.Message(imageMessage=e2e.ImageMessage(caption="foto laporan")), "foto laporan"),
        (e2e.Message(videoMessage=e2e.VideoMessage(caption="video giat")), "video giat"),
        (e2e.Message(documentWithCaptionMessage=e2e.FutureProofMessage(message=e2e.Message(
            documentMessage=e2e.DocumentMessage(caption="importuser#POLRES_A", fileName="d.xlsx"))),
        ), "importuser#POLRES_A"),
        (e2e.Message(ephemeralMessage=e2e.FutureProofMessage(message=e2e.Message(conversation="halo"))), "halo"),
        (e2e.Message(viewOnceMessageV2=e2e.FutureProofMessage(message=e2e.Message(
            imageMessage=e2e.ImageMessage(caption="sekali")))), "sekali"),
        (e2e.Message(stickerMessage=e2e.StickerMessage()), ""),
        (e2e.Message(audioMessage=e2e.AudioMessage(PTT=True)), ""),
        (e2e.Message(locationMessage=e2e.LocationMessage(degreesLatitude=-6.2)), ""),
        (e2e.Message(contactMessage=e2e.ContactMessage(displayName="Budi")), ""),
    ],
    ids=["extended", "image", "video", "doc-caption", "ephemeral", "view-once", "sticker", "voice",
         "location", "contact"],
)  # fmt: skip
async def test_message_kinds_conv8(live, msg, text):
    t, _, _, got = live
    await dispatch(t.client, message_event(msg, at=AT))
    assert [i.text for i in got] == [text]


@pytest.mark.parametrize(
    "ev",
    [
        message_event(e2e.Message(conversation="dari bot"), at=AT, from_me=True),
        message_event(e2e.Message(conversation="status"), at=AT, chat=jid("status", "broadcast")),
        message_event(e2e.Message(conversation="kanal"), at=AT, chat=jid("1203630", "newsletter")),
        message_event(e2e.Message(reactionMessage=e2e.ReactionMessage(text="👍")), at=AT),
        message_event(e2e.Message(protocolMessage=e2e.ProtocolMessage(type=0)), at=AT),
        message_event(e2e.Message(pollCreationMessageV3=e2e.PollCreationMessage(name="?")), at=AT),
        message_event(e2e.Message(senderKeyDistributionMessage=e2e.SenderKeyDistributionMessage(
            groupID="120363025555555555@g.us")), at=AT, chat=jid("120363025555555555", "g.us"), group=True),
    ],
    ids=["from_me", "status", "newsletter", "reaction", "revoke", "poll", "key-only"],
)  # fmt: skip
async def test_not_input_never_reaches_the_router_conv8(live, ev):
    t, _, _, got = live
    await dispatch(t.client, ev)
    assert got == []


async def test_group_text_carrying_sender_keys_is_kept_conv8(live):
    t, _, _, got = live
    group = jid("120363025555555555", "g.us")
    msg = e2e.Message(
        conversation="*Pesan Komplain*",
        senderKeyDistributionMessage=e2e.SenderKeyDistributionMessage(groupID="120363025555555555@g.us"),
        messageContextInfo=e2e.MessageContextInfo(),
    )
    await dispatch(t.client, message_event(msg, at=AT, chat=group, sender=jid("6281111111111"), group=True))
    assert [(i.text, i.is_group, i.sender_phone) for i in got] == [
        ("*Pesan Komplain*", True, "6281111111111")
    ]


@pytest.mark.parametrize(
    "raw", [1_772_415_015, 1_772_415_015_250_000, -5], ids=["seconds", "micros", "negative"]
)
async def test_implausible_timestamp_is_loud_and_the_text_still_arrives(live, raw, caplog):
    t, _, _, got = live
    with caplog.at_level(logging.ERROR):
        await dispatch(t.client, message_event(e2e.Message(conversation="menu"), at=AT, timestamp=raw))
    assert [i.text for i in got] == ["menu"]
    assert any(r.message == "inbound_timestamp_implausible" for r in caplog.records)
    with pytest.raises(ImplausibleTimestamp):
        timestamp_from_millis(raw)


async def test_lid_sender_without_mapping_is_unresolved_not_dropped_conv9(live):
    t, _, _, got = live
    await dispatch(
        t.client, message_event(e2e.Message(conversation="halo"), at=AT, chat=jid("999888", "lid"))
    )
    assert [(i.text, i.sender_phone, i.chat_id) for i in got] == [("halo", None, "999888@lid")]
    await dispatch(
        t.client,
        message_event(
            e2e.Message(conversation="lagi"), at=AT, chat=jid("999888", "lid"), sender_alt=jid(PHONE)
        ),
    )
    assert got[1].sender_phone == PHONE


async def test_event_with_missing_fields_is_skipped_without_crash(live, caplog):
    t, _, _, got = live
    from neonize.proto.Neonize_pb2 import Message

    with caplog.at_level(logging.INFO):
        await dispatch(t.client, Message(Info=MessageInfo(MessageSource=MessageSource(), ID="NOCHAT")))
        await dispatch(t.client, message_event(e2e.Message(conversation="masih jalan"), at=AT))
    assert [i.text for i in got] == ["masih jalan"]  # the transport goes on
    assert [r.message_id for r in caplog.records if r.message == "inbound_without_chat"] == ["NOCHAT"]


async def test_unknown_message_kind_is_logged_and_skipped(live, caplog):
    """A kind newer than neonize 0.5.2's protobuf: its bytes stay as unknown fields of `Message`."""
    t, _, _, got = live
    from google.protobuf.internal.encoder import _VarintBytes

    future = e2e.Message.FromString(_VarintBytes(9999 << 3 | 2) + _VarintBytes(3) + b"abc")
    with caplog.at_level(logging.INFO):
        await dispatch(t.client, message_event(future, at=AT, mid="FUTURE1"))
    assert got == []
    assert [r.message_id for r in caplog.records if r.message == "inbound_unknown_kind"] == ["FUTURE1"]


async def test_failing_lid_lookup_still_delivers_the_text_conv9(live, caplog):
    """The LID resolver reads the database and the session's store; when it fails the text arrives
    with the sender unresolved (or the event's alternate address), never dropped."""
    t, _, _, got = live

    async def broken(lid: str, alt: str | None) -> str | None:
        raise ConnectionError("database gone")

    t.resolve_lid = broken
    lid = jid("999888", "lid")
    with caplog.at_level(logging.WARNING):
        await dispatch(t.client, message_event(e2e.Message(conversation="menu"), at=AT, chat=lid))
        await dispatch(
            t.client, message_event(e2e.Message(conversation="lagi"), at=AT, chat=lid, sender_alt=jid(PHONE))
        )
    assert [(i.text, i.sender_phone) for i in got] == [("menu", None), ("lagi", PHONE)]
    assert sum(r.message == "lid_resolve_failed" for r in caplog.records) == 2


async def test_decryption_failures_are_counted_and_logged_conv7(live, caplog):
    t, go, _, _ = live
    ev = UndecryptableMessage(
        Info=MessageInfo(MessageSource=MessageSource(Chat=jid(PHONE)), ID="BAD1"),
        IsUnavailable=False,
        DecryptFailMode=UndecryptableMessage.DECRYPT_FAIL_SHOW,
    )
    with caplog.at_level(logging.WARNING):
        await dispatch(t.client, ev)
        await dispatch(t.client, ev)
    assert t.decrypt_failures == 2
    counts = [r.count for r in caplog.records if r.message == "wa_decrypt_failed"]
    assert counts == [1, 2]
    assert t.store_path.exists() or go.dials == 1  # nothing was deleted; the session still dials once


# --- connection events -------------------------------------------------------------------------------
async def test_connected_makes_the_session_ready_and_a_drop_redials_after_stop_dlv19(live):
    t, go, states, _ = live
    await dispatch(t.client, Connected(status=True))
    assert t.state is SessionState.READY and t.phone == PHONE
    await dispatch(t.client, Disconnected(status=True))
    await until(lambda: go.dials == 2)
    assert go.stops >= 1  # the old Go client was stopped before the second dial
    assert (SessionState.DISCONNECTED, "disconnected") in states
    assert t.supervisor.live == 1


@pytest.mark.parametrize(
    "event, state, reason, wait",
    [
        (LoggedOut(OnConnect=False, Reason=2), SessionState.LOGGED_OUT, "logged_out: LOGGED_OUT", 0.01),
        (StreamReplaced(), SessionState.DISCONNECTED, "stream_replaced", 300),
        (ConnectFailure(Reason=8, Message="internal"), SessionState.DISCONNECTED,
         "connect_failure: INTERNAL_SERVER_ERROR internal", 0.01),
        (ClientOutdated(), SessionState.DISCONNECTED, "client_outdated: WhatsApp requires a newer", 0.01),
        (TemporaryBan(Code=1, Expire=3600), SessionState.DISCONNECTED, "temporary_ban: SEND_TO_TOO_MANY_PEOPLE", 3600),
    ],
    ids=["logged-out", "stream-replaced", "connect-failure", "client-outdated", "temporary-ban"],
)  # fmt: skip
async def test_every_ending_event_has_a_state_a_log_line_and_a_wait_conv7(
    live, caplog, event, state, reason, wait
):
    t, go, states, _ = live
    with caplog.at_level(logging.INFO):
        await dispatch(t.client, event)
        await until(lambda: any(s is state and r and r.startswith(reason) for s, r in states))
    assert go.stops >= 1  # the Go client ended with the event was stopped
    logged = [
        r
        for r in caplog.records
        if (getattr(r, "reason", None) or "").startswith(reason) and hasattr(r, "wait_s")
    ]
    assert logged and logged[0].wait_s == pytest.approx(wait, abs=2)
    assert t.supervisor.live == 0 or go.dials == 2  # stopped; redialled only after its wait


async def test_unscanned_qr_expires_loudly_and_waits_for_a_request_conv5(live, caplog):
    t, go, states, _ = live
    await t._show_qr(b"2@abc,def,ghi")
    assert t.qr_path.exists() and t.state is SessionState.AWAITING_LOGIN
    with caplog.at_level(logging.WARNING):
        await asyncio.to_thread(login_status, t.client, "timeout")
        await until(lambda: go.stops >= 1)
        await asyncio.sleep(0.1)
    assert not t.qr_path.exists() and states[-1] == (SessionState.AWAITING_LOGIN, "qr_timeout: timeout")
    assert any(r.message == "session_qr_expired" for r in caplog.records)
    assert go.dials == 1 and t.supervisor.live == 0  # no new QR until asked
    t.request_login()
    await until(lambda: go.dials == 2)


async def test_pair_success_and_failure_are_logged(live, caplog):
    t, _, states, _ = live
    with caplog.at_level(logging.INFO):
        await dispatch(t.client, PairStatus(ID=jid(PHONE), BusinessName="", Platform="android", Status=2))
        await dispatch(
            t.client, PairStatus(ID=jid(""), BusinessName="", Platform="", Status=1, Error="bad ref")
        )
    assert any(r.message == "session_paired" for r in caplog.records)
    assert states[-1] == (SessionState.AWAITING_LOGIN, "pair_failed: bad ref")


async def test_pair_code_awaits_the_coroutine_properties_conv5(tmp_path, capsys, caplog):
    """neonize 0.5.2 aioze/client.py: `is_connected` / `is_logged_in` return coroutines (to_thread)."""
    settings = runtime_settings(cicero_data_dir=tmp_path, wa_auth_data_path=None)
    t = NeonizeTransport(WaSession("main", frozenset({"all"}), pair_phone=PHONE), settings)

    class PairingClient:
        paired = None

        @property
        def is_connected(self):
            return asyncio.sleep(0, result=True)

        @property
        def is_logged_in(self):
            return asyncio.sleep(0, result=False)

        async def PairPhone(self, phone: str, show_push_notification: bool) -> str:  # noqa: N802 - neonize's name
            self.paired = phone
            return "ABCD-EFGH"

    t.client = PairingClient()
    with caplog.at_level(logging.INFO):
        await t._on_qr(t.client, b"2@qr")  # the first QR code: the socket is open, no login yet
        await t._pair_task
    assert t.client.paired == PHONE and t.state is SessionState.AWAITING_LOGIN
    assert "[wa:main] kode pairing: ABCD-EFGH" in capsys.readouterr().out
    assert any(r.message == "[wa:main] kode pairing: ABCD-EFGH" for r in caplog.records)
    assert not t.qr_path.exists()  # a pair-code session shows no QR


async def test_temporary_ban_waits_until_its_expiry():
    from bot.transport.connection import Ending, EndKind, SessionSupervisor
    from core.timewindow import now_utc

    sup = SessionSupervisor("main", None, on_dial=None, on_ending=None, backoff=Backoff(5, 300))
    wait = sup.wait_after(Ending(EndKind.TEMPORARY_BAN, not_before=now_utc() + timedelta(hours=2)))
    assert 7190 < wait <= 7200
    assert [sup.wait_after(Ending(EndKind.DISCONNECTED)) for _ in range(8)] == [
        10,
        20,
        40,
        80,
        160,
        300,
        300,
        300,
    ]
    sup.ready()
    assert sup.wait_after(Ending(EndKind.DISCONNECTED)) == 5  # it was up: the back-off starts again
