"""`wabot` (CONV-175): the Ditbinmas summaries and, for admins, the scheduled-job switches.

Items 1–3 open `Excel Data` / `Chart` / `Narasi` for client DITBINMAS: the Excel and narrative
reports of the engine, and a chart of per-unit percentages sent as a WhatsApp image (legacy
answered placeholders). Item 4 (admins only) lists the jobs of `core.jobs.catalogue` with their
state; one is switched after `ya`, the same `cron_job_config` row `jobs#on/off` writes (JOB-107).
"""

from __future__ import annotations

import logging

from core.jobs.catalogue import CATALOGUE, seed_all
from core.reports import ReportError, build_report
from menus.framework import REGISTRY, Menu, Reply, StepContext, option, parse_number, submenu, yes_no
from menus.framework.access import Entry, authorize

log = logging.getLogger(__name__)

CLIENT = "DITBINMAS"

MENU = REGISTRY.add_menu(
    Menu(
        "wabot",
        label="Menu Wabot Ditbinmas",
        triggers=("wabot", "wabotditbinmas", "ditbinmas"),
        capability="wabot",
        entry="wabot",
        trigger_ignores_spaces=True,  # CONV-22: `wabot ditbinmas` opens it too
        home_item="Menu Wabot Ditbinmas (wabot)",
        home_order=60,
    )
)

DENY = "❌ Nomor ini tidak terdaftar sebagai pengguna Ditbinmas."
ADMIN_ONLY = "❌ Pengaturan cron job hanya untuk admin."

# (Excel Data, Chart, Narasi) of each summary: the reports of spec 30 the legacy menu delivered.
SUMMARIES = {
    "users": ("User Summary", "XLS-MATRIX", "CHART-DATA-UNITS", "REP-DATA-SATKER"),
    "insta": ("Insta Summary", "XLS-IG-RECAP", "CHART-IG-UNITS", "REP-LAPHAR-IG"),
    "tiktok": ("TikTok Summary", "XLS-TT-RECAP", "CHART-TT-UNITS", "REP-LAPHAR-TT"),
}


def _allowed(ctx: StepContext) -> bool:
    return authorize(ctx.actor, Entry.WABOT).allowed  # CONV-43: re-checked on every item


async def _build(ctx: StepContext, kind: str):  # noqa: ANN202 - ReportOutput | Reply
    try:
        return await build_report(
            ctx.services.db, kind, client_id=CLIENT, now=ctx.received_at, settings=ctx.settings,
            actor=ctx.sender,
        )  # fmt: skip
    except ReportError as exc:
        return Reply.text(f"❌ {exc.message}", code="report_error").then_menu()


def _deliver(kind: str, what: str):  # noqa: ANN202 - OptionHandler
    """`what`: excel (the files), chart (the PNG as an image, its caption), narasi (the text only)."""

    async def handler(ctx: StepContext) -> Reply:
        if not _allowed(ctx):
            return Reply.text(DENY, code="deny_wabot").end()
        out = await _build(ctx, kind)
        if isinstance(out, Reply):
            return out
        if out.empty or (what != "narasi" and not out.files):
            return Reply.text(out.text or "ℹ️ Belum ada data untuk laporan ini.", code="empty").then_menu()
        if what == "narasi":
            return Reply.text(out.text, code="narasi").then_menu()
        reply = Reply.nothing(code=what)
        for f in out.files:
            is_png = f.mimetype == "image/png"
            reply = reply.and_document(
                f.name, f.content, mimetype=f.mimetype, caption=out.text if is_png else None, as_image=is_png
            )
        return reply.then_menu()

    return handler


for _key, (_title, _xls, _chart, _text) in SUMMARIES.items():
    MENU.level(
        _key,
        title=_title,
        top=False,
        items=(
            option("Excel Data", _deliver(_xls, "excel"), key="excel"),
            option("Chart", _deliver(_chart, "chart"), key="chart"),
            option("Narasi", _deliver(_text, "narasi"), key="narasi"),
        ),
    )


# --- 4 Config Cron Job (admins) ---------------------------------------------------------------


