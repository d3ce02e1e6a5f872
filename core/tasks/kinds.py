"""Task types (WRK-3) and the unit function each runs; the same function runs inline and on a worker.

A unit is `async (ctx: JobContext, args: dict) -> None`: it does one client's share of a job and
fills `ctx.summary`. References are strings so `core.jobs` bodies can import the task runner.
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


def resolve(kind: str) -> Unit:
    ref = UNITS.get(kind)
    if ref is None:
        raise BadTask(f"unknown task type {kind!r}")
    module, _, name = ref.partition(":")
    unit: Unit = getattr(importlib.import_module(module), name)
    return unit
