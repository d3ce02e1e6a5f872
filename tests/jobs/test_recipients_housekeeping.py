"""JOB-13 recipient building and JOB-33 housekeeping against the real database."""

from __future__ import annotations

from datetime import datetime

from core.app import AppContext
from core.jobs.config import JobConfig
from core.jobs.recipients import build_recipients
from core.jobs.runner import run_manual
from core.timewindow import WIB

CLIENT = {
    "client_id": "polres_a",
    "client_group": "120363025555555555@g.us, 6281234567890",
    "client_operator": "081234567890; 6281234567890@c.us, 0812-3456-7891",
    "client_super": "62811111111,bogus",
}


def test_recipients_are_ordered_deduplicated_and_invalid_values_reported() -> None:
    out = build_recipients(["group", "operator", "super", "admins"], CLIENT, "0811111111", "6281234567891")
    assert out.jids == [
        "120363025555555555@g.us",
        "6281234567890@g.us",  # a bare numeric id in the group field is a group (DLV-23)
        "6281234567890@s.whatsapp.net",  # operator: 08… → 62…, @c.us accepted, split on , and ;
        "6281234567891@s.whatsapp.net",
        "62811111111@s.whatsapp.net",  # super and admins (0811… → 62811…) collapse to one
    ]
    reasons = {(i["field"], i["reason"]) for i in out.invalid}
    assert reasons == {("client_super", "bad_length")}
    assert all(i["client_id"] == "POLRES_A" for i in out.invalid)


def test_only_requested_tokens_plus_extra() -> None:
    out = build_recipients(["operator"], CLIENT, "", "120363029999999999@g.us")
    assert out.jids == [
        "6281234567890@s.whatsapp.net",
        "6281234567891@s.whatsapp.net",
        "120363029999999999@g.us",
    ]


async def test_housekeeping_keeps_recent_and_pending_rows(db, app_context: AppContext) -> None:
    old, recent = "2026-09-01T00:00:00+07:00", "2026-11-24T00:00:00+07:00"
    async with app_context.db.uow() as uow:
        for i, (status, at) in enumerate(
            [("sent", old), ("dead_letter", old), ("pending", old), ("sent", recent)], start=1
        ):
            await uow.execute(
                "INSERT INTO wa_outbox (session_name, chat_id, kind, body, idempotency_key, allow_fallback, status,"
                " max_attempts, origin, created_at, updated_at)"
                " VALUES ('default', 'x@g.us', 'text', 'hi', :k, TRUE, :s, 5, 'job', :t, :t)",
                {"k": f"k{i}", "s": status, "t": datetime.fromisoformat(at)},
            )
        await uow.commit()
    config = JobConfig(schedules=[], recipients=[], extra_recipients="", clients=[], admin_report="off")
    now = datetime(2026, 11, 25, 3, 30, tzinfo=WIB)
    outcome = await run_manual(app_context, "housekeeping", config, requested_by="test", now=now)
    assert outcome.status == "succeeded"
    assert outcome.summary["wa_outbox_deleted"] == 2
    async with app_context.db.uow() as uow:
        left = [r[0] for r in await uow.execute("SELECT idempotency_key FROM wa_outbox ORDER BY 1")]
    assert left == ["k3", "k4"]
