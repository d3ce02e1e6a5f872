"""`cicero doctor` on this machine: the servers that run here pass, WhatsApp fails clearly at the
missing network (issue 14 item 5)."""

from __future__ import annotations

from pydantic import SecretStr

from bot.doctor import Result, render, run_checks
from core.app import AppContext
from tests.runtime.conftest import runtime_settings


async def test_doctor_reports_each_part_and_fails_clearly_without_network(db, redis, tmp_path):
    settings = runtime_settings(
        cicero_data_dir=tmp_path,
        wa_auth_data_path=None,
        smtp_host="",
        amqp_url=SecretStr("amqp://guest:guest@127.0.0.1:5672/"),
    )
    app = AppContext(settings=settings, db=db, redis=redis)
    checks = {c.name: c for c in await run_checks(app)}
    assert checks["redis"].result is Result.OK
    assert checks["amqp"].result is Result.OK
    assert checks["smtp"].result is Result.SKIP
    assert {"rapidapi instagram", "rapidapi tiktok"} <= set(checks)
    wa = checks["whatsapp main"]
    assert wa.result is Result.FAIL and wa.detail.startswith("network_unreachable")
    assert "web.whatsapp.com" in wa.hint
    table = render(list(checks.values()))
    assert table.splitlines()[0].split() == ["CHECK", "RESULT", "DETAIL", "WHAT", "TO", "DO"]
    assert "whatsapp main" in table and "FAIL" in table
