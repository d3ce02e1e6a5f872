"""Mobile premium requests (API-85) and their decision by an admin (JOB-70, JOB-71).

States of `premium_request.status`: `pending` → `approved` (grant) / `rejected` (deny) /
`expired` (JOB-72). Only a pending request changes; a decided one is refused with `conflict`.
A member has at most one pending request: the member's `"user"` row is locked while the check
and the insert run, so two concurrent submissions cannot both pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from core.accounts.access import Caller
from core.accounts.audit import write_audit
from core.accounts.errors import conflict, forbidden, invalid, not_found
from core.config import Settings
from core.db import UnitOfWork
from core.premium import fields, notices
from core.timewindow import utc_naive

WRITABLE = ("sender_name", "account_number", "bank_name", "screenshot_url")
DECISIONS = {"approved": "grant", "rejected": "deny"}
REQUIRED_MESSAGE = "sender_name, account_number, dan bank_name wajib diisi"
NOT_FOUND = "not found"  # API-85 gives this text for PUT on an unknown request
_COLUMNS = "request_id, user_id, sender_name, account_number, bank_name, screenshot_url, status, created_at, updated_at"


@dataclass(frozen=True)
class Decision:
    request: dict[str, Any]
    member: dict[str, Any]
    end_date: date | None  # set on a grant
    member_told: bool


def parse_writable(body: dict[str, Any]) -> dict[str, str | None]:
    """The writable fields present in `body`, validated (absent keys are left out)."""
    values: dict[str, str | None] = {
        "sender_name": fields.text_field(body, "sender_name", limit=fields.MAX_NAME),
        "bank_name": fields.text_field(body, "bank_name", limit=fields.MAX_BANK),
        "account_number": fields.account_number(body),
        "screenshot_url": fields.url_field(body, "screenshot_url"),
    }
    return {k: v for k, v in values.items() if k in body and body[k] is not None}


async def _member(uow: UnitOfWork, user_id: str, *, lock: bool = False) -> dict[str, Any] | None:
    row = (
        (
            await uow.execute(
                'SELECT user_id, nama, client_id, whatsapp, premium_status, premium_end_date FROM "user"'  # noqa: S608 - fixed column lists and names, values bound
                " WHERE user_id = :u" + (" FOR UPDATE" if lock else ""),
                {"u": user_id},
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def _request(uow: UnitOfWork, request_id: int) -> dict[str, Any] | None:
    row = (
        (
            await uow.execute(
                f"SELECT {_COLUMNS} FROM premium_request WHERE request_id = :id FOR UPDATE",  # noqa: S608 - fixed columns
                {"id": request_id},
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def _proof_notice(
    uow: UnitOfWork, request: dict[str, Any], member: dict[str, Any], origin: str, settings: Settings
) -> None:
    """API-85: a screenshot tells the admins which command answers it; a new link is told once."""
    url = request.get("screenshot_url")
    if not url or request["status"] != "pending":
        return
    await notices.tell_admins(
        uow,
        notices.mobile_proof_for_admins(request, member),
        key=f"premium_request:{request['request_id']}:proof:{notices.proof_digest(url)}",
        origin=origin,
        settings=settings,
    )


async def create_request(
    uow: UnitOfWork, caller: Caller, body: dict[str, Any], *, now: datetime, settings: Settings,
    request_id: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """API-85 POST: the member is the caller (personnel only); one pending request per member."""
    if caller.kind != "personnel" or not caller.user_id:
        raise forbidden("Hanya personel yang dapat mengajukan permintaan premium")
    values = parse_writable(body)
    fields.required(values, ("sender_name", "account_number", "bank_name"), REQUIRED_MESSAGE)
    member = await _member(uow, caller.user_id, lock=True)
    if member is None:
        raise not_found("User tidak ditemukan")
    open_id = (
        await uow.execute(
            "SELECT request_id FROM premium_request WHERE user_id = :u AND status = 'pending' ORDER BY request_id LIMIT 1",
            {"u": caller.user_id},
        )
    ).scalar_one_or_none()
    if open_id is not None:
        raise conflict(f"Masih ada permintaan premium #{open_id} yang menunggu keputusan admin")
    # The request's age decides its expiry (JOB-72), so it is stamped on the business clock.
    stamp = utc_naive(now)
    row = (
        (
            await uow.execute(
                f"""
            INSERT INTO premium_request (user_id, sender_name, account_number, bank_name, screenshot_url,
                                         status, created_at, updated_at)
            VALUES (:u, :sender, :account, :bank, :url, 'pending', :at, :at)
            RETURNING {_COLUMNS}
            """,  # noqa: S608 - fixed column lists and names, values bound
                {
                    "u": caller.user_id,
                    "sender": values["sender_name"],
                    "account": values["account_number"],
                    "bank": values["bank_name"],
                    "url": values.get("screenshot_url") or None,
                    "at": stamp,
                },
            )  # fmt: skip
        )
        .mappings()
        .one()
    )
    request = dict(row)
    await write_audit(
        uow, caller, "premium_request.create", "premium_request", str(request["request_id"]),
        {k: [None, request[k]] for k in ("sender_name", "bank_name", "screenshot_url", "status")}, request_id,
    )  # fmt: skip
    await _proof_notice(uow, request, member, caller.channel, settings)
    return request


async def update_request(
    uow: UnitOfWork, caller: Caller, request_id: int, body: dict[str, Any], *, now: datetime,
    today: date, settings: Settings, audit_request_id: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """API-85 PUT: the owner edits while pending; an admin edits and may set `status`."""
    request = await _request(uow, request_id)
    if caller.kind == "personnel":
        if request is None or request["user_id"] != caller.user_id:
            raise not_found(NOT_FOUND)  # another member's request is not even seen
        if "status" in body and body["status"] is not None:
            raise forbidden("status hanya dapat diubah oleh admin")
    elif not caller.is_admin:
        raise forbidden()
    if request is None:
        raise not_found(NOT_FOUND)
    values = parse_writable(body)
    status = body.get("status")
    if status is not None and (not isinstance(status, str) or status.strip().lower() not in DECISIONS):
        raise invalid("status harus approved atau rejected", "status")
    if request["status"] != "pending":
        raise conflict(f"Permintaan premium #{request_id} sudah {request['status']}")
    for name in ("sender_name", "account_number", "bank_name"):
        if name in values and not values[name]:
            raise invalid(f"{name} tidak boleh kosong", name)
    changes = {k: [request[k], v or None] for k, v in values.items() if (v or None) != request[k]}
    if changes:
        sets = ", ".join(f"{k} = :{k}" for k in changes)
        params = {k: v[1] for k, v in changes.items()} | {"id": request_id, "at": utc_naive(now)}
        request = dict(
            (
                await uow.execute(
                    f"UPDATE premium_request SET {sets}, updated_at = :at WHERE request_id = :id RETURNING {_COLUMNS}",  # noqa: S608 - fixed column lists and names, values bound
                    params,
                )
            )
            .mappings()
            .one()
        )
        await write_audit(
            uow,
            caller,
            "premium_request.update",
            "premium_request",
            str(request_id),
            changes,
            audit_request_id,
        )
    member = await _member(uow, request["user_id"]) or {"user_id": request["user_id"]}
    if "screenshot_url" in changes:
        await _proof_notice(uow, request, member, caller.channel, settings)
    if status is not None:
        if DECISIONS[status.strip().lower()] == "grant":
            decided = await grant(uow, caller, request_id, now=now, today=today, settings=settings,
                                  audit_request_id=audit_request_id)  # fmt: skip
        else:
            decided = await deny(uow, caller, request_id, now=now, settings=settings,
                                 audit_request_id=audit_request_id)  # fmt: skip
        return decided.request
    return request


async def _decide(
    uow: UnitOfWork, caller: Caller, request_id: int, status: str, now: datetime, audit_request_id: str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    if not caller.is_admin:
        raise forbidden()
    request = await _request(uow, request_id)
    if request is None:
        raise not_found(f"Permintaan premium #{request_id} tidak ditemukan")
    if request["status"] != "pending":
        raise conflict(f"Permintaan premium #{request_id} sudah {request['status']}")
    member = await _member(uow, request["user_id"], lock=True)
    if member is None:
        raise not_found(f"Anggota permintaan premium #{request_id} tidak ditemukan")
    request = dict(
        (
            await uow.execute(
                f"UPDATE premium_request SET status = :s, updated_at = :at WHERE request_id = :id RETURNING {_COLUMNS}",  # noqa: S608 - fixed column lists and names, values bound
                {"s": status, "at": utc_naive(now), "id": request_id},
            )
        )
        .mappings()
        .one()
    )
    await write_audit(
        uow, caller, f"premium_request.{status}", "premium_request", str(request_id),
        {"status": ["pending", status]}, audit_request_id,
    )  # fmt: skip
    return request, member


async def grant(
    uow: UnitOfWork, caller: Caller, request_id: int, *, now: datetime, today: date, settings: Settings,
    audit_request_id: str | None = None,
) -> Decision:  # fmt: skip
    """JOB-71: `premium_status` true and `premium_end_date` = today (WIB) + PREMIUM_ACCESS_DURATION_DAYS."""
    request, member = await _decide(uow, caller, request_id, "approved", now, audit_request_id)
    end = today + timedelta(days=settings.premium_access_duration_days)
    await uow.execute(
        'UPDATE "user" SET premium_status = TRUE, premium_end_date = :end WHERE user_id = :u',
        {"end": end, "u": member["user_id"]},
    )
    await write_audit(
        uow, caller, "user.premium_grant", "user", member["user_id"],
        {"premium_status": [member["premium_status"], True],
         "premium_end_date": [member["premium_end_date"], end]}, audit_request_id,
    )  # fmt: skip
    told = await notices.tell(
        uow, member.get("whatsapp"), notices.mobile_granted(request_id, end),
        key=f"premium_granted:{request_id}", origin=caller.channel, settings=settings,
    )  # fmt: skip
    return Decision(request, member, end, told)


async def deny(
    uow: UnitOfWork, caller: Caller, request_id: int, *, now: datetime, settings: Settings,
    audit_request_id: str | None = None,
) -> Decision:  # fmt: skip
    """`denysub#`: the request becomes `rejected`; the member's premium columns are untouched."""
    request, member = await _decide(uow, caller, request_id, "rejected", now, audit_request_id)
    told = await notices.tell(
        uow, member.get("whatsapp"), notices.mobile_denied(request_id),
        key=f"premium_denied:{request_id}", origin=caller.channel, settings=settings,
    )  # fmt: skip
    return Decision(request, member, None, told)


def parse_request_id(raw: str) -> int | None:
    """A request id as typed in `grantsub#<id>`: a positive SERIAL value, else None."""
    text = raw.strip().lstrip("#")
    if not text.isdigit():
        return None
    value = int(text)
    return value if 0 < value <= 2_147_483_647 else None
