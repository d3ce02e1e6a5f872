"""Database access: engine (real server or embedded), unit of work, table definitions, migrations."""

from core.db.engine import Database, create_database, sync_database_url
from core.db.uow import UnitOfWork

__all__ = ["Database", "UnitOfWork", "create_database", "sync_database_url"]
