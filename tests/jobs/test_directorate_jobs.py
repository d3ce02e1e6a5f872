"""JOB-26..JOB-32: directorate jobs through the dirrequest action runner."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.app import AppContext
from core.jobs.catalogue import get_job
from core.jobs.config import load_job_config
from core.jobs.runner import run_manual
from core.timewindow import WIB
from tests.reports.seed import Seed, wib

GROUP = "120363000000000100@g.us"
SLOT = datetime(2026, 11, 25, 15, 20, tzinfo=WIB)


def config(key: str, **env: str):
    spec = get_job(key)
    return load_job_config(
        key, list(spec.default_cron), list(spec.default_recipients), list(spec.default_clients), env=env
    )


@pytest.fixture
async def ditbinmas(db, app_context: AppContext) -> Seed:
    seed = Seed(db)
    await seed.client("DITBINMAS", "DIREKTORAT BINMAS", "direktorat")
    await seed.client("POLRES_A", "POLRES A")
    async with app_context.db.uow() as uow:
        await uow.execute(
            "UPDATE clients SET client_group = :g, client_super = '6281200000009' WHERE client_id = 'DITBINMAS'",
            {"g": GROUP},
        )
        await uow.commit()
    await seed.user("2001", "DITBINMAS", "CITRA", insta="citra", roles=("ditbinmas",))
    await seed.user("2002", "POLRES_A", "DODI", insta="dodi", roles=("ditbinmas",))
    await seed.ig_post("DIR001", "DITBINMAS", wib(2026, 11, 25, 8), likes=["citra"])
    await seed.post_role("DIR001", "ditbinmas")
    return seed


async def outbox_rows(ctx: AppContext) -> list[tuple[str, str | None]]:
    async with ctx.db.uow() as uow:
        return [
            (r[0], r[1]) for r in await uow.execute("SELECT chat_id, body FROM wa_outbox ORDER BY outbox_id")
        ]


async def test_group_recap_sends_combined_and_unit_recaps_once(ditbinmas, app_context: AppContext) -> None:
    outcome = await run_manual(
        app_context, "dirreq_ditbinmas_group_recap", config("dirreq_ditbinmas_group_recap"), slot=SLOT, now=SLOT,
        requested_by="t",
    )  # fmt: skip
    assert outcome.status == "succeeded", outcome.summary
    rows = await outbox_rows(app_context)
    assert rows and {chat for chat, _ in rows} == {GROUP}
    count = len(rows)
    again = await run_manual(
        app_context, "dirreq_ditbinmas_group_recap", config("dirreq_ditbinmas_group_recap"), slot=SLOT, now=SLOT,
        requested_by="t",
    )  # fmt: skip
    assert again.status == "succeeded"
    assert len(await outbox_rows(app_context)) == count  # JOB-19: same slot, nothing new


async def test_absensi_today_without_extra_recipients_sends_nothing(
    ditbinmas, app_context: AppContext
) -> None:
    cfg = config("dirreq_ditbinmas_absensi_today")
    outcome = await run_manual(
        app_context, "dirreq_ditbinmas_absensi_today", cfg, slot=SLOT, now=SLOT, requested_by="t"
    )
    assert outcome.status == "succeeded" and outcome.summary == {"no_recipients": 1}
    assert await outbox_rows(app_context) == []
    extra = config(
        "dirreq_ditbinmas_absensi_today", JOB_DIRREQ_DITBINMAS_ABSENSI_TODAY_EXTRA_RECIPIENTS="081299998888"
    )
    outcome = await run_manual(
        app_context, "dirreq_ditbinmas_absensi_today", extra, slot=SLOT, now=SLOT, requested_by="t"
    )
    assert outcome.status == "succeeded"
    assert {chat for chat, _ in await outbox_rows(app_context)} == {"6281299998888@s.whatsapp.net"}


async def test_missing_target_is_not_applicable(db, app_context: AppContext) -> None:
    outcome = await run_manual(
        app_context,
        "dirreq_bidhumas_evening",
        config("dirreq_bidhumas_evening"),
        slot=SLOT,
        now=SLOT,
        requested_by="t",
    )
    assert outcome.status == "skipped_not_applicable"
    assert "BIDHUMAS" in outcome.summary["reason"]
