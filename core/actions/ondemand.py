"""A heavy dirrequest option asked in a chat (DIR-0.12): run here, or as one task on a queue worker.

`OptionRequest` holds what the option needs as plain values, so the same `deliver_option` runs in
the bot process (AMQP_URL unset, WRK-1) and in `cicero worker` (a `report.build` task with report
`dirreq_action`, WRK-3). The outputs reach the requester through the outbox under keys made from
the inbound message (`idempotency_base`), so a redelivered task never sends anything twice (WRK-6).

With AMQP_URL set the request is a `job_run` row of its own (key `dirreq_action`, trigger `manual`,
requested_by the actor) with one `job_task`; the bot waits for it, so the re-sent main menu still
follows the outputs and the chat stays busy meanwhile (DIR-0.12). A broker that refuses the task
runs it here (WRK-7).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.actions.build import Env
from core.actions.runner import ActionResult, run_dirrequest_action
from core.alerts import AdminsAlerted
from core.app import AppContext
from core.jobs.catalogue import job_config
from core.jobs.context import JobContext
from core.jobs.runner import record_run
from core.manual_posts.refresh import todays_manual_count
from core.outbox import PRIORITY_REPLY, enqueue_text
from core.tasks.dispatch import run_units
from core.tasks.kinds import DIRREQ_ACTION, REPORT_BUILD
from core.tasks.message import BadTask
from core.timewindow import WIB, now_wib


class WorkerTaskFailed(AdminsAlerted, RuntimeError):
    """The option's task failed permanently on a queue worker, which alerted the admins."""


@dataclass(frozen=True)
class OptionRequest:
    number: int
    client_id: str
    chat_id: str  # the requester, the only recipient (DIR-0.14)
    session: str | None
    idempotency_base: str  # reply:<session>:<inbound message id>:a<number>
    requested_by: str
    period: str | None = None
    category: str | None = None
    copy_to_client_group: bool = False

    def task_args(self) -> dict[str, Any]:
        """WRK-3 `report.build` args; the key prefix is the run's (set to `idempotency_base`)."""
        return {
            "report": DIRREQ_ACTION,
            "client_id": self.client_id,
            "context": {
                "action": self.number,
                "period": self.period,
                "category": self.category,
                "copy_to_client_group": self.copy_to_client_group,
                "requested_by": self.requested_by,
            },
            "recipients": [self.chat_id],
            "session": self.session,
        }

    @classmethod
    def from_task(cls, args: dict[str, Any]) -> OptionRequest:
        context, recipients = args.get("context"), args.get("recipients")
        if not isinstance(context, dict) or not isinstance(context.get("action"), int):
            raise BadTask("args.context.action is missing")
        if not isinstance(recipients, list) or len(recipients) != 1 or not isinstance(recipients[0], str):
            raise BadTask("args.recipients must name the one requester")
        client_id, base = args.get("client_id"), args.get("key_prefix")
        if not isinstance(client_id, str) or not client_id or not isinstance(base, str) or not base:
            raise BadTask("args.client_id or args.key_prefix is missing")
        return cls(
            number=context["action"],
            client_id=client_id,
            chat_id=recipients[0],
            session=args.get("session"),
            idempotency_base=base,
            requested_by=str(context.get("requested_by") or "-"),
            period=context.get("period"),
            category=context.get("category"),
            copy_to_client_group=bool(context.get("copy_to_client_group")),
        )


async def _announce_videos(env: Env, req: OptionRequest) -> None:
    """DIR-51: once the selection is known, `⏳ Fetch komentar <n> video TikTok...` (before the result)."""
    n = await todays_manual_count(env.db, 51, req.client_id)
    if n:
        async with env.db.uow() as uow:
            await enqueue_text(
                uow,
                req.chat_id,
                f"⏳ Fetch komentar {n} video TikTok...",
                origin="reply",
                idempotency_key=f"{req.idempotency_base}:count",
                session=req.session,
                priority=PRIORITY_REPLY,
                settings=env.settings,
            )
            await uow.commit()


async def deliver_option(
    env: Env, req: OptionRequest, *, reference_date: date | None = None, task_id: str | None = None
) -> ActionResult:
    """Build the option once and enqueue its outputs to the requester (the unit of both transports)."""
    if req.number == 51:
        await _announce_videos(env, req)
    return await run_dirrequest_action(
        env,
        req.number,
        req.client_id,
        [req.chat_id],
        period=req.period,
        reference_date=reference_date,
        category=req.category,
        session_name=req.session,
        interactive=True,
        copy_to_client_group=req.copy_to_client_group,
        idempotency_base=req.idempotency_base,
        requested_by=req.requested_by,
        lock_token=task_id,
    )


async def option_unit(ctx: JobContext, args: dict[str, Any]) -> None:
    """`report.build` / `dirreq_action` on a worker; the date is the request's, not the worker's (JOB-1)."""
    req = OptionRequest.from_task(args)
    result = await deliver_option(ctx.app, req, reference_date=ctx.today, task_id=args.get("task_id"))
    if result.status == "error" and not result.outbox_ids:
        # DIR-70.3: an unknown option, bad parameter or a client no longer active enqueued nothing.
        raise BadTask(result.detail or "option refused")
    ctx.summary.count(f"option_{result.status}")
    ctx.summary.units_ok += 1


async def run_on_worker(env: Env, req: OptionRequest) -> str:
    """One task for the request, waited for; returns the option's status (ok, empty, error, …)."""
    app = AppContext(settings=env.settings, db=env.db, redis=env.redis)
    now = now_wib()
    slot = now.astimezone(WIB).replace(second=0, microsecond=0)
    key = "dirreq_action"
    run_id = await record_run(app, key, "manual", slot, "running", requested_by=req.requested_by)
    ctx = JobContext(
        key=key,
        run_id=run_id,
        trigger="manual",
        slot=slot,
        now=now,
        app=app,
        config=job_config(key),
        client_ids=[req.client_id.upper()],
        idempotency_prefix=req.idempotency_base,
    )
    status = "interrupted"  # the bot stopped waiting (CONV-66 limit, shutdown) before the task ended
    published = 0
    try:
        published = await run_units(ctx, REPORT_BUILD, [req.task_args()], concurrency=1)
        status = ctx.summary.status()
    finally:
        async with app.db.uow() as uow:
            await uow.execute(
                "UPDATE job_run SET status = :st, finished_at = NOW(), summary = CAST(:s AS jsonb)"
                " WHERE run_id = :r",
                {"st": status, "s": json.dumps(ctx.summary.as_json(), default=str), "r": run_id},
            )
            await uow.commit()
    if status != "succeeded":
        failure = ctx.summary.failures[0]["error"] if ctx.summary.failures else status
        text = f"menu {req.number} task {status}: {failure}"
        if published and ctx.summary.counters.get("tasks_failed"):
            # the worker dead-lettered it and sent `worker_dead_task` (JOB-110): the requester still
            # gets the apology, the admins no second alert
            raise WorkerTaskFailed(text)
        raise RuntimeError(text)
    return next((name.removeprefix("option_") for name in ctx.summary.counters), "ok")
