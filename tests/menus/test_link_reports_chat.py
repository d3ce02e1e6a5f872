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


async def test_several_tasks_in_one_message_are_recorded_block_by_block_conv_259(chat, db):
    await seed(db, "TaskOne1", "TaskTwo2", "TaskSix6")
    tt = "https://www.tiktok.com/@ani/video/7300000000000000011"
    early = "https://www.tiktok.com/@ani/video/7300000000000000099"
    message = (
        f"Lapor {early}\n"  # before the first official link: ignored with a reason
        f"1. https://www.instagram.com/p/TaskOne1/\n{FB}\n"
        f"2. https://www.instagram.com/p/TaskTwo2/\n{X}\n{tt}\n"
        "3. https://www.instagram.com/p/TaskSix6/\n"  # a block without links
    )
    r = await chat.send(PERSON, message)
    assert r.code == "links_recorded"
    assert len(r.texts) == 1  # one combined confirmation
    assert "✅ *Laporan Amplifikasi Tercatat* (2 tugas)" in r.text
    assert r.text.index("TaskOne1") < r.text.index("TaskTwo2")
    assert f"- {early} → link sebelum link post resmi pertama" in r.text
    assert "https://www.instagram.com/p/TaskSix6/ → hanya link post resmi" in r.text
    one_ = await fetch_report(db, "TaskOne1", "81120346")
    two = await fetch_report(db, "TaskTwo2", "81120346")
    assert (one_.facebook_link, one_.twitter_link, one_.tiktok_link) == (FB, None, None)
    assert (two.facebook_link, two.twitter_link, two.tiktok_link) == (None, X, tt)
    assert await fetch_report(db, "TaskSix6", "81120346") is None


async def test_two_official_links_before_the_links_still_ask_which_task_conv_247(chat, db):
    await seed(db, "TaskOne1", "TaskTwo2")
    r = await chat.send(
        PERSON, f"https://www.instagram.com/p/TaskOne1/ https://www.instagram.com/p/TaskTwo2/ {FB}"
    )
    assert r.code == "choose_post"  # one block holds links: CONV-247 rule 2's numbered choice
