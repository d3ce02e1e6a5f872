"""clientrequest → Transfer User → `Dari Folder user_data` (CONV-155 P2): the JSON files of
`<CICERO_DATA_DIR>/user_data/<CLIENT_ID>/`, one preview and one result line per file."""

from __future__ import annotations

import json

import pytest

from tests.amplify.seed import add_client, add_user
from tests.menus.conftest import ADMIN, one


@pytest.fixture
def menu_settings(fake_rapidapi, tmp_path):
    return fake_rapidapi.settings(admin_whatsapp=ADMIN, wa_inbound_max_age_s=10**9, cicero_data_dir=tmp_path)


async def _open_folder_import(chat):
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "3")
    r = await chat.send(ADMIN, "1")
    assert "Dari Folder user_data" in r.text
    r = await chat.send(ADMIN, "1")
    assert "*Pilih client:*" in r.text
    return await chat.send(ADMIN, "RES_A")


async def test_each_json_file_is_previewed_then_applied_with_its_own_result(chat, db, menu_settings):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await add_user(db, "81120346", "RES_A", nama="ANI")
    folder = menu_settings.cicero_data_dir / "user_data" / "RES_A"
    folder.mkdir(parents=True)
    (folder / "a_satbinmas.json").write_text(
        json.dumps([
            {"nrp": "81120347", "nama": "BUDI", "pangkat": "BRIPDA", "satfung": "SAT BINMAS"},
            {"nrp": "81120346", "nama": "ANI", "instagram": "@Ani.IG"},
            {"nrp": "", "nama": "TANPA NRP"},
        ])
    )  # fmt: skip
    (folder / "b_lantas.json").write_text(
        json.dumps({"users": [{"user_id": "81120348", "nama": "CICI", "roles": ["operator"]}]})
    )
    (folder / "c_rusak.json").write_text("{ini bukan json")
    (folder / "catatan.txt").write_text("bukan file import")

    r = await _open_folder_import(chat)
    assert r.code == "import_preview"
    assert "📄 a_satbinmas.json: 3 baris — ✅ Baru 1 · 🔄 Diperbarui 1 · ❌ Gagal 1" in r.text
    assert "📄 b_lantas.json: 1 baris — ✅ Baru 1" in r.text
    assert "📄 c_rusak.json: ❌ File JSON tidak dapat dibaca." in r.text and "catatan.txt" not in r.text
    assert (await one(db, 'SELECT COUNT(*) AS n FROM "user"')).n == 1  # nothing written before ya

    r = await chat.send(ADMIN, "simpan")
    assert r.code == "invalid_choice"
    r = await chat.send(ADMIN, "ya")
    assert r.code == "import_done" and "*Hasil import folder* — RES_A" in r.text
    assert "📄 a_satbinmas.json: ✅ Baru 1 · 🔄 Diperbarui 1 · ❌ Gagal 1" in r.text
    assert "*Transfer User*" in r.text
    budi = await one(db, """SELECT client_id, title, divisi FROM "user" WHERE user_id = '81120347'""")
    assert (budi.client_id, budi.title, budi.divisi) == ("RES_A", "BRIPDA", "SAT BINMAS")
    assert (await one(db, """SELECT insta FROM "user" WHERE user_id = '81120346'""")).insta == "ani.ig"
    assert (await one(db, """SELECT COUNT(*) AS n FROM "user" WHERE user_id = '81120348'""")).n == 1
    logs = await one(
        db, "SELECT COUNT(*) AS n, string_agg(source, ',' ORDER BY source) AS s FROM user_import_log"
    )
    assert (logs.n, logs.s) == (2, "file:a_satbinmas.json,file:b_lantas.json")  # JOB-91: one row per file


async def test_an_empty_or_missing_folder_says_where_it_looked(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    r = await _open_folder_import(chat)
    assert r.code == "empty" and "user_data/RES_A/" in r.text
