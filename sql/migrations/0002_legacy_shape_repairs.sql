-- 0002 legacy shape repairs (spec 50 DB-46).
--
-- Brings shapes of later or older legacy releases to the baseline: cron_job_config re-created
-- when a legacy release dropped it; wa_notification_reminder_state gains client_id;
-- satbinmas_official_accounts column types, is_active and unique-constraint name; and (P2)
-- databases older than the role tables: boolean role flags on "user" become user_roles rows, a
-- dashboard_user keyed by user_id gets dashboard_user_id, dashboard_user_clients and role_id.
-- Every changed value is logged in migration_row_fix (DB-40.4); the runner creates that table
-- before the first file runs.

CREATE OR REPLACE FUNCTION pg_temp.cicero_fix(
    p_version integer, p_table text, p_key text, p_column text, p_old text, p_new text, p_reason text
) RETURNS void LANGUAGE sql AS $$
    INSERT INTO migration_row_fix (version, table_name, row_key, column_name, old_value, new_value, reason)
    VALUES (p_version, p_table, p_key, p_column, p_old, p_new, p_reason)
    ON CONFLICT (version, table_name, row_key, column_name)
    DO UPDATE SET new_value = EXCLUDED.new_value,
                  reason = migration_row_fix.reason || '; ' || EXCLUDED.reason
$$;

CREATE OR REPLACE FUNCTION pg_temp.cicero_has_column(p_table text, p_column text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = p_table AND column_name = p_column
    )
$$;

-- cron_job_config dropped by a later legacy release (fixture L3m): create it and its trigger.
CREATE TABLE IF NOT EXISTS cron_job_config (
    job_key TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE OR REPLACE FUNCTION set_cron_job_config_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at = NOW(); RETURN NEW; END; $$;
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgrelid = 'public.cron_job_config'::regclass AND tgname = 'cron_job_config_set_updated_at'
    ) THEN
        CREATE TRIGGER cron_job_config_set_updated_at BEFORE UPDATE ON cron_job_config
            FOR EACH ROW EXECUTE FUNCTION set_cron_job_config_updated_at();
    END IF;
END $$;

-- wa_notification_reminder_state without client_id.
DO $$
DECLARE
    c record;
BEGIN
    IF NOT pg_temp.cicero_has_column('wa_notification_reminder_state', 'client_id') THEN
        ALTER TABLE wa_notification_reminder_state ADD COLUMN client_id TEXT;
        PERFORM pg_temp.cicero_fix(2, 'wa_notification_reminder_state', reminder_state_id::text,
                                   'client_id', NULL, 'UNKNOWN', 'client_id backfill')
        FROM wa_notification_reminder_state;
        UPDATE wa_notification_reminder_state SET client_id = 'UNKNOWN' WHERE client_id IS NULL;
    END IF;
    ALTER TABLE wa_notification_reminder_state ALTER COLUMN client_id SET NOT NULL;
    -- The old two-column unique constraint gives way to the three-column one of DB-21.
    FOR c IN
        SELECT con.conname FROM pg_constraint con
        WHERE con.conrelid = 'public.wa_notification_reminder_state'::regclass AND con.contype = 'u'
          AND con.conname <> 'wa_notification_reminder_state_date_key_chat_id_client_id_key'
          AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a
               WHERE a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey)) = ARRAY['chat_id', 'date_key']
    LOOP
        EXECUTE format('ALTER TABLE wa_notification_reminder_state DROP CONSTRAINT %I', c.conname);
    END LOOP;
    IF NOT EXISTS (
        SELECT 1 FROM pg_constraint
        WHERE conrelid = 'public.wa_notification_reminder_state'::regclass
          AND conname = 'wa_notification_reminder_state_date_key_chat_id_client_id_key'
    ) THEN
        ALTER TABLE wa_notification_reminder_state
            ADD CONSTRAINT wa_notification_reminder_state_date_key_chat_id_client_id_key
            UNIQUE (date_key, chat_id, client_id);
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS idx_wa_notification_reminder_state_date_chat_client
    ON wa_notification_reminder_state (date_key, chat_id, client_id);

-- satbinmas_official_accounts: TEXT columns, is_active NOT NULL, unique constraint name.
DO $$
DECLARE
    c record;
BEGIN
    IF (SELECT data_type FROM information_schema.columns WHERE table_schema = 'public'
        AND table_name = 'satbinmas_official_accounts' AND column_name = 'platform') <> 'text' THEN
        ALTER TABLE satbinmas_official_accounts ALTER COLUMN platform TYPE TEXT;
    END IF;
    IF (SELECT data_type FROM information_schema.columns WHERE table_schema = 'public'
        AND table_name = 'satbinmas_official_accounts' AND column_name = 'username') <> 'text' THEN
        ALTER TABLE satbinmas_official_accounts ALTER COLUMN username TYPE TEXT;
    END IF;
    PERFORM pg_temp.cicero_fix(2, 'satbinmas_official_accounts', satbinmas_account_id::text,
                               'is_active', NULL, 'true', 'is_active backfill')
    FROM satbinmas_official_accounts WHERE is_active IS NULL;
    UPDATE satbinmas_official_accounts SET is_active = TRUE WHERE is_active IS NULL;
    ALTER TABLE satbinmas_official_accounts ALTER COLUMN is_active SET DEFAULT TRUE;
    ALTER TABLE satbinmas_official_accounts ALTER COLUMN is_active SET NOT NULL;
    FOR c IN
        SELECT con.conname FROM pg_constraint con
        WHERE con.conrelid = 'public.satbinmas_official_accounts'::regclass AND con.contype = 'u'
          AND con.conname = 'satbinmas_official_accounts_client_id_platform_key'
    LOOP
        IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'public.satbinmas_official_accounts'::regclass
                   AND conname = 'satbinmas_official_accounts_client_platform_unique') THEN
            ALTER TABLE satbinmas_official_accounts DROP CONSTRAINT satbinmas_official_accounts_client_id_platform_key;
        ELSE
            ALTER TABLE satbinmas_official_accounts RENAME CONSTRAINT satbinmas_official_accounts_client_id_platform_key
                TO satbinmas_official_accounts_client_platform_unique;
        END IF;
    END LOOP;
