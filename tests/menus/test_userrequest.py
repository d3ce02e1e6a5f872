"""`userrequest` through the router, typed as a person types (CONV-90..99)."""

from __future__ import annotations

from tests.amplify.seed import add_client, add_user
from tests.menus.conftest import PERSON, STRANGER, one


async def seed(db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await add_user(db, "81120345", "RES_A", nama="BUDI SANTOSO", title="BRIPTU", insta="budi.satu")
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON, nama="ANI", title="BRIPDA")


async def test_registration_happy_path_conv_92_94(chat, db):
    await seed(db)
    r = await chat.send(STRANGER, "userrequest")
    assert "🔐 *Registrasi Akun*" in r.text
    r = await chat.send(STRANGER, "NRP: 81120345")
    assert "BRIPTU BUDI SANTOSO" in r.text and "POLRES ALPHA" in r.text
    assert "budi.satu" not in r.text  # only rank, name and unit before binding
    r = await chat.send(STRANGER, "ya")
    assert "✅ *Berhasil Terhubung*" in r.text
    assert "*NRP/NIP*  : 81120345" in r.text
    row = await one(db, "SELECT whatsapp FROM \"user\" WHERE user_id = '81120345'")
    assert row.whatsapp == STRANGER
    audit = await one(db, "SELECT action, channel FROM audit_log WHERE target_id = '81120345'")
    assert (audit.action, audit.channel) == ("user.bind_whatsapp", "whatsapp")
    r = await chat.send(STRANGER, "tidak")
    assert "Menu ditutup" in r.text


async def test_fallback_nrp_from_unknown_number_opens_input_conv_24(chat, db):
    await seed(db)
    r = await chat.send(STRANGER, "81120345")
    assert "Hubungkan nomor WhatsApp ini" in r.text


async def test_invalid_nrp_and_not_found_stay_conv_93(chat, db):
    await seed(db)
    await chat.send(STRANGER, "userrequest")
    r = await chat.send(STRANGER, "abc123")
    assert r.text.startswith("❌") and "Registrasi Akun" in r.text
    r = await chat.send(STRANGER, "12 34.56")
    assert "pemisah" in r.text
    r = await chat.send(STRANGER, "99999999")
    assert "tidak ditemukan" in r.text
    r = await chat.send(STRANGER, "batal")
    assert "✅ Menu User ditutup." in r.text


async def test_nrp_bound_elsewhere_is_refused_conv_93(chat, db):
    await seed(db)
    await chat.send(STRANGER, "userrequest")
    r = await chat.send(STRANGER, "81120346")
    assert "sudah terhubung dengan nomor WhatsApp lain" in r.text
    row = await one(db, "SELECT whatsapp FROM \"user\" WHERE user_id = '81120346'")
    assert row.whatsapp == PERSON


async def test_bound_person_updates_instagram_and_rank_conv_95_97(chat, db):
    await seed(db)
    r = await chat.send(PERSON, "userrequest")
    assert "👤 *Identitas Anda*" in r.text and "Bapak/Ibu *ANI*" in r.text
    r = await chat.send(PERSON, "ya")
    assert "✏️ *Pilih field yang ingin diupdate:*" in r.text and "Desa Binaan" not in r.text
    r = await chat.send(PERSON, "5")
    assert "📝 *Update Instagram*" in r.text
    r = await chat.send(PERSON, "https://www.instagram.com/p/Abc123/")
    assert "bukan link profil" in r.text
    r = await chat.send(PERSON, "@budi.satu")
    assert "sudah dipakai personel lain" in r.text
    r = await chat.send(PERSON, "https://instagram.com/Ani.Polri?igsh=x")
    assert "@ani.polri" in r.text
    assert (await one(db, "SELECT insta FROM \"user\" WHERE user_id = '81120346'")).insta == "ani.polri"
    await chat.send(PERSON, "ya")
    r = await chat.send(PERSON, "Pangkat")
    assert "📝 *Update Pangkat*" in r.text
    r = await chat.send(PERSON, "back")
    assert "Pilih field" in r.text
    await chat.send(PERSON, "2")
    r = await chat.send(PERSON, "bripka")
    assert "BRIPKA" in r.text
    assert (await one(db, "SELECT title FROM \"user\" WHERE user_id = '81120346'")).title == "BRIPKA"


async def test_inactive_record_shows_identity_and_ends_conv_91(chat, db):
    await add_client(db, "RES_A")
    await add_user(db, "81120347", "RES_A", whatsapp=PERSON, status=False)
    r = await chat.send(PERSON, "userrequest")
    assert "🔴 NONAKTIF" in r.text and "operator" in r.text
    r = await chat.send(PERSON, "ya")
    assert "Pilih field" not in r.text


async def test_second_instagram_and_tiktok_accounts_conv_98(chat, db):
    await seed(db)
    await chat.send(PERSON, "userrequest")
    r = await chat.send(PERSON, "ya")
    assert "5️⃣ Instagram\n6️⃣ TikTok\n7️⃣ Instagram Kedua\n8️⃣ TikTok Kedua" in r.text
    r = await chat.send(PERSON, "7")
    assert "📝 *Update Instagram Kedua*" in r.text and "Nilai saat ini: *-*" in r.text
    r = await chat.send(PERSON, "@budi.satu")
    assert "sudah dipakai personel lain" in r.text  # the same rule as the first slot (CONV-79)
    r = await chat.send(PERSON, "@Ani.Kedua")
    assert "Instagram Kedua untuk NRP/NIP 81120346 diperbarui menjadi *@ani.kedua*" in r.text
    assert "*Instagram Kedua*: @ani.kedua" in r.text  # shown in the identity block once filled
    assert (await one(db, "SELECT insta_2 FROM \"user\" WHERE user_id = '81120346'")).insta_2 == "ani.kedua"

    await chat.send(PERSON, "ya")
    await chat.send(PERSON, "5")
    r = await chat.send(PERSON, "ani.kedua")
    assert "Akun utama dan akun kedua harus berbeda" in r.text  # both slots of one person differ
    assert (await one(db, "SELECT insta FROM \"user\" WHERE user_id = '81120346'")).insta != "ani.kedua"
