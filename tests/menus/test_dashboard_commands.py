"""`approvedash#<username>` / `denydash#<username>` (CONV-181, API-80/81 decision over WhatsApp)."""

from __future__ import annotations

from tests.menus.conftest import ADMIN, OPERATOR, execute, one

DASH_PHONE = "6281100000077"


async def seed_account(db, username: str = "dash.budi", *, status: bool = False, whatsapp: str = DASH_PHONE):
    await execute(db, "INSERT INTO roles (role_name) VALUES ('operator') ON CONFLICT DO NOTHING")
    await execute(
        db,
        "INSERT INTO dashboard_user (username, password_hash, role_id, status, whatsapp)"
        " SELECT :u, 'x', role_id, :s, :w FROM roles WHERE role_name = 'operator'",
        u=username,
        s=status,
        w=whatsapp,
    )


async def test_approve_then_deny_a_dashboard_account_conv_181(chat, db):
    await seed_account(db)
    r = await chat.send(OPERATOR, "approvedash#dash.budi")
    assert r.code == "deny_admin"
    assert (await one(db, "SELECT status FROM dashboard_user")).status is False
    r = await chat.send(ADMIN, "approvedash#")
    assert r.code == "usage" and "approvedash#<username>" in r.text
    r = await chat.send(ADMIN, "approvedash#tidak.ada")
    assert r.code == "not_found"
    r = await chat.send(ADMIN, "ApproveDash#DASH.BUDI")
    assert r.code == "dashboard_approved"
    told = [m for m in r.messages if m.chat_id.startswith(DASH_PHONE)]
    assert told and "disetujui" in (told[0].text or "")
    assert (await one(db, "SELECT status FROM dashboard_user")).status is True
    audit = await one(db, "SELECT action, actor_id FROM audit_log WHERE target_type = 'dashboard_user'")
    assert (audit.action, audit.actor_id) == ("dashboard_user.approve", ADMIN)
    r = await chat.send(ADMIN, "approvedash#dash.budi")
    assert r.code == "unchanged"
    r = await chat.send(ADMIN, "denydash#dash.budi")
    assert r.code == "dashboard_denied"
    told = [m for m in r.messages if m.chat_id.startswith(DASH_PHONE)]
    assert told and "ditolak" in (told[0].text or "")
    assert (await one(db, "SELECT status FROM dashboard_user")).status is False


async def test_account_without_number_is_decided_and_admin_told_conv_181(chat, db):
    await seed_account(db, "dash.tanpa", whatsapp="")
    r = await chat.send(ADMIN, "approvedash#dash.tanpa")
    assert r.code == "dashboard_approved" and "tidak memiliki nomor WhatsApp" in r.text
    assert all(m.chat_id.startswith(ADMIN) for m in r.messages)
