"""Directorate jobs (JOB-26..JOB-32): dirrequest actions run unattended for one directorate,
and JOB-40 (the incomplete-data recap of one directorate).

Every action goes through the dirrequest action runner (DIR-70), which builds its output once
and enqueues it for every recipient; this body only chooses the target, the actions and the
recipients, and accounts for failures.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core.actions import run_dirrequest_action
from core.jobs.catalogue import last_day_of_month
from core.jobs.context import JobContext, JobNotApplicable
from core.jobs.delivery import CLIENT_COLUMNS, Content, deliver, in_quiet_hours, recipients_for
from core.phones import is_group_jid
from core.reports import build_report

# (action, period) per job, in the order they are sent (JOB-27..JOB-32). Options 28/29 and
# 34/35 are P2 in the directorate menu; until they exist these jobs send the P1 actions only.
ACTIONS: dict[str, tuple[tuple[int, str | None], ...]] = {
    "dirreq_rekap_update": ((2, None), (1, None)),
    "dirreq_ditbinmas_group_recap": ((21, None), (22, "today")),
    "dirreq_bidhumas_evening": ((6, None), (9, None)),
    "dirreq_ditbinmas_superadmin_daily": ((6, None), (9, None)),
    "dirreq_ditbinmas_absensi_today": ((5, None), (10, None)),
    "dirreq_ditbinmas_operator_daily": ((30, "today"),),
}
# "With recap plan" (40-jobs-delivery.md): on a Sunday (WIB) the action is sent again for the week,
# on the last day of a month again for the month, after its daily run. (weekly, monthly) per action.
RECAP_PLAN: dict[str, dict[int, tuple[str, str]]] = {
    "dirreq_ditbinmas_operator_daily": {30: ("this_week", "this_month")},  # JOB-31
}


def planned(key: str, day: date) -> list[tuple[int, str | None]]:
    """The job's (action, period) list for operational date `day`, the recap plan applied."""
    out: list[tuple[int, str | None]] = []
    for action, period in ACTIONS[key]:
        out.append((action, period))
        plan = RECAP_PLAN.get(key, {}).get(action)
        if plan is not None:
            if day.weekday() == 6:
                out.append((action, plan[0]))
            if last_day_of_month(day):
                out.append((action, plan[1]))
    return out


async def _target(ctx: JobContext) -> tuple[dict[str, Any], list[str]] | None:
    """JOB-26: the target directorate and its recipients; None (counted) when nobody can receive."""
    target = (ctx.client_ids or [""])[0].upper()
    async with ctx.app.db.uow() as uow:
        client = (
            await uow.execute(
                f"SELECT {CLIENT_COLUMNS} FROM clients WHERE upper(btrim(client_id)) = :c",  # noqa: S608
                {"c": target},
            )
        ).first()
    if client is None or client.client_status is not True:
        raise JobNotApplicable(f"target {target or '-'} is missing or inactive")
    row = dict(client._mapping)
    jids = recipients_for(ctx, row).jids
    if in_quiet_hours(ctx):
        kept = [j for j in jids if not is_group_jid(j)]
        ctx.summary.count("suppressed_quiet_hours", len(jids) - len(kept))
        jids = kept
    if not jids:
        ctx.summary.count("no_recipients")
        return None
    return row, jids


async def run(ctx: JobContext) -> None:
    resolved = await _target(ctx)
    if resolved is None:
        return
    target, jids = str(resolved[0]["client_id"]).upper(), resolved[1]
    for action, period in planned(ctx.key, ctx.today):
        item = f"a{action}" + (f"_{period}" if period else "")
        result = await run_dirrequest_action(
            ctx.app,
            action,
            target,
            jids,
            period=period,
            reference_date=ctx.today,
            idempotency_base=f"{ctx.idempotency_prefix}:{target}:{item}",
            requested_by=f"job:{ctx.key}",
        )
        if result.status == "error":
            ctx.summary.fail(target, item, result.detail or "action failed")
            continue
        ctx.summary.count("messages", len(result.outbox_ids))
        ctx.summary.count("actions_" + result.status)
        ctx.summary.units_ok += 1


async def incomplete_data(ctx: JobContext) -> None:
    """JOB-40: REP-DATA-BELUM of the target (DITSAMAPTA); nobody incomplete -> nothing sent."""
    resolved = await _target(ctx)
    if resolved is None:
        return
    client, jids = resolved
    target = str(client["client_id"]).upper()
    out = await build_report(
        ctx.app.db, "REP-DATA-BELUM", client_id=target, ref_date=ctx.today, now=ctx.now, settings=ctx.settings
    )
    ctx.summary.units_ok += 1
    if out.empty or not out.text:
        ctx.summary.count("empty")
        return
    # The report is the per-division list only (ING-REP-27); the job names what it is and for whom.
    text = f"📋 *Rekap Data Personil Belum Lengkap - {client['nama'] or target}*\n\n{out.text}"
    async with ctx.app.db.uow() as uow:
        await deliver(ctx, uow, target, jids, [Content("data_belum", text=text)])
        await uow.commit()
