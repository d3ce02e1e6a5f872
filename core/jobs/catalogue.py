"""The job catalogue (JOB-5): stable keys, labels, groups, default schedules, legacy keys.

Bodies are named by import path and loaded on first run, so listing jobs never imports the
fetchers and report writers.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from core.jobs.config import JobConfig, load_job_config

if TYPE_CHECKING:
    from core.config import Settings
    from core.db import UnitOfWork
    from core.jobs.context import JobContext

JobBody = Callable[["JobContext"], Awaitable[None]]


def last_day_of_month(d: date) -> bool:
    """JOB-24 applicability: the day after the operational date is the 1st."""
    return (d + timedelta(days=1)).day == 1


def backups_on(settings: Settings) -> bool:
    """JOB-43: BACKUP_ENABLED (auto = with the embedded database only)."""
    return settings.backups_active()


@dataclass(frozen=True)
class JobSpec:
    key: str
    label: str
    group: Literal["core", "dir"]
    default_cron: tuple[str, ...]
    body: str
    legacy_keys: tuple[str, ...] = ()
    default_recipients: tuple[str, ...] = ()
    default_clients: tuple[str, ...] = ()
    applicable: Callable[[date], bool] | None = None
    enabled_by: Callable[[Settings], bool] | None = None  # a setting that can make every tick not applicable
    minutes: int = 30
    priority: str = "P1"

    def load_body(self) -> JobBody:
        module, _, name = self.body.partition(":")
        return getattr(importlib.import_module(module), name)

    def is_applicable(self, operational_date: date, settings: Settings) -> bool:
        if self.enabled_by is not None and not self.enabled_by(settings):
            return False
        return self.applicable is None or self.applicable(operational_date)

    def max_minutes(self, settings: Settings) -> int:
        if self.key == "fetch_sosmed":
            return int(getattr(settings, "fetch_max_run_minutes", self.minutes))
        return self.minutes


_LEGACY = "./src/cron/"

CATALOGUE: tuple[JobSpec, ...] = (
    JobSpec(
        "fetch_sosmed",
        "Fetch sosmed & broadcast tugas",
        "core",
        ("0,30 7-21 * * *", "0 22 * * *"),
        "core.jobs.fetch_sosmed:run",
        legacy_keys=(
            _LEGACY + "cronDirRequestFetchSosmed.js",
            _LEGACY + "cronDirRequestFetchSosmed.js:unified-fetch-0",
            _LEGACY + "cronDirRequestFetchSosmed.js:unified-fetch-1",
        ),
        default_recipients=("group",),
        minutes=28,
    ),
    JobSpec(
        "link_recap",
        "Rekap absensi amplifikasi",
        "core",
        ("5 15,18,21 * * *",),
        "core.jobs.org_recaps:link_recap",
        legacy_keys=(_LEGACY + "cronRekapLink.js",),
        default_recipients=("group", "operator", "super"),
    ),
    JobSpec(
        "engagement_recap",
        "Rekap absensi likes & komentar ORG",
        "core",
        ("20 15,18,20 * * *",),
        "core.jobs.org_recaps:engagement_recap",
        legacy_keys=(_LEGACY + "cronOprRequestAbsensiEngagement.js",),
        default_recipients=("group", "operator", "super"),
    ),
    JobSpec(
        "operator_daily_report",
        "Laporan harian operator",
        "core",
        ("7 21 * * *",),
        "core.jobs.org_recaps:operator_daily_report",
        legacy_keys=(_LEGACY + "cronOprRequestDailyReport.js",),
        default_recipients=("operator",),
    ),
    JobSpec(
        "amplify_monthly_excel",
        "Excel amplifikasi bulanan",
        "core",
        ("0 23 28-31 * *",),
        "core.jobs.org_recaps:amplify_monthly_excel",
        legacy_keys=(_LEGACY + "cronAmplifyLinkMonthly.js",),
        default_recipients=("operator",),
        applicable=last_day_of_month,
    ),
    JobSpec(
        "username_update_recap",
        "Absensi update username",
        "core",
        ("45 6 * * *",),
        "core.jobs.org_recaps:username_update_recap",
        legacy_keys=(_LEGACY + "cronOprRequestAbsensiUpdateDataUsername.js",),
        default_recipients=("group",),
    ),
    JobSpec(
        "dirreq_rekap_update",
        "Rekap data personil DITBINMAS",
        "dir",
        ("0 8-18/4 * * *",),
        "core.jobs.directorate:run",
        legacy_keys=(_LEGACY + "cronDirRequestRekapUpdate.js",),
        default_recipients=("admins", "group"),
        default_clients=("DITBINMAS",),
    ),
    JobSpec(
        "dirreq_ditbinmas_group_recap",
        "Rekap grup DITBINMAS",
        "dir",
        ("20 15 * * *", "10 18 * * *"),
        "core.jobs.directorate:run",
        legacy_keys=(_LEGACY + "cronDirRequestDitbinmasGroupRecap.js",),
        default_recipients=("group",),
        default_clients=("DITBINMAS",),
    ),
    JobSpec(
        "dirreq_bidhumas_evening",
        "Rekap BIDHUMAS",
        "dir",
        ("45 15 * * *", "15 20 * * *", "15 22 * * *"),
        "core.jobs.directorate:run",
        legacy_keys=(_LEGACY + "cronDirRequestBidhumasEvening.js",),
        default_recipients=("group", "super"),
        default_clients=("BIDHUMAS",),
    ),
    JobSpec(
        "dirreq_ditbinmas_superadmin_daily",
        "Rekap harian super admin DITBINMAS",
        "dir",
        ("20 18 * * *",),
        "core.jobs.directorate:run",
        legacy_keys=(_LEGACY + "cronDirRequestDitbinmasSuperAdminDaily.js",),
        default_recipients=("super",),
        default_clients=("DITBINMAS",),
    ),
    JobSpec(
        "dirreq_ditbinmas_operator_daily",
        "Laporan Kasatker harian DITBINMAS",
        "dir",
        ("23 18 * * *",),
        "core.jobs.directorate:run",  # JOB-31: dirrequest 30 today, with recap plan
        legacy_keys=(_LEGACY + "cronDirRequestDitbinmasOperatorDaily.js",),
        default_recipients=("operator",),
        default_clients=("DITBINMAS",),
        priority="P2",
    ),
    JobSpec(
        "dirreq_ditbinmas_absensi_today",
        "Absensi hari ini DITBINMAS",
        "dir",
        ("24 18 * * *",),
        "core.jobs.directorate:run",
        legacy_keys=(_LEGACY + "cronDirRequestDitbinmasAbsensiToday.js",),
        default_recipients=(),
        default_clients=("DITBINMAS",),
    ),
    JobSpec(
        "housekeeping",
        "Pemeliharaan data",
        "core",
        ("30 3 * * *",),
        "core.jobs.housekeeping:run",
    ),
    JobSpec(
        "dirreq_ditsamapta_incomplete",
        "Rekap data belum lengkap DITSAMAPTA",
        "dir",
        ("15 6 * * *",),
        "core.jobs.directorate:incomplete_data",
        legacy_keys=(_LEGACY + "cronDirRequestRekapBelumLengkapDitsamapta.js",),
        default_recipients=("admins", "super", "operator"),
        default_clients=("DITSAMAPTA",),
        priority="P2",
    ),
    JobSpec(
        "wa_task_reminder",
        "Pengingat tugas personal",
        "dir",
        ("5 17 * * *", "35 17 * * *"),
        "core.jobs.task_reminder:run",
        legacy_keys=(_LEGACY + "cronWaNotificationReminder.js",),
        default_clients=("DITBINMAS", "BIDHUMAS"),
        priority="P2",
    ),
    JobSpec(
        "satbinmas_official_media",
        "Rekap akun resmi Satbinmas",
        "dir",
        ("5 23 * * *",),
        "core.jobs.satbinmas:run",
        legacy_keys=(_LEGACY + "cronDirRequestSatbinmasOfficialMedia.js",),
        default_recipients=("admins",),
        default_clients=("DITBINMAS",),  # the recaps of 40/41 are a directorate's (Satbinmas = Binmas)
        priority="P2",
    ),
    JobSpec(
        "db_backup",
        "Backup database",
        "core",
        ("0 4 * * *",),
        "core.jobs.db_backup:run",
        legacy_keys=(_LEGACY + "cronDbBackup.js",),
        enabled_by=backups_on,
        minutes=60,
        priority="P2",
    ),
    JobSpec(
        "admin_daily_digest",
        "Ringkasan harian admin",
        "core",
        ("45 22 * * *",),
        "core.jobs.admin_digest:run",
        priority="P2",
    ),
    JobSpec(
        "premium_expiry",
        "Kedaluwarsa premium",
        "core",
        ("0 0 * * *",),
        "core.premium.expiry:premium_expiry",
        legacy_keys=(_LEGACY + "cronPremiumExpiry.js",),
        priority="P2",
    ),
    JobSpec(
        "dashboard_subscription_expiry",
        "Kedaluwarsa langganan dashboard",
        "core",
        ("*/30 * * * *",),  # JOB-74 decided: every 30 minutes
        "core.premium.expiry:dashboard_subscription_expiry",
        legacy_keys=(_LEGACY + "cronDashboardSubscriptionExpiry.js",),
        priority="P2",
    ),
    JobSpec(
        "dashboard_premium_request_expiry",
        "Kedaluwarsa permintaan premium dashboard",
        "core",
        ("20 * * * *",),
        "core.premium.expiry:dashboard_premium_request_expiry",
        legacy_keys=(_LEGACY + "cronDashboardPremiumRequestExpiry.js",),
        priority="P2",
    ),
)

_BY_KEY = {spec.key: spec for spec in CATALOGUE}

# Keys of `job_run` rows for work a person started that is not a scheduled job: never ticked, not in
# `jobs list`, not runnable by `jobs run`; their tasks run on the queue workers like a job's (WRK-1).
ON_DEMAND: tuple[JobSpec, ...] = (
    JobSpec(
        "dirreq_action",
        "Menu dirrequest dari chat",  # a heavy option (DIR-0.12), one task per request
        "dir",
        (),
        "",
        minutes=10,  # the bot waits at most LONG_ACTION_LIMIT_S (CONV-66) for it anyway
    ),
)
_RUN_KEYS = {**_BY_KEY, **{spec.key: spec for spec in ON_DEMAND}}


class UnknownJob(KeyError):
    def __str__(self) -> str:
        return f"unknown job {self.args[0]!r}; valid keys: {', '.join(_BY_KEY)}"


def job_config(key: str, env: dict[str, str] | None = None) -> JobConfig:
    """The job's effective configuration: catalogue defaults overridden by `JOB_<KEY>_*` (JOB-4)."""
    spec = run_spec(key)
    return load_job_config(
        spec.key, list(spec.default_cron), list(spec.default_recipients), list(spec.default_clients), env=env
    )


