"""What a full log of the sidecar's work carries (API-8, issue 17 item 6).

Every log record of a scenario that touches each kind of sensitive value — claim OTP by email,
the three logins (one failing), logout, creating and updating personnel with WhatsApp numbers and
emails, reading them back, and a database error whose statement had an email bound — is written
with the production formatter, and the text is searched for full phone numbers, emails, JWTs, the
password and the OTP. Also: every request line names its principal, logout included.
"""

from __future__ import annotations

import io
import json
import logging
import re

import httpx
import pytest
from sqlalchemy.exc import DBAPIError

from core.logsetup import Redactor, StructuredFormatter, secret_values
from tests.api.conftest import MEMBER_PHONE, PASSWORD, Mailbox, add_client, add_user, bearer

PHONE = re.compile(r"(?<!\d)(?:\+?62|0)8\d{7,12}(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
JWT = re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}")


@pytest.fixture
def full_log(api_ctx):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    settings = api_ctx.settings
    handler.setFormatter(
        StructuredFormatter(Redactor(secret_values(settings), settings.log_mask_phones), "json")
    )
    handler.setLevel(logging.DEBUG)
    # aiosmtpd ("mail.log") is the test's SMTP fake, not Cicero: at DEBUG it echoes the mail it received.
    handler.addFilter(lambda record: not record.name.startswith("mail.log"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


async def test_api8_full_log_has_no_phone_email_token_password_or_otp(
    api_ctx, client: httpx.AsyncClient, mailbox: Mailbox, world, full_log: io.StringIO
) -> None:
    await add_client(api_ctx, "POLRES_L")
    await add_user(api_ctx, "77040001", "POLRES_L", whatsapp="6281355500001")
    secrets: list[str] = [PASSWORD]

    await client.post("/api/claim/request-otp", json={"nrp": "77040001", "email": "rahasia.satu@contoh.com"})
    code = mailbox.last_code()
    secrets.append(code)
    await client.post(
        "/api/claim/verify-otp", json={"nrp": "77040001", "email": "rahasia.satu@contoh.com", "otp": code}
    )
    await client.put(
        "/api/claim/update",
        json={"nrp": "77040001", "email": "rahasia.satu@contoh.com", "otp": code, "whatsapp": "081355500002"},
    )
    res = await client.post("/api/auth/dashboard-login", json={"username": "admin.uji", "password": PASSWORD})
    admin = res.json()["token"]
    await client.post("/api/auth/dashboard-login", json={"username": "admin.uji", "password": PASSWORD + "x"})
    res = await client.post("/api/auth/user-login", json={"nrp": "77010001", "whatsapp": MEMBER_PHONE})
    personnel = res.json()["token"]
    await client.post("/api/auth/user-login", json={"nrp": "77010001", "whatsapp": "081399988877"})
    await client.post("/api/auth/login", json={"client_id": "POLRES_A", "client_operator": "081200000002"})
    client.cookies.clear()
    body = {"user_id": "77040002", "nama": "baru", "client_id": "POLRES_L", "whatsapp": "081355500003"}
    await client.post("/api/users", json=body, headers=bearer(admin))
    await client.put("/api/users/77040002", json={"email": "rahasia.dua@contoh.com"}, headers=bearer(admin))
    await client.post("/api/users", json={**body, "user_id": "77040003"}, headers=bearer(admin))  # 409
    await client.get("/api/users?client_id=POLRES_L", headers=bearer(admin))
    logout = await client.post("/api/auth/logout", headers=bearer(personnel))
    assert logout.status_code == 200
    secrets += [admin, personnel, *world["tokens"].values()]

    # A database error with a bound value, logged the way the sidecar logs an unexpected error.
    with pytest.raises(DBAPIError) as failed:
        async with api_ctx.db.uow() as uow:
            await uow.execute("SELECT CAST(:v AS INTEGER)", {"v": "bocor.tiga@contoh.com"})
    logging.getLogger("bot.api").error("internal_error", exc_info=failed.value)

    text = full_log.getvalue()
    assert "internal_error" in text and "http_request" in text
    leaks = PHONE.findall(text) + EMAIL.findall(text) + JWT.findall(text)
    leaks += [s[:12] + "…" for s in secrets if s in text]
    assert not leaks, leaks

    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    requests = {(r["method"], r["path"]): r["principal"] for r in lines if r.get("event") == "http_request"}
    assert requests[("POST", "/api/auth/logout")] == "user:77010001"
    assert requests[("GET", "/api/users")].startswith("dashboard:")
