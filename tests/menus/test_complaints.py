"""Complaint messages (CONV-200..208) and clientrequest → Response Komplain (CONV-155)."""

from __future__ import annotations

from menus.clientrequest.complaint import parse, topics
from tests.amplify.seed import add_client, add_post, add_user
from tests.clock import earlier_today
from tests.menus.conftest import ADMIN, OPERATOR, PERSON, STRANGER, execute, one

COMPLAINT = """Selamat pagi
*Pesan Komplain*
NRP : 81120346
Nama: ANI
Username IG: @ani.baru
Rincian Kendala:
- likes instagram tidak terbaca
- link amplifikasi
  belum masuk
"""


def test_parsing_conv_201():
    c = parse(COMPLAINT)
    assert c is not None
    assert c.fields["nrp"] == "81120346" and c.fields["instagram"] == "ani.baru"
    assert c.issues == ["Likes instagram tidak terbaca.", "Link amplifikasi belum masuk."]
    assert topics(c.issues) == {"instagram", "amplifikasi"}


async def seed(db):
    await add_client(db, "RES_A")
    await execute(db, "UPDATE clients SET client_operator = :o WHERE client_id = 'RES_A'", o=OPERATOR)
    await add_user(db, "81120346", "RES_A", whatsapp=PERSON, nama="ANI", insta="ani.lama")
    await add_post(db, "TaskOne1", "RES_A", at=earlier_today(10))


async def test_operator_complaint_check_and_confirmation_conv_204_208(chat, db):
    await seed(db)
    r = await chat.send(OPERATOR, COMPLAINT)
    assert r.code == "complaint_checked"
    assert "👤 *Data Pelapor*" in r.text and "*Rincian Kendala*" in r.text
    assert "USERNAME_MISMATCH" in r.text and "https://www.instagram.com/p/TaskOne1/" in r.text
    to_person = [m for m in r.messages if m.chat_id.startswith(PERSON)]
    assert to_person and "⚠️ *Konfirmasi Perubahan Username*" in to_person[0].text
    r = await chat.send(OPERATOR, COMPLAINT)
    assert r.code == "complaint_repeat"
    r = await chat.send(STRANGER, "ya konfirmasi ig")
    assert "diganti" not in r.text  # only the bound number may confirm
    r = await chat.send(PERSON, "ya konfirmasi ig")
    assert r.code == "updated"
    assert (await one(db, "SELECT insta FROM \"user\" WHERE user_id = '81120346'")).insta == "ani.baru"


async def test_scope_and_format_conv_200_202(chat, db):
    await seed(db)
    await add_user(db, "81120347", "RES_A", whatsapp="6281100000008", nama="LAIN")
    r = await chat.send("6281100000008", COMPLAINT)
    assert r.code == "deny_scope"  # personnel may complain only about their own NRP
    r = await chat.send(OPERATOR, "Pesan Komplain\nKendala: likes")
    assert r.code == "complaint_format"
    r = await chat.send(STRANGER, COMPLAINT)
    assert r.code == "register_first"


async def test_response_komplain_from_clientrequest_conv_155(chat, db):
    await seed(db)
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "3")
    r = await chat.send(ADMIN, "3")
    assert "Pesan Komplain" in r.text
    r = await chat.send(ADMIN, COMPLAINT)
    assert r.code == "complaint_checked" and "Ketik pesan tindak lanjut untuk personel ini" in r.text
    r = await chat.send(ADMIN, "back")
    assert "*Transfer & Laporan*" in r.text


async def test_admin_follow_up_after_response_komplain_conv_155(chat, db):
    await seed(db)
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "3")
    await chat.send(ADMIN, "3")
    await chat.send(ADMIN, COMPLAINT)
    r = await chat.send(ADMIN, "ok")
    assert r.code == "invalid_value" and "terlalu pendek" in r.text
    r = await chat.send(ADMIN, "Mohon ganti username IG lewat userrequest hari ini.")
    assert r.code == "follow_up_sent" and "*Transfer & Laporan*" in r.text
    to_person = [m.text or "" for m in r.messages if m.chat_id.startswith(PERSON)]
    assert to_person == [
        "📨 *Tindak Lanjut Komplain dari Admin*\nMohon ganti username IG lewat userrequest hari ini."
    ]

    await execute(
        db, """UPDATE "user" SET whatsapp = NULL, email = 'ani@contoh.go.id' WHERE user_id = '81120346'"""
    )
    await chat.send(ADMIN, "3")
    await chat.send(ADMIN, COMPLAINT.replace("tidak terbaca", "belum terbaca"))
    r = await chat.send(ADMIN, "Silakan cek email ini untuk langkah berikutnya.")
    assert r.code == "follow_up_sent" and "email ANI" in r.text
    mail = await one(db, "SELECT subject, body_text FROM email_outbox WHERE body_text LIKE 'Silakan%'")
    assert mail.subject == "Tindak Lanjut Laporan Cicero - ANI"

    await execute(db, """UPDATE "user" SET email = NULL WHERE user_id = '81120346'""")
    await chat.send(ADMIN, "3")
    await chat.send(ADMIN, COMPLAINT.replace("tidak terbaca", "masih tidak terbaca"))
    r = await chat.send(ADMIN, "Pesan ini tidak punya tujuan.")
    assert r.code == "no_channel" and "tidak punya nomor WhatsApp maupun email" in r.text


async def test_the_person_hears_of_a_complaint_made_by_someone_else_conv_209(chat, db):
    await seed(db)
    r = await chat.send(OPERATOR, COMPLAINT)
    to_person = [m.text or "" for m in r.messages if m.chat_id.startswith(PERSON)]
    summary = next(t for t in to_person if t.startswith("📋 *Tindak Lanjut Komplain*"))
    assert "Komplain atas nama ANI (81120346) sudah diperiksa." in summary
    assert (
        "*Diagnosis*" in summary and "USERNAME_MISMATCH" in summary and "*Langkah tindak lanjut*" in summary
    )
    assert "Data Pelapor" not in summary  # a summary, not the whole check

    r = await chat.send(PERSON, COMPLAINT.replace("tidak terbaca", "belum terbaca"))
    assert r.code == "complaint_checked"
    assert not [
        m for m in r.messages if (m.text or "").startswith("📋 *Tindak Lanjut Komplain*")
    ]  # own complaint


async def test_without_a_number_the_follow_up_goes_by_email_job_63(chat, db):
    await seed(db)
    await execute(
        db, """UPDATE "user" SET whatsapp = NULL, email = 'ani@contoh.go.id' WHERE user_id = '81120346'"""
    )
    r = await chat.send(OPERATOR, COMPLAINT)
    assert r.code == "complaint_checked"
    mail = await one(db, "SELECT to_address, subject, body_text, origin, status FROM email_outbox")
    assert (mail.to_address, mail.subject, mail.origin, mail.status) == (
        "ani@contoh.go.id", "Tindak Lanjut Laporan Cicero - ANI", "complaint", "pending"
    )  # fmt: skip
    assert "Hasil Pengecekan Komplain" in mail.body_text and "*" not in mail.body_text

    await execute(db, """UPDATE "user" SET email = NULL WHERE user_id = '81120346'""")
    await chat.send(OPERATOR, COMPLAINT.replace("tidak terbaca", "masih belum terbaca"))
    assert (await one(db, "SELECT COUNT(*) AS n FROM email_outbox")).n == 1  # no channel: nothing more queued
