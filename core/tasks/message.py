"""The task message of WRK-3: one unit of heavy work, as published to RabbitMQ and stored in `job_task`.

`parse_message` is the only way bytes from the broker become a `TaskMessage`; anything it cannot
read raises `BadTask` with a reason, and the worker dead-letters it (never crashes on it).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

VERSION = 1


class BadTask(Exception):
    """A permanent task error (WRK-4): the message is dead-lettered with `reason`, never retried."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class TaskMessage:
    task_id: str
    type: str
    job_key: str
    job_run_id: int
    slot: datetime
    now: datetime
    # Delivery deadline on the record clock (core.timewindow.record_now), like wa_outbox.expires_at:
    # a task that has not started by then is acknowledged without work and marked `expired`.
    deadline: datetime
    args: dict[str, Any] = field(default_factory=dict)
    attempt: int = 1

    def next_attempt(self) -> TaskMessage:
        return replace(self, attempt=self.attempt + 1)

    @property
    def client_id(self) -> str | None:
        value = self.args.get("client_id")
        return str(value).upper() if value else None

    def to_json(self) -> dict[str, Any]:
        return {
            "v": VERSION,
            "task_id": self.task_id,
            "type": self.type,
            "job_key": self.job_key,
            "job_run_id": self.job_run_id,
            "slot": self.slot.isoformat(),
            "now": self.now.isoformat(),
            "deadline": self.deadline.isoformat(),
            "attempt": self.attempt,
            "args": self.args,
        }

    def body(self) -> bytes:
        return json.dumps(self.to_json(), separators=(",", ":"), default=str).encode()


def new_task_id() -> str:
    return str(uuid.uuid4())


def _instant(data: dict[str, Any], name: str) -> datetime:
    raw = data.get(name)
    try:
        value = datetime.fromisoformat(str(raw))
    except ValueError:
        raise BadTask(f"field {name!r} is not an ISO-8601 instant") from None
    if value.tzinfo is None:
        raise BadTask(f"field {name!r} has no UTC offset")
    return value


def parse_message(body: bytes) -> TaskMessage:
    """WRK-3 shape, checked field by field; raises BadTask naming what is wrong."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise BadTask("body is not JSON") from None
    if not isinstance(data, dict):
        raise BadTask("body is not a JSON object")
    if data.get("v") != VERSION:
        raise BadTask(f"unsupported message version {data.get('v')!r}")
    try:
        task_id = str(uuid.UUID(str(data.get("task_id"))))
    except ValueError:
        raise BadTask("task_id is not a UUID") from None
    kind, job_key, run_id, attempt, args = (
        data.get("type"),
        data.get("job_key"),
        data.get("job_run_id"),
        data.get("attempt", 1),
        data.get("args", {}),
    )
    if not isinstance(kind, str) or not kind:
        raise BadTask("type is missing")
    if not isinstance(job_key, str) or not job_key:
        raise BadTask("job_key is missing")
    if not isinstance(run_id, int) or isinstance(run_id, bool):
        raise BadTask("job_run_id is not an integer")
    if not isinstance(attempt, int) or attempt < 1:
        raise BadTask("attempt is not a positive integer")
    if not isinstance(args, dict):
        raise BadTask("args is not an object")
    return TaskMessage(
        task_id=task_id,
        type=kind,
        job_key=job_key,
        job_run_id=run_id,
        slot=_instant(data, "slot"),
        now=_instant(data, "now"),
        deadline=_instant(data, "deadline"),
        args=args,
        attempt=attempt,
    )
