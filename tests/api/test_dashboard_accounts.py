"""Accounts made outside WhatsApp, as people use them (issue 25, P2 endpoints): a dashboard user
registers (API-80) and waits; an admin approves or rejects over REST (API-81) or WhatsApp
(`approvedash#`/`denydash#`, the same decision); a forgotten dashboard password is reset through a
WhatsApp link (API-82); personnel register themselves only when AUTH_USER_SELF_REGISTER is on (API-83).
Bad input gets a 4xx with the spec's message and leaves no row, outbox message or session change."""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.api.app import create_app
from core.accounts.dashboard_password_reset import reset_link
from core.app import AppContext
from core.email import EmailSender
from tests.api.conftest import ADMIN_PHONE, OPERATOR_PHONE, PASSWORD, bearer, table_mx
from tests.menus.conftest import chat, menu_settings  # noqa: F401 - fixtures re-used here

NEW_PHONE = "6281234567001"
REGISTER = {
    "username": "operator.baru",
    "password": "sandi-baru-yang-kuat",
    "whatsapp": "0812-3456-7001",
    "client_ids": ["polres_a"],
}
RESET_PREFIXES = ("/api/auth/dashboard-password-reset", "/api/auth/password-reset", "/api/password-reset")


async def _rows(api_ctx: AppContext, sql: str, **params) -> list:
    async with api_ctx.db.uow() as uow:
        return list(await uow.execute(sql, params))


async def _execute(api_ctx: AppContext, sql: str, **params) -> None:
    async with api_ctx.db.uow() as uow:
        await uow.execute(sql, params)
        await uow.commit()


async def _outbox(api_ctx: AppContext, phone: str, contains: str = "") -> list[str]:
    found = await _rows(
        api_ctx,
        "SELECT body FROM wa_outbox WHERE chat_id = :c ORDER BY outbox_id",
        c=f"{phone}@s.whatsapp.net",
    )
    return [r.body for r in found if contains in (r.body or "")]


