"""One settings object for the whole process (DESIGN.md §4), read from the environment and `.env`.

Every variable is documented in `.env.example`; `tests/unit/test_config.py` keeps the two in sync.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.phones import parse_phone_list


class Settings(BaseSettings):
    # An empty value means "use the default" (so a copied .env.example parses, and `X=` can
    # never turn a number or flag into a validation error).
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    # --- data directory and process -------------------------------------------------------
    cicero_data_dir: Path = Field(default=Path(".cicero"), description="data directory")
    demo_mode: bool = False
    cicero_now: str = ""  # tests and demos only: pins the business clock (core.timewindow)

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
    rapidapi_shared_concurrency: int = 8  # per provider, all processes together (Redis); 0 = off
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
    tiktok_reply_threads_max: int = 20
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

    # --- WhatsApp sessions and conversation (10-conversation CONV-290; CONV-1, CONV-4, CONV-51)
    # Per-session variables WA_SESSION_<NAME>_SERVES / _PAIR_PHONE are read by the session
    # registry from the environment (their names depend on WA_SESSIONS).
    admin_whatsapp: str = ""  # CONV-30/31: admin numbers, `,`/`;`/newline separated
    gateway_whatsapp_admin: str = ""  # CONV-27
    wa_sessions: str = "main"
    wa_auth_data_path: Path | None = None  # empty -> the data directory
    menu_idle_timeout_s: int = 600
    link_report_window_days: int = 2
    link_report_max_links: int = 10
    claim_web_url: str = ""

    # --- dirrequest (20-dirrequest DIR-0.20) -----------------------------------------------
    dirrequest_copy_to_client_group: bool = True
    # Issue 21: recaps 5-10, 17, 18, 48, 49 send their chart as a WhatsApp image after the text.
    dirrequest_send_charts: bool = True
    tiktok_shortlink_timeout_seconds: float = 10.0

    # --- outbox and delivery (40-jobs-delivery DLV-6..DLV-28) ---------------------------------
    wa_broadcast_session: str = ""  # empty -> the default session
    wa_admin_session: str = ""  # empty -> the broadcast session
    wa_fallback_order: str = ""  # empty -> broadcast session, then the others in order (DLV-18)
    wa_fallback_after_s: int = 120
    outbox_max_attempts: int = 5
    outbox_backoff_base_s: int = 30
    outbox_backoff_max_s: int = 3600
    outbox_poll_interval_ms: int = 2000
    wa_outbox_processing_stale_seconds: int = 300
    wa_send_min_gap_ms: int = 1500
    wa_send_jitter_ms: int = 1500
    wa_send_max_per_minute: int = 30
    wa_send_max_per_chat_5min: int = 20
    wa_rate_limit_pause_s: int = 300
    wa_text_chunk_chars: int = 4000
    wa_document_max_bytes: int = 50 * 1024 * 1024
    wa_reply_expiry_min: int = 30
    wa_down_alert_after_s: int = 300
    admin_alert_min_interval_s: int = 600
    wa_message_dedup_ttl_ms: int = 86_400_000  # DLV-26: < 60000 or not numeric -> default
    wa_inbound_max_age_s: int = 900
    wa_stranger_burst: int = 10  # issue 17: messages of an unknown sender's chat answered in a row
    wa_stranger_interval_s: int = 30  # then at most one per this many seconds

    # --- backups (JOB-43) -------------------------------------------------------------------
    backup_enabled: str = "auto"  # auto = on with the embedded database; true/false force it
    backup_dir: Path | None = None  # empty -> <data dir>/backups
    backup_keep: int = 7

    # --- queue workers (WRK-1..WRK-4) -------------------------------------------------------
    amqp_url: SecretStr | None = None  # empty -> heavy tasks run in-process
    worker_concurrency: int = 4
    worker_max_attempts: int = 3
    worker_retry_base_s: float = 10.0  # WRK-4: retry n waits base x 3^(n-1)
    worker_queue_prefix: str = "cicero"  # queues <prefix>.tasks, .tasks.retry, .tasks.dead (WRK-2)

    # --- premium and user import (JOB-71, JOB-72, JOB-82) ------------------------------------
    premium_access_duration_days: int = 30
    premium_request_pending_hours: int = 72
    import_max_rows: int = 5000

    # --- attendance and reports (30-ingestion ING-GEN-7, ING-ATT-1, ING-ATT-9, ING-REP-37) ---
    attendance_excluded_divisions: str = "SAT INTEL,SATINTEL,SAT INTELKAM,SATINTELKAM"
    attendance_exclusion_exempt_clients: str = "DITINTELKAM"
    attendance_rule_overrides: str = ""  # P2: JSON object report id -> FULL/HALF
    report_priority_names: str = (
        "POLRES LAMONGAN,POLRES BOJONEGORO,POLRES PROBOLINGGO,POLRES NGAWI,POLRES MADIUN,"
        "POLRES PACITAN,POLRES BONDOWOSO,POLRES SITUBONDO,POLRES MOJOKERTO,POLRES KEDIRI,"
        "POLRES KEDIRI KOTA,POLRESTA MALANG KOTA,POLRES MADIUN KOTA"
    )
    ranking_max_entries: int = 100
    satker_dsp_counts: str = ""  # P2: JSON object unit -> DSP number (XLS-MATRIX)

    # --- scheduler and jobs (40-jobs-delivery JOB-1..JOB-33; JOB_<KEY>_* are read by core/jobs/config.py)
    scheduler_enabled: bool = True
    cron_status_lookup_strategy: str = "fail_open"
    enable_dirrequest_group: bool = True
    job_rerun_max_delay_min: int = 25
    job_misfire_grace_s: int = 300
    job_concurrency: int = 4
    job_run_retention_days: int = 90
    group_quiet_hours: str = "22:30-06:00"
    task_list_first_hour: int = 6
    task_list_last_hour: int = 22
    task_broadcast_send_empty: bool = False
    task_broadcast_link_changes: bool = False
    outbox_retention_days: int = 30

    # --- HTTP sidecar (50-http-schema API-95) and email (40-jobs-delivery JOB-60) ----------------
    api_host: str = "127.0.0.1"
    port: int = 3000
    jwt_secret: SecretStr | None = None  # required (>= 32 chars) outside demo mode, API-1/API-12
    jwt_expires_minutes: int = 120
    cookie_secure: bool = True
    cookie_domain: str = ""
    cors_origin: str = ""  # comma-separated exact origins, or "*" (API-6)
    trusted_proxies: str = ""  # comma-separated IPs/CIDRs whose X-Forwarded-For is honoured (API-17)
    api_docs_enabled: bool = True
    api_max_body_bytes: int = 102400
    allow_duplicate_requests: bool = False
    api_dedup_window_seconds: int = 10
    otp_ttl_seconds: int = 300
    otp_max_attempts: int = 3
    otp_verified_ttl_seconds: int = 600
    otp_resend_cooldown_seconds: int = 60
    otp_limit_per_nrp_hour: int = 5
    otp_limit_per_email_hour: int = 5
    otp_limit_per_ip_hour: int = 20
    otp_verify_limit_per_ip_hour: int = 30
    email_check_limit_per_ip_hour: int = 30
    login_max_failures: int = 10
    login_failure_window_minutes: int = 15
    login_limit_per_ip: int = 50
    reset_limit_per_user_hour: int = 3
    reset_limit_per_ip_hour: int = 10
    admin_notify_login: bool = True
    auth_login_otp: bool = False  # P2
    auth_user_self_register: bool = False  # P2
    dashboard_reset_token_expiry_minutes: int = 15
    dashboard_password_reset_url: str = ""
    dashboard_url: str = ""
    smtp_host: str = ""  # empty = email not configured: messages go to <data dir>/mail/ (JOB-61)
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_pass: SecretStr = SecretStr("")
    smtp_from: str = ""  # empty -> SMTP_USER
    smtp_from_name: str = "Cicero"
    smtp_tls: str = ""  # ssl | starttls | none; empty -> ssl on port 465, else starttls
    smtp_tls_verify: bool = True
    smtp_timeout_s: float = 20.0

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

    @field_validator("wa_message_dedup_ttl_ms", mode="before")
    @classmethod
    def _dedup_ttl(cls, value: object) -> object:
        # DLV-26: a value below one minute or not a number falls back to the default.
        try:
            ttl = int(str(value).strip())
        except ValueError:
            return 86_400_000
        return ttl if ttl >= 60_000 else 86_400_000

    def admin_phones(self) -> list[str]:
        """ADMIN_WHATSAPP as normalised numbers (CONV-30); invalid entries are left out."""
        return parse_phone_list(self.admin_whatsapp)

    def wa_auth_dir(self) -> Path:
        return self.wa_auth_data_path or self.cicero_data_dir

    def backup_path(self) -> Path:
        return self.backup_dir or self.cicero_data_dir / "backups"

    def backups_active(self) -> bool:
        """JOB-43: `auto` is on with the embedded database only."""
        mode = self.backup_enabled.strip().lower()
        if mode in ("true", "1", "yes", "on"):
            return True
        if mode in ("false", "0", "no", "off"):
            return False
        return self.uses_embedded_database

    def smtp_tls_mode(self) -> str:
        """JOB-60: `ssl` on port 465 and `starttls` otherwise, unless SMTP_TLS says."""
        mode = self.smtp_tls.strip().lower()
        if mode in ("starttls", "ssl", "none"):
            return mode
        return "ssl" if self.smtp_port == 465 else "starttls"

    def smtp_sender(self) -> str:
        return self.smtp_from or self.smtp_user


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Tests and CLI flags change the environment; the next `get_settings()` reads it again."""
    get_settings.cache_clear()