async def _states(ctx: StepContext) -> dict[str, bool]:
    await seed_all(ctx.uow)
    return {
        k: bool(a) for k, a in (await ctx.uow.execute("SELECT job_key, is_active FROM cron_job_config")).all()
    }


def _mark(active: bool) -> str:
    return "✅ Aktif" if active else "❌ Nonaktif"


async def _job_list(ctx: StepContext) -> str:
    states = await _states(ctx)
    lines = ["*Config Cron Job*"]
    lines += [f"{n}. {s.label} {_mark(states.get(s.key, True))}" for n, s in enumerate(CATALOGUE, 1)]
    lines.append("Balas nomor job, *back* untuk kembali, atau *batal* untuk keluar.")
    return "\n".join(lines)


async def open_jobs(ctx: StepContext) -> Reply:
    if not ctx.actor.is_admin:
        return ctx.reprompt(ADMIN_ONLY, code="deny_admin")
    return Reply.nothing().ask(pick_job, await _job_list(ctx))


@MENU.step(choice=True, level=True, name="pick_job")
async def pick_job(ctx: StepContext, text: str) -> Reply:
    n = parse_number(text)
    if n is None or not 1 <= n <= len(CATALOGUE):
        return ctx.reprompt(f"Pilihan tidak dikenal. Balas angka 1–{len(CATALOGUE)}.", code="invalid_choice")
    spec = CATALOGUE[n - 1]
    ctx.data["job_key"] = spec.key
    state = (await _states(ctx)).get(spec.key, True)
    prompt = (
        f"*{spec.label}* ({_mark(state)})\n1️⃣ Aktifkan\n2️⃣ Nonaktifkan\nBalas 1 atau 2, *back* untuk kembali."
    )
    return Reply.nothing().ask(job_action, prompt)


@MENU.step(choice=True, name="job_action")
async def job_action(ctx: StepContext, text: str) -> Reply:
    n = parse_number(text)
    if n not in (1, 2):
        return ctx.reprompt("Pilihan tidak dikenal. Balas angka 1–2.", code="invalid_choice")
    ctx.data["job_on"] = n == 1
    label = next(s.label for s in CATALOGUE if s.key == ctx.data["job_key"])
    verb = "mengaktifkan" if n == 1 else "menonaktifkan"
    return Reply.nothing().ask(job_confirm, f"Ketik *ya* untuk {verb} job *{label}*.")


@MENU.step(choice=True, name="job_confirm")
async def job_confirm(ctx: StepContext, text: str) -> Reply:
    if not ctx.actor.is_admin:
        return Reply.text(ADMIN_ONLY, code="deny_admin").end()
    answer = yes_no(text)
    if answer is False:
        ctx.data.pop("job_key", None)
        ctx.data.pop("job_on", None)
        return Reply.text("ℹ️ Tidak ada perubahan.", code="cancelled").ask(pick_job, await _job_list(ctx))
    if answer is not True:
        return ctx.reprompt("Balas *ya* untuk konfirmasi, atau *back* untuk kembali.", code="invalid_value")
    key, on = str(ctx.data.pop("job_key")), bool(ctx.data.pop("job_on"))
    await seed_all(ctx.uow)
    await ctx.uow.execute(
        "UPDATE cron_job_config SET is_active = :a, updated_at = NOW() WHERE job_key = :k",
        {"a": on, "k": key},
    )
    log.info("job_toggled", extra={"job": key, "active": on, "via": "wabot"})
    done = f"✅ Job {key} {'diaktifkan' if on else 'dinonaktifkan'}."
    return Reply.text(done, code="job_toggled").ask(pick_job, await _job_list(ctx))


MAIN = MENU.level(
    "main",
    title="MENU WABOT DITBINMAS",
    items=(
        option("User Summary", submenu("users"), key="users"),
        option("Insta Summary", submenu("insta"), key="insta"),
        option("TikTok Summary", submenu("tiktok"), key="tiktok"),
        option("Config Cron Job", open_jobs, key="cron", visible=lambda ctx: ctx.actor.is_admin),
    ),
)


@MENU.start
async def start(ctx: StepContext) -> Reply:
    return Reply.nothing().show(MAIN)
