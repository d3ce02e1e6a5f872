"""Dashboard premium (JOB-70, JOB-71, JOB-73..JOB-77, API-32, CONV-181 `grantdashsub#`/`denydashsub#`):
request → proof → admin approval on WhatsApp → tier in the dashboard-login claims → expiry."""

from __future__ import annotations

from datetime import timedelta

import httpx

from core.timewindow import now_utc, now_wib
from tests.api.conftest import PASSWORD
from tests.premium.conftest import ADMIN_PHONE, execute, outbox_to, rows, run_job

VIEWER_PHONE = "6281444000001"
OPERATOR_PHONE = "6281444000002"
BODY = {
    "bank_name": "BNI",
    "account_number": "0987 6543 21",
    "sender_name": "SITI AMINAH",
    "premium_tier": "Gold",
}
URL = "/api/dashboard/premium-requests"


async def _claims(client: httpx.AsyncClient, username: str) -> dict:
    res = await client.post("/api/auth/dashboard-login", json={"username": username, "password": PASSWORD})
    assert res.status_code == 200, res.text
    client.cookies.clear()
    return res.json()["user"]


async def _numbers(db) -> None:
    await execute(db, "UPDATE dashboard_user SET whatsapp = :w WHERE username = 'pemantau.a'", w=VIEWER_PHONE)
    await execute(
        db, "UPDATE dashboard_user SET whatsapp = :w WHERE username = 'operator.a'", w=OPERATOR_PHONE
    )


async def _audit(db, request_id: int) -> list[tuple[str, str, str | None, str]]:
    return [
        (r.action, r.actor.split(":")[0], r.status_from, r.status_to)
        for r in await rows(
            db,
            "SELECT action, actor, status_from, status_to FROM dashboard_premium_request_audit"
            " WHERE request_id = :r ORDER BY audit_id",
            r=request_id,
        )
    ]


async def test_request_proof_grant_claims_expiry_walk(client, heads, chat, db, api_ctx) -> None:
    """Issue 23 done-when: a dashboard request → grantdashsub# → tier in dashboard-login claims → expiry."""
    await _numbers(db)
    start = now_utc()
    res = await client.post(URL, json=BODY, headers=heads["viewer"])
    assert res.status_code == 201, res.text
    request = res.json()["request"]
    token, rid = request["request_token"], request["request_id"]
    assert request["status"] == "pending" and request["client_id"] == "POLRES_A"
    assert request["account_number"] == "0987654321" and request["whatsapp"] == VIEWER_PHONE
    (row,) = await rows(db, "SELECT expired_at FROM dashboard_premium_request WHERE request_id = :r", r=rid)
    assert abs((row.expired_at - start) - timedelta(hours=24)) < timedelta(seconds=5)  # JOB-75
    assert await outbox_to(db, ADMIN_PHONE, "grantdashsub#") == []  # no proof, nothing to decide yet

    early = await chat.send(ADMIN_PHONE, f"grantdashsub#{token}")
    assert early.code == "already_decided" and "belum memiliki bukti" in early.text

    res = await client.put(
        f"{URL}/{token}", json={"proof_url": "https://contoh.com/bukti/9.png"}, headers=heads["viewer"]
    )
    assert res.status_code == 200 and res.json()["request"]["status"] == "confirmed", res.text
    (row,) = await rows(db, "SELECT expired_at FROM dashboard_premium_request WHERE request_id = :r", r=rid)
    assert abs((row.expired_at - start) - timedelta(hours=48)) < timedelta(seconds=5)
    notice = await outbox_to(db, ADMIN_PHONE, "grantdashsub#")
    assert len(notice) == 1 and f"grantdashsub#{token}" in notice[0] and f"denydashsub#{token}" in notice[0]
    assert "Gold" in notice[0] and "pemantau.a" in notice[0]

    reply = await chat.send(ADMIN_PHONE, f"grantdashsub#{token}")
    assert reply.code == "dashboard_premium_granted", reply.text
    (sub,) = await rows(
        db, "SELECT subscription_id, tier, status, expires_at FROM dashboard_user_subscriptions"
    )
    assert (sub.tier, sub.status) == ("Gold", "active")
    assert abs((sub.expires_at - start) - timedelta(days=30)) < timedelta(seconds=10)  # JOB-71
    (cache,) = await rows(
        db,
        "SELECT premium_status, premium_tier, premium_expires_at FROM dashboard_user WHERE username = 'pemantau.a'",
    )
    assert (cache.premium_status, cache.premium_tier, cache.premium_expires_at) == (
        True,
        "Gold",
        sub.expires_at,
    )
    told = await outbox_to(db, VIEWER_PHONE, "Langganan dashboard aktif")
    assert len(told) == 1 and "Gold" in told[0]
    assert await _audit(db, rid) == [
        ("created", "dashboard_user", None, "pending"),
        ("confirmed", "dashboard_user", "pending", "confirmed"),
        ("approved", "admin", "confirmed", "approved"),
    ]
    claims = await _claims(client, "pemantau.a")
    assert claims["premium_status"] is True and claims["premium_tier"] == "Gold"
    me = await client.get("/api/auth/me", headers=heads["viewer"])
    assert me.status_code == 200 and me.json()["data"]["premium_tier"] == "Gold"

    # JOB-74: nothing before the end; just after it the row expires, the cache clears, one 🔔 notice.
    before = await run_job(api_ctx, "dashboard_subscription_expiry", now_wib() + timedelta(days=29))
    assert before.summary == {"checked": 1, "expired": 0}
    later = sub.expires_at + timedelta(minutes=1)
    outcome = await run_job(api_ctx, "dashboard_subscription_expiry", later)
    assert outcome.status == "succeeded" and outcome.summary == {"checked": 1, "expired": 1}
    (sub_after,) = await rows(db, "SELECT status, canceled_at FROM dashboard_user_subscriptions")
    assert (sub_after.status, sub_after.canceled_at) == ("expired", None)
    (cache,) = await rows(
        db, "SELECT premium_status, premium_tier FROM dashboard_user WHERE username = 'pemantau.a'"
    )
    assert (cache.premium_status, cache.premium_tier) == (False, None)
    ended = await outbox_to(db, VIEWER_PHONE, "🔔")
    assert len(ended) == 1 and "Gold" in ended[0] and "WIB" in ended[0] and "admin" in ended[0]
    await run_job(api_ctx, "dashboard_subscription_expiry", later + timedelta(minutes=30))
    assert len(await outbox_to(db, VIEWER_PHONE, "🔔")) == 1
    claims = await _claims(client, "pemantau.a")
    assert claims["premium_status"] is False and claims["premium_tier"] is None


