"""`clientrequest` P2 items through the router (CONV-149 history, CONV-153, CONV-155, CONV-159)."""

from __future__ import annotations

from tests.amplify.seed import add_client, add_user
from tests.menus.conftest import ADMIN


async def test_username_attendance_per_platform_conv_153_ing_rep_29(chat, db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await add_user(db, "81120346", "RES_A", nama="ANI", insta="ani.ig", tiktok=None)
    await add_user(db, "81120347", "RES_A", nama="BUDI", insta=None, tiktok="budi.tt", divisi="SAT LANTAS")
    await chat.send(ADMIN, "clientrequest")
    await chat.send(ADMIN, "2")
    r = await chat.send(ADMIN, "3")
    assert "*Pilih client:*" in r.text and "RES_A" in r.text
    r = await chat.send(ADMIN, "RES_A")
    assert "1. Semua" in r.text
    r = await chat.send(ADMIN, "semua dong")
    assert r.code == "invalid_choice" and "1–3" in r.text
    r = await chat.send(ADMIN, "1")
    assert "*Absensi Username Instagram*" in r.text and "Sudah: 1 · Belum: 1" in r.text
    assert "• *SAT BINMAS* (1)" in r.text and "  1. ANI (81120346) @ani.ig" in r.text
    assert "─" in r.text and "  1. BUDI (81120347) -" in r.text
    assert "*Operasional Media Sosial*" in r.text
    await chat.send(ADMIN, "4")
    await chat.send(ADMIN, "1")
    r = await chat.send(ADMIN, "2")
    assert "*Absensi Username TikTok*" in r.text and "BUDI (81120347) @budi.tt" in r.text
    assert "ANI" not in r.text
