"""Logins, tokens, sessions and revocation (API-12 … API-17, API-30 … API-34)."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import jwt

from core.auth import passwords
from core.auth.passwords import hash_password
from tests.api.conftest import PASSWORD, add_dashboard_user, bearer

SECRET_CLAIMS = {"iss": "cicero", "kind": "dashboard", "jti": "x" * 32}


async def test_api30_client_login_sets_cookie_session_and_login_log(
    client: httpx.AsyncClient, world, api_ctx
) -> None:
    res = await client.post(
        "/api/auth/login", json={"client_id": "polres_a", "client_operator": "+62 812-0000-0002"}
    )
    assert res.status_code == 200
    body = res.json()
    assert body["client"] == {"client_id": "POLRES_A", "nama": "POLRES POLRES_A", "role": "client"}
    cookie = res.headers["set-cookie"]
    assert "token=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    claims = jwt.decode(body["token"], options={"verify_signature": False})
    assert claims["kind"] == "client" and claims["iss"] == "cicero" and claims["exp"] - claims["iat"] == 7200
    async with api_ctx.db.uow() as uow:
        rows = (
            await uow.execute("SELECT actor_id, login_type, login_source, ip_address FROM login_log")
        ).all()
        notices = (await uow.execute("SELECT chat_id FROM wa_outbox WHERE origin = 'api'")).all()
    assert ("POLRES_A", "operator", "mobile", "10.1.2.3") in rows
    assert {"6281100000001@s.whatsapp.net", "6281200000002@s.whatsapp.net"} <= {r[0] for r in notices}


async def test_api30_client_login_failures(client: httpx.AsyncClient, world, api_ctx) -> None:
    res = await client.post("/api/auth/login", json={"client_id": "POLRES_A"})
    assert (res.status_code, res.json()["message"]) == (400, "client_id dan client_operator wajib diisi")
    res = await client.post("/api/auth/login", json={"client_id": "NOPE", "client_operator": "0812"})
    assert (res.status_code, res.json()["message"]) == (401, "Login gagal: client_id tidak ditemukan")
    res = await client.post(
        "/api/auth/login", json={"client_id": "POLRES_A", "client_operator": "081100000001"}
    )
    assert (res.status_code, res.json()["message"]) == (401, "Login gagal: client operator tidak valid")
    async with api_ctx.db.uow() as uow:
        await uow.execute("UPDATE clients SET client_status = FALSE WHERE client_id = 'POLRES_B'")
        await uow.commit()
    res = await client.post(
        "/api/auth/login", json={"client_id": "POLRES_B", "client_operator": "6281288888888"}
    )
    assert (res.status_code, res.json()["message"]) == (403, "Client tidak aktif. Hubungi admin.")


async def test_api31_user_login_and_inactive(client: httpx.AsyncClient, world, api_ctx) -> None:
    res = await client.post("/api/auth/user-login", json={"nrp": 77010001, "password": "6281300000003"})
    assert res.status_code == 200
    assert res.json()["user"] == {"user_id": "77010001", "nama": "ANGGOTA 77010001", "role": "user"}
    res = await client.post("/api/auth/user-login", json={"nrp": "77010001", "whatsapp": "0899"})
    assert (res.status_code, res.json()["message"]) == (401, "Login gagal: data tidak ditemukan")
    res = await client.post("/api/auth/user-login", json={"nrp": "77010001"})
    assert res.status_code == 400


async def test_api32_dashboard_login_shape_and_generic_failure(
    client: httpx.AsyncClient, world, api_ctx
) -> None:
    res = await client.post(
        "/api/auth/dashboard-login", json={"username": "OPERATOR.A", "password": PASSWORD}
    )
    user = res.json()["user"]
    assert (
        user["role"] == "operator" and user["client_ids"] == ["POLRES_A"] and user["client_id"] == "POLRES_A"
    )
    assert user["premium_status"] is False
    wrong = await client.post(
        "/api/auth/dashboard-login", json={"username": "operator.a", "password": "salah-salah"}
    )
    unknown = await client.post(
        "/api/auth/dashboard-login", json={"username": "siapa", "password": "salah-salah"}
    )
    assert wrong.json()["message"] == unknown.json()["message"] == "Login gagal: username atau password salah"
    await add_dashboard_user(api_ctx, "baru.daftar", "operator", ("POLRES_A",), status=False)
    res = await client.post(
        "/api/auth/dashboard-login", json={"username": "baru.daftar", "password": PASSWORD}
    )
    assert (res.status_code, res.json()["message"]) == (403, "Akun belum disetujui")
    await add_dashboard_user(api_ctx, "tanpa.klien", "operator")
    res = await client.post(
        "/api/auth/dashboard-login", json={"username": "tanpa.klien", "password": PASSWORD}
    )
    assert (res.status_code, res.json()["message"]) == (400, "Operator belum memiliki klien yang diizinkan")
    res = await client.post(
        "/api/auth/dashboard-login", json={"username": "binmas.uji", "password": PASSWORD}
    )
    assert res.json()["user"]["role"] == "ditbinmas"


async def test_api16_legacy_bcrypt_hash_is_upgraded(client: httpx.AsyncClient, world, api_ctx) -> None:
    import bcrypt

    legacy = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
    uid = await add_dashboard_user(api_ctx, "lama.uji", "admin", password_hash=legacy)
    res = await client.post("/api/auth/dashboard-login", json={"username": "lama.uji", "password": PASSWORD})
    assert res.status_code == 200
    async with api_ctx.db.uow() as uow:
        stored = (
            await uow.execute(
                "SELECT password_hash FROM dashboard_user WHERE dashboard_user_id::text = :i", {"i": uid}
            )
        ).scalar_one()
    assert stored.startswith("$argon2id$")
    assert hash_password("x").startswith("$argon2id$")


async def test_api13_token_required_and_bad_tokens(client: httpx.AsyncClient, world, api_settings) -> None:
    res = await client.get("/api/clients")
    assert (res.status_code, res.json()["code"], res.json()["error"]) == (
        401,
        "token_required",
        "Token required",
    )
    secret = api_settings.jwt_secret.get_secret_value()
    now = int(time.time())
    expired = jwt.encode({**SECRET_CLAIMS, "iat": now - 9000, "exp": now - 3600}, secret, algorithm="HS256")
    forged = jwt.encode(
        {**SECRET_CLAIMS, "iat": now, "exp": now + 60}, "another-secret-" + "y" * 30, algorithm="HS256"
    )
    none_alg = jwt.encode({**SECRET_CLAIMS, "iat": now, "exp": now + 60}, None, algorithm="none")
    unsaved = jwt.encode({**SECRET_CLAIMS, "iat": now, "exp": now + 60}, secret, algorithm="HS256")
    cases = {expired: "jwt expired", forged: "invalid signature", none_alg: "jwt malformed",
             "abc.def": "jwt malformed", unsaved: "session revoked"}  # fmt: skip
    for token, error in cases.items():
        res = await client.get("/api/users", headers=bearer(token))
        assert res.status_code == 401, error
        assert res.json()["code"] == "invalid_token" and res.json()["error"] == error


async def test_api14_logout_revokes_and_clears_cookie(client: httpx.AsyncClient, world) -> None:
    token = world["tokens"]["operator"]
    assert (await client.get("/api/clients", headers=bearer(token))).status_code == 200
    res = await client.post("/api/auth/logout", headers=bearer(token))
    assert res.json() == {"success": True, "message": "Logout berhasil"}
    assert 'token=""' in res.headers["set-cookie"] or "token=;" in res.headers["set-cookie"]
    res = await client.get("/api/clients", headers=bearer(token))
    assert (res.status_code, res.json()["error"]) == (401, "session revoked")
    assert (await client.post("/api/auth/logout")).status_code == 200  # any auth state


async def test_api13_cookie_transport_and_cross_site_guard(client: httpx.AsyncClient, world) -> None:
    res = await client.post("/api/auth/dashboard-login", json={"username": "admin.uji", "password": PASSWORD})
    assert res.status_code == 200
    assert (await client.get("/api/clients")).status_code == 200  # cookie sent back by the client
    res = await client.post(
        "/api/clients", json={"client_id": "X1"}, headers={"Origin": "https://jahat.example"}
    )
    assert res.status_code == 403
    client.cookies.clear()


async def test_api14_deactivating_a_member_revokes_their_token(client: httpx.AsyncClient, world) -> None:
    member = world["tokens"]["personnel"]
    assert (await client.get("/api/users/77010001", headers=bearer(member))).status_code == 200
    res = await client.put(
        "/api/users/77010001", json={"whatsapp": "081300000099"}, headers=bearer(world["tokens"]["operator"])
    )
    assert res.status_code == 200 and res.json()["data"]["whatsapp"] == "6281300000099"
    res = await client.get("/api/users/77010001", headers=bearer(member))
    assert (res.status_code, res.json()["error"]) == (401, "session revoked")


async def test_api14_client_operator_change_revokes_client_sessions(client: httpx.AsyncClient, world) -> None:
    token = world["tokens"]["client"]
    assert (await client.get("/api/clients/POLRES_A", headers=bearer(token))).status_code == 200
    res = await client.put(
        "/api/clients/POLRES_A",
        json={"client_operator": "081211112222"},
        headers=bearer(world["tokens"]["admin"]),
    )
    assert res.status_code == 200 and res.json()["data"]["client_operator"] == "6281211112222"
    assert (await client.get("/api/clients/POLRES_A", headers=bearer(token))).status_code == 401


async def test_api17_login_failures_lock_the_identifier(client: httpx.AsyncClient, world) -> None:
    for _ in range(10):
        res = await client.post(
            "/api/auth/dashboard-login", json={"username": "operator.a", "password": "salah-salah"}
        )
        assert res.status_code == 401
    res = await client.post(
        "/api/auth/dashboard-login", json={"username": "operator.a", "password": PASSWORD}
    )
    assert res.status_code == 429
    assert (
        res.json()["code"] == "rate_limited"
        and int(res.headers["retry-after"]) == res.json()["retry_after"] > 0
    )


async def test_api17_login_ip_limit(client: httpx.AsyncClient, world) -> None:
    # `world` already used 6 logins from this IP; the 51st attempt in the window is refused.
    codes = [
        (await client.post("/api/auth/user-login", json={"nrp": str(900 + i), "whatsapp": "2"})).status_code
        for i in range(45)
    ]
    assert codes[:44] == [401] * 44 and codes[44] == 429


async def test_api13_cookie_is_secure_by_default(api_ctx, world) -> None:
    from bot.api.app import create_app

    settings = api_ctx.settings.model_copy(update={"cookie_secure": True, "cookie_domain": "contoh.com"})
    app = create_app(type(api_ctx)(settings=settings, db=api_ctx.db, redis=api_ctx.redis))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        res = await c.post("/api/auth/dashboard-login", json={"username": "admin.uji", "password": PASSWORD})
    cookie = res.headers["set-cookie"]
    assert "Secure" in cookie and "Domain=contoh.com" in cookie and "Max-Age=7200" in cookie


async def test_api16_password_verification_runs_off_the_event_loop(
    client: httpx.AsyncClient, world, monkeypatch
) -> None:
    """Issue 17: Argon2 verification used to run on the event loop, so every login stalled all other
    requests for its whole duration. Each verification of four concurrent logins now runs on a
    worker thread, never the loop's. (How long `GET /` waits meanwhile is measured, not asserted,
    in tests/bench/bench_login_latency.py: a timing assert here failed under machine load.)"""
    loop_thread = threading.get_ident()
    threads: list[int] = []
    real = passwords.verify_password

    def recording(password: str, stored_hash: str | None) -> bool:
        threads.append(threading.get_ident())
        return real(password, stored_hash)

    monkeypatch.setattr(passwords, "verify_password", recording)
    body = {"username": "admin.uji", "password": PASSWORD}
    logins = [client.post("/api/auth/dashboard-login", json=body) for _ in range(4)]
    assert [r.status_code for r in await asyncio.gather(*logins)] == [200] * 4
    assert len(threads) == 4 and loop_thread not in threads
