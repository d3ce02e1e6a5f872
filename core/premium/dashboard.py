"""Dashboard premium requests (JOB-70, JOB-75, JOB-77): tokens, lifetimes, audit rows, decisions.

`pending` (no proof yet, lives 24 h) → `confirmed` (proof uploaded, lives 48 h from then) →
`approved` / `denied` by an admin over WhatsApp, or `expired` by JOB-76. Any other transition is
refused with `conflict`. Each transition writes one `dashboard_premium_request_audit` row in the
same unit of work. Tiers are opaque (JOB-77): stored as given, never checked against a list.
A dashboard user has at most one open (pending or confirmed) request; the `dashboard_user` row is
locked while that is checked.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from core.accounts.access import Caller
from core.accounts.audit import write_audit
from core.accounts.errors import conflict, forbidden, invalid, not_found
from core.config import Settings
from core.db import UnitOfWork
from core.premium import fields, notices, subscriptions

PENDING_LIFETIME = timedelta(hours=24)  # JOB-75
CONFIRMED_LIFETIME = timedelta(hours=48)  # JOB-75
APPROVAL_DAYS = 30  # JOB-71: approvals over WhatsApp run 30 days; a requested expiry is ignored
OPEN = ("pending", "confirmed")
REQUIRED_MESSAGE = "bank_name, account_number, sender_name, dan premium_tier wajib diisi"
NOT_FOUND = "Permintaan premium dashboard tidak ditemukan"
_COLUMNS = """request_id, request_token::text AS request_token, dashboard_user_id::text AS dashboard_user_id,
    client_id, username, whatsapp, bank_name, account_number, sender_name, transfer_amount, premium_tier,
    proof_url, status, expired_at, responded_at, created_at, updated_at"""


@dataclass(frozen=True)
class Decision:
    request: dict[str, Any]
    subscription_id: str | None
    expires_at: datetime | None
    requester_told: bool


def parse_token(raw: str) -> str | None:
    """The request token as typed in `grantdashsub#<token>`: a UUID, else None."""
    try:
        return str(uuid.UUID(raw.strip()))
    except (ValueError, AttributeError):
        return None


async def _audit(
    uow: UnitOfWork, request: dict[str, Any], action: str, actor: str, status_from: str | None,
    *, admin_whatsapp: str | None = None, note: str | None = None,
) -> None:  # fmt: skip
    await uow.execute(
        """
        INSERT INTO dashboard_premium_request_audit
            (request_id, dashboard_user_id, action, actor, note, status_from, status_to, admin_whatsapp)
        VALUES (:rid, CAST(:uid AS UUID), :action, :actor, :note, :sfrom, :sto, :admin)
        """,
        {
            "rid": request["request_id"], "uid": request["dashboard_user_id"], "action": action, "actor": actor,
            "note": note, "sfrom": status_from, "sto": request["status"], "admin": admin_whatsapp,
        },
    )  # fmt: skip


async def _by_token(uow: UnitOfWork, token: str | None) -> dict[str, Any] | None:
    if token is None:
        return None
    row = (
        (
            await uow.execute(
                f"SELECT {_COLUMNS} FROM dashboard_premium_request WHERE request_token = CAST(:t AS UUID) FOR UPDATE",  # noqa: S608 - fixed column lists and names, values bound
                {"t": token},
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def _tell_admins_of_proof(
    uow: UnitOfWork, request: dict[str, Any], origin: str, settings: Settings
) -> None:
    await notices.tell_admins(
        uow,
        notices.dashboard_proof_for_admins(request),
        key=f"dash_request:{request['request_id']}:proof:{notices.proof_digest(request['proof_url'] or '')}",
        origin=origin,
        settings=settings,
    )


async def create_request(
    uow: UnitOfWork, dashboard_user_id: str, client_ids: tuple[str, ...], body: dict[str, Any], *,
    now: datetime, settings: Settings, origin: str = "api",
) -> dict[str, Any]:  # fmt: skip
    """A dashboard user applies for a tier; with `proof_url` the request starts `confirmed`."""
    values: dict[str, Any] = {
        "bank_name": fields.text_field(body, "bank_name", limit=fields.MAX_BANK),
        "account_number": fields.account_number(body),
        "sender_name": fields.text_field(body, "sender_name", limit=fields.MAX_NAME),
        "premium_tier": fields.text_field(body, "premium_tier", limit=fields.MAX_TIER),
        "proof_url": fields.url_field(body, "proof_url") or None,
        "transfer_amount": fields.amount_field(body),
    }
    fields.required(values, ("bank_name", "account_number", "sender_name", "premium_tier"), REQUIRED_MESSAGE)
    client_id = fields.text_field(body, "client_id", limit=64)
    allowed = {c.upper(): c for c in client_ids}
    if client_id:
        if client_id.upper() not in allowed:
            raise forbidden("client_id tidak diizinkan")
        client_id = allowed[client_id.upper()]
    else:
        client_id = client_ids[0] if len(client_ids) == 1 else None
    user = (
        (
            await uow.execute(
                "SELECT username, whatsapp FROM dashboard_user WHERE dashboard_user_id = CAST(:id AS UUID) FOR UPDATE",
                {"id": dashboard_user_id},
            )
        )
        .mappings()
        .first()
    )
    if user is None:
        raise not_found("Pengguna dashboard tidak ditemukan")
    open_id = (
        await uow.execute(
            "SELECT request_id FROM dashboard_premium_request WHERE dashboard_user_id = CAST(:id AS UUID)"
            " AND status = ANY(:open) ORDER BY request_id LIMIT 1",
            {"id": dashboard_user_id, "open": list(OPEN)},
        )
    ).scalar_one_or_none()
    if open_id is not None:
        raise conflict(f"Masih ada permintaan premium dashboard #{open_id} yang belum diputuskan")
    status = "confirmed" if values["proof_url"] else "pending"
    lifetime = CONFIRMED_LIFETIME if status == "confirmed" else PENDING_LIFETIME
    row = (
        (
            await uow.execute(
                f"""
            INSERT INTO dashboard_premium_request
                (dashboard_user_id, client_id, username, whatsapp, bank_name, account_number, sender_name,
                 transfer_amount, premium_tier, proof_url, status, expired_at)
            VALUES (CAST(:uid AS UUID), :cid, :username, :wa, :bank_name, :account_number, :sender_name,
                    :transfer_amount, :premium_tier, :proof_url, :status, :expires)
            RETURNING {_COLUMNS}
            """,  # noqa: S608 - fixed column lists and names, values bound
                {
                    **values,
                    "uid": dashboard_user_id,
                    "cid": client_id,
                    "username": user["username"],
                    "wa": user["whatsapp"] or None,
                    "status": status,
                    "expires": now + lifetime,
                },
            )  # fmt: skip
        )
        .mappings()
        .one()
    )
    request = dict(row)
    await _audit(uow, request, "created", f"dashboard_user:{dashboard_user_id}", None)
    if status == "confirmed":
        await _tell_admins_of_proof(uow, request, origin, settings)
    return request


async def confirm(
    uow: UnitOfWork, dashboard_user_id: str, token: str | None, body: dict[str, Any], *, now: datetime,
    settings: Settings, origin: str = "api",
) -> dict[str, Any]:  # fmt: skip
    """The owner uploads the proof: `pending` → `confirmed`, lifetime reset to now + 48 h (JOB-75)."""
    request = await _by_token(uow, token)
    if request is None or request["dashboard_user_id"] != dashboard_user_id:
        raise not_found(NOT_FOUND)  # another user's token is not even seen
    proof = fields.url_field(body, "proof_url")
    if not proof:
        raise invalid("proof_url wajib diisi", "proof_url")
    if request["status"] != "pending":
        raise conflict(f"Permintaan premium dashboard #{request['request_id']} sudah {request['status']}")
    amount = fields.amount_field(body)
    row = (
        (
            await uow.execute(
                f"""
            UPDATE dashboard_premium_request
               SET status = 'confirmed', proof_url = :proof, expired_at = :expires,
                   transfer_amount = COALESCE(:amount, transfer_amount)
             WHERE request_id = :rid RETURNING {_COLUMNS}
            """,  # noqa: S608 - fixed column lists and names, values bound
                {
                    "proof": proof,
                    "expires": now + CONFIRMED_LIFETIME,
                    "amount": amount,
                    "rid": request["request_id"],
                },
            )
        )
        .mappings()
        .one()
    )
    request = dict(row)
    await _audit(uow, request, "confirmed", f"dashboard_user:{dashboard_user_id}", "pending")
    await _tell_admins_of_proof(uow, request, origin, settings)
    return request


async def _decide(
    uow: UnitOfWork, token: str | None, status: str, admin_phone: str, now: datetime
) -> tuple[dict[str, Any], str]:
    request = await _by_token(uow, token)
    if request is None:
        raise not_found(NOT_FOUND)
    if request["status"] != "confirmed":
        if request["status"] == "pending":
            raise conflict(
                f"Permintaan premium dashboard #{request['request_id']} belum memiliki bukti transfer"
            )
        raise conflict(f"Permintaan premium dashboard #{request['request_id']} sudah {request['status']}")
    previous = request["status"]
    row = (
        (
            await uow.execute(
                f"""
            UPDATE dashboard_premium_request SET status = :s, responded_at = :now, admin_whatsapp = :admin
             WHERE request_id = :rid RETURNING {_COLUMNS}
            """,  # noqa: S608 - fixed column lists and names, values bound
                {"s": status, "now": now, "admin": admin_phone, "rid": request["request_id"]},
            )
        )
        .mappings()
        .one()
    )
    return dict(row), previous


async def approve(
    uow: UnitOfWork, token: str | None, *, admin_phone: str, now: datetime, settings: Settings
) -> Decision:
    """`grantdashsub#`: an active subscription of the request's tier for 30 days (JOB-71), cache refreshed."""
    request, previous = await _decide(uow, token, "approved", admin_phone, now)
    tier = request["premium_tier"] or "premium"
    expires = now + timedelta(days=APPROVAL_DAYS)
    subscription_id = await subscriptions.start(
        uow, request["dashboard_user_id"], tier, now=now, expires_at=expires,
        metadata={"source": "dashboard_premium_request", "request_id": request["request_id"],
                  "approved_by": admin_phone},
    )  # fmt: skip
    await uow.execute(
        "UPDATE dashboard_premium_request SET metadata = metadata || CAST(:m AS JSONB) WHERE request_id = :rid",
        {"m": json.dumps({"subscription_id": subscription_id}), "rid": request["request_id"]},
    )
    await _audit(uow, request, "approved", "admin", previous, admin_whatsapp=admin_phone)
    # The subscription is a row of its own; its start is audited like its expiry (JOB-74).
    await write_audit(
        uow, Caller.admin(actor_id=admin_phone, channel="whatsapp"), "dashboard_subscription.start",
        "dashboard_subscription", subscription_id,
        {"status": [None, "active"], "tier": [None, tier], "expires_at": [None, expires]},
    )  # fmt: skip
    told = await notices.tell(
        uow, request["whatsapp"], notices.dashboard_approved(request["request_id"], tier, expires),
        key=f"dash_request_approved:{request['request_id']}", origin="whatsapp", settings=settings,
    )  # fmt: skip
    return Decision(request, subscription_id, expires, told)


async def deny(
    uow: UnitOfWork, token: str | None, *, admin_phone: str, now: datetime, settings: Settings
) -> Decision:
    """`denydashsub#`: the request becomes `denied`; subscriptions are untouched."""
    request, previous = await _decide(uow, token, "denied", admin_phone, now)
    await _audit(uow, request, "denied", "admin", previous, admin_whatsapp=admin_phone)
    told = await notices.tell(
        uow, request["whatsapp"], notices.dashboard_denied(request["request_id"]),
        key=f"dash_request_denied:{request['request_id']}", origin="whatsapp", settings=settings,
    )  # fmt: skip
    return Decision(request, None, None, told)
