"""JOB-42 `satbinmas_official_media`: today's official-account content of every `org` client, then
the daily recaps of dirrequest 40 and 41 to the admins (issue 24 part B)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.app import AppContext
from core.jobs.catalogue import job_config
from core.jobs.runner import run_manual
from core.timewindow import WIB
from tests.clock import clock_at
from tests.reports.seed import Seed

ADMIN = "6281299990001"
SLOT = datetime(2026, 11, 25, 23, 5, tzinfo=WIB)


@pytest.fixture
def app(app_context: AppContext, fake_rapidapi) -> AppContext:
    settings = fake_rapidapi.settings(
        admin_whatsapp=ADMIN,
        database_url=app_context.settings.database_url,
        redis_url=app_context.settings.redis_url,
    )
    return AppContext(settings=settings, db=app_context.db, redis=app_context.redis)


async def _account(db, client_id: str, platform: str, username: str) -> None:
    async with db.uow() as uow:
        await uow.execute(
            "INSERT INTO satbinmas_official_accounts (client_id, platform, username) VALUES (:c, :p, :u)",
            {"c": client_id, "p": platform, "u": username},
        )
        await uow.commit()


async def test_fetches_every_org_account_then_sends_both_recaps_to_admins_job42(
    db, app, fake_rapidapi
) -> None:
    seed = Seed(db)
    await seed.client("DITBINMAS", "DIREKTORAT BINMAS", "direktorat")
    await seed.client("POLRES_A", "POLRES ALPHA", "org")
    await seed.client("POLRES_B", "POLRES BETA", "org")
    await _account(db, "POLRES_A", "instagram", "satbinmas.alpha")
    await _account(db, "POLRES_B", "tiktok", "satbinmas_beta")
    fake_rapidapi.instagram.add_post("satbinmas.alpha", "CJOB000001", taken_at=SLOT - timedelta(hours=3))
    fake_rapidapi.instagram.add_post("satbinmas.alpha", "CJOB000000", taken_at=SLOT - timedelta(days=1))
    fake_rapidapi.tiktok.add_video(
        "satbinmas_beta", "7300000000000000009", create_time=SLOT - timedelta(hours=1)
    )
    with clock_at(SLOT):
        outcome = await run_manual(
            app, "satbinmas_official_media", job_config("satbinmas_official_media"), slot=SLOT, now=SLOT,
            requested_by="test",
        )  # fmt: skip
    assert outcome.status == "succeeded", outcome.summary
    async with db.uow() as uow:
        codes = sorted(r[0] for r in await uow.execute("SELECT code FROM satbinmas_official_media"))
        rows = (
            await uow.execute(
                "SELECT chat_id, body FROM wa_outbox WHERE origin = 'job:dirrequest' ORDER BY outbox_id"
            )
        ).all()
    assert codes == ["7300000000000000009", "CJOB000001"]
    assert [r.chat_id.split("@")[0] for r in rows] == [ADMIN, ADMIN]
    assert rows[0].body.startswith("📸 Rekap konten Instagram Satbinmas Official")
    assert "Rabu, 25 November 2026" in rows[0].body and "Total Konten   : 1 konten." in rows[0].body
    assert rows[1].body.startswith("🎵 Rekap konten TikTok Satbinmas Official")
    assert "1. POLRES BETA (@satbinmas_beta):" in rows[1].body


async def test_no_admins_means_no_recipients_and_no_fetch_job42(db, app_context, fake_rapidapi) -> None:
    app = AppContext(
        settings=fake_rapidapi.settings(admin_whatsapp=""), db=app_context.db, redis=app_context.redis
    )
    seed = Seed(db)
    await seed.client("DITBINMAS", "DIREKTORAT BINMAS", "direktorat")
    await seed.client("POLRES_A", "POLRES ALPHA", "org")
    await _account(db, "POLRES_A", "instagram", "satbinmas.alpha")
    with clock_at(SLOT):
        outcome = await run_manual(
            app, "satbinmas_official_media", job_config("satbinmas_official_media"), slot=SLOT, now=SLOT,
            requested_by="test",
        )  # fmt: skip
    assert outcome.summary.get("no_recipients") == 1, outcome.summary
    assert fake_rapidapi.calls("v1/posts") == []
