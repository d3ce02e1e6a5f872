"""What a job body receives (JOB-1) and the summary it fills (JOB-12)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from core.app import AppContext
from core.config import Settings
from core.jobs.config import JobConfig

MAX_ERROR_CHARS = 300


class RunDetached(Exception):
    """The run's tasks are on the queue and nobody waits for them (JOB-111 `jobs run` without
    `--wait`): the run stays `running` and the worker that finishes its last task completes it."""

    def __init__(self, run_id: int) -> None:
        super().__init__(f"run {run_id} continues on the queue workers")
        self.run_id = run_id


class JobNotApplicable(Exception):
    """Raised by a body whose target cannot be served now (JOB-26): the run is recorded as
    `skipped_not_applicable` with the reason in its summary, and admins are told."""


@dataclass
class RunSummary:
    counters: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    invalid_recipients: list[dict[str, str]] = field(default_factory=list)
    units_ok: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def count(self, name: str, n: int = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + n

    def fail(self, client_id: str | None, step: str, error: BaseException | str) -> None:
        text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        self.failures.append({"client_id": client_id or "-", "step": step, "error": text[:MAX_ERROR_CHARS]})

    def status(self) -> str:
        """JOB-12: succeeded = every unit worked; partial = some failed; failed = none worked."""
        if not self.failures:
            return "succeeded"
        return "partial" if self.units_ok > 0 else "failed"

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.counters)
        data.update(self.extra)
        if self.failures:
            data["failures"] = self.failures
        if self.invalid_recipients:
            data["invalid_recipients"] = self.invalid_recipients
        return data


@dataclass
class JobContext:
    key: str
    run_id: int
    trigger: str
    slot: datetime
    now: datetime
    app: AppContext
    config: JobConfig
    client_ids: list[str]
    idempotency_prefix: str
    summary: RunSummary = field(default_factory=RunSummary)
    detach: bool = False  # publish the tasks and return without waiting (RunDetached)

    @property
    def settings(self) -> Settings:
        return self.app.settings

    @property
    def today(self) -> date:
        """The operational date: the WIB date of the slot (JOB-1)."""
        return self.slot.date()

    def idempotency_key(self, client_id: str | None, chat: str, item: str) -> str:
        """JOB-19 key without the part suffix (the outbox appends the chunk index)."""
        return f"{self.idempotency_prefix}:{(client_id or '-').upper()}:{chat}:{item}"
