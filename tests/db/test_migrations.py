"""`cicero db upgrade` on every supported starting point (spec 50 DB-40 .. DB-61).

Each test builds its own scratch databases on the test server (`CICERO_SERVER_URL`), loads a
fixture shape of DB-60 (tests/fixtures/), upgrades it and compares it with a database built from
`sql/schema.sql`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.config import Settings
from core.db.migrate import (
    MIGRATIONS_DIR,
    PENDING_MESSAGE,
    MigrationFailed,
    MigrationFilesInvalid,
    SchemaTooNew,
    ensure_schema_current,
    migration_files,
    status,
    upgrade,
)
from tests.db.migration_support import (
    ROOT,
    SCHEMA,
    catalog,
    catalog_diff,
    load_fixture,
    query,
    row_counts,
    run_sql,
    scratch_database,
    table_rows,
)

L1 = ("legacy_schema.sql",)
L3 = ("legacy_schema.sql", "legacy_l3.sql")
L3M = (*L3, "legacy_l3m.sql")
L4 = (*L3M, "legacy_l4.sql")
LEGACY_UNUSED = ("penmas_user", "editorial_event", "tasks", "saved_contact")
# Tables that gain rows by design: the seeds of DB-12/DB-21 and the role flags turned into
# user_roles rows (DB-46). Every other table keeps exactly its rows.
SEEDED = {"roles", "user_roles", "cron_job_config"}
# Deferred items (DB-55) that the fixtures' data blocks on purpose.
BLOCKED = {"idx_user_email_unique", "satbinmas_official_accounts_platform_username_unique"}


def _quiet(_line: str) -> None:
    return None


@pytest.fixture(scope="module")
def reference_catalog() -> Iterator[dict]:
    """The catalog of a database built from schema.sql (fixture E loaded directly)."""
    with scratch_database("cicero_ref") as url:
        run_sql(url, SCHEMA.read_text())
        yield catalog(url)


def _assert_catalog_equal(url: str, reference: dict, ignore: set[str] = frozenset()) -> None:
    diff = catalog_diff(reference, catalog(url), set(ignore))
    assert diff == {}, diff


def _cli(args: list[str], url: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=url)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


# ------------------------------------------------------------------------------------------------
# DB-40: the files themselves
# ------------------------------------------------------------------------------------------------


def test_db40_files_are_contiguous_and_guarded() -> None:
    files = migration_files()
    assert [f.version for f in files] == list(range(1, len(files) + 1))
    assert [f.name for f in files][:9] == [
        "legacy_baseline",
        "legacy_shape_repairs",
        "cicero_tables",
        "foreign_key_rules",
        "post_provenance",
        "post_time_backfill",
        "post_fetched_at",
        "identity_normalisation",
        "indexes_defaults_seeds",
    ]
    for f in files:
        text = f.read()
        assert not re.search(r"^\s*(BEGIN|COMMIT|ROLLBACK)\s*;", text, re.I | re.M), f.file_name
        assert "CONCURRENTLY" not in text.upper(), f.file_name


def test_db40_3_no_migration_drops_or_deletes_rows() -> None:
    """Rule 3: no DROP TABLE / DROP COLUMN / DELETE FROM / TRUNCATE, except on migration_row_fix
    and on the migration's own scratch temp tables (named cicero_*, ON COMMIT DROP). The bodies of
    the cicero_* trigger functions (0010) are not migration steps: they keep derived rows in step
    with their source at run time, and never run during the migration's own backfill."""
    pattern = re.compile(
        r"\b(DROP\s+TABLE|DROP\s+COLUMN|DELETE\s+FROM|TRUNCATE)\s+(?:IF\s+EXISTS\s+)?(\S+)", re.I
    )
    trigger_bodies = re.compile(r"CREATE OR REPLACE FUNCTION cicero_\w+\(.*?RETURNS .*?AS \$\$.*?\$\$;", re.S)
    for f in migration_files():
        for match in pattern.finditer(trigger_bodies.sub("", f.read())):
            target = match.group(2).strip('";').lower()
            assert target == "migration_row_fix" or target.startswith("cicero_"), (
                f.file_name,
                match.group(0),
            )


