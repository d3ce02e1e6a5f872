"""Mobile premium (API-85, JOB-70..JOB-72, CONV-181 `grantsub#`/`denysub#`): the member's request,
the admins' notice, the decision on WhatsApp, the expiry job on a shifted clock, and who may do what."""

from __future__ import annotations

from datetime import timedelta

import httpx

from core.timefmt import tgl_panjang
from core.timewindow import now_wib
from tests.premium.conftest import ADMIN_PHONE, OTHER_MEMBER_PHONE, outbox_to, rows, run_job

MEMBER = "77010001"
MEMBER_PHONE = "6281300000003"
BODY = {
    "sender_name": "BUDI SANTOSO",
    "account_number": "1234-5678-90",
    "bank_name": "BRI",
    "screenshot_url": "https://contoh.com/bukti/1.jpg",
}


async def _create(client: httpx.AsyncClient, heads, body=None, who="owner") -> httpx.Response:
    return await client.post("/api/premium-requests", json=body or BODY, headers=heads[who])


async def test_request_notice_grant_expiry_walk(client, heads, chat, db, api_ctx) -> None:
    """Issue 23 done-when: request → admin notice → grantsub# → premium set, member told → expiry
    on a shifted clock → premium off, member told; a re-run tells nobody again (JOB-72)."""
    res = await _create(client, heads)
    assert res.status_code == 201, res.text
    request = res.json()["request"]
    rid = request["request_id"]
    assert request["status"] == "pending" and request["user_id"] == MEMBER
    assert request["account_number"] == "1234567890"
    notice = await outbox_to(db, ADMIN_PHONE, "grantsub#")
    assert len(notice) == 1
    assert f"grantsub#{rid}" in notice[0] and f"denysub#{rid}" in notice[0]
    assert "https://contoh.com/bukti/1.jpg" in notice[0] and MEMBER in notice[0]

    reply = await chat.send(ADMIN_PHONE, f"grantsub#{rid}")
    assert reply.code == "premium_granted", reply.text
    end = now_wib().date() + timedelta(days=api_ctx.settings.premium_access_duration_days)
    assert tgl_panjang(end) in reply.text
    (user,) = await rows(
        db, 'SELECT premium_status, premium_end_date FROM "user" WHERE user_id = :u', u=MEMBER
    )
    assert user.premium_status is True and user.premium_end_date == end
    (req,) = await rows(db, "SELECT status FROM premium_request WHERE request_id = :r", r=rid)
    assert req.status == "approved"
    told = await outbox_to(db, MEMBER_PHONE, "Premium Cicero aktif")
    assert len(told) == 1 and tgl_panjang(end) in told[0]
    audits = {r.action for r in await rows(db, "SELECT action FROM audit_log")}
    assert {"premium_request.create", "premium_request.approved", "user.premium_grant"} <= audits

    # The day before the end date nothing happens; on the end date (WIB) premium is off.
    before = await run_job(api_ctx, "premium_expiry", now_wib() + timedelta(days=29))
    assert before.summary["expired"] == 0
    shifted = now_wib().replace(hour=0, minute=0, second=30) + timedelta(days=30)
    outcome = await run_job(api_ctx, "premium_expiry", shifted)
    assert outcome.status == "succeeded" and outcome.summary["expired"] == 1, outcome.summary
    (user,) = await rows(
        db, 'SELECT premium_status, premium_end_date FROM "user" WHERE user_id = :u', u=MEMBER
    )
    assert user.premium_status is False and user.premium_end_date is None
    ended = await outbox_to(db, MEMBER_PHONE, "Premium Cicero berakhir")
    assert len(ended) == 1 and tgl_panjang(end) in ended[0]
    again = await run_job(api_ctx, "premium_expiry", shifted + timedelta(minutes=5))
    assert again.summary["expired"] == 0
    assert len(await outbox_to(db, MEMBER_PHONE, "Premium Cicero berakhir")) == 1


