"""`cicero --help` starts fast: building the parser imports no web app, database, WhatsApp or Excel
library; each command imports what it needs when it runs (issue 19 item 4, JOB-111)."""

from __future__ import annotations

import subprocess
import sys

from bot.commands.report import PERIODS
from core.timewindow import Period

HEAVY = ("fastapi", "starlette", "sqlalchemy", "openpyxl", "neonize", "pydantic", "pydantic_settings", "redis",
         "aio_pika", "httpx", "core", "menus")  # fmt: skip

PROBE = """
import sys
from bot.cli import build_parser
build_parser().format_help()
for sub in ("report", "jobs", "import-users", "demo", "worker"):
    try:
        build_parser().parse_args([sub, "--help"])
    except SystemExit:
        pass
heavy = {heavy!r}
print("IMPORTED=" + ",".join(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
"""


def test_help_imports_no_heavy_module():
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    imported = out.stdout.strip().splitlines()[-1]
    assert imported == "IMPORTED=", f"imported by --help: {imported}"


def test_help_has_no_spec_ids():
    """Help texts are for operators: plain words, no internal requirement ids."""
    import re

    from bot.cli import build_parser
    from bot.commands import COMMANDS

    parser = build_parser()
    texts = [parser.format_help()]
    for action in parser._subparsers._group_actions:  # noqa: SLF001 - argparse keeps subparsers here
        texts += [p.format_help() for p in action.choices.values()]
    assert len(texts) > len(COMMANDS)
    ids = re.compile(r"\b(?:JOB|DLV|CONV|DIR|ING|API|WRK|DB|REP)-\d|\bspec \d")
    assert not [t for t in texts if ids.search(t)]


def test_report_period_choices_are_the_engine_periods():
    assert PERIODS == tuple(p.value for p in Period)


LIST_PROBE = """
import contextlib, io, sys
from bot.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    main(["report", "--list"])
heavy = {heavy!r}
print("IMPORTED=" + ",".join(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
print("KINDS=" + str(len(out.getvalue().splitlines())))
"""


def test_report_list_loads_no_builder_database_or_excel_module():
    """`cicero report --list` reads the catalogue only; the builders load on the first build."""
    heavy = ("sqlalchemy", "openpyxl", "matplotlib", "pydantic", "fastapi")
    out = subprocess.run(
        [sys.executable, "-c", LIST_PROBE.format(heavy=heavy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    imported, kinds = out.stdout.strip().splitlines()[-2:]
    assert imported == "IMPORTED=", f"imported by report --list: {imported}"
    assert int(kinds.removeprefix("KINDS=")) >= 60


def test_every_built_report_names_a_builder_that_exists():
    """The catalogue names builders as "module:function"; a typo would only show at the first build."""
    import inspect

    from core.reports.catalogue import BuiltReport, all_kinds

    built = [k for k in all_kinds() if isinstance(k, BuiltReport)]
    assert len(built) >= 45
    for kind in built:
        module, name = kind.builder.split(":")
        fn = getattr(__import__(module, fromlist=[name]), name)
        assert inspect.iscoroutinefunction(fn), kind.id
        assert len(inspect.signature(fn).parameters) == 1 + len(kind.args), kind.id
