"""The `dirrequest` action runner (DIR-70): one entry point for the menu and the scheduled jobs.

    from core.actions import run_dirrequest_action, ActionResult
    result = await run_dirrequest_action(app_ctx, 21, "DITSAMAPTA", [group_jid],
                                         idempotency_base="job:dirreq_21:20260603T2100:DITSAMAPTA")

- `catalogue.ACTIONS` — what each option 1..53 builds (report kinds, heavy flag, parameters).
- `build.build` — the outputs (texts, files) of one option, never sent.
- `runner.run_dirrequest_action` — validate, build once, enqueue to every recipient.
- `fetch` — options 12-16 and 50-52 (ingestion + manual refresh).
"""

from core.actions.runner import ActionResult, run_dirrequest_action

__all__ = ["ActionResult", "run_dirrequest_action"]