async def test_denydashsub_and_decided_requests(client, heads, chat, db) -> None:
    await _numbers(db)
    res = await client.post(
        URL, json={**BODY, "proof_url": "https://contoh.com/p.jpg"}, headers=heads["operator"]
    )
    assert res.status_code == 201 and res.json()["request"]["status"] == "confirmed"
    token, rid = res.json()["request"]["request_token"], res.json()["request"]["request_id"]
    assert len(await outbox_to(db, ADMIN_PHONE, f"grantdashsub#{token}")) == 1  # proof at creation
    reply = await chat.send(ADMIN_PHONE, f"denydashsub#{token}")
    assert reply.code == "dashboard_premium_denied"
    assert len(await outbox_to(db, OPERATOR_PHONE, "ditolak")) == 1
    for text in (f"grantdashsub#{token}", f"denydashsub#{token}"):
        again = await chat.send(ADMIN_PHONE, text)
        assert again.code == "already_decided" and "sudah denied" in again.text
    assert await rows(db, "SELECT 1 FROM dashboard_user_subscriptions") == []
    assert [a[0] for a in await _audit(db, rid)] == ["created", "denied"]
    res = await client.put(
        f"{URL}/{token}", json={"proof_url": "https://contoh.com/q.jpg"}, headers=heads["operator"]
    )
    assert res.status_code == 409
    # A decided request no longer blocks a new one.
    assert (await client.post(URL, json=BODY, headers=heads["operator"])).status_code == 201


async def test_commands_refuse_bad_tokens_and_non_admins(client, heads, chat, db) -> None:
    await _numbers(db)
    res = await client.post(
        URL, json={**BODY, "proof_url": "https://contoh.com/p.jpg"}, headers=heads["viewer"]
    )
    token = res.json()["request"]["request_token"]
    for text in ("grantdashsub#", "grantdashsub#bukan-token", "denydashsub#123"):
        assert (await chat.send(ADMIN_PHONE, text)).code == "usage", text
    unknown = await chat.send(ADMIN_PHONE, "grantdashsub#00000000-0000-4000-8000-000000000000")
    assert unknown.code == "not_found"
    # The dashboard user itself, an operator number, a member and a stranger cannot approve.
    for phone in (VIEWER_PHONE, "6281200000002", "6281300000003", "6281999999999"):
        assert (await chat.send(phone, f"grantdashsub#{token}")).code == "deny_admin", phone
    (row,) = await rows(db, "SELECT status FROM dashboard_premium_request")
    assert row.status == "confirmed"


