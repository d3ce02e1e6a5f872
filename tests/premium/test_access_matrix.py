"""Issue 23 item 4: who may do what with a premium request, one table per action (API-40, API-85,
CONV-181). Actors: the admin (dashboard admin over HTTP, an ADMIN_WHATSAPP number on WhatsApp), an
operator (dashboard operator and client-operator login; the client's operator number), the member who
owns the request, another member of the same unit, and nobody (no token / a stranger's number).
A refused action leaves the request, the member's premium columns and the audit log as they were."""

from __future__ import annotations

import httpx
import pytest

from tests.premium.conftest import ADMIN_PHONE, OTHER_MEMBER_PHONE, outbox_to, rows

MEMBER = "77010001"
MEMBER_PHONE = "6281300000003"
OPERATOR_PHONE = "6281200000002"  # client_operator of POLRES_A
STRANGER_PHONE = "6281999999999"
BODY = {"sender_name": "BUDI SANTOSO", "account_number": "1234567890", "bank_name": "BRI"}
URL = "/api/premium-requests"

# actor -> (HTTP headers key, WhatsApp number)
ACTORS = {
    "admin": ("admin", ADMIN_PHONE),
    "operator": ("operator", OPERATOR_PHONE),
    "client_operator": ("client", OPERATOR_PHONE),
    "directorate": ("directorate", None),
    "viewer": ("viewer", None),
    "owner": ("owner", MEMBER_PHONE),
    "other_member": ("other", OTHER_MEMBER_PHONE),
    "anonymous": ("anonymous", STRANGER_PHONE),
}


async def _pending(client: httpx.AsyncClient, heads) -> int:
    res = await client.post(URL, json=BODY, headers=heads["owner"])
    assert res.status_code == 201, res.text
    return res.json()["request"]["request_id"]


async def _state(db, rid: int) -> tuple:
    (req,) = await rows(db, "SELECT status, bank_name FROM premium_request WHERE request_id = :r", r=rid)
    (user,) = await rows(
        db, 'SELECT premium_status, premium_end_date FROM "user" WHERE user_id = :u', u=MEMBER
    )
    audits = len(await rows(db, "SELECT 1 FROM audit_log"))
    return req.status, req.bank_name, user.premium_status, user.premium_end_date, audits


CREATE = {
    "admin": 403,
    "operator": 403,
    "client_operator": 403,
    "directorate": 403,
    "viewer": 403,
    "anonymous": 401,
}


@pytest.mark.parametrize(("actor", "status"), CREATE.items())
async def test_create_refused(client, heads, db, actor, status) -> None:
    res = await client.post(URL, json={**BODY, "user_id": MEMBER}, headers=heads[ACTORS[actor][0]])
    assert res.status_code == status, res.text
    assert await rows(db, "SELECT 1 FROM premium_request") == []
    assert await rows(db, "SELECT 1 FROM audit_log") == []


async def test_create_by_members_is_always_for_themselves(client, heads, db) -> None:
    """The owner and another member each apply; a `user_id` in the body never picks the member."""
    assert (await client.post(URL, json=BODY, headers=heads["owner"])).status_code == 201
    res = await client.post(URL, json={**BODY, "user_id": MEMBER}, headers=heads["other"])
    assert res.status_code == 201 and res.json()["request"]["user_id"] == "77010002"
    owners = sorted(r.user_id for r in await rows(db, "SELECT user_id FROM premium_request"))
    assert owners == ["77010001", "77010002"]


# PUT of a writable field, and PUT of `status`: the expected HTTP status per actor.
EDIT = {"admin": 200, "owner": 200, "other_member": 404, "operator": 403, "client_operator": 403,
        "directorate": 403, "viewer": 403, "anonymous": 401}  # fmt: skip
SET_STATUS = {"admin": 200, "owner": 403, "other_member": 404, "operator": 403, "client_operator": 403,
              "directorate": 403, "viewer": 403, "anonymous": 401}  # fmt: skip


@pytest.mark.parametrize(("actor", "status"), EDIT.items())
async def test_edit(client, heads, db, actor, status) -> None:
    rid = await _pending(client, heads)
    before = await _state(db, rid)
    res = await client.put(f"{URL}/{rid}", json={"bank_name": "BNI"}, headers=heads[ACTORS[actor][0]])
    assert res.status_code == status, res.text
    if status == 200:
        assert res.json()["request"]["bank_name"] == "BNI"
        (audit,) = await rows(
            db, "SELECT actor_kind, changes FROM audit_log WHERE action = 'premium_request.update'"
        )
        assert audit.actor_kind == ("admin" if actor == "admin" else "personnel")
        assert audit.changes == {"bank_name": ["BRI", "BNI"]}
    else:
        assert await _state(db, rid) == before