async def test_denysub_rejects_and_tells_the_member(client, heads, chat, db) -> None:
    rid = (await _create(client, heads)).json()["request"]["request_id"]
    reply = await chat.send(ADMIN_PHONE, f"denysub#{rid}")
    assert reply.code == "premium_denied"
    (req,) = await rows(db, "SELECT status FROM premium_request WHERE request_id = :r", r=rid)
    assert req.status == "rejected"
    (user,) = await rows(db, 'SELECT premium_status FROM "user" WHERE user_id = :u', u=MEMBER)
    assert user.premium_status is False
    assert len(await outbox_to(db, MEMBER_PHONE, "ditolak")) == 1
    # Already decided: a second answer changes nothing and tells nobody again.
    for text in (f"grantsub#{rid}", f"denysub#{rid}"):
        again = await chat.send(ADMIN_PHONE, text)
        assert again.code == "already_decided" and "sudah rejected" in again.text
    assert len(await outbox_to(db, MEMBER_PHONE, "ditolak")) == 1
    assert await outbox_to(db, MEMBER_PHONE, "aktif") == []


async def test_commands_refuse_bad_ids_and_non_admins(client, heads, chat, db) -> None:
    rid = (await _create(client, heads)).json()["request"]["request_id"]
    for text in ("grantsub#", "grantsub#abc", "denysub#-1", "grantsub#99999999999"):
        assert (await chat.send(ADMIN_PHONE, text)).code == "usage", text
    missing = await chat.send(ADMIN_PHONE, "grantsub#424242")
    assert missing.code == "not_found" and "#424242" in missing.text
    # Operator, member and stranger numbers: deny_admin, nothing decided.
    for phone in ("6281200000002", MEMBER_PHONE, "6281999999999"):
        assert (await chat.send(phone, f"grantsub#{rid}")).code == "deny_admin", phone
    (req,) = await rows(db, "SELECT status FROM premium_request WHERE request_id = :r", r=rid)
    assert req.status == "pending"


async def test_post_actor_matrix(client, heads, db) -> None:
    """API-85: only personnel apply, for themselves (the user comes from the token)."""
    for who in ("admin", "operator", "directorate", "viewer", "client"):
        res = await _create(client, heads, who=who)
        assert res.status_code == 403, (who, res.text)
    res = await _create(client, heads, who="anonymous")
    assert res.status_code == 401 and res.json()["code"] == "token_required"
    res = await _create(client, heads, body={**BODY, "user_id": "77010002"})
    assert res.status_code == 201 and res.json()["request"]["user_id"] == MEMBER
    assert len(await rows(db, "SELECT 1 FROM premium_request")) == 1


async def test_put_actor_matrix(client, heads, db) -> None:
    """API-85: the owner edits while pending; other members do not see it; only admins set status."""
    rid = (
        await _create(client, heads, body={k: v for k, v in BODY.items() if k != "screenshot_url"})
    ).json()["request"]["request_id"]
    url = f"/api/premium-requests/{rid}"
    res = await client.put(url, json={"bank_name": "BNI"}, headers=heads["other"])
    assert res.status_code == 404 and res.json()["message"] == "not found"
    for who in ("operator", "directorate", "viewer", "client"):
        assert (await client.put(url, json={"bank_name": "BNI"}, headers=heads[who])).status_code == 403, who
    assert (await client.put(url, json={"bank_name": "BNI"})).status_code == 401
    res = await client.put(url, json={"status": "approved"}, headers=heads["owner"])
    assert res.status_code == 403
    res = await client.put(url, json={"bank_name": "BNI"}, headers=heads["owner"])
    assert res.status_code == 200 and res.json()["request"]["bank_name"] == "BNI"
    assert await outbox_to(db, ADMIN_PHONE, "grantsub#") == []  # no screenshot yet, no notice
    res = await client.put(url, json={"screenshot_url": "https://contoh.com/b.jpg"}, headers=heads["owner"])
    assert res.status_code == 200
    assert len(await outbox_to(db, ADMIN_PHONE, f"grantsub#{rid}")) == 1
    res = await client.put(url, json={"screenshot_url": "https://contoh.com/b.jpg"}, headers=heads["owner"])
    assert len(await outbox_to(db, ADMIN_PHONE, f"grantsub#{rid}")) == 1  # same link: told once
    res = await client.put(url, json={"status": "approved"}, headers=heads["admin"])
    assert res.status_code == 200 and res.json()["request"]["status"] == "approved"
    (user,) = await rows(db, 'SELECT premium_status FROM "user" WHERE user_id = :u', u=MEMBER)
    assert user.premium_status is True
    assert len(await outbox_to(db, MEMBER_PHONE, "Premium Cicero aktif")) == 1
    for who, body in (("owner", {"bank_name": "BCA"}), ("admin", {"status": "rejected"})):
        res = await client.put(url, json=body, headers=heads[who])
        assert res.status_code == 409 and "sudah approved" in res.json()["message"], who
    updates = [
        r.action for r in await rows(db, "SELECT action FROM audit_log WHERE target_type = 'premium_request'")
    ]
    assert updates.count("premium_request.update") == 2


