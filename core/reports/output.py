"""What a report returns: text and/or files as bytes (ING-GEN-6, ING-XLS-1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from core.timewindow import Period

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_MIME = "text/plain"


@dataclass(frozen=True)
class ReportFile:
    """A document to send: nothing is written to disk unless the caller asks (`write_to`)."""

    name: str
    content: bytes
    mimetype: str

    def write_to(self, target: Path) -> Path:
        """Write into `target` (a directory, or a file path) and return the written path."""
        path = target / self.name if target.is_dir() else target
        path.write_bytes(self.content)
        return path


@dataclass(frozen=True)
class ReportOutput:
    """`text` is the message (or the no-data reply); `files` are documents sent after it.

    `empty` is True when the report had nothing to show and `text` is its no-data reply.
    """

    kind: str
    text: str | None = None
    files: tuple[ReportFile, ...] = ()
    empty: bool = False

    @property
    def file(self) -> ReportFile | None:
        return self.files[0] if self.files else None


@dataclass(frozen=True)
class ReportRequest:
    """Everything a report builder may read besides the database (ING-GEN-6: scope, window, now)."""

    kind: str
    client_id: str
    ref_date: date
    period: Period
    now: datetime
    role: str | None = None
    unit: str | None = None
    mode: str = "all"  # all / sudah / belum (ING-REP-2)
    category: int = 1  # REP-DATA-PERSONIL categories 1..4
    variant: str = "today"  # REP-AMP-LINKS: today / yesterday / post / khusus
    previous_ids: frozenset[str] = field(default_factory=frozenset)  # REP-TASK-MENU [BARU]
    actor: str | None = None  # who asked (XLS-MATRIX "Disusun oleh")


class ReportError(Exception):
    """A request that cannot produce a report; `message` is the Indonesian reply to show."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