@pytest.mark.parametrize("decision", ["approved", "rejected"])
@pytest.mark.parametrize(("actor", "status"), SET_STATUS.items())
async def test_set_status(client, heads, db, actor, status, decision) -> None:
    rid = await _pending(client, heads)
    before = await _state(db, rid)
    res = await client.put(f"{URL}/{rid}", json={"status": decision}, headers=heads[ACTORS[actor][0]])
    assert res.status_code == status, res.text
    if status != 200:
        assert await _state(db, rid) == before
        assert await outbox_to(db, MEMBER_PHONE) == []
        return
    assert res.json()["request"]["status"] == decision
    req_status, _bank, premium, end, _audits = await _state(db, rid)
    assert req_status == decision and premium is (decision == "approved") and (end is not None) is premium
    told = "Premium Cicero aktif" if decision == "approved" else "ditolak"
    assert len(await outbox_to(db, MEMBER_PHONE, told)) == 1


@pytest.mark.parametrize("word", ["grantsub", "denysub"])
@pytest.mark.parametrize("actor", ["operator", "owner", "other_member", "anonymous"])
async def test_whatsapp_decision_refused(client, heads, chat, db, actor, word) -> None:
    """CONV-181: only admin numbers decide; everyone else gets deny_admin and nothing changes."""
    rid = await _pending(client, heads)
    before = await _state(db, rid)
    reply = await chat.send(ACTORS[actor][1], f"{word}#{rid}")
    assert reply.code == "deny_admin", reply.text
    assert await _state(db, rid) == before
    assert [b for b in await outbox_to(db, MEMBER_PHONE) if "premium" in b.lower()] == []


@pytest.mark.parametrize(("word", "decision"), [("grantsub", "approved"), ("denysub", "rejected")])
async def test_whatsapp_decision_by_admin(client, heads, chat, db, word, decision) -> None:
    rid = await _pending(client, heads)
    reply = await chat.send(ADMIN_PHONE, f"{word}#{rid}")
    assert reply.code == ("premium_granted" if decision == "approved" else "premium_denied"), reply.text
    (audit,) = await rows(
        db,
        "SELECT actor_kind, actor_id, channel FROM audit_log WHERE action = :a",
        a=f"premium_request.{decision}",
    )
    assert (audit.actor_kind, audit.actor_id, audit.channel) == ("admin", ADMIN_PHONE, "whatsapp")
    assert (await _state(db, rid))[0] == decision


# --- dashboard premium requests (JOB-75) ----------------------------------------------------------

DASH_URL = "/api/dashboard/premium-requests"
DASH_BODY = {
    "bank_name": "BNI",
    "account_number": "0987654321",
    "sender_name": "SITI",
    "premium_tier": "Gold",
}
DASH_CREATE = {"admin": 201, "operator": 201, "directorate": 201, "viewer": 201, "client_operator": 403,
               "owner": 403, "other_member": 403, "anonymous": 401}  # fmt: skip
# The proof upload of the viewer's request (the only change its owner makes).
DASH_CONFIRM = {"viewer": 200, "admin": 404, "operator": 404, "directorate": 404, "client_operator": 403,
                "owner": 403, "anonymous": 401}  # fmt: skip


@pytest.mark.parametrize(("actor", "status"), DASH_CREATE.items())
async def test_dashboard_create(client, heads, db, actor, status) -> None:
    res = await client.post(DASH_URL, json=DASH_BODY, headers=heads[ACTORS[actor][0]])
    assert res.status_code == status, res.text
    count = len(await rows(db, "SELECT 1 FROM dashboard_premium_request"))
    audits = len(await rows(db, "SELECT 1 FROM dashboard_premium_request_audit WHERE action = 'created'"))
    assert count == audits == (1 if status == 201 else 0)


@pytest.mark.parametrize(("actor", "status"), DASH_CONFIRM.items())
async def test_dashboard_confirm(client, heads, db, actor, status) -> None:
    token = (await client.post(DASH_URL, json=DASH_BODY, headers=heads["viewer"])).json()["request"][
        "request_token"
    ]
    res = await client.put(
        f"{DASH_URL}/{token}", json={"proof_url": "https://contoh.com/b.jpg"}, headers=heads[ACTORS[actor][0]]
    )
    assert res.status_code == status, res.text
    (row,) = await rows(db, "SELECT status FROM dashboard_premium_request")
    assert row.status == ("confirmed" if status == 200 else "pending")
    actions = [
        r.action
        for r in await rows(db, "SELECT action FROM dashboard_premium_request_audit ORDER BY audit_id")
    ]
    assert actions == (["created", "confirmed"] if status == 200 else ["created"])