async def test_bad_input_is_refused_and_nothing_is_written(client, heads, db) -> None:
    cases = [
        ({"bank_name": "BRI"}, "sender_name, account_number, dan bank_name wajib diisi"),
        ({**BODY, "sender_name": "x" * 101}, "sender_name maksimal 100 karakter"),
        ({**BODY, "sender_name": {"a": 1}}, "sender_name harus berupa teks"),
        ({**BODY, "bank_name": ["BRI"]}, "bank_name harus berupa teks"),
        ({**BODY, "account_number": "12ab5678"}, "account_number harus berupa 5-30 digit angka"),
        ({**BODY, "account_number": "1" * 31}, "account_number harus berupa 5-30 digit angka"),
        (
            {**BODY, "screenshot_url": "javascript:alert(1)"},
            "screenshot_url harus berupa tautan http(s) yang valid",
        ),
        (
            {**BODY, "screenshot_url": "https://contoh.com/" + "a" * 2048},
            "screenshot_url maksimal 2048 karakter",
        ),
    ]
    for body, message in cases:
        res = await _create(client, heads, body=body)
        assert res.status_code == 400 and res.json()["message"] == message, (body, res.text)
    assert await rows(db, "SELECT 1 FROM premium_request") == []
    assert await outbox_to(db, ADMIN_PHONE, "grantsub#") == []
    # A JSON number is an account number too (API-5).
    first = await _create(client, heads, body={**BODY, "account_number": 1234567890})
    assert first.status_code == 201 and first.json()["request"]["account_number"] == "1234567890"
    second = await _create(client, heads, body={**BODY, "sender_name": "BUDI S"})
    assert second.status_code == 409 and "menunggu keputusan" in second.json()["message"]
    assert len(await rows(db, "SELECT 1 FROM premium_request")) == 1
    rid = first.json()["request"]["request_id"]
    for path in ("/api/premium-requests/0", "/api/premium-requests/abc", "/api/premium-requests/99999999999"):
        res = await client.put(path, json={"bank_name": "BNI"}, headers=heads["owner"])
        assert res.status_code == 400, (path, res.text)
    res = await client.put("/api/premium-requests/424242", json={"bank_name": "BNI"}, headers=heads["admin"])
    assert res.status_code == 404 and res.json()["message"] == "not found"
    url = f"/api/premium-requests/{rid}"
    for body in ({"sender_name": ""}, {"bank_name": "x" * 61}, {"status": "maybe"}, {"status": 1}):
        res = await client.put(url, json=body, headers=heads["admin"])
        assert res.status_code == 400, (body, res.text)
    (req,) = await rows(
        db, "SELECT status, sender_name, bank_name FROM premium_request WHERE request_id = :r", r=rid
    )
    assert (req.status, req.sender_name, req.bank_name) == ("pending", "BUDI SANTOSO", "BRI")


async def test_pending_requests_expire_after_the_setting(client, heads, db, api_ctx) -> None:
    """JOB-72.2: pending longer than PREMIUM_REQUEST_PENDING_HOURS → expired; decided ones stay."""
    rid = (await _create(client, heads)).json()["request"]["request_id"]
    other = await client.post(
        "/api/premium-requests", json={**BODY, "sender_name": "ANDI"}, headers=heads["other"]
    )
    hours = api_ctx.settings.premium_request_pending_hours
    early = await run_job(api_ctx, "premium_expiry", now_wib() + timedelta(hours=hours - 1))
    assert early.summary["requests_expired"] == 0
    outcome = await run_job(api_ctx, "premium_expiry", now_wib() + timedelta(hours=hours, minutes=1))
    assert outcome.summary["requests_expired"] == 2
    statuses = {
        r.request_id: r.status for r in await rows(db, "SELECT request_id, status FROM premium_request")
    }
    assert statuses == {rid: "expired", other.json()["request"]["request_id"]: "expired"}
    # An expired request no longer blocks a new one (a changed body: the same one within
    # API_DEDUP_WINDOW_SECONDS would replay the first answer, API-18).
    again = await _create(client, heads, body={**BODY, "bank_name": "BCA"})
    assert again.status_code == 201 and again.json()["request"]["request_id"] not in statuses
    assert await outbox_to(db, OTHER_MEMBER_PHONE, "berakhir") == []
