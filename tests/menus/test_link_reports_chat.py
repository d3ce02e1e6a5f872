"""Amplification links sent by WhatsApp message, through the router (CONV-240..253)."""

from __future__ import annotations

from datetime import timedelta

from core.timewindow import now_utc
from tests.amplify.seed import add_client, add_post, add_user, fetch_report
from tests.menus.conftest import PERSON, STRANGER

NOW = now_utc()
FB = "https://www.facebook.com/budi/posts/pfbid0abc"
X = "https://x.com/budi/status/1790000000000000001"


async def seed(db, *posts: str):
    await add_client(db, "RES_A")
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON, nama="ANI", title="BRIPDA")
    for i, code in enumerate(posts):
        await add_post(db, code, "RES_A", at=NOW - timedelta(minutes=30 - i))


async def test_single_task_records_at_once_conv_252(chat, db):
    await seed(db, "TaskOne1")
    r = await chat.send(PERSON, f"Izin lapor {FB}")
    assert r.code == "link_recorded"
    assert "BRIPDA ANI" in r.text and "✅ *Laporan Amplifikasi Tercatat*" in r.text
    assert (await fetch_report(db, "TaskOne1", "81120346")).facebook_link == FB


async def test_numbered_choice_then_number_conv_248(chat, db):
    await seed(db, "TaskOne1", "TaskTwo2")
    r = await chat.send(PERSON, FB)
    assert r.code == "choose_post"
    assert "1. [Rutin] https://www.instagram.com/p/TaskOne1/" in r.text
    r = await chat.send(PERSON, "7")
    assert r.text.startswith("❌")
    r = await chat.send(PERSON, "2")
    assert r.code == "link_recorded"
    assert await fetch_report(db, "TaskTwo2", "81120346") is not None
    assert await fetch_report(db, "TaskOne1", "81120346") is None


async def test_choice_closed_by_batal_records_nothing_conv_248(chat, db):
    await seed(db, "TaskOne1", "TaskTwo2")
    await chat.send(PERSON, FB)
    r = await chat.send(PERSON, "batal")
    assert "✅ Laporan Link ditutup." in r.text
    assert await fetch_report(db, "TaskOne1", "81120346") is None


async def test_new_links_during_choice_start_a_new_report_conv_248(chat, db):
    await seed(db, "TaskOne1", "TaskTwo2")
    await chat.send(PERSON, FB)
    r = await chat.send(PERSON, f"https://www.instagram.com/p/TaskTwo2/ {X}")
    assert r.code == "link_recorded"
    assert "ditutup" not in r.text  # the link-report choice closes silently (CONV-20 row 5)
    assert (await fetch_report(db, "TaskTwo2", "81120346")).twitter_link == X


async def test_quoted_task_message_selects_post_conv_247(chat, db):
    await seed(db, "TaskOne1", "TaskTwo2")
    r = await chat.send(PERSON, X, quoted_text="Tugas: https://www.instagram.com/p/TaskOne1/")
    assert r.code == "link_recorded"
    assert (await fetch_report(db, "TaskOne1", "81120346")).twitter_link == X


async def test_unknown_sender_is_refused_conv_240(chat, db):
    await seed(db, "TaskOne1")
    r = await chat.send(STRANGER, FB)
    assert r.code == "not_registered"
    assert "userrequest" in r.text


async def test_profile_link_only_is_not_a_link_report_conv_245(chat, db):
    await seed(db, "TaskOne1")
    r = await chat.send(PERSON, "https://www.instagram.com/ani.polri/")
    assert r.code != "link_recorded"
    assert await fetch_report(db, "TaskOne1", "81120346") is None
