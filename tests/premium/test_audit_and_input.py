"""Issue 23 items 4 and 5: every premium transition leaves an audit row naming who did it and from
where (DB-23, JOB-75), and bad input is answered with a 4xx or a one-line reply with nothing written."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from core.timewindow import now_wib
from tests.premium.conftest import ADMIN_PHONE, execute, outbox_to, rows, run_job

MEMBER = "77010001"
MEMBER_PHONE = "6281300000003"
BODY = {"sender_name": "BUDI SANTOSO", "account_number": "1234567890", "bank_name": "BRI"}
URL = "/api/premium-requests"
DASH_URL = "/api/dashboard/premium-requests"
DASH_BODY = {
    "bank_name": "BNI",
    "account_number": "0987654321",
    "sender_name": "SITI",
    "premium_tier": "Gold",
}


async def _audit(db, target_type: str) -> list[tuple]:
    return [
        (r.action, r.target_id, r.actor_kind, r.actor_id, r.channel)
        for r in await rows(
            db,
            "SELECT action, target_id, actor_kind, actor_id, channel FROM audit_log WHERE target_type = :t"
            " ORDER BY audit_id",
            t=target_type,
        )
    ]


async def test_every_mobile_transition_is_audited(client, heads, chat, db, api_ctx) -> None:
    granted = (await client.post(URL, json=BODY, headers=heads["owner"])).json()["request"]["request_id"]
    await client.put(f"{URL}/{granted}", json={"bank_name": "BNI"}, headers=heads["owner"])
    res = await client.put(f"{URL}/{granted}", json={"status": "approved"}, headers=heads["admin"])
    assert res.status_code == 200, res.text
    waiting = (await client.post(URL, json=BODY, headers=heads["other"])).json()["request"]["request_id"]
    hours = api_ctx.settings.premium_request_pending_hours
    await run_job(api_ctx, "premium_expiry", now_wib() + timedelta(hours=hours, minutes=1))
    # A changed body: the same one again within API_DEDUP_WINDOW_SECONDS would replay the first answer.
    again = {**BODY, "sender_name": "ANDI"}
    denied = (await client.post(URL, json=again, headers=heads["other"])).json()["request"]["request_id"]
    assert (await chat.send(ADMIN_PHONE, f"denysub#{denied}")).code == "premium_denied"
    await run_job(api_ctx, "premium_expiry", now_wib() + timedelta(days=31))

    admin = (
        await rows(
            db, "SELECT dashboard_user_id::text AS id FROM dashboard_user WHERE username = 'admin.uji'"
        )
    )[0].id
    g, w, d = str(granted), str(waiting), str(denied)
    assert await _audit(db, "premium_request") == [
        ("premium_request.create", g, "personnel", MEMBER, "api"),
        ("premium_request.update", g, "personnel", MEMBER, "api"),
        ("premium_request.approved", g, "admin", admin, "api"),
        ("premium_request.create", w, "personnel", "77010002", "api"),
        ("premium_request.expired", w, "system", "premium_expiry", "job"),
        ("premium_request.create", d, "personnel", "77010002", "api"),
        ("premium_request.rejected", d, "admin", ADMIN_PHONE, "whatsapp"),
    ]
    assert await _audit(db, "user") == [
        ("user.premium_grant", MEMBER, "admin", admin, "api"),
        ("user.premium_expire", MEMBER, "system", "premium_expiry", "job"),
    ]
    # HTTP changes carry the request id of the call that made them.
    ids = await rows(db, "SELECT request_id FROM audit_log WHERE channel = 'api'")
    assert all(r.request_id for r in ids)


async def test_every_dashboard_transition_is_audited(client, heads, chat, db, api_ctx) -> None:
    res = await client.post(DASH_URL, json=DASH_BODY, headers=heads["viewer"])
    token, rid = res.json()["request"]["request_token"], res.json()["request"]["request_id"]
    await client.put(
        f"{DASH_URL}/{token}", json={"proof_url": "https://contoh.com/b.jpg"}, headers=heads["viewer"]
    )
    assert (await chat.send(ADMIN_PHONE, f"grantdashsub#{token}")).code == "dashboard_premium_granted"
    (sub,) = await rows(
        db, "SELECT subscription_id::text AS id, expires_at FROM dashboard_user_subscriptions"
    )
    await run_job(api_ctx, "dashboard_subscription_expiry", sub.expires_at + timedelta(minutes=1))
    requests = await rows(
        db,
        "SELECT action, actor, status_from, status_to, admin_whatsapp FROM dashboard_premium_request_audit"
        " WHERE request_id = :r ORDER BY audit_id",
        r=rid,
    )
    assert [(r.action, r.status_from, r.status_to) for r in requests] == [
        ("created", None, "pending"),
        ("confirmed", "pending", "confirmed"),
        ("approved", "confirmed", "approved"),
    ]
    assert requests[-1].admin_whatsapp == ADMIN_PHONE and requests[0].actor.startswith("dashboard_user:")
    assert await _audit(db, "dashboard_subscription") == [
        ("dashboard_subscription.start", sub.id, "admin", ADMIN_PHONE, "whatsapp"),
        ("dashboard_subscription.expired", sub.id, "system", "dashboard_subscription_expiry", "job"),
    ]


async def test_put_refusals_write_nothing(client, heads, db) -> None:
    rid = (await client.post(URL, json=BODY, headers=heads["owner"])).json()["request"]["request_id"]
    url = f"{URL}/{rid}"
    cases = [
        ("admin", {"bank_name": "BNI", "status": "maybe"}, 400, "status harus approved atau rejected"),
        ("admin", {"bank_name": "BNI", "status": "expired"}, 400, "status harus approved atau rejected"),
        ("owner", {"bank_name": "BNI", "status": "approved"}, 403, "status hanya dapat diubah oleh admin"),
        ("owner", {"account_number": True}, 400, "account_number harus berupa teks"),
        ("owner", {"screenshot_url": 5}, 400, "screenshot_url harus berupa teks"),
        (
            "owner",
            {"bank_name": "BNI", "account_number": "12"},
            400,
            "account_number harus berupa 5-30 digit angka",
        ),
        ("owner", {"bank_name": "   "}, 400, "bank_name tidak boleh kosong"),
    ]
    for who, body, status, message in cases:
        res = await client.put(url, json=body, headers=heads[who])
        assert (res.status_code, res.json()["message"]) == (status, message), (body, res.text)
    for raw in ("[1, 2]", "{bukan json", '"teks"'):
        res = await client.put(
            url, content=raw, headers={**heads["owner"], "content-type": "application/json"}
        )
        assert res.status_code == 400 and res.json()["code"] == "bad_json", raw
    (req,) = await rows(db, "SELECT status, bank_name, account_number FROM premium_request")
    assert (req.status, req.bank_name, req.account_number) == ("pending", "BRI", "1234567890")
    assert [a[0] for a in await _audit(db, "premium_request")] == ["premium_request.create"]
    assert await outbox_to(db, ADMIN_PHONE, "grantsub#") == []


async def test_expired_request_cannot_be_decided(client, heads, chat, db, api_ctx) -> None:
    rid = (await client.post(URL, json=BODY, headers=heads["owner"])).json()["request"]["request_id"]
    hours = api_ctx.settings.premium_request_pending_hours
    await run_job(api_ctx, "premium_expiry", now_wib() + timedelta(hours=hours, minutes=1))
    reply = await chat.send(ADMIN_PHONE, f"grantsub#{rid}")
    assert reply.code == "already_decided" and f"#{rid} sudah expired" in reply.text
    res = await client.put(f"{URL}/{rid}", json={"status": "approved"}, headers=heads["admin"])
    assert res.status_code == 409
    (user,) = await rows(db, 'SELECT premium_status FROM "user" WHERE user_id = :u', u=MEMBER)
    assert user.premium_status is False
    assert [b for b in await outbox_to(db, MEMBER_PHONE) if "premium" in b.lower()] == []


async def test_two_submissions_at_once_make_one_request(client, heads, db) -> None:
    """A member's row is locked while the pending check runs: a double tap with different bodies
    (so the de-duplication of API-18 does not collapse them) gives one 201 and one 409."""
    first, second = await asyncio.gather(
        client.post(URL, json=BODY, headers=heads["owner"]),
        client.post(URL, json={**BODY, "sender_name": "BUDI S"}, headers=heads["owner"]),
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409]
    assert len(await rows(db, "SELECT 1 FROM premium_request")) == 1
    first, second = await asyncio.gather(
        client.post(DASH_URL, json=DASH_BODY, headers=heads["viewer"]),
        client.post(DASH_URL, json={**DASH_BODY, "premium_tier": "Silver"}, headers=heads["viewer"]),
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409]
    assert len(await rows(db, "SELECT 1 FROM dashboard_premium_request")) == 1
    assert len(await rows(db, "SELECT 1 FROM dashboard_premium_request_audit")) == 1


async def test_dashboard_refusals_write_nothing(client, heads, chat, db) -> None:
    for body, message in (
        ({**DASH_BODY, "sender_name": "s" * 101}, "sender_name maksimal 100 karakter"),
        ({**DASH_BODY, "bank_name": 7}, "bank_name harus berupa teks"),
        ({**DASH_BODY, "client_id": ["POLRES_A"]}, "client_id harus berupa teks"),
        (
            {**DASH_BODY, "transfer_amount": "1e999"},
            "transfer_amount harus berupa angka 0 sampai 999999999999",
        ),
    ):
        res = await client.post(DASH_URL, json=body, headers=heads["viewer"])
        assert (res.status_code, res.json()["message"]) == (400, message), (body, res.text)
    assert await rows(db, "SELECT 1 FROM dashboard_premium_request") == []
    token = (await client.post(DASH_URL, json=DASH_BODY, headers=heads["viewer"])).json()["request"][
        "request_token"
    ]
    for body in (
        {"proof_url": "bukan tautan"},
        {"proof_url": "https://contoh.com/b.jpg", "transfer_amount": "x"},
    ):
        res = await client.put(f"{DASH_URL}/{token}", json=body, headers=heads["viewer"])
        assert res.status_code == 400, (body, res.text)
    # An admin cannot decide a request still waiting for its proof, and a dashboard user whose
    # account was switched off cannot apply at all (API-15).
    assert (await chat.send(ADMIN_PHONE, f"denydashsub#{token}")).code == "already_decided"
    (row,) = await rows(db, "SELECT status, proof_url FROM dashboard_premium_request")
    assert (row.status, row.proof_url) == ("pending", None)
    await execute(db, "UPDATE dashboard_user SET status = FALSE WHERE username = 'operator.a'")
    assert (await client.post(DASH_URL, json=DASH_BODY, headers=heads["operator"])).status_code == 401
    assert len(await rows(db, "SELECT 1 FROM dashboard_premium_request")) == 1
