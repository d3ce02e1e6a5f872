-- 0001 legacy baseline (spec 50 DB-45).
--
-- Creates, when missing, every B.2 table the legacy system defined, in its legacy shape (the
-- provenance columns, fetched_at, "new" columns, new indexes and CHECKs come from later files).
-- On existing legacy tables adds the legacy columns older legacy databases may lack, creates the
-- seven updated_at trigger functions and their triggers when missing, and seeds the roles.
-- Idempotent: every statement is guarded (DB-40.2). No BEGIN/COMMIT: the runner wraps the file.

CREATE TABLE IF NOT EXISTS clients (
    client_id VARCHAR PRIMARY KEY,
    nama VARCHAR NOT NULL,
    client_type VARCHAR,
    client_status BOOLEAN DEFAULT TRUE,
    client_insta VARCHAR,
    client_insta_status BOOLEAN DEFAULT TRUE,
    client_tiktok VARCHAR,
    client_tiktok_status BOOLEAN DEFAULT TRUE,
    client_operator VARCHAR,
    client_group VARCHAR
);
ALTER TABLE clients ADD COLUMN IF NOT EXISTS client_amplify_status BOOLEAN DEFAULT TRUE;
ALTER TABLE clients ADD COLUMN IF NOT EXISTS regional_id VARCHAR;
ALTER TABLE clients ADD COLUMN IF NOT EXISTS parent_client_id VARCHAR;
ALTER TABLE clients ADD COLUMN IF NOT EXISTS client_level VARCHAR;
ALTER TABLE clients ADD COLUMN IF NOT EXISTS tiktok_secuid VARCHAR;
ALTER TABLE clients ADD COLUMN IF NOT EXISTS client_super VARCHAR;
ALTER TABLE clients ADD COLUMN IF NOT EXISTS switch_satik BOOLEAN DEFAULT FALSE;

CREATE TABLE IF NOT EXISTS "user" (
    user_id VARCHAR PRIMARY KEY,
    nama VARCHAR,
    title VARCHAR,
    divisi VARCHAR,
    insta VARCHAR,
    tiktok VARCHAR,
    client_id VARCHAR,
    status BOOLEAN DEFAULT TRUE
);
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS jabatan VARCHAR;
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS desa VARCHAR;
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS whatsapp VARCHAR;
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS email VARCHAR;
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS exception BOOLEAN DEFAULT FALSE;
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS wa_notification_opt_in BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS premium_status BOOLEAN DEFAULT FALSE;
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS premium_end_date DATE;
-- Existing rows get NOW() through the column default (DB-45: backfilled NOW()).
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ DEFAULT NOW();
ALTER TABLE "user" ADD COLUMN IF NOT EXISTS updated_at TIMESTAMPTZ DEFAULT NOW();

CREATE TABLE IF NOT EXISTS roles (
    role_id SERIAL PRIMARY KEY,
    role_name VARCHAR,
    CONSTRAINT roles_role_name_key UNIQUE (role_name)
);

CREATE TABLE IF NOT EXISTS user_roles (
    user_id VARCHAR NOT NULL,
    role_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, role_id),
    CONSTRAINT user_roles_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES "user" (user_id) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT user_roles_role_id_fkey FOREIGN KEY (role_id)
        REFERENCES roles (role_id) ON DELETE CASCADE
);

-- A pre-role-table dashboard_user (fixture L0) is converted by 0002; this creates a missing one.
CREATE TABLE IF NOT EXISTS dashboard_user (
    dashboard_user_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role_id INTEGER NOT NULL,
    status BOOLEAN DEFAULT TRUE,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW(),
    CONSTRAINT dashboard_user_username_key UNIQUE (username),
    CONSTRAINT dashboard_user_role_id_fkey FOREIGN KEY (role_id)
        REFERENCES roles (role_id) ON DELETE RESTRICT
);
ALTER TABLE dashboard_user ADD COLUMN IF NOT EXISTS whatsapp VARCHAR;
ALTER TABLE dashboard_user ADD COLUMN IF NOT EXISTS premium_status BOOLEAN DEFAULT FALSE;
ALTER TABLE dashboard_user ADD COLUMN IF NOT EXISTS premium_tier TEXT;
ALTER TABLE dashboard_user ADD COLUMN IF NOT EXISTS premium_expires_at TIMESTAMPTZ;

