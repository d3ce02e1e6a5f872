"""Access requests (CONV-46) and their admin commands `approveaccess#` / `rejectaccess#` (CONV-181)."""

from __future__ import annotations

from tests.amplify.seed import add_client
from tests.menus.conftest import ADMIN, OPERATOR, STRANGER, execute, one


async def test_refused_number_requests_operator_access_and_admin_approves_conv_46(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await add_client(db, "RES_B", "POLRES BETA")
    await execute(db, "UPDATE clients SET client_operator = :o WHERE client_id = 'RES_A'", o=OPERATOR)
    r = await chat.send(STRANGER, "oprrequest")
    assert r.code == "deny_operator_menu" and r.texts[0].startswith("❌")
    assert "ajukan" in r.text
    r = await chat.send(STRANGER, "Ajukan")
    assert "1. Operator" in r.text and "2. Super Admin" in r.text
    r = await chat.send(STRANGER, "1")
    assert "*Pilih client:*" in r.text and "1. RES_A - POLRES ALPHA" in r.text
    r = await chat.send(STRANGER, "1")
    assert r.code == "access_requested" and "POLRES ALPHA" in r.text
    req = await one(db, "SELECT request_id, phone, requested_role, client_id, status FROM access_request")
    assert (req.phone, req.requested_role, req.client_id, req.status) == (
        STRANGER,
        "operator",
        "RES_A",
        "pending",
    )
    to_admin = [m for m in r.messages if m.chat_id.startswith(ADMIN)]
    assert to_admin and f"approveaccess#{req.request_id}" in (to_admin[0].text or "")
    assert STRANGER in (to_admin[0].text or "")

    # One pending request per number, client and role.
    await chat.send(STRANGER, "oprrequest")
    await chat.send(STRANGER, "ajukan")
    await chat.send(STRANGER, "operator")
    r = await chat.send(STRANGER, "res_a")
    assert r.code == "already_pending" and f"#{req.request_id}" in r.text

    r = await chat.send(OPERATOR, f"approveaccess#{req.request_id}")
    assert r.code == "deny_admin"
    r = await chat.send(ADMIN, "approveaccess#abc")
    assert r.code == "usage"
    r = await chat.send(ADMIN, f"approveaccess#{req.request_id}")
    assert r.code == "access_approved"
    told = [m for m in r.messages if m.chat_id.startswith(STRANGER)]
    assert told and "disetujui" in (told[0].text or "")
    client = await one(db, "SELECT client_operator FROM clients WHERE client_id = 'RES_A'")
    assert OPERATOR in client.client_operator and STRANGER in client.client_operator  # appended
    row = await one(
        db, "SELECT status, decided_by FROM access_request WHERE request_id = :i", i=req.request_id
    )
    assert (row.status, row.decided_by) == ("approved", ADMIN)
    audit = await one(db, "SELECT action FROM audit_log WHERE target_id = 'RES_A' AND actor_id = :a", a=ADMIN)
    assert audit.action == "client.update"
    r = await chat.send(ADMIN, f"approveaccess#{req.request_id}")
    assert r.code == "already_decided"
    r = await chat.send(STRANGER, "oprrequest")
    assert "MENU OPERATOR CICERO" in r.text


async def test_bad_answers_keep_the_step_and_write_nothing_conv_46(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await chat.send(STRANGER, "oprrequest")
    r = await chat.send(STRANGER, "tolong")
    assert r.code == "invalid_choice" and "ajukan" in r.text
    await chat.send(STRANGER, "ajukan")
    r = await chat.send(STRANGER, "3")
    assert r.code == "invalid_choice" and "1–2" in r.text
    await chat.send(STRANGER, "1")
    r = await chat.send(STRANGER, "RES_Z")
    assert r.code == "invalid_choice" and "1–1" in r.text
    assert await one(db, "SELECT 1 FROM access_request") is None  # nothing half-written
    r = await chat.send(STRANGER, "batal")
    assert await one(db, "SELECT 1 FROM access_request") is None


async def test_admin_rejects_a_super_admin_request_conv_46(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await chat.send(STRANGER, "oprrequest")
    await chat.send(STRANGER, "ajukan")
    await chat.send(STRANGER, "2")
    await chat.send(STRANGER, "1")
    req = await one(db, "SELECT request_id, requested_role FROM access_request")
    assert req.requested_role == "super_admin"
    r = await chat.send(ADMIN, f"rejectaccess#{req.request_id}#bukan personel satuan ini")
    assert r.code == "access_rejected"
    told = [m for m in r.messages if m.chat_id.startswith(STRANGER)]
    assert "ditolak" in (told[0].text or "") and "bukan personel satuan ini" in (told[0].text or "")
    assert (await one(db, "SELECT client_super FROM clients WHERE client_id = 'RES_A'")).client_super in (
        None,
        "",
    )
    assert (await one(db, "SELECT status FROM access_request")).status == "rejected"
    r = await chat.send(ADMIN, "rejectaccess#999999")
    assert r.code == "not_found"


async def test_no_offer_in_groups_conv_46(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    r = await chat.send(STRANGER, "oprrequest", group="120363000000000001@g.us")
    assert "ajukan" not in r.text