def test_db40_bad_file_names_refuse_to_start(tmp_path: Path) -> None:
    shutil.copy(MIGRATIONS_DIR / "0001_legacy_baseline.sql", tmp_path / "0001_legacy_baseline.sql")
    shutil.copy(MIGRATIONS_DIR / "0002_legacy_shape_repairs.sql", tmp_path / "0003_gap.sql")
    with pytest.raises(MigrationFilesInvalid) as err:
        migration_files(tmp_path)
    assert err.value.exit_code == 2
    (tmp_path / "0003_gap.sql").rename(tmp_path / "2_bad-name.sql")
    with pytest.raises(MigrationFilesInvalid):
        migration_files(tmp_path)


# ------------------------------------------------------------------------------------------------
# E, L1, L3, P: catalog equality, no row lost, no-op second run (DB-61.1 .. DB-61.3)
# ------------------------------------------------------------------------------------------------


def test_db61_empty_database_gets_schema_and_baseline(reference_catalog: dict) -> None:
    with scratch_database() as url:
        report = upgrade(url, out=_quiet)
        assert report.baseline
        _assert_catalog_equal(url, reference_catalog)
        methods = query(url, "SELECT DISTINCT method FROM schema_migrations")
        assert methods == [("baseline",)]
        assert query(url, "SELECT count(*) FROM schema_migrations")[0][0] == len(migration_files())
        assert query(url, "SELECT count(*) FROM cron_job_config")[0][0] == 21
        again = upgrade(url, out=_quiet)
        assert not again.baseline and again.applied == []
        _assert_catalog_equal(url, reference_catalog)


@pytest.mark.parametrize("fixture", [L1, L3, L3M, L4], ids=["L1", "L3", "L3m", "L4"])
def test_db61_legacy_upgrade_catalog_rows_and_noop(fixture: tuple[str, ...], reference_catalog: dict) -> None:
    with scratch_database() as url:
        load_fixture(url, *fixture)
        before = row_counts(url)
        legacy_before = {t: table_rows(url, t) for t in LEGACY_UNUSED}

        report = upgrade(url, out=_quiet)
        assert [f.version for f, _, _ in report.applied] == [f.version for f in migration_files()]
        assert {d.name for d in report.pending_deferred} == BLOCKED

        # DB-61.2 catalog equality, except the deferred items the fixture's data blocks.
        _assert_catalog_equal(url, reference_catalog, BLOCKED)
        # DB-61.3 no row lost; unused legacy tables byte-identical.
        after = row_counts(url)
        _assert_no_row_lost(before, after)
        assert {t: table_rows(url, t) for t in LEGACY_UNUSED} == legacy_before

        # DB-61.1 a second run applies nothing and changes nothing.
        snapshot = {t: table_rows(url, t) for t in after}
        again = upgrade(url, out=_quiet)
        assert again.applied == [] and not again.baseline
        assert {t: table_rows(url, t) for t in after} == snapshot
        _assert_catalog_equal(url, reference_catalog, BLOCKED)

        # DB-43: status lists the deferred items with the rows that block them.
        st = status(url)
        assert st.pending == [] and st.current_version == len(migration_files())
        blocked = {d.name: d.blocking for d in st.deferred if not d.created}
        assert blocked["idx_user_email_unique"] == ("budi@example.com: 75020001, 75020003",)
        assert "penmas_user" in st.legacy_tables
        assert "user.ditbinmas" in st.legacy_columns

        # Fixing the data lets the next upgrade create the deferred items (DB-55).
        run_sql(url, "UPDATE \"user\" SET email = 'agus@example.com' WHERE user_id = '75020003'")
        run_sql(
            url,
            "UPDATE satbinmas_official_accounts SET username = 'satbinmas_b2' WHERE client_id = 'POLRES_B' AND platform = 'instagram'",
        )
        final = upgrade(url, out=_quiet)
        assert {d.name for d in final.deferred if d.created} == BLOCKED
        _assert_catalog_equal(url, reference_catalog)


