"""One settings object for the whole process (DESIGN.md §4), read from the environment and `.env`.

Every variable is documented in `.env.example`; `tests/unit/test_config.py` keeps the two in sync.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # --- data directory and process -------------------------------------------------------
    cicero_data_dir: Path = Field(default=Path(".cicero"), description="data directory")
    demo_mode: bool = False

    # --- database (DB-1) -----------------------------------------------------------------
    database_url: SecretStr | None = None
    db_host: str | None = None
    db_port: int = 5432
    db_name: str = "cicero"
    db_user: str = "postgres"
    db_pass: SecretStr | None = None
    db_auto_upgrade: bool | None = None
    db_pool_size: int = 10

    # --- redis --------------------------------------------------------------------------
    redis_url: SecretStr | None = None
    redis_prefix: str = "cicero"

    # --- logging (JOB-100..102) ------------------------------------------------------------
    log_level: str = "INFO"
    log_format: str = "json"
    log_mask_phones: bool = True

    # --- ingestion: RapidAPI clients and fetch runs (30-ingestion ING-API-1, ING-GEN-7) -----
    rapidapi_key: SecretStr = SecretStr("")
    rapidapi_instagram_host: str = "social-api4.p.rapidapi.com"
    rapidapi_tiktok_host: str = "tiktok-api23.p.rapidapi.com"
    instagram_api_base_url: str = ""  # empty -> https://<RAPIDAPI_INSTAGRAM_HOST>
    tiktok_api_base_url: str = ""  # empty -> https://<RAPIDAPI_TIKTOK_HOST>
    rapidapi_fallback_key: SecretStr = SecretStr("")  # empty -> RAPIDAPI_KEY
    rapidapi_fallback_host: str = ""  # TikTok fallback host (legacy name)
    rapidapi_instagram_fallback_host: str = ""
    rapidapi_fallback_base_url: str = ""  # empty -> https://<RAPIDAPI_FALLBACK_HOST>
    rapidapi_instagram_fallback_base_url: str = ""  # empty -> https://<RAPIDAPI_INSTAGRAM_FALLBACK_HOST>
    rapidapi_timeout_s: float = 20.0
    rapidapi_max_attempts: int = 4
    rapidapi_retry_base_ms: int = 500
    rapidapi_retry_max_ms: int = 30000
    rapidapi_retry_after_max_s: float = 120.0
    rapidapi_instagram_concurrency: int = 4
    rapidapi_tiktok_concurrency: int = 4
    ig_posts_fetch_limit: int = 50
    ig_posts_page_delay_ms: int = 0
    ig_likes_max_pages: int = 100
    ig_likes_page_delay_ms: int = 1200
    ig_comments_max_pages: int = 10
    ig_comments_page_delay_ms: int = 1500
    tiktok_posts_count: int = 35
    tiktok_posts_max_pages: int = 2
    tiktok_comments_page_size: int = 50
    tiktok_comments_max_pages: int = 100
    tiktok_comments_page_delay_ms: int = 2000
    fetch_empty_page_guard: int = 4
    profile_cache_ttl_s: int = 3600
    fetch_client_concurrency: int = 4
    fetch_post_concurrency: int = 3
    fetch_max_run_minutes: float = 28.0
    fetch_ig_comments: bool = True
    fetch_delete_guard_min: int = 3
    fetch_delete_guard_percent: float = 50.0
    engagement_audit_window_min: int = 30
    engagement_audit_retention_days: int = 90

    def resolved_database_url(self) -> str | None:
        """The configured server URL (DB-1): DATABASE_URL, else the legacy DB_* variables, else None."""
        if self.database_url is not None and self.database_url.get_secret_value():
            return self.database_url.get_secret_value()
        if self.db_host:
            password = self.db_pass.get_secret_value() if self.db_pass else ""
            auth = quote(self.db_user, safe="") + (":" + quote(password, safe="") if password else "")
            return f"postgresql://{auth}@{self.db_host}:{self.db_port}/{self.db_name}"
        return None

    def resolved_redis_url(self) -> str | None:
        if self.redis_url is not None and self.redis_url.get_secret_value():
            return self.redis_url.get_secret_value()
        return None

    @property
    def uses_embedded_database(self) -> bool:
        return self.resolved_database_url() is None

    @property
    def auto_upgrade(self) -> bool:
        """DB-44: on by default for the embedded database, off for a configured server."""
        if self.db_auto_upgrade is not None:
            return self.db_auto_upgrade
        return self.uses_embedded_database


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Tests and CLI flags change the environment; the next `get_settings()` reads it again."""
    get_settings.cache_clear()
