"""Monitoring options of dirrequest (issue 24): DIR-11 dashboard web logins, DIR-30..35/44/45 Kasatker."""

from __future__ import annotations

from datetime import timedelta

from core.timewindow import now_utc, utc_naive
from tests.dirrequest.conftest import ADMIN, add_dashboard_user, execute, fetch
from tests.dirrequest.test_report_options import assert_menu_last, main_menu


async def _login(db, whatsapp: str, *, source: str = "web", days_ago: int = 0) -> None:
    # login_log.logged_at defaults to the real clock; tests stamp business time (CICERO_NOW).
    at = utc_naive(now_utc()) - timedelta(days=days_ago)
    rows = await fetch(
        db, "SELECT dashboard_user_id::text AS id FROM dashboard_user WHERE whatsapp = :w", w=whatsapp
    )
    await execute(
        db,
        "INSERT INTO login_log (actor_id, login_type, login_source, logged_at) VALUES (:a, 'operator', :s, :t)",
        a=rows[0]["id"], s=source, t=at,
    )  # fmt: skip


async def test_option_11_counts_role_users_and_todays_web_logins_dir_11(chat, seeded):
    await add_dashboard_user(seeded, "6281200000001", "ditsamapta", ["DITSAMAPTA"])
    await add_dashboard_user(seeded, "6281200000002", "ditsamapta", ["POLRES_A"])  # any linked client
    await add_dashboard_user(seeded, "6281200000003", "ditsamapta", ["DITSAMAPTA"], status=False)
    await add_dashboard_user(seeded, "6281200000004", "ditlantas", ["DITSAMAPTA"])  # other role
    await _login(seeded, "6281200000001")
    await _login(seeded, "6281200000001")  # two logins, one user
    await _login(seeded, "6281200000002", days_ago=1)  # yesterday: not today's attendance
    await _login(seeded, "6281200000003")  # inactive account
    await _login(seeded, "6281200000004")  # another role
    await main_menu(chat)
    reply = await chat.send(ADMIN, "11")
    text = reply.texts[0]
    assert text.startswith("📋 Rekap Registrasi User dashboard Cicero DIREKTORAT SAMAPTA :")
    assert "Jam: " in text and " WIB" in text
    assert "Role filter: DITSAMAPTA" in text
    assert "Absensi Registrasi User Direktorat :" in text
    assert "DIREKTORAT SAMAPTA : 2 Direktorat (1 absensi web)" in text
    assert "bukan berdasarkan client" in text
    assert_menu_last(reply)


async def test_option_11_zero_users_is_a_result_and_missing_role_is_one_line_dir_11(chat, seeded):
    await execute(seeded, "INSERT INTO roles (role_name) VALUES ('ditlantas') ON CONFLICT DO NOTHING")
    await chat.send(ADMIN, "dirrequest")
    reply = await chat.send(ADMIN, "1")  # DITLANTAS
    reply = await chat.send(ADMIN, "11")
    assert "DIREKTORAT LALU LINTAS : 0 Direktorat (0 absensi web)" in reply.texts[0]
    await execute(
        seeded,
        "DELETE FROM user_roles WHERE role_id IN (SELECT role_id FROM roles WHERE role_name = 'ditsamapta')",
    )
    await execute(seeded, "DELETE FROM roles WHERE role_name = 'ditsamapta'")
    await chat.send(ADMIN, "0")
    await main_menu(chat)
    reply = await chat.send(ADMIN, "11")
    assert reply.texts[0] == "❌ Role dashboard untuk DITSAMAPTA belum dikonfigurasi."
    assert_menu_last(reply)