async def _login(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    res = await client.post("/api/auth/dashboard-login", json={"username": username, "password": password})
    client.cookies.clear()
    return res


# --- API-80 / API-81 ------------------------------------------------------------------------------


async def test_register_wait_approve_reject_walk(client, world, api_ctx) -> None:
    res = await client.post("/api/auth/dashboard-register", json=REGISTER)
    assert res.status_code == 201, res.text
    body = res.json()
    assert body["success"] is True and body["status"] is False
    new_id = body["dashboard_user_id"]
    (row,) = await _rows(
        api_ctx, "SELECT status, whatsapp, password_hash FROM dashboard_user WHERE dashboard_user_id = CAST(:i AS UUID)",
        i=new_id,
    )  # fmt: skip
    assert row.status is False and row.whatsapp == NEW_PHONE and row.password_hash.startswith("$argon2id$")
    mapped = await _rows(
        api_ctx,
        "SELECT client_id FROM dashboard_user_clients WHERE dashboard_user_id = CAST(:i AS UUID)",
        i=new_id,
    )
    assert [m.client_id for m in mapped] == ["POLRES_A"]
    (notice,) = await _outbox(api_ctx, ADMIN_PHONE, "Permintaan User Approval")
    for part in ("operator.baru", new_id, "operator", NEW_PHONE, "POLRES_A", "approvedash#operator.baru",
                 "denydash#operator.baru"):  # fmt: skip
        assert part in notice, part
    assert len(await _outbox(api_ctx, NEW_PHONE, "menunggu persetujuan admin")) == 1
    waiting = await _login(client, "operator.baru", REGISTER["password"])
    assert waiting.status_code == 403 and waiting.json()["message"] == "Akun belum disetujui"

    tokens = world["tokens"]
    url = f"/api/dashboard/users/{new_id}"
    for who in ("operator", "directorate", "viewer", "client", "personnel"):
        res = await client.put(f"{url}/approve", headers=bearer(tokens[who]))
        assert res.status_code == 403, (who, res.text)
    assert (await client.put(f"{url}/approve")).status_code == 401
    assert (await _rows(api_ctx, "SELECT status FROM dashboard_user WHERE username = 'operator.baru'"))[
        0
    ].status is False

    res = await client.put(f"{url}/approve", headers=bearer(tokens["admin"]))
    assert res.status_code == 200, res.text
    data = res.json()["data"]
    assert data["status"] is True and data["client_ids"] == ["POLRES_A"] and data["role"] == "operator"
    assert "password_hash" not in data and "$argon2" not in res.text
    assert len(await _outbox(api_ctx, NEW_PHONE, "disetujui")) == 1
    # Approving again changes nothing and tells nobody again.
    assert (await client.put(f"{url}/approve", headers=bearer(tokens["admin"]))).status_code == 200
    assert len(await _outbox(api_ctx, NEW_PHONE, "disetujui")) == 1
    login = await _login(client, "operator.baru", REGISTER["password"])
    assert login.status_code == 200, login.text
    session = bearer(login.json()["token"])
    assert (await client.get("/api/auth/me", headers=session)).status_code == 200

    res = await client.put(f"{url}/reject", headers=bearer(tokens["admin"]))
    assert res.status_code == 200 and res.json()["data"]["status"] is False
    assert len(await _outbox(api_ctx, NEW_PHONE, "ditolak")) == 1
    assert (await client.get("/api/auth/me", headers=session)).status_code == 401  # sessions ended
    audits = await _rows(
        api_ctx, "SELECT action, actor_kind FROM audit_log WHERE target_id = :i ORDER BY audit_id", i=new_id
    )
    assert [(a.action, a.actor_kind) for a in audits] == [
        ("dashboard_user.register", "public"),
        ("dashboard_user.approve", "admin"),
        ("dashboard_user.reject", "admin"),
    ]
    for missing in ("00000000-0000-4000-8000-000000000000", "bukan-uuid"):
        res = await client.put(f"/api/dashboard/users/{missing}/approve", headers=bearer(tokens["admin"]))
        assert res.status_code == 404 and res.json()["message"] == "User not found", missing


async def test_whatsapp_and_rest_are_one_decision(client, world, chat, api_ctx) -> None:  # noqa: F811
    """approvedash# then the REST approve: the second finds it already active and tells nobody."""
    res = await client.post("/api/auth/dashboard-register", json={**REGISTER, "username": "Pemantau.Baru",
                                                                 "role": "PEMANTAU", "client_ids": []})  # fmt: skip
    assert res.status_code == 201, res.text
    new_id = res.json()["dashboard_user_id"]
    reply = await chat.send(ADMIN_PHONE, "approvedash#pemantau.baru")
    assert reply.code == "dashboard_approved", reply.text
    res = await client.put(f"/api/dashboard/users/{new_id}/approve", headers=bearer(world["tokens"]["admin"]))
    assert res.status_code == 200 and res.json()["data"]["status"] is True
    assert len(await _outbox(api_ctx, NEW_PHONE, "disetujui")) == 1
    res = await client.put(f"/api/dashboard/users/{new_id}/reject", headers=bearer(world["tokens"]["admin"]))
    assert res.status_code == 200
    assert (await chat.send(ADMIN_PHONE, "denydash#pemantau.baru")).code == "unchanged"
    assert len(await _outbox(api_ctx, NEW_PHONE, "ditolak")) == 1


REGISTER_REFUSALS = [
    ({"username": "operator.baru", "password": "x" * 10}, "username, password, dan whatsapp wajib diisi"),
    ({**REGISTER, "whatsapp": "123"}, "whatsapp tidak valid"),
    ({**REGISTER, "username": "ab"}, "username tidak valid"),
    ({**REGISTER, "username": "nama dengan spasi"}, "username tidak valid"),
    ({**REGISTER, "username": {"a": 1}}, "username tidak valid"),
    ({**REGISTER, "password": "pendek"}, "password minimal 8 karakter"),
    ({**REGISTER, "password": "p" * 129}, "password maksimal 128 karakter"),
    ({**REGISTER, "password": "OPERATOR.BARU"}, "password tidak boleh sama dengan username"),
    ({**REGISTER, "password": ["daftar", "kata"]}, "password tidak valid"),
    ({**REGISTER, "username": "ADMIN.UJI"}, "username sudah terpakai"),
    ({**REGISTER, "role_id": 99999}, "role_id tidak valid"),
    ({**REGISTER, "role_id": "satu"}, "role_id tidak valid"),
    ({**REGISTER, "role": "admin"}, "role tidak valid"),
    ({**REGISTER, "role": "Admin"}, "role tidak valid"),
    ({**REGISTER, "role": "tidak-ada"}, "role tidak valid"),
    ({**REGISTER, "client_ids": ["POLRES_A", "POLRES_X"]}, "client tidak ditemukan: POLRES_X"),
    ({**REGISTER, "client_ids": {"POLRES_A": 1}}, "client_ids tidak valid"),
    ({**REGISTER, "client_ids": [None]}, "client_ids tidak valid"),
    ({**REGISTER, "client_ids": []}, "minimal satu client harus dipilih"),
]


async def test_register_refusals_write_nothing(client, world, api_ctx) -> None:
    (admin_role,) = await _rows(api_ctx, "SELECT role_id FROM roles WHERE role_name = 'admin'")
    cases = [*REGISTER_REFUSALS, ({**REGISTER, "role_id": admin_role.role_id}, "role_id tidak valid")]
    before = len(await _rows(api_ctx, "SELECT 1 FROM dashboard_user"))
    for body, message in cases:
        res = await client.post("/api/auth/dashboard-register", json=body)
        assert (res.status_code, res.json()["message"]) == (400, message), (body, res.text)
    assert len(await _rows(api_ctx, "SELECT 1 FROM dashboard_user")) == before
    assert await _outbox(api_ctx, ADMIN_PHONE, "Permintaan User Approval") == []
    assert await _outbox(api_ctx, NEW_PHONE) == []
    # `client_id` alone, a role by id and a directorate role are fine.
    (binmas,) = await _rows(api_ctx, "SELECT role_id FROM roles WHERE role_name = 'ditbinmas'")
    res = await client.post("/api/auth/dashboard-register", json={**REGISTER, "client_ids": None,
                                                                 "client_id": "ditbinmas", "role_id": binmas.role_id})  # fmt: skip
    assert res.status_code == 201, res.text


async def test_two_registrations_of_one_name_make_one_account(client, world, api_ctx) -> None:
    first, second = await asyncio.gather(
        client.post("/api/auth/dashboard-register", json=REGISTER),
        client.post("/api/auth/dashboard-register", json={**REGISTER, "username": "OPERATOR.BARU"}),
    )
    assert sorted([first.status_code, second.status_code]) == [201, 400]
    assert (
        len(await _rows(api_ctx, "SELECT 1 FROM dashboard_user WHERE LOWER(username) = 'operator.baru'")) == 1
    )


# --- API-82 ---------------------------------------------------------------------------------------

RESET_PHONE = "6281555000001"


async def _reset_token(api_ctx: AppContext) -> str:
    body = (await _outbox(api_ctx, RESET_PHONE, "Reset Password Dashboard"))[-1]
    found = re.search(r"/reset-password\?token=([A-Za-z0-9_-]+)\n", body)
    assert found, body
    assert f"\n{found.group(1)}\n" in body  # the token on its own line, for copying
    return found.group(1)


@pytest.mark.parametrize("prefix", RESET_PREFIXES)
async def test_password_reset_walk(client, world, api_ctx, prefix) -> None:
    await _execute(
        api_ctx, "UPDATE dashboard_user SET whatsapp = :w WHERE username = 'operator.a'", w=RESET_PHONE
    )
    old_session = bearer(world["tokens"]["operator"])
    res = await client.post(f"{prefix}/request", json={"username": "Operator.A", "contact": "0815-5500-0001"})
    assert res.status_code == 200, res.text
    assert res.json() == {
        "success": True,
        "message": "Jika data cocok, instruksi reset password dikirim melalui WhatsApp.",
    }
    token = await _reset_token(api_ctx)
    (message,) = await _outbox(api_ctx, RESET_PHONE, "Reset Password Dashboard")
    assert f"https://papiqo.com/reset-password?token={token}" in message
    assert "operator.a" in message and "15 menit" in message
    (stored,) = await _rows(
        api_ctx, "SELECT reset_token, delivery_target, used_at FROM dashboard_password_resets"
    )
    assert (
        stored.reset_token == hashlib.sha256(token.encode()).hexdigest() and token not in stored.reset_token
    )
    assert (stored.delivery_target, stored.used_at) == ("0815-5500-0001", None)

    confirm = f"{prefix}/confirm"
    new = "sandi-pengganti-99"
    for body, message in (
        ({"token": token, "password": new}, "token, password, dan konfirmasi wajib diisi"),
        ({"token": token, "password": new, "confirmPassword": new + "x"}, "konfirmasi password tidak cocok"),
        ({"token": token, "password": "pendek", "confirmPassword": "pendek"}, "password minimal 8 karakter"),
        ({"token": token, "password": "OPERATOR.A", "confirmPassword": "OPERATOR.A"},
         "password tidak boleh sama dengan username"),
        ({"token": "x" + token, "password": new, "confirmPassword": new}, "token reset tidak valid atau sudah kedaluwarsa"),
    ):  # fmt: skip
        res = await client.post(confirm, json=body)
        assert (res.status_code, res.json()["message"]) == (400, message), body
        assert "data" not in res.json()
    assert (await _login(client, "operator.a", PASSWORD)).status_code == 200  # nothing changed so far
    assert (await client.get("/api/auth/me", headers=old_session)).status_code == 200

    res = await client.post(confirm, json={"token": token, "password": new, "password_confirmation": new})
    assert res.status_code == 200, res.text
    assert res.json() == {"success": True, "message": "Password berhasil diperbarui. Silakan login kembali."}
    assert (await _login(client, "operator.a", PASSWORD)).status_code == 401
    assert (await _login(client, "operator.a", new)).status_code == 200
    assert (await client.get("/api/auth/me", headers=old_session)).status_code == 401  # sessions ended
    again = await client.post(
        confirm, json={"token": token, "password": new + "2", "confirmPassword": new + "2"}
    )
    assert (
        again.status_code == 400
        and again.json()["message"] == "token reset tidak valid atau sudah kedaluwarsa"
    )
    (row,) = await _rows(
        api_ctx, "SELECT password_changed_at FROM dashboard_user WHERE username = 'operator.a'"
    )
    assert row.password_changed_at is not None
    actions = [r.action for r in await _rows(api_ctx, "SELECT action FROM audit_log ORDER BY audit_id")]
    assert actions == ["dashboard_user.password_reset_request", "dashboard_user.password_reset"]


async def test_reset_request_reveals_nothing(client, world, api_ctx) -> None:
    await _execute(
        api_ctx, "UPDATE dashboard_user SET whatsapp = :w WHERE username = 'operator.a'", w=RESET_PHONE
    )
    await _execute(api_ctx, "UPDATE dashboard_user SET whatsapp = :w, status = FALSE WHERE username = 'pemantau.a'",
                   w="6281555000002")  # fmt: skip
    url = "/api/password-reset/request"
    same = {"success": True, "message": "Jika data cocok, instruksi reset password dikirim melalui WhatsApp."}
    for body in (
        {"username": "tidak.ada", "contact": RESET_PHONE},
        {"username": "operator.a", "contact": "081555000009"},  # another number than the stored one
        {"username": "pemantau.a", "contact": "6281555000002"},  # account not active
    ):
        res = await client.post(url, json=body)
        assert (res.status_code, res.json()) == (200, same), body
    assert await _rows(api_ctx, "SELECT 1 FROM dashboard_password_resets") == []
    assert await _outbox(api_ctx, RESET_PHONE) == [] and await _outbox(api_ctx, "6281555000002") == []
    for body, message in (
        ({"username": "operator.a"}, "username dan kontak wajib diisi"),
        ({"contact": RESET_PHONE}, "username dan kontak wajib diisi"),
        ({"username": "operator.a", "contact": "12ab"}, "kontak whatsapp tidak valid"),
        ({"username": ["operator.a"], "contact": RESET_PHONE}, "username dan kontak wajib diisi"),
    ):
        res = await client.post(url, json=body)
        assert (res.status_code, res.json()["message"]) == (400, message), body


async def test_reset_tokens_expire_and_a_new_request_spends_the_old(client, world, api_ctx) -> None:
    await _execute(
        api_ctx, "UPDATE dashboard_user SET whatsapp = :w WHERE username = 'operator.a'", w=RESET_PHONE
    )
    body = {"username": "operator.a", "contact": RESET_PHONE}
    await client.post("/api/password-reset/request", json=body)
    first = await _reset_token(api_ctx)
    await client.post("/api/password-reset/request", json=body)
    second = await _reset_token(api_ctx)
    assert first != second
    new = {"password": "sandi-pengganti-99", "confirmPassword": "sandi-pengganti-99"}
    res = await client.post("/api/password-reset/confirm", json={"token": first, **new})
    assert res.status_code == 400  # spent by the second request
    await _execute(api_ctx, "UPDATE dashboard_password_resets SET expires_at = NOW() - INTERVAL '1 minute'")
    res = await client.post("/api/password-reset/confirm", json={"token": second, **new})
    assert (
        res.status_code == 400 and res.json()["message"] == "token reset tidak valid atau sudah kedaluwarsa"
    )
    assert (await _login(client, "operator.a", PASSWORD)).status_code == 200


async def test_reset_requests_are_rate_limited(client, world, api_ctx) -> None:
    """API-17 `reset_req`: 3 per username per hour (RESET_LIMIT_PER_USER_HOUR), then 429 with retry_after."""
    for _ in range(api_ctx.settings.reset_limit_per_user_hour):
        res = await client.post(
            "/api/password-reset/request", json={"username": "operator.a", "contact": RESET_PHONE}
        )
        assert res.status_code == 200
    res = await client.post(
        "/api/password-reset/request", json={"username": "OPERATOR.A", "contact": RESET_PHONE}
    )
    assert res.status_code == 429 and res.json()["retry_after"] > 0


async def test_reset_requests_are_rate_limited_per_ip(client, world, api_ctx) -> None:
    """API-17 `reset_req` per IP (RESET_LIMIT_PER_IP_HOUR, 10): different usernames from one address."""
    for n in range(api_ctx.settings.reset_limit_per_ip_hour):
        res = await client.post(
            "/api/password-reset/request", json={"username": f"nama.{n}", "contact": RESET_PHONE}
        )
        assert res.status_code == 200, n
    res = await client.post(
        "/api/password-reset/request", json={"username": "operator.a", "contact": RESET_PHONE}
    )
    assert res.status_code == 429 and res.json()["retry_after"] > 0
    assert await _rows(api_ctx, "SELECT 1 FROM dashboard_password_resets") == []


def test_reset_link_base(api_settings) -> None:
    token = "abc"
    cases = {
        ("", ""): "https://papiqo.com/reset-password?token=abc",
        ("", "https://dash.contoh.com/"): "https://dash.contoh.com/reset-password?token=abc",
        ("https://dash.contoh.com/reset-password/", "https://lain.contoh.com"): "https://dash.contoh.com/reset-password?token=abc",
    }  # fmt: skip
    for (reset_url, dashboard_url), link in cases.items():
        settings = api_settings.model_copy(
            update={"dashboard_password_reset_url": reset_url, "dashboard_url": dashboard_url}
        )
        assert reset_link(settings, token) == link


# --- API-83 ---------------------------------------------------------------------------------------


@pytest.fixture
async def open_client(api_ctx: AppContext) -> AsyncIterator[httpx.AsyncClient]:
    """The sidecar with AUTH_USER_SELF_REGISTER=true."""
    ctx = AppContext(
        settings=api_ctx.settings.model_copy(update={"auth_user_self_register": True}),
        db=api_ctx.db,
        redis=api_ctx.redis,
    )
    app = create_app(ctx, email=EmailSender(ctx.settings), mx_lookup=table_mx)
    transport = httpx.ASGITransport(app=app, client=("10.1.2.4", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


MEMBER_BODY = {"nrp": "87020001", "nama": "budi santoso", "client_id": "polres_a", "whatsapp": "0813-5555-0001",
               "divisi": "sat binmas", "title": "bripka"}  # fmt: skip


async def test_user_register_is_off_by_default(client, world, api_ctx) -> None:
    res = await client.post("/api/auth/user-register", json=MEMBER_BODY)
    assert res.status_code == 404 and res.json()["message"] == "Endpoint not found"
    assert await _rows(api_ctx, "SELECT 1 FROM \"user\" WHERE user_id = '87020001'") == []


async def test_user_register_creates_an_inactive_member(open_client, world, api_ctx) -> None:
    res = await open_client.post("/api/auth/user-register", json=MEMBER_BODY)
    assert res.status_code == 201, res.text
    assert res.json() == {"success": True, "user_id": "87020001"}
    (row,) = await _rows(
        api_ctx,
        "SELECT nama, client_id, whatsapp, divisi, title, status FROM \"user\" WHERE user_id = '87020001'",
    )
    assert tuple(row) == ("BUDI SANTOSO", "POLRES_A", "6281355550001", "SAT BINMAS", "BRIPKA", False)
    assert await _rows(api_ctx, "SELECT 1 FROM user_roles WHERE user_id = '87020001'") == []
    for phone in (OPERATOR_PHONE, "6281299999999"):  # both operator numbers of POLRES_A
        (notice,) = await _outbox(api_ctx, phone, "Pendaftaran Personel Baru")
        assert "87020001" in notice and "BUDI SANTOSO" in notice and "oprrequest" in notice
    login = await open_client.post(
        "/api/auth/user-login", json={"nrp": "87020001", "whatsapp": "081355550001"}
    )
    assert login.status_code == 403  # inactive until an operator activates it
    await _execute(api_ctx, "UPDATE clients SET client_status = FALSE WHERE client_id = 'POLRES_B'")
    refusals = [
        ({"nrp": "87020002", "nama": "ANI"}, 400, "nrp, nama, dan client_id wajib diisi"),
        ({**MEMBER_BODY, "nrp": "87020002", "whatsapp": "12"}, 400, "whatsapp tidak valid"),
        ({**MEMBER_BODY, "nrp": "12"}, 400, "NRP/NIP harus terdiri dari 6-18 digit angka."),
        ({**MEMBER_BODY, "nrp": "77010001"}, 400, "nrp sudah terdaftar"),
        ({**MEMBER_BODY, "nrp": "87020001"}, 400, "nrp sudah terdaftar"),
        ({**MEMBER_BODY, "nrp": "87020002", "client_id": "POLRES_X"}, 400, "client_id tidak ditemukan"),
        ({**MEMBER_BODY, "nrp": "87020002", "client_id": "POLRES_B"}, 400, "client_id tidak ditemukan"),
        ({**MEMBER_BODY, "nrp": "87020002", "nama": "B"}, 400, "nama minimal 2 karakter"),
        ({**MEMBER_BODY, "nrp": "87020002", "divisi": "d" * 101}, 400, "divisi maksimal 100 karakter"),
        ({**MEMBER_BODY, "nrp": "87020002", "nama": ["A", "B"]}, 400, "nama tidak valid"),
        ({**MEMBER_BODY, "nrp": "87020002"}, 409, "Nomor WhatsApp ini sudah terdaftar pada akun lain"),
    ]
    for body, status, message in refusals:
        res = await open_client.post("/api/auth/user-register", json=body)
        assert (res.status_code, res.json()["message"]) == (status, message), body
    assert await _rows(api_ctx, "SELECT 1 FROM \"user\" WHERE user_id = '87020002'") == []
    assert len(await _outbox(api_ctx, OPERATOR_PHONE, "Pendaftaran Personel Baru")) == 1
    (audit,) = await _rows(api_ctx, "SELECT action, actor_kind FROM audit_log WHERE target_type = 'user'")
    assert (audit.action, audit.actor_kind) == ("user.self_register", "public")
