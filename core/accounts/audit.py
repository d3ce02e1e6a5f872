"""`audit_log` rows (DB-23): who changed clients, users and roles, from which channel."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from core.accounts.access import Caller
from core.db import UnitOfWork

SECRET_FIELDS = frozenset({"password", "password_hash", "token", "otp", "reset_token"})


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """`{"field": [old, new]}` for every changed key of `after` (secrets masked)."""
    changes: dict[str, list[Any]] = {}
    for key, new in after.items():
        old = before.get(key)
        if old != new:
            changes[key] = ["***", "***"] if key in SECRET_FIELDS else [old, new]
    return changes


async def write_audit(
    uow: UnitOfWork,
    caller: Caller,
    action: str,
    target_type: str,
    target_id: str,
    changes: Mapping[str, Any] | None = None,
    request_id: str | None = None,
) -> None:
    await uow.execute(
        """
        INSERT INTO audit_log (actor_kind, actor_id, channel, action, target_type, target_id, changes, request_id)
        VALUES (:kind, :actor, :channel, :action, :ttype, :tid, CAST(:changes AS JSONB), :rid)
        """,
        {
            "kind": caller.audit_kind,
            "actor": caller.actor_id,
            "channel": caller.channel,
            "action": action,
            "ttype": target_type,
            "tid": target_id,
            "changes": json.dumps(changes, default=str) if changes is not None else None,
            "rid": request_id,
        },
    )
