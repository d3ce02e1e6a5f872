-- 0003 Cicero tables (spec 50 DB-47).
--
-- The username function (DB-24.1), the tables Cicero adds (DB-16, DB-21, DB-22, DB-23), and the
-- columns marked "new" in B.2 on existing tables.

CREATE OR REPLACE FUNCTION cicero_norm_handle(text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT NULLIF(lower(regexp_replace(btrim($1), '^@+', '')), '') $$;

CREATE TABLE IF NOT EXISTS migration_row_fix (
    fix_id BIGSERIAL PRIMARY KEY,
    version INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    column_name TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    reason TEXT NOT NULL,
    fixed_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT migration_row_fix_version_table_name_row_key_column_name_key
        UNIQUE (version, table_name, row_key, column_name)
);

CREATE TABLE IF NOT EXISTS wa_outbox_document (
    document_id BIGSERIAL PRIMARY KEY,
    file_name TEXT NOT NULL,
    mimetype TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS wa_outbox (
    outbox_id BIGSERIAL PRIMARY KEY,
    session_name TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT,
    document_id BIGINT,
    part_index SMALLINT NOT NULL DEFAULT 1,
    part_count SMALLINT NOT NULL DEFAULT 1,
    idempotency_key TEXT NOT NULL,
    priority SMALLINT NOT NULL DEFAULT 5,
    allow_fallback BOOLEAN NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempt_count INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    expires_at TIMESTAMPTZ,
    claimed_by TEXT,
    claimed_at TIMESTAMPTZ,
    last_attempt_at TIMESTAMPTZ,
    last_error TEXT,
    sent_at TIMESTAMPTZ,
    sent_session TEXT,
    wa_message_id TEXT,
    origin TEXT NOT NULL,
    client_id TEXT,
    job_run_id BIGINT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT wa_outbox_idempotency_key_key UNIQUE (idempotency_key),
    CONSTRAINT wa_outbox_document_id_fkey FOREIGN KEY (document_id)
        REFERENCES wa_outbox_document (document_id) ON DELETE RESTRICT,
    CONSTRAINT wa_outbox_kind_check CHECK (kind IN ('text', 'document', 'image')),
    CONSTRAINT wa_outbox_status_check CHECK (
        status IN ('pending', 'processing', 'retrying', 'sent', 'dead_letter', 'expired', 'canceled')
    )
);
CREATE INDEX IF NOT EXISTS idx_wa_outbox_due ON wa_outbox (priority, outbox_id)
    WHERE status IN ('pending', 'retrying');
CREATE INDEX IF NOT EXISTS idx_wa_outbox_chat_open ON wa_outbox (chat_id, outbox_id)
    WHERE status IN ('pending', 'processing', 'retrying');
CREATE INDEX IF NOT EXISTS idx_wa_outbox_status_updated ON wa_outbox (status, updated_at);
CREATE INDEX IF NOT EXISTS idx_wa_outbox_wa_message_id ON wa_outbox (wa_message_id);

CREATE TABLE IF NOT EXISTS job_run (
    run_id BIGSERIAL PRIMARY KEY,
    job_key TEXT NOT NULL,
    trigger TEXT NOT NULL,
    slot TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL,
    requested_by TEXT,
    host TEXT,
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    summary JSONB NOT NULL DEFAULT '{}',
    error TEXT,
    CONSTRAINT job_run_trigger_check CHECK (trigger IN ('schedule', 'rerun', 'manual')),
    CONSTRAINT job_run_status_check CHECK (
        status IN ('queued', 'running', 'succeeded', 'partial', 'failed', 'coalesced', 'skipped_stale',
                   'skipped_inactive', 'skipped_group_disabled', 'skipped_not_applicable',
                   'skipped_lookup_failed', 'missed', 'interrupted')
    )
);
CREATE INDEX IF NOT EXISTS idx_job_run_job_key_slot ON job_run (job_key, slot DESC);

CREATE TABLE IF NOT EXISTS job_task (
    task_id UUID PRIMARY KEY,
    job_run_id BIGINT NOT NULL,
    type TEXT NOT NULL,
    args JSONB,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    CONSTRAINT job_task_job_run_id_fkey FOREIGN KEY (job_run_id)
        REFERENCES job_run (run_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS idx_job_task_job_run_id ON job_task (job_run_id);

CREATE TABLE IF NOT EXISTS wa_session_state (
    session_name TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    phone TEXT,
    process TEXT,
    last_connected_at TIMESTAMPTZ,
    last_disconnected_at TIMESTAMPTZ,
    last_disconnect_reason TEXT,
    last_inbound_at TIMESTAMPTZ,
    last_outbound_at TIMESTAMPTZ,
    heartbeat_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS email_outbox (
    email_id BIGSERIAL PRIMARY KEY,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    origin TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempt_count INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    claimed_at TIMESTAMPTZ,
    last_error TEXT,
    sent_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT email_outbox_idempotency_key_key UNIQUE (idempotency_key)
);

CREATE TABLE IF NOT EXISTS user_import_log (
    import_id BIGSERIAL PRIMARY KEY,
    client_id VARCHAR NOT NULL,
    actor TEXT NOT NULL,
    source TEXT NOT NULL,
    mode VARCHAR(10) NOT NULL,
    counts JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS audit_log (
    audit_id BIGSERIAL PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    actor_kind VARCHAR(20) NOT NULL,
    actor_id TEXT,
    channel VARCHAR(16) NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    changes JSONB,
    request_id TEXT
);
CREATE INDEX IF NOT EXISTS idx_audit_log_target ON audit_log (target_type, target_id, occurred_at);
CREATE INDEX IF NOT EXISTS idx_audit_log_occurred ON audit_log (occurred_at);

CREATE TABLE IF NOT EXISTS wa_lid_map (
    lid TEXT PRIMARY KEY,
    phone VARCHAR NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_wa_lid_map_phone ON wa_lid_map (phone);

CREATE TABLE IF NOT EXISTS access_request (
    request_id BIGSERIAL PRIMARY KEY,
    phone VARCHAR NOT NULL,
    requested_role VARCHAR(20) NOT NULL,
    client_id VARCHAR NOT NULL,
    status VARCHAR(16) NOT NULL DEFAULT 'pending',
    requested_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    decided_at TIMESTAMPTZ,
    decided_by TEXT,
    note TEXT,
    CONSTRAINT access_request_client_id_fkey FOREIGN KEY (client_id)
        REFERENCES clients (client_id) ON DELETE CASCADE,
    CONSTRAINT access_request_requested_role_check CHECK (requested_role IN ('operator', 'super_admin')),
    CONSTRAINT access_request_status_check CHECK (
        status IN ('pending', 'approved', 'rejected', 'expired', 'cancelled')
    )
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_access_request_pending ON access_request (phone, client_id, requested_role)
    WHERE status = 'pending';

CREATE TABLE IF NOT EXISTS visitor_logs (
    id SERIAL PRIMARY KEY,
    ip VARCHAR,
    user_agent TEXT,
    visited_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC')
);

CREATE TABLE IF NOT EXISTS task_post_exclusions (
    exclusion_id BIGSERIAL PRIMARY KEY,
    client_id VARCHAR NOT NULL,
    platform VARCHAR(20) NOT NULL,
    content_id VARCHAR(255) NOT NULL,
    source_link TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT task_post_exclusions_platform_check CHECK (platform IN ('instagram', 'tiktok')),
    CONSTRAINT task_post_exclusions_client_id_platform_content_id_key UNIQUE (client_id, platform, content_id)
);
CREATE INDEX IF NOT EXISTS idx_task_post_exclusions_client_platform ON task_post_exclusions (client_id, platform);

-- insta_post_clients: a legacy one (fetch service, fixture L4) is kept and only completed.
CREATE TABLE IF NOT EXISTS insta_post_clients (
    shortcode VARCHAR NOT NULL,
    client_id VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (shortcode, client_id),
    CONSTRAINT insta_post_clients_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_post (shortcode) ON DELETE CASCADE
);
ALTER TABLE insta_post_clients ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ NOT NULL DEFAULT NOW();

-- wa_notification_scheduler_state: new, or a legacy one gaining Cicero's columns (JOB-20.5).
CREATE TABLE IF NOT EXISTS wa_notification_scheduler_state (
    client_id VARCHAR PRIMARY KEY,
    last_ig_count INTEGER,
    last_tiktok_count INTEGER,
    last_notified_at TIMESTAMPTZ,
    last_notified_slot TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
ALTER TABLE wa_notification_scheduler_state ADD COLUMN IF NOT EXISTS state_date DATE;
ALTER TABLE wa_notification_scheduler_state ADD COLUMN IF NOT EXISTS last_ig_ids JSONB NOT NULL DEFAULT '[]';
ALTER TABLE wa_notification_scheduler_state ADD COLUMN IF NOT EXISTS last_tiktok_ids JSONB NOT NULL DEFAULT '[]';
ALTER TABLE wa_notification_scheduler_state ADD COLUMN IF NOT EXISTS last_link_notified_at TIMESTAMPTZ;
ALTER TABLE wa_notification_scheduler_state ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ NOT NULL DEFAULT NOW();
ALTER TABLE wa_notification_scheduler_state ADD COLUMN IF NOT EXISTS updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW();

-- Columns marked "new" in B.2.
ALTER TABLE clients ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ DEFAULT NOW();
ALTER TABLE clients ADD COLUMN IF NOT EXISTS updated_at TIMESTAMPTZ DEFAULT NOW();
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS insta_2 VARCHAR;
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS tiktok_2 VARCHAR;
ALTER TABLE dashboard_user ADD COLUMN IF NOT EXISTS last_login_at TIMESTAMPTZ;
ALTER TABLE dashboard_user ADD COLUMN IF NOT EXISTS password_changed_at TIMESTAMPTZ;
ALTER TABLE login_log ADD COLUMN IF NOT EXISTS ip_address TEXT;
ALTER TABLE login_log ADD COLUMN IF NOT EXISTS user_agent TEXT;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['link_report', 'link_report_khusus'] LOOP
        IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                       WHERE table_schema = 'public' AND table_name = t AND column_name = 'updated_at') THEN
            EXECUTE format('ALTER TABLE public.%I ADD COLUMN updated_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE ''UTC'')', t);
            -- A new column: its first value is the first submission time.
            EXECUTE format('UPDATE public.%I SET updated_at = created_at', t);
        END IF;
        EXECUTE format('ALTER TABLE public.%I ADD COLUMN IF NOT EXISTS report_source VARCHAR(16) NOT NULL DEFAULT ''api''', t);
        IF NOT EXISTS (SELECT 1 FROM pg_constraint
                       WHERE conrelid = format('public.%I', t)::regclass AND conname = t || '_report_source_check') THEN
            EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I CHECK (report_source IN (''api'', ''whatsapp''))',
                           t, t || '_report_source_check');
        END IF;
    END LOOP;
END $$;
