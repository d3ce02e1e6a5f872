"""`cicero chat --jsonl` as a subprocess: dirrequest on seeded data with the fake RapidAPI server (issue 7 "Done when")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

import psycopg

from core.fakes.rapidapi import FakeRapidApi
from core.timewindow import now_wib
from tests.clock import earlier_today

ADMIN = "6281100000001"


def _seed(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE clients, wa_outbox, wa_outbox_document, task_post_exclusions CASCADE")
        conn.execute(
            "INSERT INTO clients (client_id, nama, client_type, client_insta, client_tiktok, regional_id) VALUES"
            " ('DITSAMAPTA', 'Direktorat Samapta', 'direktorat', 'ditsamapta.jatim', 'ditsamapta', 'JATIM'),"
            " ('POLRES_A', 'Polres Alpha', 'org', NULL, NULL, 'JATIM')"
        )
        conn.execute(
            'INSERT INTO "user" (user_id, nama, title, divisi, insta, tiktok, client_id) VALUES'
            " ('1001', 'ANGGOTA', 'BRIPKA', 'SAT BINMAS', 'anggota.satu', 'anggota_satu', 'DITSAMAPTA')"
        )
        conn.execute(
            "INSERT INTO user_roles (user_id, role_id) SELECT '1001', role_id FROM roles WHERE role_name = 'ditsamapta'"
        )


def test_every_p1_kind_of_option_through_cicero_chat_jsonl(
    cli_env, fake_rapidapi: FakeRapidApi, test_database_url
):
    _seed(test_database_url)
    now = now_wib()
    fake_rapidapi.instagram.add_post("ditsamapta.jatim", "OffPost0001", taken_at=earlier_today(3))
    fake_rapidapi.instagram.add_post("akun.lain", "ManPost0001", taken_at=now - timedelta(hours=3))
    fake_rapidapi.instagram.set_likers("OffPost0001", ["anggota.satu"])
    fake_rapidapi.instagram.set_likers("ManPost0001", ["anggota.satu", "warga"])
    fake_rapidapi.tiktok.add_video("akun.lain", "7398765432109876543", create_time=now - timedelta(hours=1))
    script = [
        "dirrequest", "1", "3", "1", "6", "12", "46", "https://www.instagram.com/p/ManPost0001/", "47",
        "7398765432109876543", "50", "51", "52", "17", "22", "1", "53", "7398765432109876543", "ya", "batal",
    ]  # fmt: skip
    stdin = "".join(json.dumps({"from": ADMIN, "text": t}) + "\n" for t in script)
    env = {**cli_env, **fake_rapidapi.env(), "ADMIN_WHATSAPP": ADMIN, "LOG_LEVEL": "WARNING"}
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--jsonl"],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        cwd=os.getcwd(),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    texts = [o.get("text") or "" for o in out]
    docs = [o["document"] for o in out if "document" in o]
    joined = "\n".join(texts)
    assert "Client: *Direktorat Samapta*" in joined
    assert "Jumlah Total Personil" in joined  # option 1
    assert "Silakan pilih kategori rekap data personil:" in joined  # option 3
    assert "OffPost0001" in joined  # option 12 recap
    assert "✅ Post Instagram berhasil ditambahkan (manual)." in joined  # 46
    assert "Video ID : 7398765432109876543" in joined  # 47
    assert "✅ Selesai fetch likes IG client DITSAMAPTA. Berhasil: 1, Gagal: 0" in joined  # 50
    assert "✅ Selesai fetch komentar TikTok client DITSAMAPTA. Berhasil: 1, Gagal: 0" in joined  # 51
    assert "✅ Selesai fetch komentar IG client DITSAMAPTA." in joined  # 52
    assert any(d.startswith("Absensi_All_Engagement_Instagram_") for d in docs)  # 17
    assert any("_Rekap_Ranking_Engagement_hari_ini_" in d for d in docs)  # 22
    assert "✅ Post tugas TikTok berhasil dihapus dari daftar tugas." in joined  # 53
    assert texts[-1] == "✅ Menu Direktorat ditutup."
    assert all(o["to"].startswith(ADMIN) or o["to"].endswith("@g.us") for o in out)
    assert not any(t.startswith("❌ Maaf") for t in texts), joined[-2000:]
    with psycopg.connect(test_database_url) as conn:
        excl = conn.execute("SELECT platform, content_id FROM task_post_exclusions").fetchall()
        manual = conn.execute("SELECT source_type FROM insta_post WHERE shortcode = 'ManPost0001'").fetchone()
    assert excl == [("tiktok", "7398765432109876543")]
    assert manual == ("manual_input",)