def get_job(key: str) -> JobSpec:
    try:
        return _BY_KEY[key.strip().lower()]
    except KeyError:
        raise UnknownJob(key) from None


def run_spec(key: str) -> JobSpec:
    """The spec behind a `job_run` row: a catalogue job or an ON_DEMAND key (the task runner's view)."""
    try:
        return _RUN_KEYS[key.strip().lower()]
    except KeyError:
        raise UnknownJob(key) from None


async def seed_active(uow: UnitOfWork, spec: JobSpec) -> bool:
    """JOB-6 seeding: copy `is_active` of the first existing legacy row, else TRUE; never overwrite."""
    active = True
    for legacy in spec.legacy_keys:
        row = (
            await uow.execute("SELECT is_active FROM cron_job_config WHERE job_key = :k", {"k": legacy})
        ).first()
        if row is not None:
            active = bool(row[0])
            break
    await uow.execute(
        "INSERT INTO cron_job_config (job_key, display_name, is_active) VALUES (:k, :n, :a)"
        " ON CONFLICT (job_key) DO NOTHING",
        {"k": spec.key, "n": spec.label, "a": active},
    )
    row = (
        await uow.execute("SELECT is_active FROM cron_job_config WHERE job_key = :k", {"k": spec.key})
    ).first()
    return bool(row[0]) if row else active


async def seed_all(uow: UnitOfWork) -> None:
    for spec in CATALOGUE:
        await seed_active(uow, spec)
