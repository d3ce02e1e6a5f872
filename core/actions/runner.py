"""The one entry point through which the menu and scheduled jobs run `dirrequest` options (DIR-70).

    result = await run_dirrequest_action(env, 21, "DITSAMAPTA", ["1203…@g.us"],
                                         idempotency_base="job:dirreq_21:20260603T2100")

`env` is anything with `settings`, `db` and `redis` (`core.app.AppContext`, the menus' `Services`).
The outputs are built once (`core.actions.build`) and enqueued to every recipient in the order the
menu would send them (DIR-70.4); the caller never sends anything itself. The runner knows nothing
about sessions: `interactive=True` (the menu) only means that an error line is enqueued too
(DIR-70.5) and that the requester sees the menu's own texts; non-interactive runs (jobs) never
send `⏳` lines or menus. It never raises for an expected failure.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from core import outbox
from core.actions.build import Built, Env, FileOut, Output, TextOut, build, default_request, error_built
from core.actions.catalogue import ACTIONS, PERSONNEL_CATEGORIES, RANKING_PERIODS, Build
from core.phones import parse_recipients

log = logging.getLogger(__name__)

# DIR-70.3: the parameters an unattended run accepts, and their defaults.
_PERIODS: dict[int, tuple[str, ...]] = {
    22: RANKING_PERIODS,
    **{n: ACTIONS[n].periods for n in (40, 41)},  # Satbinmas Official recaps (DIR-40, 41)
    # Kasatker options (DIR-30, 34, 35, 44, 45) declare theirs in the catalogue.
    **{n: ACTIONS[n].periods for n in (30, 34, 35, 44, 45) if ACTIONS[n].periods},
}


@dataclass
class ActionResult:
    """DIR-70.2: what happened, and what was enqueued."""

    status: str  # ok, empty, error, unsupported, busy
    messages: int = 0
    documents: int = 0
    outbox_ids: list[int] = field(default_factory=list)
    detail: str | None = None
    error_ref: str | None = None


async def _client(env: Env, client_id: str) -> tuple[str, str, str | None] | None:
    """An active `direktorat` client: (id upper-case, nama, client_group), else None."""
    async with env.db.uow() as uow:
        row = (
            await uow.execute(
                "SELECT client_id, nama, client_group FROM clients WHERE lower(btrim(client_id)) = lower(btrim(:c))"
                " AND lower(btrim(coalesce(client_type, ''))) = 'direktorat' AND client_status IS TRUE",
                {"c": client_id},
            )
        ).first()
    if row is None:
        return None
    return (
        row.client_id.strip().upper(),
        (row.nama or "").strip() or row.client_id.strip().upper(),
        row.client_group,
    )


def _validate(action: int, period: str | None, category: str | None) -> str | None:
    if action not in ACTIONS:
        return f"❌ Menu {action} tidak dikenal (1-53)."
    if action in _PERIODS and period is not None and period not in _PERIODS[action]:
        return f"❌ Periode {period} tidak dikenal untuk menu {action}."
    if action == 3 and category is not None and category not in PERSONNEL_CATEGORIES:
        return f"❌ Kategori {category} tidak dikenal untuk menu 3."
    return None


async def run_dirrequest_action(
    env: Env,
    action: int,
    client_id: str,
    recipients: Sequence[str],
    *,
    period: str | None = None,
    reference_date: date | None = None,
    category: str | None = None,
    session_name: str | None = None,
    interactive: bool = False,
    copy_to_client_group: bool = False,
    send_empty: bool = True,
    idempotency_base: str | None = None,
    requested_by: str = "scheduler",
    lock_token: str | None = None,
) -> ActionResult:
    """Build option `action` for `client_id` and enqueue it to `recipients` (chat JIDs)."""
    started = time.monotonic()
    problem = _validate(action, period, category)
    client = await _client(env, client_id) if problem is None else None
    if problem is None and client is None:
        problem = f"❌ Client {client_id.strip().upper()} tidak ditemukan atau bukan Direktorat aktif."
    if problem is not None:
        # DIR-70.3: an invalid client, action or parameter enqueues nothing.
        return ActionResult("error", detail=problem)
    cid, nama, group = client  # type: ignore[misc]
    req = default_request(
        action,
        cid,
        nama,
        period=period,
        reference_date=reference_date,
        category=category,
        interactive=interactive,
        requested_by=requested_by,
        lock_token=lock_token,
    )
    built = await build(env, req)
    if ACTIONS[action].build is Build.CONVERSATION and not interactive:
        built = Built("unsupported", detail=built.detail)
    result = ActionResult(built.status, detail=built.detail, error_ref=built.error_ref)
    deliver = built.status in ("ok", "unsupported") or (built.status == "empty" and send_empty)
    if built.status == "error":
        deliver = interactive  # DIR-70.5: a job decides itself what to do with an error
    if built.status == "busy":
        deliver = interactive
    if deliver and built.outputs:
        base = idempotency_base or f"act:{action}:{cid}:{int(time.time() * 1000)}"
        await _enqueue(env, result, built.outputs, recipients, session_name, base, cid, interactive)
        if copy_to_client_group and built.group_copy and built.status == "ok":
            groups, _bad = parse_recipients(group or "", "group")
            await _enqueue(
                env,
                result,
                [TextOut(built.group_copy)],
                groups,
                session_name,
                base + ":group",
                cid,
                interactive,
            )
    log.info(
        "dirrequest_action",
        extra={
            "option": action,
            "client_id": cid,
            "requested_by": requested_by,
            "interactive": interactive,
            "outcome": result.status,
            "messages": result.messages,
            "documents": result.documents,
            "duration_ms": int((time.monotonic() - started) * 1000),
        },
    )
    return result


async def _enqueue(
    env: Env,
    result: ActionResult,
    outputs: list[Output],
    recipients: Sequence[str],
    session_name: str | None,
    base: str,
    client_id: str,
    interactive: bool,
) -> None:
    """Enqueue every output to every recipient in one transaction, in output order per chat.

    A file is stored once and referenced by every recipient's row (DLV-3); the key of each row is
    `<base>:<chat>:<output index>` (DLV-5, JOB-19), so a re-run of the same slot sends nothing twice.
    """
    priority = outbox.PRIORITY_REPLY if interactive else outbox.PRIORITY_NOTIFY
    origin = "reply" if interactive else "job:dirrequest"
    common = {
        "origin": origin,
        "session": session_name,
        "priority": priority,
        "client_id": client_id,
        "settings": env.settings,
    }
    async with env.db.uow() as uow:
        documents: dict[int, int] = {}
        for i, out in enumerate(outputs):
            if isinstance(out, FileOut):
                documents[i] = await outbox.store_document(
                    uow, out.content, out.name, out.mimetype, env.settings
                )
        for chat in recipients:
            for i, out in enumerate(outputs):
                key = f"{base}:{chat}:{i}"
                try:
                    if isinstance(out, FileOut):
                        ids = await outbox.enqueue_stored_document(
                            uow, chat, documents[i], idempotency_key=key, as_image=out.as_image, **common
                        )
                        result.documents += 1
                    else:
                        ids = await outbox.enqueue_text(uow, chat, out.text, idempotency_key=key, **common)
                        result.messages += 1
                except outbox.OutboxError as exc:
                    log.warning("dirrequest_recipient_skipped", extra={"chat": chat, "reason": exc.reason})
                    break
                result.outbox_ids.extend(ids)
        await uow.commit()


__all__ = ["ActionResult", "error_built", "run_dirrequest_action"]
