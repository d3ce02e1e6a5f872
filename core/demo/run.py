"""`cicero demo`: seed (once), serve today's posts from the fake RapidAPI server, fetch, chat.

Everything runs offline: the embedded PostgreSQL and Redis when `DATABASE_URL` / `REDIS_URL` are
unset, and the fake RapidAPI server on 127.0.0.1 in place of the real providers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from core.app import AppContext
from core.config import reset_settings_cache
from core.demo.seed import ADMIN_NUMBER, DIRECTORATE, UNITS, is_seeded, populate_fake, reset, seed_database
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
    "LOG_LEVEL": "WARNING",
}


@dataclass
class DemoState:
    app: AppContext
    fake: FakeRapidApi
    seeded_now: int
    fetch: RunOutcome


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
        await populate_fake(uow, fake, now.date(), now)
        await uow.commit()
    outcome = await run_manual(app, "fetch_sosmed", job_config("fetch_sosmed"), requested_by="demo")
    return DemoState(app=app, fake=fake, seeded_now=seeded, fetch=outcome)


def guide(state: DemoState) -> str:
    polres = [u for u in UNITS if u.client_id != DIRECTORATE]
    lines = [
        "",
        "═══ Cicero demo (offline) ═══",
        f"Data: 1 direktorat ({DIRECTORATE}) + {len(polres)} Polres, "
        f"{sum(u.size for u in UNITS)} personel; hari ini {state.fetch.summary.get('clients_total', 0)} client "
        f"diambil datanya (status fetch: {state.fetch.status}).",
        "",
        f"Anda mengobrol sebagai ADMIN {ADMIN_NUMBER}. Coba ketik:",
        "  dirrequest      → menu direktorat (pilih DITBINMAS, lalu mis. 6 = rekap likes, 21 = rekap gabungan)",
        "  oprrequest      → menu operator (pilih salah satu Polres)",
        "  clientrequest   → menu admin client",
        "  userrequest     → data personel sendiri",
        "  bantuan#        → daftar perintah admin (# commands); jobs# → jadwal job",
        "  batal / kembali / menu → keluar, naik satu level, menu utama",
        "",
        "Nomor lain yang bisa Anda 'jadi' (jalankan: cicero chat --from <nomor>):",
    ]
    for unit in polres[:2]:
        lines.append(f"  {unit.operator}  operator {unit.client_id}")
    lines += [
        "  6281380010040    personel POLRES_LAMONGAN (kirim link amplifikasi, atau 'userrequest')",
        "",
        "Dokumen (Excel) disimpan di folder data dan ditampilkan path-nya. Ctrl-D untuk keluar.",
        "",
    ]
    return "\n".join(lines)