END $$;

-- P2: "user" with boolean role flags (no role tables yet): one user_roles row per true flag.
DO $$
DECLARE
    flag text;
BEGIN
    FOREACH flag IN ARRAY ARRAY['ditbinmas', 'ditlantas', 'bidhumas'] LOOP
        IF pg_temp.cicero_has_column('user', flag) THEN
            INSERT INTO roles (role_name) VALUES (flag) ON CONFLICT DO NOTHING;
            EXECUTE format(
                'INSERT INTO user_roles (user_id, role_id)
                 SELECT u.user_id, r.role_id FROM "user" u JOIN roles r ON r.role_name = %L
                 WHERE u.%I IS TRUE
                 ON CONFLICT DO NOTHING', flag, flag);
        END IF;
    END LOOP;
END $$;

-- P2: dashboard_user keyed by user_id, with client_id and role text columns.
DO $$
DECLARE
    pk_name text;
BEGIN
    IF NOT pg_temp.cicero_has_column('dashboard_user', 'dashboard_user_id') THEN
        ALTER TABLE dashboard_user ADD COLUMN dashboard_user_id UUID DEFAULT gen_random_uuid();
        UPDATE dashboard_user SET dashboard_user_id = gen_random_uuid() WHERE dashboard_user_id IS NULL;
        ALTER TABLE dashboard_user ALTER COLUMN dashboard_user_id SET NOT NULL;
        SELECT conname INTO pk_name FROM pg_constraint
        WHERE conrelid = 'public.dashboard_user'::regclass AND contype = 'p';
        IF pk_name IS NOT NULL THEN
            -- Foreign keys that point at the old key go with it; none is part of B.2.
            EXECUTE format('ALTER TABLE dashboard_user DROP CONSTRAINT %I CASCADE', pk_name);
        END IF;
        ALTER TABLE dashboard_user ADD CONSTRAINT dashboard_user_pkey PRIMARY KEY (dashboard_user_id);
        IF pg_temp.cicero_has_column('dashboard_user', 'user_id') THEN
            ALTER TABLE dashboard_user ALTER COLUMN user_id DROP NOT NULL;
        END IF;
    END IF;
    IF pg_temp.cicero_has_column('dashboard_user', 'client_id') THEN
        -- Rows naming a client that does not exist are skipped and listed (DB-46, fixed).
        PERFORM pg_temp.cicero_fix(2, 'dashboard_user', d.dashboard_user_id::text, 'client_id',
                                   d.client_id, NULL, 'dashboard_user_clients skipped: unknown client')
        FROM dashboard_user d
        WHERE d.client_id IS NOT NULL AND d.client_id <> ''
          AND NOT EXISTS (SELECT 1 FROM clients c WHERE c.client_id = d.client_id);
        INSERT INTO dashboard_user_clients (dashboard_user_id, client_id)
        SELECT d.dashboard_user_id, c.client_id FROM dashboard_user d JOIN clients c ON c.client_id = d.client_id
        ON CONFLICT DO NOTHING;
    END IF;
    IF NOT pg_temp.cicero_has_column('dashboard_user', 'role_id') THEN
        INSERT INTO roles (role_name)
        SELECT DISTINCT lower(btrim(role)) FROM dashboard_user WHERE role IS NOT NULL AND btrim(role) <> ''
        ON CONFLICT DO NOTHING;
        ALTER TABLE dashboard_user ADD COLUMN role_id INTEGER;
        UPDATE dashboard_user d SET role_id = r.role_id FROM roles r WHERE r.role_name = lower(btrim(d.role));
        -- An account without a usable role text becomes an operator account, and is listed.
        PERFORM pg_temp.cicero_fix(2, 'dashboard_user', dashboard_user_id::text, 'role_id', role, 'operator',
                                   'role missing')
        FROM dashboard_user WHERE role_id IS NULL;
        INSERT INTO roles (role_name) VALUES ('operator') ON CONFLICT DO NOTHING;
        UPDATE dashboard_user SET role_id = (SELECT role_id FROM roles WHERE role_name = 'operator')
        WHERE role_id IS NULL;
        ALTER TABLE dashboard_user ALTER COLUMN role_id SET NOT NULL;
        IF pg_temp.cicero_has_column('dashboard_user', 'role') THEN
            ALTER TABLE dashboard_user ALTER COLUMN role DROP NOT NULL;
        END IF;
    END IF;
END $$;