CREATE TABLE IF NOT EXISTS dashboard_user_clients (
    dashboard_user_id UUID NOT NULL,
    client_id VARCHAR NOT NULL,
    PRIMARY KEY (dashboard_user_id, client_id)
);

CREATE TABLE IF NOT EXISTS dashboard_password_resets (
    reset_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    dashboard_user_id UUID,
    delivery_target TEXT NOT NULL,
    reset_token TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT dashboard_password_resets_reset_token_key UNIQUE (reset_token)
);

CREATE TABLE IF NOT EXISTS login_log (
    log_id SERIAL PRIMARY KEY,
    actor_id TEXT,
    login_type VARCHAR(20),
    login_source VARCHAR(20),
    logged_at TIMESTAMP DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS insta_post (
    shortcode VARCHAR PRIMARY KEY,
    client_id VARCHAR,
    caption TEXT,
    comment_count INTEGER,
    thumbnail_url TEXT,
    is_video BOOLEAN DEFAULT FALSE,
    video_url TEXT,
    image_url TEXT,
    images_url JSONB,
    is_carousel BOOLEAN DEFAULT FALSE,
    created_at TIMESTAMP DEFAULT NOW()
);
ALTER TABLE insta_post ADD COLUMN IF NOT EXISTS like_count INTEGER DEFAULT 0;

CREATE TABLE IF NOT EXISTS insta_post_khusus (
    shortcode VARCHAR PRIMARY KEY,
    client_id VARCHAR,
    caption TEXT,
    comment_count INTEGER,
    thumbnail_url TEXT,
    is_video BOOLEAN DEFAULT FALSE,
    video_url TEXT,
    image_url TEXT,
    images_url JSONB,
    is_carousel BOOLEAN DEFAULT FALSE,
    created_at TIMESTAMP DEFAULT NOW()
);
ALTER TABLE insta_post_khusus ADD COLUMN IF NOT EXISTS like_count INTEGER DEFAULT 0;

CREATE TABLE IF NOT EXISTS tiktok_post (
    video_id VARCHAR PRIMARY KEY,
    client_id VARCHAR,
    caption TEXT,
    like_count INTEGER,
    comment_count INTEGER,
    created_at TIMESTAMP DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS insta_like (
    shortcode VARCHAR PRIMARY KEY,
    likes JSONB,
    updated_at TIMESTAMP DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS insta_comment (
    shortcode VARCHAR PRIMARY KEY,
    comments JSONB,
    updated_at TIMESTAMP DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS insta_like_audit (
    audit_id BIGSERIAL PRIMARY KEY,
    shortcode VARCHAR,
    usernames JSONB NOT NULL DEFAULT '[]',
    snapshot_window_start TIMESTAMPTZ NOT NULL,
    snapshot_window_end TIMESTAMPTZ NOT NULL,
    captured_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS tiktok_comment (
    video_id VARCHAR PRIMARY KEY,
    comments JSONB,
    updated_at TIMESTAMP DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS tiktok_comment_audit (
    audit_id BIGSERIAL PRIMARY KEY,
    video_id VARCHAR,
    usernames JSONB NOT NULL DEFAULT '[]',
    snapshot_window_start TIMESTAMPTZ NOT NULL,
    snapshot_window_end TIMESTAMPTZ NOT NULL,
    captured_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS insta_post_roles (
    shortcode VARCHAR NOT NULL,
    role_name VARCHAR NOT NULL,
    PRIMARY KEY (shortcode, role_name)
);

CREATE TABLE IF NOT EXISTS tiktok_post_roles (
    video_id VARCHAR NOT NULL,
    role_name VARCHAR NOT NULL,
    PRIMARY KEY (video_id, role_name)
);

CREATE TABLE IF NOT EXISTS link_report (
    shortcode VARCHAR NOT NULL,
    user_id VARCHAR NOT NULL,
    instagram_link TEXT,
    facebook_link TEXT,
    twitter_link TEXT,
    tiktok_link TEXT,
    youtube_link TEXT,
    created_at TIMESTAMP DEFAULT NOW(),
    PRIMARY KEY (shortcode, user_id)
);

CREATE TABLE IF NOT EXISTS link_report_khusus (
    shortcode VARCHAR NOT NULL,
    user_id VARCHAR NOT NULL,
    instagram_link TEXT,
    facebook_link TEXT,
    twitter_link TEXT,
    tiktok_link TEXT,
    youtube_link TEXT,
    created_at TIMESTAMP DEFAULT NOW(),
    PRIMARY KEY (shortcode, user_id)
);

CREATE TABLE IF NOT EXISTS insta_profile (
    username VARCHAR PRIMARY KEY,
    full_name VARCHAR,
    biography TEXT,
    follower_count INTEGER,
    following_count INTEGER,
    post_count INTEGER,
    profile_pic_url TEXT,
    updated_at TIMESTAMP DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS instagram_user (
    user_id VARCHAR(30) PRIMARY KEY,
    username VARCHAR(100) NOT NULL,
    full_name VARCHAR(100),
    biography TEXT,
    business_contact_method VARCHAR(50),
    category VARCHAR(100),
    category_id BIGINT,
    account_type SMALLINT,
    contact_phone_number VARCHAR(30),
    external_url TEXT,
    fbid_v2 VARCHAR(40),
    is_business BOOLEAN,
    is_private BOOLEAN,
    is_verified BOOLEAN,
    public_email VARCHAR(100),
    public_phone_country_code VARCHAR(10),
    public_phone_number VARCHAR(30),
    profile_pic_url TEXT,
    profile_pic_url_hd TEXT,
    CONSTRAINT instagram_user_username_key UNIQUE (username)
);

CREATE TABLE IF NOT EXISTS instagram_user_metrics (
    user_id VARCHAR(30) PRIMARY KEY,
    follower_count INTEGER,
    following_count INTEGER,
    media_count INTEGER,
    total_igtv_videos INTEGER,
    latest_reel_media BIGINT
);

CREATE TABLE IF NOT EXISTS ig_ext_users (
    user_id VARCHAR(50) PRIMARY KEY,
    username VARCHAR(100) NOT NULL,
    full_name VARCHAR(100),
    is_private BOOLEAN,
    is_verified BOOLEAN,
    profile_pic_url TEXT
);

CREATE TABLE IF NOT EXISTS ig_ext_posts (
    post_id VARCHAR(50) PRIMARY KEY,
    shortcode VARCHAR(50),
    user_id VARCHAR(50),
    caption_text TEXT,
    created_at TIMESTAMP,
    like_count INTEGER,
    comment_count INTEGER,
    is_video BOOLEAN,
    media_type INTEGER,
    is_pinned BOOLEAN,
    CONSTRAINT ig_ext_posts_shortcode_key UNIQUE (shortcode)
);

CREATE TABLE IF NOT EXISTS ig_ext_media_items (
    media_id VARCHAR(50) PRIMARY KEY,
    post_id VARCHAR(50),
    media_type INTEGER,
    is_video BOOLEAN,
    original_width INTEGER,
    original_height INTEGER,
    image_url TEXT,
    video_url TEXT,
    video_duration REAL,
    thumbnail_url TEXT
);

CREATE TABLE IF NOT EXISTS ig_ext_tagged_users (
    media_id VARCHAR(50) NOT NULL,
    user_id VARCHAR(50) NOT NULL,
    x REAL,
    y REAL,
    PRIMARY KEY (media_id, user_id)
);

CREATE TABLE IF NOT EXISTS ig_ext_hashtags (
    post_id VARCHAR(50) NOT NULL,
    hashtag VARCHAR(100) NOT NULL,
    PRIMARY KEY (post_id, hashtag)
);

CREATE TABLE IF NOT EXISTS ig_hashtag_info (
    hashtag_id VARCHAR(50) PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    profile_pic_url TEXT,
    media_count INTEGER,
    formatted_media_count VARCHAR(20),
    is_trending BOOLEAN,
    allow_muting_story BOOLEAN,
    hide_use_hashtag_button BOOLEAN,
    show_follow_drop_down BOOLEAN,
    content_advisory TEXT,
    subtitle TEXT,
    warning_message TEXT
);

CREATE TABLE IF NOT EXISTS ig_post_metrics (
    post_id VARCHAR(50) PRIMARY KEY,
    play_count INTEGER,
    save_count INTEGER,
    share_count INTEGER,
    view_count INTEGER,
    fb_like_count INTEGER,
    fb_play_count INTEGER
);

CREATE TABLE IF NOT EXISTS ig_post_like_users (
    post_id VARCHAR(50) NOT NULL,
    user_id VARCHAR(50) NOT NULL,
    username VARCHAR(100),
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE IF NOT EXISTS ig_post_comments (
    comment_id VARCHAR(50) PRIMARY KEY,
    post_id VARCHAR(50),
    user_id VARCHAR(50),
    text TEXT,
    created_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS premium_request (
    request_id SERIAL PRIMARY KEY,
    user_id TEXT,
    sender_name TEXT,
    account_number TEXT,
    bank_name TEXT,
    screenshot_url TEXT,
    status VARCHAR(20) DEFAULT 'pending',
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS dashboard_user_subscriptions (
    subscription_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    dashboard_user_id UUID NOT NULL,
    tier TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    expires_at TIMESTAMPTZ NOT NULL,
    canceled_at TIMESTAMPTZ,
    metadata JSONB
);

CREATE TABLE IF NOT EXISTS dashboard_premium_request (
    request_id SERIAL PRIMARY KEY,
    request_token UUID NOT NULL DEFAULT gen_random_uuid(),
    dashboard_user_id UUID NOT NULL,
    client_id VARCHAR,
    username TEXT NOT NULL,
    whatsapp TEXT,
    bank_name TEXT NOT NULL,
    account_number TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    transfer_amount NUMERIC,
    premium_tier TEXT,
    proof_url TEXT,
    subscription_expires_at TIMESTAMPTZ,
    status VARCHAR(20) NOT NULL DEFAULT 'pending',
    expired_at TIMESTAMPTZ,
    responded_at TIMESTAMPTZ,
    admin_whatsapp TEXT,
    metadata JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS dashboard_premium_request_audit (
    audit_id BIGSERIAL PRIMARY KEY,
    request_id INTEGER NOT NULL,
    dashboard_user_id UUID,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT,
    status_from TEXT,
    status_to TEXT,
    admin_whatsapp TEXT,
    metadata JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS satbinmas_official_accounts (
    satbinmas_account_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id VARCHAR NOT NULL,
    platform TEXT NOT NULL,
    username TEXT NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT satbinmas_official_accounts_client_platform_unique UNIQUE (client_id, platform)
);
ALTER TABLE satbinmas_official_accounts ADD COLUMN IF NOT EXISTS secuid TEXT;
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'satbinmas_official_accounts' AND column_name = 'display_name'
    ) THEN
        ALTER TABLE satbinmas_official_accounts ADD COLUMN display_name TEXT;
        UPDATE satbinmas_official_accounts SET display_name = username;
    END IF;
END $$;
ALTER TABLE satbinmas_official_accounts ADD COLUMN IF NOT EXISTS profile_url TEXT;
ALTER TABLE satbinmas_official_accounts ADD COLUMN IF NOT EXISTS is_verified BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE IF NOT EXISTS satbinmas_official_media (
    satbinmas_media_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    satbinmas_account_id UUID NOT NULL,
    client_id VARCHAR NOT NULL,
    username TEXT NOT NULL,
    media_id TEXT NOT NULL,
    code TEXT,
    media_type TEXT,
    product_type TEXT,
    taken_at TIMESTAMPTZ NOT NULL,
    ig_created_at TIMESTAMPTZ,
    caption_text TEXT,
    like_count INTEGER,
    comment_count INTEGER,
    view_count INTEGER,
    play_count INTEGER,
    save_count INTEGER,
    share_count INTEGER,
    width INTEGER,
    height INTEGER,
    thumbnail_url TEXT,
    media_url TEXT,
    video_url TEXT,
    duration_seconds NUMERIC,
    fetched_for_date DATE NOT NULL DEFAULT CURRENT_DATE,
    is_album BOOLEAN NOT NULL DEFAULT FALSE,
    is_video BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT satbinmas_official_media_unique UNIQUE (client_id, username, media_id, taken_at)
);

CREATE TABLE IF NOT EXISTS cron_job_config (
    job_key TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS wa_notification_reminder_state (
    reminder_state_id SERIAL PRIMARY KEY,
    date_key DATE NOT NULL,
    chat_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    last_stage VARCHAR(20) NOT NULL,
    is_complete BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT wa_notification_reminder_state_date_key_chat_id_client_id_key UNIQUE (date_key, chat_id, client_id)
);

-- DB-24: the seven trigger functions (legacy names) and their triggers.
CREATE OR REPLACE FUNCTION set_user_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at = NOW(); RETURN NEW; END; $$;
CREATE OR REPLACE FUNCTION set_dashboard_premium_request_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at = NOW(); RETURN NEW; END; $$;
CREATE OR REPLACE FUNCTION set_dashboard_premium_request_audit_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at = NOW(); RETURN NEW; END; $$;
CREATE OR REPLACE FUNCTION set_wa_notification_reminder_state_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at = NOW(); RETURN NEW; END; $$;
CREATE OR REPLACE FUNCTION set_cron_job_config_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at = NOW(); RETURN NEW; END; $$;
CREATE OR REPLACE FUNCTION set_satbinmas_official_accounts_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at = NOW(); RETURN NEW; END; $$;
CREATE OR REPLACE FUNCTION set_satbinmas_official_media_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at = NOW(); RETURN NEW; END; $$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT * FROM (VALUES
            ('user', 'user_set_updated_at', 'set_user_updated_at'),
            ('dashboard_premium_request', 'dashboard_premium_request_set_updated_at',
             'set_dashboard_premium_request_updated_at'),
            ('dashboard_premium_request_audit', 'dashboard_premium_request_audit_set_updated_at',
             'set_dashboard_premium_request_audit_updated_at'),
            ('wa_notification_reminder_state', 'wa_notification_reminder_state_set_updated_at',
             'set_wa_notification_reminder_state_updated_at'),
            ('cron_job_config', 'cron_job_config_set_updated_at', 'set_cron_job_config_updated_at'),
            ('satbinmas_official_accounts', 'satbinmas_official_accounts_set_updated_at',
             'set_satbinmas_official_accounts_updated_at'),
            ('satbinmas_official_media', 'satbinmas_official_media_set_updated_at',
             'set_satbinmas_official_media_updated_at')
        ) AS v (table_name, trigger_name, function_name)
    LOOP
        IF NOT EXISTS (
            SELECT 1 FROM pg_trigger
            WHERE tgrelid = format('public.%I', t.table_name)::regclass AND tgname = t.trigger_name
        ) THEN
            EXECUTE format(
                'CREATE TRIGGER %I BEFORE UPDATE ON public.%I FOR EACH ROW EXECUTE FUNCTION public.%I()',
                t.trigger_name, t.table_name, t.function_name
            );
        END IF;
    END LOOP;
END $$;

-- DB-12 seeds.
INSERT INTO roles (role_name) VALUES
    ('operator'), ('admin'), ('ditbinmas'), ('ditlantas'), ('bidhumas'), ('ditsamapta'), ('ditintelkam')
ON CONFLICT DO NOTHING;