def test_db46_pre_role_table_database_l0(reference_catalog: dict) -> None:
    """L0 (P2): role flags become user_roles rows; dashboard_user gets its UUID key, role_id from the
    role text and dashboard_user_clients from client_id (an unknown client is skipped and logged)."""
    with scratch_database() as url:
        load_fixture(url, "legacy_l0.sql")
        before = row_counts(url)
        upgrade(url, out=_quiet)
        _assert_catalog_equal(url, reference_catalog)
        _assert_no_row_lost(before, row_counts(url))
        roles = query(
            url,
            "SELECT u.user_id, r.role_name FROM user_roles u JOIN roles r USING (role_id) ORDER BY 1, 2",
        )
        assert roles == [("75010001", "bidhumas"), ("75010001", "ditbinmas"), ("75010002", "ditlantas")]
        dash = query(
            url,
            "SELECT d.username, r.role_name FROM dashboard_user d JOIN roles r USING (role_id) ORDER BY 1",
        )
        assert dash == [("binmas", "ditbinmas"), ("ghost", "operator"), ("opr_a", "operator")]
        links = query(
            url,
            "SELECT d.username, c.client_id FROM dashboard_user_clients c JOIN dashboard_user d "
            "USING (dashboard_user_id) ORDER BY 1",
        )
        assert links == [("binmas", "DITBINMAS"), ("opr_a", "POLRES_A")]
        skipped = query(
            url, "SELECT old_value FROM migration_row_fix WHERE column_name = 'client_id' AND version = 2"
        )
        assert skipped == [("POLRES_GONE",)]


def test_db61_partly_upgraded_0001_to_0004(reference_catalog: dict) -> None:
    """Fixture P: L1 upgraded with files 0001-0004 only, then the full upgrade."""
    files = migration_files()
    with scratch_database() as url:
        load_fixture(url, *L1)
        before = row_counts(url)
        upgrade(url, out=_quiet, files=files[:4])
        assert [r[0] for r in query(url, "SELECT version FROM schema_migrations ORDER BY 1")] == [1, 2, 3, 4]
        report = upgrade(url, out=_quiet)
        assert [f.version for f, _, _ in report.applied] == list(range(5, len(migration_files()) + 1))
        _assert_catalog_equal(url, reference_catalog, BLOCKED)
        after = row_counts(url)
        _assert_no_row_lost(before, after)


def test_db61_failure_inside_0006_resumes(tmp_path: Path, reference_catalog: dict) -> None:
    """Fixture P: L3 whose run failed inside 0006 (DB-41.5): 0006 rolls back alone; the next run
    continues from it and shifts each manual row exactly once."""
    for f in migration_files():
        shutil.copy(f.path, tmp_path / f.file_name)
    broken = tmp_path / "0006_post_time_backfill.sql"
    broken.write_text(broken.read_text() + "\nSELECT 1 / 0;\n")
    with scratch_database() as url:
        load_fixture(url, *L3)
        with pytest.raises(MigrationFailed) as err:
            upgrade(url, out=_quiet, files=migration_files(tmp_path))
        assert "0006_post_time_backfill.sql" in str(err.value) and "division by zero" in str(err.value)
        assert [r[0] for r in query(url, "SELECT version FROM schema_migrations ORDER BY 1")] == [
            1,
            2,
            3,
            4,
            5,
        ]
        assert query(url, "SELECT created_at::text FROM insta_post WHERE shortcode = 'CpostM1'")[0][0] == (
            "2024-05-04 03:00:00"
        )
        report = upgrade(url, out=_quiet)
        assert [f.version for f, _, _ in report.applied] == list(range(6, len(migration_files()) + 1))
        assert query(url, "SELECT created_at::text FROM insta_post WHERE shortcode = 'CpostM1'")[0][0] == (
            "2024-05-04 10:00:00"
        )
        _assert_catalog_equal(url, reference_catalog, BLOCKED)


# ------------------------------------------------------------------------------------------------
# DB-61.4 data fixes
# ------------------------------------------------------------------------------------------------


