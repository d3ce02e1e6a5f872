"""`cicero report` (issue 5 item 5): text on stdout, files written and their paths printed."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from core.reports import list_kinds
from tests.reports.conftest import DAY
from tests.reports.seed import wib


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
    # Issue 16 item 6: attendance kinds state their population next to the rule.
    lines = {line.split("\t")[0]: line.split("\t") for line in res.stdout.splitlines()}
    assert lines["REP-IG-DUNITS"][2].endswith("(HALF)")
    assert lines["REP-IG-DUNITS"][3] == "personel direktorat + jajaran · Sat Intelkam tidak dihitung"
    assert lines["REP-IG-DDETAIL"][3] == "personel direktorat (tanpa jajaran) · Sat Intelkam tidak dihitung"
    assert lines["REP-TT-UNIT"][3] == "personel unit" and len(lines["XLS-IG-RECAP"]) == 3


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


# Issue 16 item 3: the JSON view's keys are an interface checked from outside.
TOP_KEYS = {"kind", "client_id", "window", "rule", "population", "excluded", "posts", "units"}
UNIT_KEYS = {"client_id", "nama", "lengkap", "kurang", "belum", "no_username", "people"}
PERSON_KEYS = {"user_id", "nama", "divisi", "count", "status"}


async def _json(env: dict[str, str], kind: str, client: str) -> dict:
    res = await _cicero(env, kind, "--client", client, "--date", DAY.isoformat(), "--json")
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


async def test_json_view_of_a_directorate_recap(cli_env, directorate):
    data = await _json(cli_env, "rep-ig-dunits", "DITBINMAS")
    assert set(data) == TOP_KEYS
    assert data["kind"] == "REP-IG-DUNITS" and data["client_id"] == "DITBINMAS" and data["rule"] == "HALF"
    assert data["window"] == {"start": DAY.isoformat(), "end": DAY.isoformat(), "period": "day"}
    assert data["population"] == "personel DIT BINMAS + jajaran"
    assert data["excluded"] == [{"reason": "Sat Intelkam", "count": 1}]
    assert [p["id"] for p in data["posts"]] == ["D1", "D2"] and all(
        set(p) == {"id", "created_at"} for p in data["posts"]
    )
    units = {u["client_id"]: u for u in data["units"]}
    assert set(units) == {"DITBINMAS", "POLRESA", "POLRESB"}
    for unit in units.values():
        assert set(unit) == UNIT_KEYS and all(set(p) == PERSON_KEYS for p in unit["people"])
    andi = next(p for p in units["POLRESA"]["people"] if p["user_id"] == "20")
    assert andi == {
        "user_id": "20",
        "nama": "ANDI",
        "divisi": andi["divisi"],
        "count": 2,
        "status": "lengkap",
    }
    assert (units["POLRESA"]["lengkap"], units["POLRESA"]["belum"], units["POLRESA"]["no_username"]) == (
        2,
        0,
        1,
    )


async def test_json_view_of_a_unit_recap_and_a_kind_without_one(cli_env, directorate):
    data = await _json(cli_env, "REP-IG-UNIT", "POLRESA")
    assert set(data) == TOP_KEYS and data["rule"] == "FULL" and data["excluded"] == []
    assert [u["client_id"] for u in data["units"]] == ["POLRESA"]
    assert {p["user_id"]: p["count"] for p in data["units"][0]["people"]} == {
        "20": 2, "21": 0, "22": 0, "23": 1, "24": 0,
    }  # fmt: skip
    res = await _cicero(cli_env, "XLS-IG-RECAP", "--client", "DITBINMAS", "--json")
    assert res.returncode == 2 and "JSON" in res.stderr


async def test_json_view_of_an_amplification_kind(cli_env, seed):
    """Issue 16 item 3: amplification kinds keep the top-level keys, with `links` per person."""
    await seed.client("POLRESA", "Polres Alpha", "org")
    await seed.user("1", "POLRESA", "ANDI", roles=("operator",))
    await seed.user("2", "POLRESA", "BUDI", roles=("operator",))
    await seed.user("5", "POLRESA", "NONOP")
    await seed.ig_post("P1", "POLRESA", wib(2026, 3, 4, 7))
    await seed.ig_post("P2", "POLRESA", wib(2026, 3, 4, 9))
    await seed.link_report("P1", "1", wib(2026, 3, 4, 10), instagram="ig1", tiktok="tt1")
    await seed.link_report("P2", "1", wib(2026, 3, 4, 10), twitter="tw1")
    await seed.link_report("P1", "2", wib(2026, 3, 4, 10), youtube="yt2")
    data = await _json(cli_env, "REP-AMP-ATT", "POLRESA")
    assert set(data) == TOP_KEYS and data["rule"] == "FULL"
    assert data["population"] == "operator POLRES ALPHA"
    assert [p["id"] for p in data["posts"]] == ["P1", "P2"]
    (unit,) = data["units"]
    assert (unit["client_id"], unit["lengkap"], unit["kurang"], unit["belum"]) == ("POLRESA", 1, 1, 0)
    people = {p["user_id"]: (p["count"], p["links"], p["status"]) for p in unit["people"]}
    assert people == {"1": (2, 3, "lengkap"), "2": (1, 1, "kurang")}  # NONOP is not an operator


async def test_json_view_of_a_data_completeness_kind(cli_env, directorate):
    data = await _json(cli_env, "REP-USERNAME", "POLRESA")
    assert set(data) == TOP_KEYS and data["posts"] == [] and data["population"] == "personel POLRES ALPHA"
    assert data["window"] == {"start": None, "end": DAY.isoformat(), "period": "snapshot"}
    (unit,) = data["units"]
    people = {p["user_id"]: p for p in unit["people"]}
    assert people["20"] == {"user_id": "20", "nama": "ANDI", "divisi": people["20"]["divisi"], "insta": "andi",
                            "tiktok": "andi", "status": "lengkap"}  # fmt: skip
    assert people["21"]["status"] == "kurang" and people["22"]["status"] == "belum"
    assert unit["lengkap"] + unit["kurang"] + unit["belum"] == len(people) == 5
    satker = await _json(cli_env, "REP-DATA-SATKER", "DITBINMAS")
    assert [u["client_id"] for u in satker["units"]][0] == "DITBINMAS"
    assert {"POLRESA", "POLRESB"} <= {u["client_id"] for u in satker["units"]}


async def test_same_person_same_count_in_every_recap(cli_env, directorate):
    """Issue 16 item 4: for one window, platform and post set, every attendance recap that shows a
    person gives the same count; totals differ only by the stated population and exclusions."""
    seen: dict[tuple, set[int]] = {}
    views: dict[tuple[str, str], dict] = {}
    for kind in list_kinds():
        if not hasattr(kind, "engagement"):
            continue
        for client in ("DITBINMAS", "POLRESA"):
            res = await _cicero(cli_env, kind.id, "--client", client, "--date", DAY.isoformat(), "--json")
            if res.returncode != 0:
                continue  # a directorate-only kind asked of a unit
            data = views[kind.id, client] = json.loads(res.stdout)
            posts = tuple(sorted(p["id"] for p in data["posts"]))
            for unit in data["units"]:
                for p in unit["people"]:
                    seen.setdefault((kind.platform, kind.engagement, posts, p["user_id"]), set()).add(
                        p["count"]
                    )
    assert len(seen) > 10 and all(len(v) == 1 for v in seen.values()), seen

    def people(view: dict) -> set[str]:
        return {p["user_id"] for u in view["units"] for p in u["people"]}

    dunits, konten = views["REP-IG-DUNITS", "DITBINMAS"], views["REP-IG-KONTEN", "DITBINMAS"]
    ddetail = views["REP-IG-DDETAIL", "DITBINMAS"]
    # Same population (directorate + jajaran); KONTEN has no Sat Intel rule, DUNITS leaves out exactly the Sat Intel it states.
    assert dunits["population"] == konten["population"]
    assert len(people(konten)) - len(people(dunits)) == sum(e["count"] for e in dunits["excluded"]) == 1
    # DDETAIL states the directorate's own personnel only: DUNITS' own unit.
    assert ddetail["population"] == "personel DIT BINMAS (tanpa jajaran)"
    own = next(u for u in dunits["units"] if u["client_id"] == "DITBINMAS")
    assert people(ddetail) == {p["user_id"] for p in own["people"]}
