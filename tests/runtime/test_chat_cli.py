"""`cicero chat --jsonl` as an external caller uses it (CONV-282): JSON lines in, JSON lines out,
nothing else on stdout, documents saved and reported, end of input → exit 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.runtime.conftest import ADMIN, PERSON, add_client, add_person

ROOT = Path(__file__).resolve().parents[2]


def run_chat(lines: list[dict | str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    payload = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--jsonl"],
        input=payload.encode(),
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def chat_env(cli_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    return {**cli_env, "ADMIN_WHATSAPP": ADMIN, "CICERO_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}


async def test_jsonl_contract_conv282(db, redis, cli_env, tmp_path):
    await add_client(db, "POLRES_A")
    await add_person(db, "81120001", "POLRES_A", PERSON)
    doc = tmp_path / "data.csv"
    doc.write_text("a,b\n")
    result = run_chat(
        [
            {"from": ADMIN, "text": "batal"},
            {"from": "0" + PERSON[2:], "text": "halo"},
            "this is not json",
            {"from": PERSON, "text": "", "document": str(doc)},
            {"from": ADMIN, "text": "batal", "session": "nosuch"},
        ],
        chat_env(cli_env, tmp_path),
        tmp_path,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert out[0] == {
        "to": f"{ADMIN}@s.whatsapp.net",
        "session": "console",
        "text": "ℹ️ Tidak ada menu yang sedang dibuka.",
    }
    assert out[1]["to"] == f"{PERSON}@s.whatsapp.net" and "userrequest" in out[1]["text"]
    assert len(out) == 2  # media without text outside a menu and bad lines produce no output
    assert b"baris dilewati" in result.stderr


async def test_jsonl_document_output_shape(cli_env, tmp_path, db, redis, monkeypatch):
    """A document reply is reported with its saved copy (uses the outbox directly: a job's file)."""
    from core.outbox import enqueue_document

    async with db.uow() as uow:
        await enqueue_document(
            uow,
            ADMIN,
            b"isi",
            "rekap.txt",
            caption="Rekap",
            origin="job:t",
            idempotency_key="chatdoc",
            session="main",
        )
        await uow.commit()
    result = run_chat([{"from": ADMIN, "text": "batal"}], chat_env(cli_env, tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    doc = next(o for o in out if "document" in o)
    assert doc["session"] == "main" and doc["document"] == "rekap.txt" and doc["mimetype"] == "text/plain"
    assert doc["caption"] == "Rekap" and Path(doc["path"]).read_bytes() == b"isi"  # noqa: ASYNC240
    assert set(doc) == {"to", "session", "document", "path", "mimetype", "caption"}
    assert os.path.isabs(doc["path"])
