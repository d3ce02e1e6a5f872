"""User import from a CSV/XLSX document and a Google Sheet (JOB-80..90, CONV-155, importuser#)."""

from __future__ import annotations

import io

import httpx
from openpyxl import Workbook

from core.imports.users import ImportRefused, download_sheet, parse_file, sheet_export_url
from tests.amplify.seed import add_client, add_user
from tests.menus.conftest import ADMIN, OPERATOR, PERSON, execute, one

CSV = (
    b"NRP;Nama;Pangkat;Satfung;WA;Instagram\n"
    b"81120345;Budi Santoso;Briptu;Sat Binmas;0812-1111-2222;@Budi.Satu\n"
    b"81 120 346;Ani;Bripda;;;\n"
    b"81120345;Dobel;;;;\n"
    b"abc;Salah;;;;\n"
)


async def test_operator_imports_csv_document_by_caption_job_90(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await execute(db, "UPDATE clients SET client_operator = :o WHERE client_id = 'RES_A'", o=OPERATOR)
    await add_user(db, "81120346", "RES_A", nama="ANI LAMA", whatsapp=PERSON, insta="ani.lama")
    r = await chat.send(OPERATOR, "importuser#", document=("personel.csv", CSV))
    assert "*Pratinjau import user*" in r.text and "✅ Baru: 1" in r.text and "❌ Gagal: 2" in r.text
    assert await one(db, "SELECT 1 FROM \"user\" WHERE user_id = '81120345'") is None  # nothing before `ya`
    r = await chat.send(OPERATOR, "ya")
    assert "*Hasil import user*" in r.text and "duplikat baris 1" in r.text
    new = await one(
        db, "SELECT nama, title, divisi, whatsapp, insta, client_id FROM \"user\" WHERE user_id = '81120345'"
    )
    assert tuple(new) == ("BUDI SANTOSO", "BRIPTU", "SAT BINMAS", "6281211112222", "budi.satu", "RES_A")
    old = await one(db, "SELECT nama, whatsapp, insta FROM \"user\" WHERE user_id = '81120346'")
    assert tuple(old) == ("ANI", PERSON, "ani.lama")  # only provided fields change (JOB-85)


async def test_import_out_of_scope_and_wrong_format_job_80(chat, db):
    await add_client(db, "RES_A")
    await add_client(db, "RES_B")
    await execute(db, "UPDATE clients SET client_operator = :o WHERE client_id = 'RES_A'", o=OPERATOR)
    r = await chat.send(OPERATOR, "importuser#RES_B", document=("p.csv", CSV))
    assert r.code == "deny_scope"
    r = await chat.send(ADMIN, "importuser#RES_A", document=("p.xls", b"xx"))
    assert ".xlsx" in r.text


async def test_clientrequest_transfer_from_xlsx_file_conv_155(chat, db):
    await add_client(db, "RES_A")
    wb = Workbook()
    ws = wb.active
    ws.append(["user_id", "nama", "jabatan", "kolom_aneh"])
    ws.append([81120777, "Citra", "Banit", "x"])
    buf = io.BytesIO()
    wb.save(buf)
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "3")
    await chat.send(ADMIN, "1")
    await chat.send(ADMIN, "3")
    await chat.send(ADMIN, "RES_A")
    r = await chat.send(ADMIN, "", document=("data.xlsx", buf.getvalue()))
    assert "✅ Baru: 1" in r.text
    r = await chat.send(ADMIN, "mungkin")
    assert r.text.startswith("❌")
    r = await chat.send(ADMIN, "ya")
    assert "🎉 Semua user berhasil ditransfer!" in r.text and "Kolom diabaikan: kolom_aneh" in r.text
    assert "*Transfer & Laporan*" in r.text
    role = await one(
        db, "SELECT r.role_name FROM user_roles ur JOIN roles r USING (role_id) WHERE user_id = '81120777'"
    )
    assert role.role_name == "operator"


async def test_google_sheet_access_rules_job_81():
    assert sheet_export_url("https://docs.google.com/spreadsheets/d/AbC_1/edit#gid=42").endswith("gid=42")

    def handler(request: httpx.Request) -> httpx.Response:
        if "PRIVATE" in str(request.url):
            return httpx.Response(200, headers={"content-type": "text/html"}, text="<html>login</html>")
        return httpx.Response(200, headers={"content-type": "text/csv"}, text="nrp,nama\n81120345,Budi\n")

    transport = httpx.MockTransport(handler)
    table = await download_sheet("https://docs.google.com/spreadsheets/d/OPEN/edit", transport=transport)
    assert table.rows == [["81120345", "Budi"]]
    try:
        await download_sheet("https://docs.google.com/spreadsheets/d/PRIVATE/edit", transport=transport)
    except ImportRefused as exc:
        assert exc.message.startswith("❌ Sheet tidak bisa diakses:\n")
    else:  # pragma: no cover
        raise AssertionError("private sheet accepted")


def test_missing_required_headers_are_named_job_83():
    table = parse_file("a.csv", b"nama,jabatan\nBudi,Banit\n")
    from core.imports.users import map_columns

    try:
        map_columns(table.header)
    except ImportRefused as exc:
        assert "nama, jabatan" in exc.message
