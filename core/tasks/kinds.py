"""Task types (WRK-3) and the unit function each runs; the same function runs inline and on a worker.

A unit is `async (ctx: JobContext, args: dict) -> None`: it does one client's share of a job and
fills `ctx.summary`. References are strings so `core.jobs` bodies can import the task runner.
`report.build` names its content in `args.report`; a content with a unit of its own is in REPORTS,
every other one is a scheduled recap (`core.jobs.org_recaps`, found by the job key).
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from typing import Any

from core.jobs.context import JobContext
from core.tasks.message import BadTask

Unit = Callable[[JobContext, dict[str, Any]], Awaitable[None]]

FETCH_CLIENT = "fetch.client"
REPORT_BUILD = "report.build"

UNITS: dict[str, str] = {
    FETCH_CLIENT: "core.jobs.fetch_sosmed:fetch_unit",  # JOB-20.2 – 20.12 for one client
    REPORT_BUILD: "core.jobs.org_recaps:report_unit",  # one recap or workbook for one client
}

DIRREQ_ACTION = "dirreq_action"
REPORTS: dict[str, str] = {
    DIRREQ_ACTION: "core.actions.ondemand:option_unit",  # a heavy dirrequest option asked in a chat (DIR-0.12)
}


def resolve(kind: str, args: dict[str, Any]) -> Unit:
    ref = UNITS.get(kind)
    if ref is None:
        raise BadTask(f"unknown task type {kind!r}")
    if kind == REPORT_BUILD:
        ref = REPORTS.get(str(args.get("report")), ref)
    module, _, name = ref.partition(":")
    unit: Unit = getattr(importlib.import_module(module), name)
    return unit
