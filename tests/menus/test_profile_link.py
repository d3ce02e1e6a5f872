"""Profile-link username update (CONV-100)."""

from __future__ import annotations

from tests.amplify.seed import add_client, add_user
from tests.menus.conftest import PERSON, STRANGER, one


async def seed(db):
    await add_client(db, "RES_A")
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON, nama="ANI", insta="ani.lama")
    await add_user(db, "81120345", "RES_A", nama="BUDI")


async def test_bound_person_confirms_new_handle_conv_100(chat, db):
    await seed(db)
    r = await chat.send(PERSON, "ini akun saya https://www.instagram.com/Ani.Baru/")
    assert "Tersimpan: *@ani.lama*" in r.text and "Baru: *@ani.baru*" in r.text
    r = await chat.send(PERSON, "ya")
    assert "✅ Username Instagram diperbarui." in r.text and "@ani.baru" in r.text
    assert (await one(db, "SELECT insta FROM \"user\" WHERE user_id = '81120346'")).insta == "ani.baru"


async def test_post_link_is_not_a_profile_conv_100(chat, db):
    await seed(db)
    r = await chat.send(PERSON, "https://www.instagram.com/p/Abc123/")
    assert "Perubahan username" not in r.text
    assert (await one(db, "SELECT insta FROM \"user\" WHERE user_id = '81120346'")).insta == "ani.lama"


async def test_stranger_registers_then_confirms_conv_100(chat, db):
    await seed(db)
    r = await chat.send(STRANGER, "https://www.tiktok.com/@budi.tt")
    assert "🔐 *Registrasi Akun*" in r.text
    await chat.send(STRANGER, "81120345")
    r = await chat.send(STRANGER, "ya")
    assert "✅ *Berhasil Terhubung*" in r.text and "Baru: *@budi.tt*" in r.text
    r = await chat.send(STRANGER, "ya")
    assert "✅ Username TikTok diperbarui." in r.text
    row = await one(db, "SELECT whatsapp, tiktok FROM \"user\" WHERE user_id = '81120345'")
    assert (row.whatsapp, row.tiktok) == (STRANGER, "budi.tt")
