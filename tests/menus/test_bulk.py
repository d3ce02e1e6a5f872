"""Bulk deactivation requests (CONV-220..225) and clientrequest → Penghapusan Massal (CONV-148)."""

from __future__ import annotations

from menus.clientrequest.bulk import parse_entries
from tests.amplify.seed import add_client, add_user
from tests.menus.conftest import ADMIN, OPERATOR, PERSON, execute, one

REQUEST = (
    "Permohonan Penghapusan Data Personil – POLRES ALPHA\n"
    "1. BUDI SANTOSO – 81120345 – mutasi\n"
    "2. pensiun (ANI) - 81120346\n"
    "Mohon dihapus juga NRP 71120001 (LAIN) karena meninggal dunia\n"
    "3. Tidak Ada - 99999999 - salah\n"
)


def test_entry_forms_conv_221():
    header, entries = parse_entries(REQUEST)
    assert header.endswith("POLRES ALPHA")
    assert [(e.nrp, e.name, e.reason) for e in entries] == [
        ("81120345", "BUDI SANTOSO", "mutasi"),
        ("81120346", "ANI", "pensiun"),
        ("71120001", "LAIN", "meninggal dunia"),
        ("99999999", "Tidak Ada", "salah"),
    ]


async def seed(db):
    await add_client(db, "RES_A")
    await add_client(db, "RES_B")
    await execute(db, "UPDATE clients SET client_operator = :o WHERE client_id = 'RES_A'", o=OPERATOR)
    await add_user(db, "81120345", "RES_A", nama="BUDI", whatsapp=PERSON)
    await add_user(db, "81120346", "RES_A", nama="ANI", roles=("operator", "ditbinmas"))
    await add_user(db, "71120001", "RES_B", nama="LAIN")


async def test_operator_preview_then_process_conv_222_225(chat, db):
    await seed(db)
    r = await chat.send(OPERATOR, REQUEST)
    assert r.code == "bulk_preview"
    assert "71120001 (LAIN) → di luar cakupan client Anda" in r.text and "99999999" in r.text
    assert (await one(db, "SELECT status FROM \"user\" WHERE user_id = '81120345'")).status is True
    r = await chat.send(OPERATOR, "ya")
    assert r.text.startswith("📄 *Permohonan Penghapusan Data Personil")
    assert "✅ Diproses (2 personel):" in r.text and "❌ Gagal (2 entri):" in r.text
    budi = await one(db, "SELECT status, whatsapp FROM \"user\" WHERE user_id = '81120345'")
    assert (budi.status, budi.whatsapp) == (False, "")
    assert (await one(db, "SELECT status FROM \"user\" WHERE user_id = '81120346'")).status is True


async def test_stranger_is_refused_conv_222(chat, db):
    await seed(db)
    r = await chat.send("6281199999999", REQUEST)
    assert r.code == "deny_admin"


async def test_admin_from_clientrequest_chooses_role_conv_148(chat, db):
    await seed(db)
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "1")
    r = await chat.send(ADMIN, "5")
    assert "Permohonan Penghapusan Data Personil" in r.text
    r = await chat.send(ADMIN, "1. ANI - 81120346 - mutasi")
    assert r.code == "bulk_preview"
    r = await chat.send(ADMIN, "ya")
    assert "Semua role (nonaktifkan)" in r.text
    r = await chat.send(ADMIN, "3")
    assert "✅ Diproses (1 personel):" in r.text and "*Manajemen Client & User*" in r.text
    assert (await one(db, "SELECT status FROM \"user\" WHERE user_id = '81120346'")).status is False