def test_db61_4_identity_fixes_on_l1() -> None:
    with scratch_database() as url:
        load_fixture(url, *L1)
        upgrade(url, out=_quiet)
        users = dict(query(url, 'SELECT user_id, whatsapp FROM "user"'))
        # Oldest holder keeps the number; suffixes gone; 0... -> 62...; too short -> ''.
        assert users["75020001"] == "6281234567001"
        assert users["75020003"] == ""
        assert users["75020002"] == "6281234567002"
        assert users["75020004"] == "6281234567004"
        assert users["75020005"] == ""
        fix = query(
            url,
            "SELECT old_value, new_value, reason FROM migration_row_fix "
            "WHERE table_name = 'user' AND row_key = '75020003' AND column_name = 'whatsapp'",
        )
        assert fix == [("6281234567001", "", "duplicate whatsapp")]
        handles = {r[0]: r[1:] for r in query(url, 'SELECT user_id, insta, tiktok, email FROM "user"')}
        assert handles["75020001"] == ("budi.santoso", "budi_tt", "budi@example.com")
        assert handles["75020002"] == ("siti.ig", "siti_tt", "siti@example.com")
        assert handles["75020003"][0] == "agus_ig"
        clients = {
            r[0]: r[1:]
            for r in query(
                url,
                "SELECT client_id, client_operator, client_super, client_insta, client_tiktok FROM clients",
            )
        }
        assert clients["DITBINMAS"] == (
            "6281234567890, 6281234567891",
            "6281234567892",
            "ditbinmas_jatim",
            "ditbinmas.jatim",
        )
        assert clients["POLRES_A"][0] == "6281111111111, 628122222222"
        assert clients["POLRES_B"][0] == "not-a-number"  # kept verbatim and reported
        reported = query(
            url,
            "SELECT reason FROM migration_row_fix WHERE table_name = 'clients' AND row_key = 'POLRES_B' AND column_name = 'client_operator'",
        )
        assert reported == [("phone list has invalid elements (kept)",)]
        dash = query(url, "SELECT whatsapp FROM dashboard_user WHERE username = 'admin_binmas'")
        assert dash == [("6281299990000",)]


def test_db61_4_post_provenance_and_time_fixes_on_l3() -> None:
    with scratch_database() as url:
        load_fixture(url, *L3)
        upgrade(url, out=_quiet)
        src = dict(query(url, "SELECT shortcode, source_type FROM insta_post_khusus"))
        assert src == {"KpostA1": "manual_input", "KpostD1": "manual_input", "KpostM3": "manual_input"}
        posts = {
            r[0]: r[1:] for r in query(url, "SELECT shortcode, source_type, created_at::text FROM insta_post")
        }
        assert posts["CpostB1"][0] == "cron_fetch"
        assert posts["CpostA2"][0] == "cron_fetch"
        assert posts["CpostM2"] == ("manual_input", "2024-05-05 09:00:00")  # registered later: untouched
        assert posts["CpostM3"] == ("manual_input", "2024-05-06 00:00:00")  # 20 h gap: untouched
        assert posts["CpostM1"] == ("manual_input", "2024-05-04 10:00:00")  # moved by exactly 7 h
        assert posts["CpostA1"] == ("cron_fetch", "2024-05-01 00:30:00")  # cron row: publish time
        tiktok = dict(query(url, "SELECT video_id, source_type FROM tiktok_post"))
        assert tiktok["7300000000000000002"] == "manual_input"
        unknown = query(url, "SELECT old_value FROM migration_row_fix WHERE reason = 'unknown source_type'")
        assert unknown == [("weird",)]
        shifted = query(
            url,
            "SELECT table_name, row_key FROM migration_row_fix WHERE version = 6 "
            "AND reason = 'manual created_at shifted 7 hours early' ORDER BY 1, 2",
        )
        assert shifted == [("insta_post", "CpostM1"), ("insta_post_khusus", "KpostM3")]
        # JOB-6: a new job row copies is_active from its first legacy row; legacy rows stay.
        jobs = dict(query(url, "SELECT job_key, is_active FROM cron_job_config"))
        assert jobs["fetch_sosmed"] is False and jobs["db_backup"] is False and jobs["link_recap"] is True
        assert jobs["./src/cron/cronWaOutboxWorker.js"] is True


def test_db61_4_fetch_service_shapes_on_l4() -> None:
    """L4: TIMESTAMPTZ created_at becomes UTC wall time; NULL and broadcast_wa sources resolved;
    a legacy table's foreign key to "user" cascades (DB-2.4); tiktok_post.source is kept."""
    with scratch_database() as url:
        load_fixture(url, *L4)
        upgrade(url, out=_quiet)
        tiktok = {
            r[0]: r[1:]
            for r in query(url, "SELECT video_id, created_at::text, source_type, source FROM tiktok_post")
        }
        assert tiktok["7300000000000000003"] == ("2024-05-03 02:00:00", "cron_fetch", "official")
        assert tiktok["7300000000000000002"] == ("2024-05-02 03:00:00", "manual_input", "manual")
        assert query(url, "SELECT source_type FROM insta_post WHERE shortcode = 'CpostA2'") == [
            ("manual_input",)
        ]
        assert query(url, "SELECT count(*) FROM insta_post_clients")[0][0] == 2
        run_sql(url, "DELETE FROM \"user\" WHERE user_id = '75020002'")
        assert query(url, "SELECT count(*) FROM user_social_accounts")[0][0] == 0
        assert query(url, "SELECT count(*) FROM wa_notification_outbox")[0][0] == 1
        state = query(
            url, "SELECT last_ig_ids::text, last_tiktok_ids::text FROM wa_notification_scheduler_state"
        )
        assert state == [("[]", "[]")]


