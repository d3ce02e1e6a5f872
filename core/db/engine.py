"""Async SQLAlchemy engine over psycopg 3 (DB-1) and the `Database` handle services receive."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from core.config import Settings
from core.db.embedded import embedded_database_url
from core.db.uow import UnitOfWork


def sync_database_url(settings: Settings) -> str:
    """The plain `postgresql://` URL of the configured server, or of the embedded one (started lazily)."""
    return settings.resolved_database_url() or embedded_database_url(settings.cicero_data_dir)


def async_url(url: str) -> str:
    """Accept `postgres://`, `postgresql://` or any `postgresql+driver://` and pick psycopg 3 ourselves."""
    parsed = make_url(
        url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url
    )
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def connect_args(process: str) -> dict[str, object]:
    # DB-1: NOW() defaults into TS columns must give UTC wall time, whatever the server's zone.
    return {"options": "-c TimeZone=UTC", "application_name": f"cicero-{process}"}


class Database:
    """Owns the engine; hands out units of work. One per process (or per test session)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine)

    async def dispose(self) -> None:
        await self.engine.dispose()


def create_database(settings: Settings, process: str = "cli", url: str | None = None) -> Database:
    engine = create_async_engine(
        async_url(url or sync_database_url(settings)),
        connect_args=connect_args(process),
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size,
        pool_pre_ping=True,
        # Error records and SQL echo never carry bound values (phones, emails, OTP hashes): API-8.
        hide_parameters=True,
    )
    return Database(engine)