async def test_http_actor_matrix_and_bad_input(client, heads, db) -> None:
    for who in ("owner", "other", "client"):
        res = await client.post(URL, json=BODY, headers=heads[who])
        assert res.status_code == 403, (who, res.text)
    assert (await client.post(URL, json=BODY)).status_code == 401
    cases = [
        (
            {k: v for k, v in BODY.items() if k != "premium_tier"},
            "bank_name, account_number, sender_name, dan premium_tier wajib diisi",
        ),
        ({**BODY, "premium_tier": "t" * 51}, "premium_tier maksimal 50 karakter"),
        ({**BODY, "transfer_amount": "banyak"}, "transfer_amount harus berupa angka"),
        ({**BODY, "transfer_amount": -5}, "transfer_amount harus berupa angka 0 sampai 999999999999"),
        ({**BODY, "proof_url": "ftp://contoh.com/x"}, "proof_url harus berupa tautan http(s) yang valid"),
        ({**BODY, "account_number": True}, "account_number harus berupa teks"),
    ]
    for body, message in cases:
        res = await client.post(URL, json=body, headers=heads["viewer"])
        assert res.status_code == 400 and res.json()["message"] == message, (body, res.text)
    res = await client.post(URL, json={**BODY, "client_id": "POLRES_B"}, headers=heads["viewer"])
    assert res.status_code == 403 and res.json()["message"] == "client_id tidak diizinkan"
    assert await rows(db, "SELECT 1 FROM dashboard_premium_request") == []
    # JOB-77: any tier is stored as given; the admin (no client) applies too.
    res = await client.post(URL, json={**BODY, "premium_tier": "platinum-2027"}, headers=heads["admin"])
    assert res.status_code == 201 and res.json()["request"]["client_id"] is None
    first = await client.post(URL, json=BODY, headers=heads["viewer"])
    assert first.status_code == 201
    second = await client.post(URL, json=BODY, headers=heads["viewer"])
    assert second.status_code == 409 and "belum diputuskan" in second.json()["message"]
    token = first.json()["request"]["request_token"]
    proof = {"proof_url": "https://contoh.com/b.jpg"}
    assert (await client.put(f"{URL}/{token}", json=proof, headers=heads["operator"])).status_code == 404
    assert (await client.put(f"{URL}/{token}", json=proof, headers=heads["owner"])).status_code == 403
    assert (await client.put(f"{URL}/{token}", json=proof)).status_code == 401
    assert (await client.put(f"{URL}/bukan-uuid", json=proof, headers=heads["viewer"])).status_code == 404
    assert (await client.put(f"{URL}/{token}", json={}, headers=heads["viewer"])).status_code == 400
    assert (await client.put(f"{URL}/{token}", json=proof, headers=heads["viewer"])).status_code == 200
    again = await client.put(f"{URL}/{token}", json=proof, headers=heads["viewer"])
    assert again.status_code == 409 and "sudah confirmed" in again.json()["message"]
    assert len(await rows(db, "SELECT 1 FROM dashboard_premium_request")) == 2


async def test_request_expiry_job(client, heads, db, api_ctx) -> None:
    """JOB-76: open requests past expired_at expire (audit actor system), requesters get ⏰, admins one list."""
    await _numbers(db)
    pending = (await client.post(URL, json=BODY, headers=heads["viewer"])).json()["request"]
    confirmed = (
        await client.post(URL, json={**BODY, "proof_url": "https://contoh.com/p.jpg", "premium_tier": "Silver"},
                          headers=heads["operator"])
    ).json()["request"]  # fmt: skip
    assert (
        await run_job(api_ctx, "dashboard_premium_request_expiry", now_wib() + timedelta(hours=23))
    ).summary["expired"] == 0
    outcome = await run_job(api_ctx, "dashboard_premium_request_expiry", now_wib() + timedelta(hours=25))
    assert outcome.summary["expired"] == 1  # the confirmed one lives 48 h
    (row,) = await rows(
        db,
        "SELECT status, responded_at FROM dashboard_premium_request WHERE request_id = :r",
        r=pending["request_id"],
    )
    assert row.status == "expired" and row.responded_at is not None
    assert (await _audit(db, pending["request_id"]))[-1] == ("expired", "system", "pending", "expired")
    told = await outbox_to(db, VIEWER_PHONE, "⏰")
    assert len(told) == 1 and f"#{pending['request_id']}" in told[0] and "Gold" in told[0]
    (admins,) = await outbox_to(db, ADMIN_PHONE, "dashboard premium request kedaluwarsa")
    assert admins.splitlines()[0] == "⏰ 1 dashboard premium request kedaluwarsa"
    assert (
        f"pemantau.a · {pending['request_token']}" in admins
        and "  POLRES_A | Gold | " + VIEWER_PHONE in admins
    )
    outcome = await run_job(api_ctx, "dashboard_premium_request_expiry", now_wib() + timedelta(hours=49))
    assert outcome.summary["expired"] == 1
    assert (await _audit(db, confirmed["request_id"]))[-1] == ("expired", "system", "confirmed", "expired")
    # A re-run finds nothing and sends nothing.
    quiet = await run_job(api_ctx, "dashboard_premium_request_expiry", now_wib() + timedelta(hours=50))
    assert quiet.summary["expired"] == 0
    assert len(await outbox_to(db, ADMIN_PHONE, "dashboard premium request kedaluwarsa")) == 2
    assert len(await outbox_to(db, VIEWER_PHONE, "⏰")) == 1