# ------------------------------------------------------------------------------------------------
# DB-61.5 cascades, DB-61.6 idempotence per file
# ------------------------------------------------------------------------------------------------


def test_db61_5_delete_and_rename_rules_after_upgrade() -> None:
    with scratch_database() as url:
        load_fixture(url, *L1)
        upgrade(url, out=_quiet)
        run_sql(url, "DELETE FROM insta_post WHERE shortcode = 'CpostA1'")
        for table in (
            "insta_like",
            "insta_comment",
            "insta_like_audit",
            "insta_post_roles",
            "link_report",
            "ig_ext_posts",
            "tasks",
        ):
            assert query(url, f"SELECT count(*) FROM {table} WHERE shortcode = 'CpostA1'")[0][0] == 0, table
        assert query(url, "SELECT count(*) FROM ig_ext_media_items")[0][0] == 0

        run_sql(url, "UPDATE \"user\" SET user_id = '75029999' WHERE user_id = '75020001'")
        assert query(url, "SELECT count(*) FROM user_roles WHERE user_id = '75029999'")[0][0] == 2
        assert query(url, "SELECT count(*) FROM user_roles WHERE user_id = '75020001'")[0][0] == 0
        assert query(url, "SELECT shortcode FROM link_report_khusus WHERE user_id = '75029999'") == [
            ("KpostA1",)
        ]
        assert query(url, "SELECT count(*) FROM premium_request WHERE user_id = '75029999'")[0][0] == 1

        run_sql(url, "DELETE FROM clients WHERE client_id = 'POLRES_EMPTY'")
        assert query(url, "SELECT count(*) FROM insta_post WHERE shortcode = 'CpostE1'")[0][0] == 0


def _assert_no_row_lost(before: dict[str, int], after: dict[str, int]) -> None:
    """DB-61.3 / DB-42: equal counts, except seeded tables, which may only grow."""
    assert {t: after[t] for t in before if t not in SEEDED} == {
        t: n for t, n in before.items() if t not in SEEDED
    }
    assert all(after[t] >= before[t] for t in before if t in SEEDED)


def _state(url: str) -> tuple[dict, dict]:
    counts = row_counts(url)
    return catalog(url), {t: table_rows(url, t) for t in counts if t not in ("schema_migrations",)}


def test_db61_6_each_file_twice_changes_nothing() -> None:
    files = migration_files()
    with scratch_database() as url:
        load_fixture(url, *L1)
        for i, migration in enumerate(files, start=1):
            upgrade(url, out=_quiet, files=files[:i])
            before = _state(url)
            with __import__("psycopg").connect(url, options="-c TimeZone=UTC") as conn:
                conn.execute(migration.read())
                conn.commit()
            assert _state(url) == before, migration.file_name


# ------------------------------------------------------------------------------------------------
# Runner guards: DB-41.3, DB-42, DB-44, DB-61.7, CLI
# ------------------------------------------------------------------------------------------------


def test_db42_a_file_that_loses_rows_is_rolled_back(tmp_path: Path) -> None:
    for f in migration_files():
        shutil.copy(f.path, tmp_path / f.file_name)
    next_version = len(migration_files()) + 1
    (tmp_path / f"{next_version:04d}_bad.sql").write_text(
        "UPDATE clients SET nama = 'X';\nDELETE FROM visitor_logs;\n"
    )
    with scratch_database() as url:
        load_fixture(url, *L1)
        upgrade(url, out=_quiet)
        with pytest.raises(MigrationFailed, match="rows would be lost"):
            upgrade(url, out=_quiet, files=migration_files(tmp_path))
        assert query(url, "SELECT count(*) FROM visitor_logs")[0][0] == 1
        assert query(url, "SELECT count(*) FROM clients WHERE nama = 'X'")[0][0] == 0
        assert query(url, "SELECT max(version) FROM schema_migrations")[0][0] == next_version - 1


