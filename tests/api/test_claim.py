"""Claim / OTP flow over HTTP with a real SMTP server (API-20 … API-26, JOB-60 … JOB-62)."""

from __future__ import annotations

import json

import httpx

from tests.api.conftest import Mailbox, add_client, add_user, bearer

NRP = "77030001"
EMAIL = "budi@contoh.com"


async def _member(api_ctx, **cols) -> None:
    await add_client(api_ctx, "POLRES_C", client_insta="polres_c_official")
    await add_user(api_ctx, NRP, "POLRES_C", ("operator",), whatsapp="6281300000010", **cols)


async def test_api22_request_otp_sends_mail_and_stores_only_a_hash(
    client, api_ctx, mailbox: Mailbox, redis
) -> None:
    await _member(api_ctx)
    res = await client.post("/api/claim/request-otp", json={"nrp": " 7703-0001 ", "email": "Budi@Contoh.com"})
    assert res.status_code == 202
    assert res.json()["data"] == {"message": "OTP akan dikirim sesaat lagi"}
    mail = mailbox.messages[-1]
    assert mail["Subject"] == "Kode OTP Anda" and mail["To"] == EMAIL
    sender = mail["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("Cicero", "cicero@contoh.com")
    assert mail["Message-ID"] and mail["Date"]
    plain = mail.get_body(("plain",)).get_content()
    assert plain.startswith(f"Kode OTP Anda: {mailbox.last_code()}")
    assert "5 menit" in plain and mail.get_body(("html",)) is not None
    stored = json.loads(await redis.client.get(redis.key("otp", NRP)))
    assert set(stored) == {"hash", "email", "attempts", "issued_at"}
    assert mailbox.last_code() not in json.dumps(stored)


async def test_api22_request_otp_failures(client, api_ctx, mailbox: Mailbox) -> None:
    await _member(api_ctx)
    cases = [
        ({"nrp": NRP}, 400, "nrp dan email wajib diisi"),
        ({"nrp": NRP, "email": "budi@10.0.0.1"}, 400,
         "Format email tidak valid. Pastikan menulis alamat lengkap seperti nama@contoh.com"),
        ({"nrp": "99999999", "email": "siapa@contoh.com"}, 404, "User tidak ditemukan"),
    ]  # fmt: skip
    for body, status, message in cases:
        res = await client.post("/api/claim/request-otp", json=body)
        assert (res.status_code, res.json()["message"]) == (status, message), body
    assert mailbox.messages == []


async def test_api22_email_of_another_account_is_409_even_without_stored_email(
    client, api_ctx, mailbox
) -> None:
    await _member(api_ctx)
    await add_user(api_ctx, "77030002", "POLRES_C", email="dipakai@contoh.com")
    res = await client.post("/api/claim/request-otp", json={"nrp": NRP, "email": "DIPAKAI@contoh.com"})
    assert res.status_code == 409
    assert res.json()["message"].startswith("Email sudah dipakai akun lain.")
    res = await client.post("/api/claim/request-otp", json={"nrp": "88888888", "email": "dipakai@contoh.com"})
    assert res.status_code == 409


async def test_api22_stored_email_mismatch_and_inactive(client, api_ctx) -> None:
    await _member(api_ctx, email=EMAIL)
    res = await client.post("/api/claim/request-otp", json={"nrp": NRP, "email": "lain@contoh.com"})
    assert (res.status_code, res.json()["message"]) == (400, "email tidak sesuai")
    await add_user(api_ctx, "77030003", "POLRES_C", status=False)
    res = await client.post("/api/claim/request-otp", json={"nrp": "77030003", "email": "x@contoh.com"})
    assert res.status_code == 403


async def test_api17_resend_cooldown(client, api_ctx, mailbox) -> None:
    await _member(api_ctx)
    assert (await client.post("/api/claim/request-otp", json={"nrp": NRP, "email": EMAIL})).status_code == 202
    res = await client.post("/api/claim/request-otp", json={"nrp": NRP, "email": EMAIL})
    assert res.status_code == 429
    assert res.json()["message"].startswith("Kode OTP baru saja dikirim. Tunggu")
    assert 0 < res.json()["retry_after"] <= 60 and len(mailbox.messages) == 1


async def test_api20_brute_force_is_stopped_after_three_wrong_codes(client, api_ctx, mailbox) -> None:
    await _member(api_ctx)
    await client.post("/api/claim/request-otp", json={"nrp": NRP, "email": EMAIL})
    code = mailbox.last_code()
    wrong = "000000" if code != "000000" else "111111"
    lefts = []
    for _ in range(3):
        res = await client.post("/api/claim/verify-otp", json={"nrp": NRP, "email": EMAIL, "otp": wrong})
        assert (res.status_code, res.json()["message"]) == (400, "OTP tidak valid")
        lefts.append(res.json()["attempts_left"])
    assert lefts == [2, 1, 0]
    res = await client.post("/api/claim/verify-otp", json={"nrp": NRP, "email": EMAIL, "otp": code})
    assert res.status_code == 400 and res.json()["attempts_left"] == 0  # locked: even the right code fails


async def test_api23_verify_writes_email_and_unlocks_user_data_and_update(
    client, api_ctx, mailbox, redis
) -> None:
    await _member(api_ctx)
    res = await client.post("/api/claim/user-data", json={"nrp": NRP, "email": EMAIL})
    assert (res.status_code, res.json()["message"]) == (403, "OTP belum diverifikasi")
    await client.post("/api/claim/request-otp", json={"nrp": NRP, "email": EMAIL})
    res = await client.post(
        "/api/claim/verify-otp", json={"nrp": NRP, "email": EMAIL, "otp": mailbox.last_code()}
    )
    assert res.status_code == 200 and res.json()["data"] == {"verified": True}
    data = (await client.post("/api/claim/user-data", json={"nrp": NRP, "email": EMAIL})).json()["data"]
    assert data["email"] == EMAIL and data["operator"] is True and data["ditbinmas"] is False
    res = await client.put(
        "/api/claim/update",
        json={"nrp": NRP, "email": EMAIL, "nama": " budi santoso ", "insta": "https://www.instagram.com/Budi.S/",
              "tiktok": "", "whatsapp": "0813 0000 0011", "status": False, "client_id": "X"},
    )  # fmt: skip
    assert res.status_code == 200, res.text
    user = res.json()["data"]
    assert (user["nama"], user["insta"], user["whatsapp"], user["status"]) == (
        "BUDI SANTOSO", "budi.s", "6281300000011", True,
    )  # fmt: skip
    assert await redis.client.ttl(redis.key("verified", NRP)) > 590


async def test_api25_update_rules(client, api_ctx, mailbox) -> None:
    await _member(api_ctx)
    await add_user(
        api_ctx, "77030004", "POLRES_C", whatsapp="6281300000012", insta="sudah.ada", tiktok="tt.ada"
    )
    body = {"nrp": NRP, "email": EMAIL}
    res = await client.put("/api/claim/update", json={**body, "insta": "https://instagram.com/p/ABCdef123/"})
    assert res.status_code == 400 and res.json()["message"].startswith(
        "Format username Instagram tidak valid"
    )
    res = await client.put("/api/claim/update", json={**body, "nama": "BUDI"})
    assert (res.status_code, res.json()["message"]) == (403, "OTP belum diverifikasi")
    await client.post("/api/claim/request-otp", json=body)
    res = await client.put(
        "/api/claim/update", json={**body, "otp": mailbox.last_code(), "insta": "@Sudah.Ada"}
    )
    assert (res.status_code, res.json()["message"]) == (
        409,
        "Akun Instagram tersebut sudah terdaftar pada pengguna lain.",
    )
    cases = [
        ({"whatsapp": "0813-0000-0012"}, 409, "Nomor WhatsApp ini sudah terdaftar pada akun lain"),
        ({"tiktok": "@tt.ada"}, 409, "Akun TikTok tersebut sudah terdaftar pada pengguna lain."),
        ({"insta": "admin"}, 400, "username instagram tidak valid"),
        ({"insta": "polres_c_official"}, 400, "username instagram tidak valid"),
        ({"whatsapp": "12"}, 400, "Nomor telepon tidak valid. Masukkan minimal 8 digit angka."),
        ({"nama": "X"}, 400, "nama minimal 2 karakter"),
    ]
    for extra, status, message in cases:
        res = await client.put("/api/claim/update", json={**body, **extra})
        assert (res.status_code, res.json()["message"]) == (status, message), extra


async def test_api21_validate_email(client, api_ctx) -> None:
    await _member(api_ctx)
    await add_user(api_ctx, "77030005", "POLRES_C", email="nonaktif@contoh.com", status=False)
    cases = [
        ({}, 400, "Email wajib diisi"),
        ({"email": "tanpa-at"}, 400, "Format email tidak valid. Pastikan menulis alamat lengkap seperti nama@contoh.com"),
        ({"email": "a@mati.example"}, 400,
         "Email tidak dapat digunakan. Domain email tidak aktif atau tidak menerima email."),
        ({"email": "a@lambat.example"}, 503, "Layanan validasi email tidak tersedia. Coba beberapa saat lagi."),
        ({"email": "nonaktif@contoh.com"}, 403, "Email tidak aktif. Hubungi admin untuk mengaktifkan kembali."),
    ]  # fmt: skip
    for body, status, message in cases:
        res = await client.post("/api/claim/validate-email", json=body)
        assert (res.status_code, res.json()["message"]) == (status, message), body
    res = await client.post("/api/claim/validate-email", json={"email": "baru@contoh.com"})
    assert res.json()["data"] == {"message": "Email valid dan bisa digunakan"}


async def test_api22_smtp_refused_is_503_and_the_code_is_withdrawn(api_ctx, client, redis) -> None:
    """Send failure deletes the stored code and the cooldown (API-20 *fixed*)."""
    from bot.api.app import create_app
    from core.email import EmailSender
    from tests.api.conftest import table_mx

    await _member(api_ctx)
    dead = api_ctx.settings.model_copy(update={"smtp_port": 1, "smtp_timeout_s": 2})
    app = create_app(api_ctx, email=EmailSender(dead), mx_lookup=table_mx)
    import core.email.sender as sender

    sender.RETRY_DELAY_S, old = 0.01, sender.RETRY_DELAY_S
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            res = await c.post("/api/claim/request-otp", json={"nrp": NRP, "email": EMAIL})
    finally:
        sender.RETRY_DELAY_S = old
    assert (res.status_code, res.json()["message"]) == (503, "Gagal mengirim OTP")
    assert await redis.client.get(redis.key("otp", NRP)) is None
    assert await redis.client.get(redis.key("otp_cooldown", NRP)) is None


async def test_job61_unconfigured_smtp_writes_eml_to_the_data_dir(api_ctx, client, tmp_path) -> None:
    from core.email import EmailSender, otp_mail

    settings = api_ctx.settings.model_copy(update={"smtp_host": "", "cicero_data_dir": tmp_path})
    await EmailSender(settings).send(" Budi@Contoh.com ", otp_mail("123456"))
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1 and "Kode OTP Anda: 123456" in files[0].read_text()
    assert "To: budi@contoh.com" in files[0].read_text()


async def test_api17_verify_rate_limit_per_ip(client, api_ctx, api_settings) -> None:
    await _member(api_ctx)
    codes = [
        (
            await client.post("/api/claim/verify-otp", json={"nrp": NRP, "email": EMAIL, "otp": "1"})
        ).status_code
        for _ in range(31)
    ]
    assert codes[:30] == [400] * 30 and codes[30] == 429


async def test_api18_claim_routes_are_not_deduplicated(client, api_ctx) -> None:
    await _member(api_ctx)
    first = await client.post("/api/claim/verify-otp", json={"nrp": NRP, "email": EMAIL, "otp": "1"})
    second = await client.post("/api/claim/verify-otp", json={"nrp": NRP, "email": EMAIL, "otp": "1"})
    assert first.status_code == second.status_code == 400
    assert "x-duplicate-request" not in second.headers
    _ = bearer
