"""`cicero demo` as a new user sees it (issue 19 item 3): the console shows only the chat — logs go
to `<data dir>/demo.log`, group broadcasts are one marked line, no warnings on start — and
`health#` counts the console session as connected (JOB-103)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = "health#\ndirrequest\nhalo pak\n"


def test_demo_console_shows_only_the_chat(db, test_database_url: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INSTAGRAM_", "TIKTOK_", "RAPIDAPI_"))}
    env.pop("XDG_RUNTIME_DIR", None)
    # Daytime on the business clock, so the task lists go to the unit groups (JOB-15 quiet hours).
    env.update(
        DATABASE_URL=test_database_url, CICERO_DATA_DIR=str(tmp_path), CICERO_NOW="2026-12-07T10:00:00+07:00"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo"],
        input=SCRIPT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out, err = proc.stdout, proc.stderr
    assert "Warning" not in err and "XDG_RUNTIME_DIR" not in err
    for noise in (" INFO ", " WARNING ", "logger="):
        assert noise not in out and noise not in err
    log = (tmp_path / "demo.log").read_text(encoding="utf-8")
    assert "logger=" in log  # the lines went to the file instead
    # group messages: one marked line each, never the full broadcast under a chat label
    group_lines = [ln for ln in out.splitlines() if "📣 [pesan grup → " in ln]
    assert len(group_lines) == 5 and all("Daftar Tugas" in ln for ln in group_lines)
    assert "@g.us] (id" not in out
    assert "✅ *Status Cicero: ok*" in out and "Sesi main: ready" in out
    # DIR-0.9: the typo gets one line, not the menu again
    assert "\nPilihan tidak valid. Ketik angka menu (1–53), atau *menu* untuk melihat daftar.\n\n>" in out
    assert f"{Path(sys.executable).with_name('cicero')} chat --from <nomor>" in out  # works when typed
