"""`cicero demo`: seed (once), top up 30 days of history, serve today's posts from the fake
RapidAPI server, fetch, chat.

Everything runs offline: the embedded PostgreSQL and Redis when `DATABASE_URL` / `REDIS_URL` are
unset, and the fake RapidAPI server on 127.0.0.1 in place of the real providers. The console is the
chat: logs go to `<data dir>/demo.log`, messages to groups show as one marked line.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from core.app import AppContext
from core.config import Settings, reset_settings_cache
from core.demo.seed import (
    ADMIN_NUMBER,
    DIRECTORATE,
    HISTORY_DAYS,
    UNITS,
    is_seeded,
    populate_fake,
    reset,
    seed_database,
    seed_history,
)
from core.fakes.rapidapi import FakeRapidApi
from core.jobs.catalogue import job_config
from core.jobs.runner import RunOutcome, run_manual
from core.timewindow import now_wib

DEMO_DEFAULTS = {
    "DEMO_MODE": "true",
    "DB_AUTO_UPGRADE": "true",
    "SCHEDULER_ENABLED": "false",
    "ADMIN_WHATSAPP": ADMIN_NUMBER,
    "LOG_FORMAT": "console",
    "LOG_LEVEL": "INFO",  # into the log file, not the console (demo_log_file)
}


@dataclass
class DemoState:
    app: AppContext
    fake: FakeRapidApi
    seeded_now: int
    fetch: RunOutcome
    history: dict[str, int]


def demo_log_file(settings: Settings) -> Path:
    return Path(settings.cicero_data_dir).resolve() / "demo.log"


def cicero_command() -> str:
    """The `cicero` of this installation as a command that works when typed: the venv's script
    (`make demo` does not put it on PATH)."""
    script = Path(sys.executable).with_name("cicero")
    return str(script) if script.exists() else "cicero"


def configure_environment(fake: FakeRapidApi) -> None:
    """Demo defaults (never overriding what the operator set) and the fake provider's URLs."""
    for key, value in DEMO_DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.update(fake.env())
    reset_settings_cache()


async def prepare(*, reset_data: bool = False) -> DemoState:
    fake = FakeRapidApi().start()
    configure_environment(fake)
    app = AppContext.open("demo")
    from core.db.migrate import ensure_schema_current

    ensure_schema_current(app.settings)
    seeded = 0
    async with app.db.uow() as uow:
        if reset_data:
            await reset(uow)
        if not await is_seeded(uow):
            seeded = await seed_database(uow)
        now = now_wib()
        history = await seed_history(uow, now.date())
        await populate_fake(uow, fake, now.date(), now)
        await uow.commit()
    outcome = await run_manual(app, "fetch_sosmed", job_config("fetch_sosmed"), requested_by="demo")
    return DemoState(app=app, fake=fake, seeded_now=seeded, fetch=outcome, history=history)


def guide(state: DemoState) -> str:
    polres = [u for u in UNITS if u.client_id != DIRECTORATE]
    lines = [
        "",
        "═══ Cicero demo (offline) ═══",
        f"Data: 1 direktorat ({DIRECTORATE}) + {len(polres)} Polres, "
        f"{sum(u.size for u in UNITS)} personel; hari ini {state.fetch.summary.get('clients_total', 0)} client "
        f"diambil datanya (status fetch: {state.fetch.status}).",
        f"Riwayat {HISTORY_DAYS} hari: {state.history.get('posts', 0)} post Instagram, "
        f"{state.history.get('videos', 0)} video TikTok, {state.history.get('link_reports', 0)} laporan link "
        "(rekap mingguan/bulanan dan Top/Bottom berisi data).",
        "",
        f"Anda mengobrol sebagai ADMIN {ADMIN_NUMBER}. Coba ketik:",
        "  dirrequest      → menu direktorat (pilih DITBINMAS, lalu mis. 6 = rekap likes, 21 = rekap gabungan)",
        "  oprrequest      → menu operator (pilih salah satu Polres)",
        "  clientrequest   → menu admin client",
        "  userrequest     → data personel sendiri",
        "  bantuan#        → daftar perintah admin (# commands); jobs# → jadwal job; health# → status",
        "  batal / kembali / menu → keluar, naik satu level, menu utama",
        "",
        f"Nomor lain yang bisa Anda 'jadi' (di terminal lain, di folder ini: {cicero_command()} chat --from <nomor>):",
    ]
    for unit in polres[:2]:
        lines.append(f"  {unit.operator}  operator {unit.client_id}")
    lines += [
        "  6281380010040    personel POLRES_LAMONGAN (kirim link amplifikasi, atau 'userrequest')",
        "",
        "Dokumen (Excel) disimpan di folder data dan ditampilkan path-nya. Pesan ke grup WhatsApp tampil",
        "sebagai satu baris 📣. Log: " + str(demo_log_file(state.app.settings)) + ". Ctrl-D untuk keluar.",
        "",
    ]
    return "\n".join(lines)
