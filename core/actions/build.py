"""Builds the outputs of one `dirrequest` option (DIR-0.14 .. DIR-0.16, DIR-0.21): texts and files.

Nothing is sent here; `core.actions.runner` enqueues what this returns. Every builder reads the
database through the report engine or runs the ingestion services; expected failures become a
one-line `detail`, internal failures an apology with a reference id (DIR-0.16).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, Protocol

from core.actions.catalogue import (
    ACTIONS,
    KASAT_LABELS,
    PERSONNEL_CATEGORIES,
    RANKING_LABELS,
    ActionSpec,
    Build,
    option_window,
    ranking_window,
)
from core.alerts import notify_admins
from core.cache import RedisStore
from core.config import Settings
from core.db import Database
from core.manual_posts.register import error_ref
from core.reports import ReportError, ReportOutput, build_report
from core.reports.catalogue import RECAP_CHARTS
from core.reports.kasat import profile_for
from core.reports.output import XLSX_MIME
from core.timewindow import Period, now_wib, today_wib

log = logging.getLogger(__name__)

Status = Literal["ok", "empty", "error", "unsupported", "busy"]


class Env(Protocol):
    """What the runner needs from its caller: `core.app.AppContext` and the menus' `Services` fit."""

    settings: Settings
    db: Database
    redis: RedisStore


@dataclass(frozen=True)
class TextOut:
    text: str


@dataclass(frozen=True)
class FileOut:
    name: str
    content: bytes
    mimetype: str
    as_image: bool = False  # sent as a WhatsApp image message (charts), not as a document


Output = TextOut | FileOut


@dataclass
class Built:
    status: Status
    outputs: list[Output] = field(default_factory=list)
    detail: str | None = None
    error_ref: str | None = None
    group_copy: str | None = None  # the final text of 12/14/16 for the client group (DIR-0.18)


@dataclass(frozen=True)
class ActionRequest:
    action: int
    client_id: str  # upper-case
    client_nama: str
    period: str | None
    reference_date: date
    now: datetime
    category: str | None = None
    interactive: bool = False
    requested_by: str = "scheduler"
    # A queue task's id: its redelivery takes over the client fetch lock its dead worker held (WRK-4).
    lock_token: str | None = None


def client_label(client_id: str, nama: str | None) -> str:
    """DIR-12.0 item 3: `<nama> (<CLIENT_ID>)`, or the id alone when the name is empty."""
    cid = client_id.strip().upper()
    name = (nama or "").strip()
    return f"{name} ({cid})" if name and name.upper() != cid else cid


def with_cross(text: str) -> str:
    """DIR-0.16 item 2: a typed message is sent as is, prefixed `❌ ` when it has no emoji prefix."""
    first = text[:1]
    return text if first and not (first.isascii() and (first.isalnum() or first in "*_")) else f"❌ {text}"


def internal_error(name: str, ref: str) -> str:
    return f"❌ Gagal membuat {name}. (ref: {ref})"


def error_built(detail: str, ref: str | None = None) -> Built:
    return Built("error", [TextOut(detail)], detail=detail, error_ref=ref)


def client_slug(nama: str) -> str:
    """DIR-22 `<ClientSlug>`: every run of characters other than letters, digits and `-` → `_`."""
    return re.sub(r"[^A-Za-z0-9-]+", "_", nama).strip("_") or "Client"


async def report_for(env: Env, kind: str, req: ActionRequest, **kw: object) -> ReportOutput:
    return await build_report(
        env.db,
        kind,
        client_id=req.client_id,
        ref_date=kw.pop("ref_date", req.reference_date),  # type: ignore[arg-type]
        now=req.now,
        role=req.client_id.lower(),  # DIR-0.1: the directorate role comes from the selected client
        # DIR-4 "Disusun oleh": the requester's number (`requested_by` is `<actor kinds>:<number>` from
        # the menu, a job name otherwise); the report names the person (core.actors.requester_name).
        actor=req.requested_by.rsplit(":", 1)[-1],
        settings=env.settings,
        **kw,  # type: ignore[arg-type]
    )


def _files(out: ReportOutput) -> list[Output]:
    return [FileOut(f.name, f.content, f.mimetype) for f in out.files]


async def _chart(env: Env, recap_kind: str, req: ActionRequest) -> list[Output]:
    """The recap's chart as an image after its text (issue 21 item 3); a chart failure keeps the text."""
    kind = RECAP_CHARTS.get(recap_kind)
    if kind is None or not env.settings.dirrequest_send_charts:
        return []
    try:
        out = await report_for(env, kind, req)
    except ReportError as exc:
        log.warning("dirrequest_chart_skipped", extra={"kind": kind, "reason": exc.reason})
        return []
    return [FileOut(f.name, f.content, f.mimetype, as_image=True) for f in out.files]


