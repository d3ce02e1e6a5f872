"""`cicero report` (issue 5 item 5): text on stdout, files written and their paths printed."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from core.reports import list_kinds
from tests.reports.conftest import DAY


async def _cicero(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot.cli", "report", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_list_names_every_kind(cli_env):
    res = await _cicero(cli_env, "--list")
    assert res.returncode == 0
    ids = [line.split("\t")[0] for line in res.stdout.splitlines()]
    assert ids == [k.id for k in list_kinds()]
    assert {"REP-IG-UNIT", "REP-TT-DUNITS", "XLS-IG-RECAP", "REP-TASK-LIST"} <= set(ids)


async def test_text_report_on_stdout(cli_env, directorate):
    res = await _cicero(cli_env, "rep-tt-dunits", "--client", "ditbinmas", "--date", DAY.isoformat())
    assert res.returncode == 0, res.stderr
    assert "📋 *Rekap Akumulasi Komentar TikTok*" in res.stdout and "*Total Personel:* 6" in res.stdout


async def test_excel_written_and_path_printed(cli_env, directorate, tmp_path):
    out = tmp_path / "recap.xlsx"
    res = await _cicero(
        cli_env, "XLS-IG-RECAP", "--client", "DITBINMAS", "--date", DAY.isoformat(), "--out", str(out)
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(out)
    assert load_workbook(out).sheetnames[0] == "DIT BINMAS"


async def test_files_default_to_current_directory(cli_env, directorate, tmp_path):
    res = await _cicero(
        cli_env, "REP-LAPHAR-IG", "--client", "DITBINMAS", "--date", DAY.isoformat(), cwd=tmp_path
    )
    assert res.returncode == 0, res.stderr
    paths = [Path(line) for line in res.stdout.splitlines() if line.startswith(str(tmp_path))]
    assert [p.suffix for p in paths] == [".txt", ".txt", ".xlsx"] and all(p.exists() for p in paths)


async def test_unknown_kind_and_client_exit_2(cli_env, directorate):
    res = await _cicero(cli_env, "REP-NOPE", "--client", "DITBINMAS")
    assert res.returncode == 2 and "REP-NOPE" in res.stderr
    res = await _cicero(cli_env, "REP-IG-UNIT", "--client", "NOPE")
    assert res.returncode == 2 and "NOPE" in res.stderr
