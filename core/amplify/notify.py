"""CONV-257: after a successful HTTP link report, the person's bound number receives the
confirmation of CONV-252 through the WhatsApp session that serves `linkreports`."""

from __future__ import annotations

from datetime import datetime

from core.amplify.link_reports import ApiOutcome
from core.config import Settings
from core.db import UnitOfWork
from core.outbox import enqueue_text
from core.phones import normalize_phone
from core.wa_sessions import load_session_config


async def enqueue_api_confirmation(
    uow: UnitOfWork, settings: Settings, outcome: ApiOutcome, *, now: datetime
) -> list[int]:
    """Queue `outcome.confirmation` for the reporter; nothing when no number is bound or nothing changed.

    Runs in the caller's unit of work (commit it with the rest of the request)."""
    phone = normalize_phone(outcome.whatsapp or "")
    if not outcome.confirmation or phone is None or outcome.report is None:
        return []
    owner = load_session_config(settings).owner_of("linkreports")
    report = outcome.report
    key = f"linkreport:api:{report['shortcode']}:{report['user_id']}:{now.isoformat()}"
    return await enqueue_text(
        uow,
        phone,
        outcome.confirmation,
        origin="api",
        idempotency_key=key,
        session=owner.name if owner is not None else None,
        settings=settings,
    )