async def build_report_option(env: Env, spec: ActionSpec, req: ActionRequest) -> Built:
    """Options 1-3, 5-10 (text), 17/18/21 (text then files), 19/20/22 (Excel then a confirmation)."""
    if spec.build is Build.REPORT:
        extra: dict[str, object] = {}
        if spec.number == 3:
            extra["category"] = PERSONNEL_CATEGORIES.get(req.category or "all", 1)
        elif spec.periods:  # DIR-30, 34, 35: the sub-step's period
            engine_period, ref = option_window(req.period or spec.periods[0], req.reference_date)
            extra = {"period": engine_period, "ref_date": ref}
        out = await report_for(env, spec.kinds[0], req, **extra)
        texts: list[Output] = [TextOut(out.text)] if out.text and out.text.strip() else []
        charts = [] if out.empty else await _chart(env, spec.kinds[0], req)
        return Built("empty" if out.empty else "ok", texts + _files(out) + charts)
    # Build.EXCEL
    label = None
    extra = {}
    if spec.number == 22:
        period = req.period or "today"
        label = RANKING_LABELS[period]
        engine_period, ref = ranking_window(period, req.reference_date)
        extra = {"period": engine_period, "ref_date": ref}
    elif spec.periods:  # DIR-44, 45
        engine_period, ref = option_window(req.period or spec.periods[0], req.reference_date)
        extra = {"period": engine_period, "ref_date": ref}
    out = await report_for(env, spec.kinds[0], req, **extra)
    if out.empty or not out.files:
        text = (spec.empty_text or out.text or "Tidak ada data.").format(client_id=req.client_id, label=label)
        return Built("empty", [TextOut(text)])
    files = _files(out)
    if spec.number == 22:
        stamp = req.now.strftime("%Y-%m-%d_%H-%M")
        name = f"{client_slug(req.client_nama)}_Rekap_Ranking_Engagement_{(label or '').replace(' ', '_')}_{stamp}.xlsx"
        first = files[0]
        assert isinstance(first, FileOut)
        files[0] = FileOut(name, first.content, first.mimetype or XLSX_MIME)
        confirm = f"✅ File Excel rekap ranking engagement ({label}) dikirim."
    else:
        confirm = "✅ File Excel dikirim."
    return Built("ok", [*files, TextOut(confirm)])


async def _report_failure(env: Env, spec: ActionSpec, req: ActionRequest, exc: BaseException) -> str:
    """DIR-70.5 / DESIGN §4: log the internal failure and tell the admins (rate-limited)."""
    ref = error_ref()
    log.error(
        "dirrequest_action_failed",
        exc_info=exc,
        extra={
            "ref": ref,
            "option": spec.number,
            "client_id": req.client_id,
            "requested_by": req.requested_by,
        },
    )
    try:
        async with env.db.uow() as uow:
            await notify_admins(
                uow,
                env.redis,
                "internal_error",
                f"⚠️ Menu dirrequest {spec.number} gagal untuk {req.client_id} (ref: {ref}): {type(exc).__name__}",
                subject=f"dirrequest:{spec.number}",
                settings=env.settings,
            )
            await uow.commit()
    except Exception:  # the alert is best effort; the requester already gets the reference
        log.exception("dirrequest_alert_failed", extra={"ref": ref})
    return ref


async def build(env: Env, req: ActionRequest) -> Built:
    """The outputs of option `req.action` (never raises)."""
    spec = ACTIONS.get(req.action)
    if spec is None:
        return error_built(f"❌ Menu {req.action} tidak dikenal.")
    try:
        if spec.build in (Build.REPORT, Build.EXCEL):
            return await build_report_option(env, spec, req)
        if spec.build is Build.FETCH:
            from core.actions.fetch import build_fetch  # fetch builds on this module's helpers

            return await build_fetch(env, spec, req)
        if spec.build is Build.MANUAL_REFRESH:
            from core.actions.fetch import build_manual_refresh

            return await build_manual_refresh(env, spec, req)
        text = f"ℹ️ Menu {spec.number} hanya dapat dijalankan lewat percakapan dirrequest."
        return Built("unsupported", [TextOut(text)], detail=text)
    except ReportError as exc:
        return error_built(with_cross(exc.message))
    except Exception as exc:
        ref = await _report_failure(env, spec, req, exc)
        if spec.number == 21:
            return error_built(
                f"❌ Terjadi kendala saat memproses menu 21. Silakan coba lagi nanti. (ref: {ref})", ref
            )
        if spec.error_text:
            return error_built(f"{spec.error_text.format(**_error_words(spec, req))} (ref: {ref})", ref)
        return error_built(internal_error(spec.name, ref), ref)


def _error_words(spec: ActionSpec, req: ActionRequest) -> dict[str, str]:
    """The `{label}` / `{profile}` of an option's own error line (DIR-30, 34, 35, 44, 45)."""
    profile = profile_for(req.client_id)
    period = req.period or (spec.periods[0] if spec.periods else "")
    return {
        "label": RANKING_LABELS.get(period) or KASAT_LABELS.get(period) or period,
        "profile": profile.label if profile else "Kasat Binmas",
    }


def default_request(
    action: int,
    client_id: str,
    client_nama: str,
    *,
    period: str | None = None,
    reference_date: date | None = None,
    category: str | None = None,
    interactive: bool = False,
    requested_by: str = "scheduler",
    now: datetime | None = None,
    lock_token: str | None = None,
) -> ActionRequest:
    now = now or now_wib()
    today = today_wib(now)
    ref = min(reference_date, today) if reference_date else today  # DIR-70.3: a future date is clamped
    return ActionRequest(
        action,
        client_id.strip().upper(),
        client_nama,
        period,
        ref,
        now,
        category,
        interactive,
        requested_by,
        lock_token,
    )


__all__ = [
    "ActionRequest",
    "Built",
    "Env",
    "FileOut",
    "Output",
    "Period",
    "TextOut",
    "build",
    "default_request",
]
