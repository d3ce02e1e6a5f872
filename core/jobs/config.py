"""Per-job configuration (JOB-4): `JOB_<KEY>_CRON`, `_RECIPIENTS`, `_EXTRA_RECIPIENTS`, `_CLIENTS`,
`_ADMIN_REPORT`, read from the environment or `.env` at process start.

The variable names depend on the job key, so they are read here rather than declared one by one
in `Settings`; `.env.example` documents the pattern and each job's defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from core.jobs.cron import CronExpr, parse_schedule

ADMIN_REPORT_MODES = ("off", "failures", "summary")


@dataclass(frozen=True)
class JobConfig:
    schedules: list[CronExpr]
    recipients: list[str]
    extra_recipients: str
    clients: list[str]
    admin_report: str


def job_environment(env_file: Path = Path(".env")) -> dict[str, str]:
    values = {k: v for k, v in dotenv_values(env_file).items() if v is not None} if env_file.exists() else {}
    values.update(os.environ)
    return values


def load_job_config(
    key: str,
    default_cron: list[str],
    default_recipients: list[str],
    default_clients: list[str],
    env: dict[str, str] | None = None,
) -> JobConfig:
    env = job_environment() if env is None else env
    prefix = f"JOB_{key.upper()}_"
    cron_var = prefix + "CRON"
    schedules = parse_schedule(env.get(cron_var, "; ".join(default_cron)), cron_var)
    recipients = _split(env[prefix + "RECIPIENTS"]) if prefix + "RECIPIENTS" in env else default_recipients
    clients = _split(env[prefix + "CLIENTS"]) if prefix + "CLIENTS" in env else default_clients
    report = env.get(prefix + "ADMIN_REPORT", "failures").strip().lower()
    if report not in ADMIN_REPORT_MODES:
        raise ValueError(
            f"{prefix}ADMIN_REPORT: expected one of {', '.join(ADMIN_REPORT_MODES)}, got {report!r}"
        )
    return JobConfig(
        schedules=schedules,
        recipients=[r.lower() for r in recipients],
        extra_recipients=env.get(prefix + "EXTRA_RECIPIENTS", ""),
        clients=[c.upper() for c in clients],
        admin_report=report,
    )


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