def test_db41_changed_applied_file_is_a_warning_not_a_rerun(tmp_path: Path) -> None:
    for f in migration_files():
        shutil.copy(f.path, tmp_path / f.file_name)
    changed = tmp_path / "0003_cicero_tables.sql"
    changed.write_text(changed.read_text() + "\n-- edited after it was applied\n")
    with scratch_database() as url:
        load_fixture(url, *L1)
        upgrade(url, out=_quiet)
        lines: list[str] = []
        report = upgrade(url, out=lines.append, files=migration_files(tmp_path))
        assert report.applied == []
        assert any(line.startswith("warning: 0003_cicero_tables.sql: changed") for line in lines)
        assert status(url, files=migration_files(tmp_path)).checksum_warnings


def test_db41_3_newer_schema_is_refused() -> None:
    with scratch_database() as url:
        upgrade(url, out=_quiet)
        run_sql(
            url,
            "INSERT INTO schema_migrations (version, name, checksum, method) VALUES (999, 'future', repeat('0', 64), 'migration')",
        )
        with pytest.raises(SchemaTooNew):
            upgrade(url, out=_quiet)
        result = _cli(["db", "upgrade"], url)
        assert result.returncode == 2
        assert "database schema is newer than this Cicero" in result.stderr


def test_db44_startup_check(reference_catalog: dict) -> None:
    with scratch_database() as url:
        load_fixture(url, *L1)
        lines: list[str] = []
        with pytest.raises(SystemExit) as stop:
            ensure_schema_current(Settings(database_url=url, db_auto_upgrade=False), out=lines.append)
        assert stop.value.code == 2 and lines == [PENDING_MESSAGE]
        ensure_schema_current(Settings(database_url=url, db_auto_upgrade=True), out=lines.append)
        _assert_catalog_equal(url, reference_catalog, BLOCKED)
        ensure_schema_current(Settings(database_url=url, db_auto_upgrade=False), out=lines.append)


def test_db61_7_two_upgrades_started_together() -> None:
    with scratch_database() as url:
        load_fixture(url, *L3)
        env = dict(os.environ, DATABASE_URL=url)
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "db", "upgrade"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [p.communicate(timeout=180) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outputs
        applied = [out for out, _ in outputs if "applied 0001_legacy_baseline.sql" in out]
        idle = [out for out, _ in outputs if "nothing applied" in out]
        assert len(applied) == 1 and len(idle) == 1, outputs
        assert query(url, "SELECT count(*) FROM schema_migrations")[0][0] == len(migration_files())


def test_cli_db_upgrade_and_status() -> None:
    """`cicero db upgrade` / `cicero db status [--check]` as an operator runs them (DB-41, DB-43)."""
    with scratch_database() as url:
        load_fixture(url, *L1)
        st = _cli(["db", "status", "--check"], url)
        assert st.returncode == 3 and "0001_legacy_baseline.sql" in st.stdout
        dry = _cli(["db", "upgrade", "--dry-run"], url)
        assert dry.returncode == 0 and "would apply 0009_indexes_defaults_seeds.sql" in dry.stdout
        assert query(url, "SELECT to_regclass('public.schema_migrations')::text") == [(None,)]
        up = _cli(["db", "upgrade"], url)
        assert up.returncode == 0, up.stderr
        assert (
            "reminder: take a backup" in up.stdout and "applied 0008_identity_normalisation.sql" in up.stdout
        )
        assert "idx_user_email_unique still pending" in up.stdout
        st = _cli(["db", "status", "--check"], url)
        assert st.returncode == 3  # deferred items pending
        assert (
            "pending migrations:\n  none" in st.stdout and "budi@example.com: 75020001, 75020003" in st.stdout
        )
        assert _cli(["db", "status"], url).returncode == 0
        again = _cli(["db", "upgrade"], url)
        assert again.returncode == 0 and "nothing applied" in again.stdout
    with scratch_database() as url:
        up = _cli(["db", "upgrade"], url)
        assert up.returncode == 0 and "loaded sql/schema.sql" in up.stdout
        assert _cli(["db", "status", "--check"], url).returncode == 0
    unreachable = "postgresql://postgres@127.0.0.1:1/nothing"
    assert _cli(["db", "status"], unreachable).returncode == 1
    assert _cli(["db", "upgrade"], unreachable).returncode == 1
