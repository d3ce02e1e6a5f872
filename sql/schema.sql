-- Cicero: the complete current schema (spec 50-http-schema.md Part B; DB-40).
--
-- Loaded in one go on an empty database (by `cicero db upgrade`, DB-41.4, and by the test
-- suite). Plain CREATE statements in dependency order. Any change here ships with a migration
-- in sql/migrations/ in the same commit, and the catalog-equality test keeps the two in step.
--
-- Notation of the spec: TS = TIMESTAMP WITHOUT TIME ZONE holding UTC wall time, default
-- (NOW() AT TIME ZONE 'UTC'); TSTZ = TIMESTAMP WITH TIME ZONE.

-- ---------------------------------------------------------------------------------------------
-- Functions (DB-24, DB-24.1)
-- ---------------------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cicero_norm_handle(text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT NULLIF(lower(regexp_replace(btrim($1), '^@+', '')), '') $$;

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

-- ---------------------------------------------------------------------------------------------
-- Clients, personnel, roles, dashboard accounts (DB-10 .. DB-13)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE clients (
    client_id VARCHAR PRIMARY KEY,
    nama VARCHAR NOT NULL,
    client_type VARCHAR,
    client_status BOOLEAN DEFAULT TRUE,
    client_insta VARCHAR,
    client_insta_status BOOLEAN DEFAULT TRUE,
    client_tiktok VARCHAR,
    client_tiktok_status BOOLEAN DEFAULT TRUE,
    client_amplify_status BOOLEAN DEFAULT TRUE,
    client_operator VARCHAR,
    client_group VARCHAR,
    regional_id VARCHAR,
    parent_client_id VARCHAR,
    client_level VARCHAR,
    tiktok_secuid VARCHAR,
    client_super VARCHAR,
    switch_satik BOOLEAN DEFAULT FALSE,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT clients_parent_client_id_fkey FOREIGN KEY (parent_client_id)
        REFERENCES clients (client_id) ON DELETE SET NULL
);
CREATE INDEX idx_clients_regional_id ON clients (regional_id);
CREATE INDEX idx_clients_parent_client_id ON clients (parent_client_id);
-- Deferred item of DB-55 on upgraded databases.
CREATE UNIQUE INDEX idx_clients_client_id_upper ON clients (UPPER(client_id));

CREATE TABLE "user" (
    user_id VARCHAR PRIMARY KEY,
    nama VARCHAR,
    title VARCHAR,
    divisi VARCHAR,
    jabatan VARCHAR,
    desa VARCHAR,
    insta VARCHAR,
    tiktok VARCHAR,
    insta_2 VARCHAR,
    tiktok_2 VARCHAR,
    whatsapp VARCHAR,
    email VARCHAR,
    client_id VARCHAR,
    status BOOLEAN DEFAULT TRUE,
    exception BOOLEAN DEFAULT FALSE,
    wa_notification_opt_in BOOLEAN NOT NULL DEFAULT FALSE,
    premium_status BOOLEAN DEFAULT FALSE,
    premium_end_date DATE,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT user_client_id_fkey FOREIGN KEY (client_id)
        REFERENCES clients (client_id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX idx_user_whatsapp_unique ON "user" (whatsapp)
    WHERE whatsapp IS NOT NULL AND whatsapp <> '';
CREATE INDEX idx_user_client_id ON "user" (client_id);
CREATE INDEX idx_user_insta_lower ON "user" (LOWER(insta));
CREATE INDEX idx_user_tiktok_lower ON "user" (LOWER(tiktok));
CREATE INDEX idx_user_insta_norm ON "user" (cicero_norm_handle(insta));
CREATE INDEX idx_user_tiktok_norm ON "user" (cicero_norm_handle(tiktok));
-- Deferred item of DB-55 on upgraded databases.
CREATE UNIQUE INDEX idx_user_email_unique ON "user" (LOWER(email))
    WHERE email IS NOT NULL AND email <> '';
CREATE TRIGGER user_set_updated_at BEFORE UPDATE ON "user"
    FOR EACH ROW EXECUTE FUNCTION set_user_updated_at();

CREATE TABLE roles (
    role_id SERIAL PRIMARY KEY,
    role_name VARCHAR,
    CONSTRAINT roles_role_name_key UNIQUE (role_name)
);

CREATE TABLE user_roles (
    user_id VARCHAR NOT NULL,
    role_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, role_id),
    CONSTRAINT user_roles_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES "user" (user_id) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT user_roles_role_id_fkey FOREIGN KEY (role_id)
        REFERENCES roles (role_id) ON DELETE CASCADE
);
CREATE INDEX idx_user_roles_role_id ON user_roles (role_id);

CREATE TABLE dashboard_user (
    dashboard_user_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role_id INTEGER NOT NULL,
    status BOOLEAN DEFAULT TRUE,
    whatsapp VARCHAR,
    premium_status BOOLEAN DEFAULT FALSE,
    premium_tier TEXT,
    premium_expires_at TIMESTAMPTZ,
    last_login_at TIMESTAMPTZ,
    password_changed_at TIMESTAMPTZ,
    created_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    CONSTRAINT dashboard_user_username_key UNIQUE (username),
    CONSTRAINT dashboard_user_role_id_fkey FOREIGN KEY (role_id)
        REFERENCES roles (role_id) ON DELETE RESTRICT
);
-- Deferred item of DB-55 on upgraded databases.
CREATE UNIQUE INDEX idx_dashboard_user_username_lower ON dashboard_user (LOWER(username));

CREATE TABLE dashboard_user_clients (
    dashboard_user_id UUID NOT NULL,
    client_id VARCHAR NOT NULL,
    PRIMARY KEY (dashboard_user_id, client_id),
    CONSTRAINT dashboard_user_clients_dashboard_user_id_fkey FOREIGN KEY (dashboard_user_id)
        REFERENCES dashboard_user (dashboard_user_id) ON DELETE CASCADE,
    CONSTRAINT dashboard_user_clients_client_id_fkey FOREIGN KEY (client_id)
        REFERENCES clients (client_id) ON DELETE CASCADE
);

CREATE TABLE dashboard_password_resets (
    reset_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    dashboard_user_id UUID,
    delivery_target TEXT NOT NULL,
    reset_token TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT dashboard_password_resets_reset_token_key UNIQUE (reset_token),
    CONSTRAINT dashboard_password_resets_dashboard_user_id_fkey FOREIGN KEY (dashboard_user_id)
        REFERENCES dashboard_user (dashboard_user_id) ON DELETE CASCADE
);
CREATE INDEX dashboard_password_resets_user_idx ON dashboard_password_resets (dashboard_user_id, expires_at)
    WHERE used_at IS NULL;
CREATE INDEX dashboard_password_resets_token_idx ON dashboard_password_resets (reset_token);

CREATE TABLE login_log (
    log_id SERIAL PRIMARY KEY,
    actor_id TEXT,
    login_type VARCHAR(20),
    login_source VARCHAR(20),
    logged_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    ip_address TEXT,
    user_agent TEXT
);
CREATE INDEX idx_login_log_actor_source_time ON login_log (actor_id, login_source, logged_at DESC);
CREATE INDEX idx_login_log_source_time ON login_log (login_source, logged_at DESC);

-- ---------------------------------------------------------------------------------------------
-- Posts (DB-14, DB-15)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE insta_post (
    shortcode VARCHAR PRIMARY KEY,
    client_id VARCHAR,
    caption TEXT,
    comment_count INTEGER,
    like_count INTEGER DEFAULT 0,
    thumbnail_url TEXT,
    video_url TEXT,
    image_url TEXT,
    is_video BOOLEAN DEFAULT FALSE,
    is_carousel BOOLEAN DEFAULT FALSE,
    images_url JSONB,
    created_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    source_type VARCHAR(20) NOT NULL DEFAULT 'cron_fetch',
    original_created_at TIMESTAMPTZ,
    fetched_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT insta_post_client_id_fkey FOREIGN KEY (client_id)
        REFERENCES clients (client_id) ON DELETE CASCADE,
    CONSTRAINT insta_post_source_type_check CHECK (source_type IN ('cron_fetch', 'manual_input'))
);
CREATE INDEX insta_post_client_source_type_created_idx
    ON insta_post (LOWER(TRIM(client_id)), source_type, created_at);
CREATE INDEX idx_insta_post_client_fetched_at ON insta_post (LOWER(TRIM(client_id)), fetched_at);
CREATE INDEX idx_insta_post_fetched_at ON insta_post (fetched_at);
CREATE INDEX idx_insta_post_created_at ON insta_post (created_at);

CREATE TABLE insta_post_khusus (
    shortcode VARCHAR PRIMARY KEY,
    client_id VARCHAR,
    caption TEXT,
    comment_count INTEGER,
    like_count INTEGER DEFAULT 0,
    thumbnail_url TEXT,
    video_url TEXT,
    image_url TEXT,
    is_video BOOLEAN DEFAULT FALSE,
    is_carousel BOOLEAN DEFAULT FALSE,
    images_url JSONB,
    created_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    source_type VARCHAR(20) NOT NULL DEFAULT 'cron_fetch',
    original_created_at TIMESTAMPTZ,
    fetched_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT insta_post_khusus_client_id_fkey FOREIGN KEY (client_id)
        REFERENCES clients (client_id) ON DELETE CASCADE,
    CONSTRAINT insta_post_khusus_source_type_check CHECK (source_type IN ('cron_fetch', 'manual_input'))
);
CREATE INDEX insta_post_khusus_client_source_type_created_idx
    ON insta_post_khusus (LOWER(TRIM(client_id)), source_type, created_at);
CREATE INDEX idx_insta_post_khusus_client_fetched_at ON insta_post_khusus (LOWER(TRIM(client_id)), fetched_at);
CREATE INDEX idx_insta_post_khusus_fetched_at ON insta_post_khusus (fetched_at);
CREATE INDEX idx_insta_post_khusus_created_at ON insta_post_khusus (created_at);

CREATE TABLE tiktok_post (
    video_id VARCHAR PRIMARY KEY,
    client_id VARCHAR,
    caption TEXT,
    like_count INTEGER,
    comment_count INTEGER,
    created_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    source_type VARCHAR(20) NOT NULL DEFAULT 'cron_fetch',
    original_created_at TIMESTAMPTZ,
    fetched_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT tiktok_post_client_id_fkey FOREIGN KEY (client_id)
        REFERENCES clients (client_id) ON DELETE CASCADE,
    CONSTRAINT tiktok_post_source_type_check CHECK (source_type IN ('cron_fetch', 'manual_input'))
);
CREATE INDEX tiktok_post_client_source_type_created_idx
    ON tiktok_post (LOWER(TRIM(client_id)), source_type, created_at);
CREATE INDEX idx_tiktok_post_created_at ON tiktok_post (created_at);

-- ---------------------------------------------------------------------------------------------
-- Engagement, audits, post roles, task bookkeeping (DB-16)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE insta_like (
    shortcode VARCHAR PRIMARY KEY,
    likes JSONB,
    updated_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    CONSTRAINT insta_like_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_post (shortcode) ON DELETE CASCADE
);

CREATE TABLE insta_comment (
    shortcode VARCHAR PRIMARY KEY,
    comments JSONB,
    updated_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    CONSTRAINT insta_comment_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_post (shortcode) ON DELETE CASCADE
);

CREATE TABLE insta_like_audit (
    audit_id BIGSERIAL PRIMARY KEY,
    shortcode VARCHAR,
    usernames JSONB NOT NULL DEFAULT '[]',
    snapshot_window_start TIMESTAMPTZ NOT NULL,
    snapshot_window_end TIMESTAMPTZ NOT NULL,
    captured_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT insta_like_audit_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_post (shortcode) ON DELETE CASCADE
);
CREATE INDEX idx_insta_like_audit_shortcode ON insta_like_audit (shortcode);
CREATE INDEX idx_insta_like_audit_window
    ON insta_like_audit (shortcode, snapshot_window_start, snapshot_window_end);
CREATE INDEX idx_insta_like_audit_captured ON insta_like_audit (shortcode, captured_at);

CREATE TABLE tiktok_comment (
    video_id VARCHAR PRIMARY KEY,
    comments JSONB,
    updated_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    CONSTRAINT tiktok_comment_video_id_fkey FOREIGN KEY (video_id)
        REFERENCES tiktok_post (video_id) ON DELETE CASCADE
);

CREATE TABLE tiktok_comment_audit (
    audit_id BIGSERIAL PRIMARY KEY,
    video_id VARCHAR,
    usernames JSONB NOT NULL DEFAULT '[]',
    snapshot_window_start TIMESTAMPTZ NOT NULL,
    snapshot_window_end TIMESTAMPTZ NOT NULL,
    captured_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT tiktok_comment_audit_video_id_fkey FOREIGN KEY (video_id)
        REFERENCES tiktok_post (video_id) ON DELETE CASCADE
);
CREATE INDEX idx_tiktok_comment_audit_video ON tiktok_comment_audit (video_id);
CREATE INDEX idx_tiktok_comment_audit_window
    ON tiktok_comment_audit (video_id, snapshot_window_start, snapshot_window_end);
CREATE INDEX idx_tiktok_comment_audit_captured ON tiktok_comment_audit (video_id, captured_at);

-- ---------------------------------------------------------------------------------------------
-- Engagement as normalised rows and matched engagement per person (ING-GEN-1, ING-ATT-3/4,
-- ING-PERF; migration 0010 explains the design)
-- ---------------------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cicero_engagement_handle(elem jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $$
DECLARE
    keys text[] := ARRAY['username', 'unique_id', 'uniqueId', 'user_name', 'userName'];
    -- What Python's str.strip() removes, and the invisible characters handles.py strips too.
    ws CONSTANT text := E'\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003'
                           || E'\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
    inv CONSTANT text := E'\u00a0\u200b\u200c\u200d\u2060\ufeff';
    k text;
    o text;
    v text;
    low text;
    host text;
    seg text[];
    s text;
BEGIN
    -- ING-GEN-1 step 1: a provider object gives its first non-empty name key, then the nested ones.
    IF jsonb_typeof(elem) = 'object' THEN
        FOREACH k IN ARRAY keys LOOP
            IF jsonb_typeof(elem -> k) = 'string' AND btrim(elem ->> k, ws) <> '' THEN
                v := elem ->> k;
                EXIT;
            END IF;
        END LOOP;
        IF v IS NULL THEN
            FOREACH o IN ARRAY ARRAY['user', 'author', 'owner'] LOOP
                IF jsonb_typeof(elem -> o) = 'object' THEN
                    FOREACH k IN ARRAY keys LOOP
                        IF jsonb_typeof(elem -> o -> k) = 'string' AND btrim(elem -> o ->> k, ws) <> '' THEN
                            v := elem -> o ->> k;
                            EXIT;
                        END IF;
                    END LOOP;
                END IF;
                EXIT WHEN v IS NOT NULL;
            END LOOP;
        END IF;
    ELSIF jsonb_typeof(elem) = 'string' THEN
        v := elem #>> '{}';
    END IF;
    IF v IS NULL THEN
        RETURN NULL;
    END IF;
    -- step 2: whitespace, then invisible characters, then whitespace (handles._clean, in that order)
    v := btrim(btrim(btrim(v, ws), inv), ws);
    -- step 3: a profile URL gives its handle; a content link gives none
    low := lower(v);
    IF position('instagram.com/' IN low) > 0 OR position('instagr.am/' IN low) > 0
       OR position('tiktok.com/' IN low) > 0 THEN
        host := lower(substring(regexp_replace(v, '^[A-Za-z][A-Za-z0-9+.-]*://', '') FROM '^[^/?#]*'));
        seg := array_remove(string_to_array(split_part(split_part(
            regexp_replace(regexp_replace(v, '^[A-Za-z][A-Za-z0-9+.-]*://', ''), '^[^/?#]*', ''),
            '?', 1), '#', 1), '/'), '');
        IF position('tiktok.com/' IN low) = 0 THEN
            IF cardinality(seg) = 0 OR lower(seg[1]) = ANY (ARRAY['p', 'reel', 'reels', 'tv', 'stories',
                    'explore', 'accounts', 'share', 'direct'])
               OR (cardinality(seg) > 1 AND lower(seg[2]) = ANY (ARRAY['p', 'reel', 'reels', 'tv'])) THEN
                RETURN NULL;
            END IF;
            v := seg[1];
        ELSE
            IF host IN ('vt.tiktok.com', 'vm.tiktok.com') THEN
                RETURN NULL;
            END IF;
            v := NULL;
            FOREACH s IN ARRAY seg LOOP
                IF lower(s) = ANY (ARRAY['video', 'photo', 'v', 't', 'embed']) THEN
                    RETURN NULL;
                END IF;
                IF v IS NULL AND left(s, 1) = '@' THEN
                    v := s;
                END IF;
            END LOOP;
            IF v IS NULL THEN
                RETURN NULL;
            END IF;
        END IF;
    END IF;
    -- steps 4-6
    RETURN NULLIF(lower(btrim(ltrim(v, '@'), ws)), '');
END $$;

-- The distinct normalised handles of one stored list (a non-array gives none). Elements already in
-- the normal form skip the full rule, so a list Cicero wrote costs one regex test per element.
CREATE OR REPLACE FUNCTION cicero_engagement_handles(list jsonb) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT DISTINCT h FROM (
        SELECT CASE WHEN jsonb_typeof(e) = 'string' AND (e #>> '{}') ~ '^[a-z0-9._]+$' THEN e #>> '{}'
                    ELSE cicero_engagement_handle(e) END AS h
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(list) = 'array' THEN list ELSE '[]'::jsonb END) e
    ) s WHERE h IS NOT NULL
$$;

CREATE TABLE insta_like_handle (
    shortcode VARCHAR NOT NULL,
    handle TEXT NOT NULL,
    CONSTRAINT insta_like_handle_pkey PRIMARY KEY (shortcode, handle),
    CONSTRAINT insta_like_handle_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_like (shortcode) ON DELETE CASCADE
);
CREATE INDEX idx_insta_like_handle_handle ON insta_like_handle (handle);

CREATE TABLE insta_comment_handle (
    shortcode VARCHAR NOT NULL,
    handle TEXT NOT NULL,
    CONSTRAINT insta_comment_handle_pkey PRIMARY KEY (shortcode, handle),
    CONSTRAINT insta_comment_handle_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_comment (shortcode) ON DELETE CASCADE
);
CREATE INDEX idx_insta_comment_handle_handle ON insta_comment_handle (handle);

CREATE TABLE tiktok_comment_handle (
    video_id VARCHAR NOT NULL,
    handle TEXT NOT NULL,
    CONSTRAINT tiktok_comment_handle_pkey PRIMARY KEY (video_id, handle),
    CONSTRAINT tiktok_comment_handle_video_id_fkey FOREIGN KEY (video_id)
        REFERENCES tiktok_comment (video_id) ON DELETE CASCADE
);
CREATE INDEX idx_tiktok_comment_handle_handle ON tiktok_comment_handle (handle);

CREATE TABLE engagement_tally (
    kind VARCHAR(16) NOT NULL,
    owner_id TEXT NOT NULL,
    day DATE NOT NULL,
    user_id VARCHAR NOT NULL,
    cnt INTEGER NOT NULL,
    CONSTRAINT engagement_tally_pkey PRIMARY KEY (kind, owner_id, day, user_id),
    CONSTRAINT engagement_tally_kind_check CHECK (kind IN ('ig_like', 'ig_comment', 'tt_comment')),
    CONSTRAINT engagement_tally_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES "user" (user_id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX idx_engagement_tally_user ON engagement_tally (user_id);

-- List -> rows (row trigger on the list tables). TG_ARGV: handle table, key column, list column.
CREATE OR REPLACE FUNCTION cicero_sync_engagement_rows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    rec jsonb := to_jsonb(NEW);
    handles text[];
BEGIN
    IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) -> TG_ARGV[2]) IS NOT DISTINCT FROM (rec -> TG_ARGV[2]) THEN
        RETURN NULL;
    END IF;
    handles := ARRAY(SELECT cicero_engagement_handles(rec -> TG_ARGV[2]));
    IF TG_OP = 'UPDATE' THEN
        EXECUTE format('DELETE FROM %I h WHERE h.%I = $1'
                       ' AND NOT EXISTS (SELECT 1 FROM unnest($2) n(x) WHERE n.x = h.handle)',
                       TG_ARGV[0], TG_ARGV[1])
            USING rec ->> TG_ARGV[1], handles;
    END IF;
    EXECUTE format('INSERT INTO %I (%I, handle) SELECT $1, x FROM unnest($2) n(x) ON CONFLICT DO NOTHING',
                   TG_ARGV[0], TG_ARGV[1])
        USING rec ->> TG_ARGV[1], handles;
    RETURN NULL;
END $$;

-- Add (sign 1) or remove (sign -1) one post's rows from the tally.
CREATE OR REPLACE FUNCTION cicero_tally_post_rows(p_kind text, p_rows text, p_key text, p_user_col text,
                                                  p_post text, p_owner text, p_day date, p_sign integer)
    RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    q text := format('SELECT u.user_id, count(*)::int AS n FROM %I h'
                     ' JOIN "user" u ON cicero_norm_handle(u.%I) = h.handle WHERE h.%I = $1 GROUP BY u.user_id',
                     p_rows, p_user_col, p_key);
BEGIN
    IF p_owner IS NULL OR p_day IS NULL THEN
        RETURN;
    END IF;
    IF p_sign > 0 THEN
        EXECUTE 'INSERT INTO engagement_tally AS t (kind, owner_id, day, user_id, cnt)'
                ' SELECT $2, $3, $4, d.user_id, d.n FROM (' || q || ') d'
                ' ON CONFLICT (kind, owner_id, day, user_id) DO UPDATE SET cnt = t.cnt + EXCLUDED.cnt'
            USING p_post, p_kind, p_owner, p_day;
    ELSE
        EXECUTE 'DELETE FROM engagement_tally t USING (' || q || ') d WHERE t.kind = $2 AND t.owner_id = $3'
                ' AND t.day = $4 AND t.user_id = d.user_id AND t.cnt <= d.n'
            USING p_post, p_kind, p_owner, p_day;
        EXECUTE 'UPDATE engagement_tally t SET cnt = t.cnt - d.n FROM (' || q || ') d WHERE t.kind = $2'
                ' AND t.owner_id = $3 AND t.day = $4 AND t.user_id = d.user_id'
            USING p_post, p_kind, p_owner, p_day;
    END IF;
END $$;

-- Rows added or removed (statement trigger on the handle tables, transition table `changed`).
-- TG_ARGV: kind, post table, key column, "user" handle column. Rows whose post is already gone
-- (a post delete cascading) are skipped: the post trigger below removed them first.
-- The advisory lock id of one (kind, owner, day) of the tally (issue 16: writers serialise on it).
CREATE OR REPLACE FUNCTION cicero_tally_key(p_kind text, p_owner text, p_day date) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT hashtext(p_kind || '|' || p_owner || '|' || (p_day - DATE '2000-01-01')::text) $$;

CREATE OR REPLACE FUNCTION cicero_tally_handle_rows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    k integer;
    q text := format('SELECT %L::varchar AS kind, lower(btrim(p.client_id)) AS owner_id,'
                     ' ((p.created_at AT TIME ZONE ''UTC'') AT TIME ZONE ''Asia/Jakarta'')::date AS day,'
                     ' u.user_id, count(*)::int AS n FROM changed c JOIN %I p ON p.%I = c.%I'
                     ' JOIN "user" u ON cicero_norm_handle(u.%I) = c.handle'
                     ' WHERE p.client_id IS NOT NULL GROUP BY 2, 3, 4',
                     TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], TG_ARGV[2], TG_ARGV[3]);
BEGIN
    -- Shared with every other writer of rows; a handle change takes it exclusively (below), so a
    -- person's recount never misses rows committed meanwhile.
    PERFORM pg_advisory_xact_lock_shared(72657362);
    -- One writer at a time per (kind, owner, day), locks taken in one global order: the tally rows
    -- of a day are shared by all its posts, and writers locking them row by row in their own
    -- order deadlocked (two merges of one client's posts at once, each upserting the same people).
    FOR k IN EXECUTE format('SELECT DISTINCT cicero_tally_key(%L, lower(btrim(p.client_id)),'
                            ' ((p.created_at AT TIME ZONE ''UTC'') AT TIME ZONE ''Asia/Jakarta'')::date)'
                            ' FROM changed c JOIN %I p ON p.%I = c.%I WHERE p.client_id IS NOT NULL ORDER BY 1',
                            TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], TG_ARGV[2]) LOOP
        PERFORM pg_advisory_xact_lock(72657363, k);
    END LOOP;
    IF TG_OP = 'INSERT' THEN
        EXECUTE 'INSERT INTO engagement_tally AS t (kind, owner_id, day, user_id, cnt) ' || q
             || ' ON CONFLICT (kind, owner_id, day, user_id) DO UPDATE SET cnt = t.cnt + EXCLUDED.cnt';
    ELSE
        EXECUTE 'DELETE FROM engagement_tally t USING (' || q || ') d WHERE t.kind = d.kind'
             || ' AND t.owner_id = d.owner_id AND t.day = d.day AND t.user_id = d.user_id AND t.cnt <= d.n';
        EXECUTE 'UPDATE engagement_tally t SET cnt = t.cnt - d.n FROM (' || q || ') d WHERE t.kind = d.kind'
             || ' AND t.owner_id = d.owner_id AND t.day = d.day AND t.user_id = d.user_id';
    END IF;
    RETURN NULL;
END $$;

-- A post deleted (BEFORE DELETE) or moved to another owner or day (AFTER UPDATE).
-- TG_ARGV: key column, then (kind, handle table, "user" handle column) triples.
CREATE OR REPLACE FUNCTION cicero_tally_post() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    i integer := 1;
    old_owner text := lower(btrim(OLD.client_id));
    old_day date := ((OLD.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date;
    post_id text := to_jsonb(OLD) ->> TG_ARGV[0];
    new_owner text := lower(btrim(NEW.client_id));
    new_day date := ((NEW.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date;
    keys integer[] := '{}';
    k integer;
BEGIN
    IF TG_OP = 'UPDATE' AND old_owner IS NOT DISTINCT FROM new_owner AND old_day IS NOT DISTINCT FROM new_day THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(72657362);
    -- The (kind, owner, day) locks of cicero_tally_handle_rows, old and new day, in the same order.
    WHILE i + 2 < TG_NARGS LOOP
        keys := keys || cicero_tally_key(TG_ARGV[i], old_owner, old_day);
        IF TG_OP = 'UPDATE' THEN
            keys := keys || cicero_tally_key(TG_ARGV[i], new_owner, new_day);
        END IF;
        i := i + 3;
    END LOOP;
    FOR k IN SELECT DISTINCT x FROM unnest(keys) x WHERE x IS NOT NULL ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(72657363, k);
    END LOOP;
    i := 1;
    WHILE i + 2 < TG_NARGS LOOP
        PERFORM cicero_tally_post_rows(TG_ARGV[i], TG_ARGV[i + 1], TG_ARGV[0], TG_ARGV[i + 2],
                                       post_id, old_owner, old_day, -1);
        IF TG_OP = 'UPDATE' THEN
            PERFORM cicero_tally_post_rows(TG_ARGV[i], TG_ARGV[i + 1], TG_ARGV[0], TG_ARGV[i + 2],
                post_id, new_owner, new_day, 1);
        END IF;
        i := i + 3;
    END LOOP;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

-- One person's tally of one kind, recomputed from the rows for their (new) handle.
CREATE OR REPLACE FUNCTION cicero_tally_recount_user(p_user text, p_kind text, p_rows text, p_key text,
                                                     p_posts text, p_handle text)
    RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    DELETE FROM engagement_tally WHERE user_id = p_user AND kind = p_kind;
    IF p_handle IS NULL THEN
        RETURN;
    END IF;
    EXECUTE format('INSERT INTO engagement_tally (kind, owner_id, day, user_id, cnt)'
                   ' SELECT $1, lower(btrim(p.client_id)),'
                   ' ((p.created_at AT TIME ZONE ''UTC'') AT TIME ZONE ''Asia/Jakarta'')::date, $2, count(*)'
                   ' FROM %I h JOIN %I p ON p.%I = h.%I WHERE h.handle = $3 AND p.client_id IS NOT NULL'
                   ' GROUP BY 2, 3', p_rows, p_posts, p_key, p_key)
        USING p_kind, p_user, p_handle;
END $$;

-- A person added or their Instagram/TikTok handle changed (in its normal form).
CREATE OR REPLACE FUNCTION cicero_tally_user() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    ig_changed boolean := TG_OP = 'INSERT' OR cicero_norm_handle(OLD.insta) IS DISTINCT FROM cicero_norm_handle(NEW.insta);
    tt_changed boolean := TG_OP = 'INSERT' OR cicero_norm_handle(OLD.tiktok) IS DISTINCT FROM cicero_norm_handle(NEW.tiktok);
BEGIN
    IF NOT (ig_changed OR tt_changed) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(72657362);
    IF ig_changed THEN
        PERFORM cicero_tally_recount_user(NEW.user_id, 'ig_like', 'insta_like_handle', 'shortcode', 'insta_post',
                                          cicero_norm_handle(NEW.insta));
        PERFORM cicero_tally_recount_user(NEW.user_id, 'ig_comment', 'insta_comment_handle', 'shortcode',
                                          'insta_post', cicero_norm_handle(NEW.insta));
    END IF;
    IF tt_changed THEN
        PERFORM cicero_tally_recount_user(NEW.user_id, 'tt_comment', 'tiktok_comment_handle', 'video_id',
                                          'tiktok_post', cicero_norm_handle(NEW.tiktok));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER insta_like_sync_handles AFTER INSERT OR UPDATE OF likes ON insta_like
    FOR EACH ROW EXECUTE FUNCTION cicero_sync_engagement_rows('insta_like_handle', 'shortcode', 'likes');
CREATE TRIGGER insta_comment_sync_handles AFTER INSERT OR UPDATE OF comments ON insta_comment
    FOR EACH ROW EXECUTE FUNCTION cicero_sync_engagement_rows('insta_comment_handle', 'shortcode', 'comments');
CREATE TRIGGER tiktok_comment_sync_handles AFTER INSERT OR UPDATE OF comments ON tiktok_comment
    FOR EACH ROW EXECUTE FUNCTION cicero_sync_engagement_rows('tiktok_comment_handle', 'video_id', 'comments');

CREATE TRIGGER insta_like_handle_tally_add AFTER INSERT ON insta_like_handle
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('ig_like', 'insta_post', 'shortcode', 'insta');
CREATE TRIGGER insta_like_handle_tally_remove AFTER DELETE ON insta_like_handle
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('ig_like', 'insta_post', 'shortcode', 'insta');
CREATE TRIGGER insta_comment_handle_tally_add AFTER INSERT ON insta_comment_handle
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('ig_comment', 'insta_post', 'shortcode', 'insta');
CREATE TRIGGER insta_comment_handle_tally_remove AFTER DELETE ON insta_comment_handle
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('ig_comment', 'insta_post', 'shortcode', 'insta');
CREATE TRIGGER tiktok_comment_handle_tally_add AFTER INSERT ON tiktok_comment_handle
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('tt_comment', 'tiktok_post', 'video_id', 'tiktok');
CREATE TRIGGER tiktok_comment_handle_tally_remove AFTER DELETE ON tiktok_comment_handle
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('tt_comment', 'tiktok_post', 'video_id', 'tiktok');

CREATE TRIGGER insta_post_tally_delete BEFORE DELETE ON insta_post
    FOR EACH ROW EXECUTE FUNCTION cicero_tally_post('shortcode', 'ig_like', 'insta_like_handle', 'insta',
                                                    'ig_comment', 'insta_comment_handle', 'insta');
CREATE TRIGGER insta_post_tally_move AFTER UPDATE OF client_id, created_at ON insta_post
    FOR EACH ROW EXECUTE FUNCTION cicero_tally_post('shortcode', 'ig_like', 'insta_like_handle', 'insta',
                                                    'ig_comment', 'insta_comment_handle', 'insta');
CREATE TRIGGER tiktok_post_tally_delete BEFORE DELETE ON tiktok_post
    FOR EACH ROW EXECUTE FUNCTION cicero_tally_post('video_id', 'tt_comment', 'tiktok_comment_handle', 'tiktok');
CREATE TRIGGER tiktok_post_tally_move AFTER UPDATE OF client_id, created_at ON tiktok_post
    FOR EACH ROW EXECUTE FUNCTION cicero_tally_post('video_id', 'tt_comment', 'tiktok_comment_handle', 'tiktok');

CREATE TRIGGER user_tally_handles AFTER INSERT OR UPDATE OF insta, tiktok ON "user"
    FOR EACH ROW EXECUTE FUNCTION cicero_tally_user();

CREATE TABLE insta_post_roles (
    shortcode VARCHAR NOT NULL,
    role_name VARCHAR NOT NULL,
    PRIMARY KEY (shortcode, role_name),
    CONSTRAINT insta_post_roles_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_post (shortcode) ON DELETE CASCADE
);
CREATE INDEX idx_insta_post_roles_role_name ON insta_post_roles (role_name);

CREATE TABLE tiktok_post_roles (
    video_id VARCHAR NOT NULL,
    role_name VARCHAR NOT NULL,
    PRIMARY KEY (video_id, role_name),
    CONSTRAINT tiktok_post_roles_video_id_fkey FOREIGN KEY (video_id)
        REFERENCES tiktok_post (video_id) ON DELETE CASCADE
);
CREATE INDEX idx_tiktok_post_roles_role_name ON tiktok_post_roles (role_name);

CREATE TABLE insta_post_clients (
    shortcode VARCHAR NOT NULL,
    client_id VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (shortcode, client_id),
    CONSTRAINT insta_post_clients_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_post (shortcode) ON DELETE CASCADE
);
CREATE INDEX idx_insta_post_clients_client_id ON insta_post_clients (LOWER(TRIM(client_id)));

CREATE TABLE task_post_exclusions (
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
CREATE INDEX idx_task_post_exclusions_client_platform ON task_post_exclusions (client_id, platform);

-- ---------------------------------------------------------------------------------------------
-- Link reports (DB-17)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE link_report (
    shortcode VARCHAR NOT NULL,
    user_id VARCHAR NOT NULL,
    instagram_link TEXT,
    facebook_link TEXT,
    twitter_link TEXT,
    tiktok_link TEXT,
    youtube_link TEXT,
    created_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    report_source VARCHAR(16) NOT NULL DEFAULT 'api',
    PRIMARY KEY (shortcode, user_id),
    CONSTRAINT link_report_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_post (shortcode) ON DELETE CASCADE,
    CONSTRAINT link_report_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES "user" (user_id) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT link_report_report_source_check CHECK (report_source IN ('api', 'whatsapp'))
);
CREATE INDEX idx_link_report_user_id ON link_report (user_id);
CREATE INDEX idx_link_report_created_at ON link_report (created_at);

CREATE TABLE link_report_khusus (
    shortcode VARCHAR NOT NULL,
    user_id VARCHAR NOT NULL,
    instagram_link TEXT,
    facebook_link TEXT,
    twitter_link TEXT,
    tiktok_link TEXT,
    youtube_link TEXT,
    created_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    report_source VARCHAR(16) NOT NULL DEFAULT 'api',
    PRIMARY KEY (shortcode, user_id),
    CONSTRAINT link_report_khusus_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_post_khusus (shortcode) ON DELETE CASCADE,
    CONSTRAINT link_report_khusus_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES "user" (user_id) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT link_report_khusus_report_source_check CHECK (report_source IN ('api', 'whatsapp'))
);
CREATE INDEX idx_link_report_khusus_user_id ON link_report_khusus (user_id);
CREATE INDEX idx_link_report_khusus_created_at ON link_report_khusus (created_at);

-- ---------------------------------------------------------------------------------------------
-- Instagram profile and extended data (DB-18)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE insta_profile (
    username VARCHAR PRIMARY KEY,
    full_name VARCHAR,
    biography TEXT,
    follower_count INTEGER,
    following_count INTEGER,
    post_count INTEGER,
    profile_pic_url TEXT,
    updated_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC')
);

CREATE TABLE instagram_user (
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

CREATE TABLE instagram_user_metrics (
    user_id VARCHAR(30) PRIMARY KEY,
    follower_count INTEGER,
    following_count INTEGER,
    media_count INTEGER,
    total_igtv_videos INTEGER,
    latest_reel_media BIGINT,
    CONSTRAINT instagram_user_metrics_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES instagram_user (user_id) ON DELETE CASCADE
);

CREATE TABLE ig_ext_users (
    user_id VARCHAR(50) PRIMARY KEY,
    username VARCHAR(100) NOT NULL,
    full_name VARCHAR(100),
    is_private BOOLEAN,
    is_verified BOOLEAN,
    profile_pic_url TEXT
);

CREATE TABLE ig_ext_posts (
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
    CONSTRAINT ig_ext_posts_shortcode_key UNIQUE (shortcode),
    CONSTRAINT ig_ext_posts_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_post (shortcode) ON DELETE CASCADE,
    CONSTRAINT ig_ext_posts_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES ig_ext_users (user_id)
);

CREATE TABLE ig_ext_media_items (
    media_id VARCHAR(50) PRIMARY KEY,
    post_id VARCHAR(50),
    media_type INTEGER,
    is_video BOOLEAN,
    original_width INTEGER,
    original_height INTEGER,
    image_url TEXT,
    video_url TEXT,
    video_duration REAL,
    thumbnail_url TEXT,
    CONSTRAINT ig_ext_media_items_post_id_fkey FOREIGN KEY (post_id)
        REFERENCES ig_ext_posts (post_id) ON DELETE CASCADE
);

CREATE TABLE ig_ext_tagged_users (
    media_id VARCHAR(50) NOT NULL,
    user_id VARCHAR(50) NOT NULL,
    x REAL,
    y REAL,
    PRIMARY KEY (media_id, user_id),
    CONSTRAINT ig_ext_tagged_users_media_id_fkey FOREIGN KEY (media_id)
        REFERENCES ig_ext_media_items (media_id) ON DELETE CASCADE,
    CONSTRAINT ig_ext_tagged_users_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES ig_ext_users (user_id)
);

CREATE TABLE ig_ext_hashtags (
    post_id VARCHAR(50) NOT NULL,
    hashtag VARCHAR(100) NOT NULL,
    PRIMARY KEY (post_id, hashtag),
    CONSTRAINT ig_ext_hashtags_post_id_fkey FOREIGN KEY (post_id)
        REFERENCES ig_ext_posts (post_id) ON DELETE CASCADE
);

CREATE TABLE ig_hashtag_info (
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

CREATE TABLE ig_post_metrics (
    post_id VARCHAR(50) PRIMARY KEY,
    play_count INTEGER,
    save_count INTEGER,
    share_count INTEGER,
    view_count INTEGER,
    fb_like_count INTEGER,
    fb_play_count INTEGER,
    CONSTRAINT ig_post_metrics_post_id_fkey FOREIGN KEY (post_id)
        REFERENCES ig_ext_posts (post_id) ON DELETE CASCADE
);

CREATE TABLE ig_post_like_users (
    post_id VARCHAR(50) NOT NULL,
    user_id VARCHAR(50) NOT NULL,
    username VARCHAR(100),
    PRIMARY KEY (post_id, user_id),
    CONSTRAINT ig_post_like_users_post_id_fkey FOREIGN KEY (post_id)
        REFERENCES ig_ext_posts (post_id) ON DELETE CASCADE,
    CONSTRAINT ig_post_like_users_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES ig_ext_users (user_id)
);

CREATE TABLE ig_post_comments (
    comment_id VARCHAR(50) PRIMARY KEY,
    post_id VARCHAR(50),
    user_id VARCHAR(50),
    text TEXT,
    created_at TIMESTAMP,
    CONSTRAINT ig_post_comments_post_id_fkey FOREIGN KEY (post_id)
        REFERENCES ig_ext_posts (post_id) ON DELETE CASCADE,
    CONSTRAINT ig_post_comments_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES ig_ext_users (user_id)
);

-- ---------------------------------------------------------------------------------------------
-- Premium and subscriptions (DB-19)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE premium_request (
    request_id SERIAL PRIMARY KEY,
    user_id TEXT,
    sender_name TEXT,
    account_number TEXT,
    bank_name TEXT,
    screenshot_url TEXT,
    status VARCHAR(20) DEFAULT 'pending',
    created_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    CONSTRAINT premium_request_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES "user" (user_id) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE dashboard_user_subscriptions (
    subscription_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    dashboard_user_id UUID NOT NULL,
    tier TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    expires_at TIMESTAMPTZ NOT NULL,
    canceled_at TIMESTAMPTZ,
    metadata JSONB,
    CONSTRAINT dashboard_user_subscriptions_dashboard_user_id_fkey FOREIGN KEY (dashboard_user_id)
        REFERENCES dashboard_user (dashboard_user_id) ON DELETE CASCADE
);
CREATE INDEX idx_dashboard_user_subscriptions_user_status_expires
    ON dashboard_user_subscriptions (dashboard_user_id, status, expires_at);

CREATE TABLE dashboard_premium_request (
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
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT dashboard_premium_request_dashboard_user_id_fkey FOREIGN KEY (dashboard_user_id)
        REFERENCES dashboard_user (dashboard_user_id) ON DELETE CASCADE,
    CONSTRAINT dashboard_premium_request_client_id_fkey FOREIGN KEY (client_id)
        REFERENCES clients (client_id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX idx_dashboard_premium_request_token ON dashboard_premium_request (request_token);
CREATE INDEX idx_dashboard_premium_request_status_expired ON dashboard_premium_request (status, expired_at);
CREATE INDEX idx_dashboard_premium_request_user_status ON dashboard_premium_request (dashboard_user_id, status);
CREATE INDEX idx_dashboard_premium_request_client ON dashboard_premium_request (client_id);
CREATE TRIGGER dashboard_premium_request_set_updated_at BEFORE UPDATE ON dashboard_premium_request
    FOR EACH ROW EXECUTE FUNCTION set_dashboard_premium_request_updated_at();

CREATE TABLE dashboard_premium_request_audit (
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
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT dashboard_premium_request_audit_request_id_fkey FOREIGN KEY (request_id)
        REFERENCES dashboard_premium_request (request_id) ON DELETE CASCADE,
    CONSTRAINT dashboard_premium_request_audit_dashboard_user_id_fkey FOREIGN KEY (dashboard_user_id)
        REFERENCES dashboard_user (dashboard_user_id) ON DELETE SET NULL
);
CREATE INDEX idx_dashboard_premium_request_audit_request ON dashboard_premium_request_audit (request_id);
CREATE INDEX idx_dashboard_premium_request_audit_action ON dashboard_premium_request_audit (action);
CREATE TRIGGER dashboard_premium_request_audit_set_updated_at BEFORE UPDATE ON dashboard_premium_request_audit
    FOR EACH ROW EXECUTE FUNCTION set_dashboard_premium_request_audit_updated_at();

-- ---------------------------------------------------------------------------------------------
-- Satbinmas official accounts (DB-20)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE satbinmas_official_accounts (
    satbinmas_account_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id VARCHAR NOT NULL,
    platform TEXT NOT NULL,
    username TEXT NOT NULL,
    secuid TEXT,
    display_name TEXT,
    profile_url TEXT,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    is_verified BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT satbinmas_official_accounts_client_id_fkey FOREIGN KEY (client_id)
        REFERENCES clients (client_id) ON DELETE CASCADE,
    CONSTRAINT satbinmas_official_accounts_client_platform_unique UNIQUE (client_id, platform)
);
-- Deferred item of DB-55 on upgraded databases.
CREATE UNIQUE INDEX satbinmas_official_accounts_platform_username_unique
    ON satbinmas_official_accounts (platform, LOWER(username));
CREATE TRIGGER satbinmas_official_accounts_set_updated_at BEFORE UPDATE ON satbinmas_official_accounts
    FOR EACH ROW EXECUTE FUNCTION set_satbinmas_official_accounts_updated_at();

CREATE TABLE satbinmas_official_media (
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
    CONSTRAINT satbinmas_official_media_satbinmas_account_id_fkey FOREIGN KEY (satbinmas_account_id)
        REFERENCES satbinmas_official_accounts (satbinmas_account_id) ON DELETE CASCADE,
    CONSTRAINT satbinmas_official_media_client_id_fkey FOREIGN KEY (client_id)
        REFERENCES clients (client_id) ON DELETE CASCADE,
    CONSTRAINT satbinmas_official_media_unique UNIQUE (client_id, username, media_id, taken_at)
);
CREATE INDEX satbinmas_official_media_account_idx ON satbinmas_official_media (satbinmas_account_id);
CREATE INDEX satbinmas_official_media_client_username_idx ON satbinmas_official_media (client_id, username);
CREATE INDEX satbinmas_official_media_taken_at_idx ON satbinmas_official_media (taken_at);
CREATE INDEX satbinmas_official_media_fetch_date_idx ON satbinmas_official_media (fetched_for_date);
CREATE TRIGGER satbinmas_official_media_set_updated_at BEFORE UPDATE ON satbinmas_official_media
    FOR EACH ROW EXECUTE FUNCTION set_satbinmas_official_media_updated_at();

-- ---------------------------------------------------------------------------------------------
-- Scheduling and notification state (DB-21)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE cron_job_config (
    job_key TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE TRIGGER cron_job_config_set_updated_at BEFORE UPDATE ON cron_job_config
    FOR EACH ROW EXECUTE FUNCTION set_cron_job_config_updated_at();

CREATE TABLE wa_notification_reminder_state (
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
CREATE INDEX idx_wa_notification_reminder_state_date_chat_client
    ON wa_notification_reminder_state (date_key, chat_id, client_id);
CREATE INDEX idx_wa_notification_reminder_state_date_status
    ON wa_notification_reminder_state (date_key, is_complete, last_stage);
CREATE TRIGGER wa_notification_reminder_state_set_updated_at BEFORE UPDATE ON wa_notification_reminder_state
    FOR EACH ROW EXECUTE FUNCTION set_wa_notification_reminder_state_updated_at();

CREATE TABLE wa_notification_scheduler_state (
    client_id VARCHAR PRIMARY KEY,
    last_ig_count INTEGER,
    last_tiktok_count INTEGER,
    last_notified_at TIMESTAMPTZ,
    last_notified_slot TEXT,
    state_date DATE,
    last_ig_ids JSONB NOT NULL DEFAULT '[]',
    last_tiktok_ids JSONB NOT NULL DEFAULT '[]',
    last_link_notified_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- ---------------------------------------------------------------------------------------------
-- Outbox (DB-22; 40-jobs-delivery.md DLV-2, DLV-3)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE wa_outbox_document (
    document_id BIGSERIAL PRIMARY KEY,
    file_name TEXT NOT NULL,
    mimetype TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE wa_outbox (
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
CREATE INDEX idx_wa_outbox_due ON wa_outbox (priority, outbox_id)
    WHERE status IN ('pending', 'retrying');
CREATE INDEX idx_wa_outbox_chat_open ON wa_outbox (chat_id, outbox_id)
    WHERE status IN ('pending', 'processing', 'retrying');
CREATE INDEX idx_wa_outbox_status_updated ON wa_outbox (status, updated_at);
CREATE INDEX idx_wa_outbox_wa_message_id ON wa_outbox (wa_message_id);

-- ---------------------------------------------------------------------------------------------
-- Other tables added by Cicero (DB-23)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE job_run (
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
CREATE INDEX idx_job_run_job_key_slot ON job_run (job_key, slot DESC);

CREATE TABLE job_task (
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
CREATE INDEX idx_job_task_job_run_id ON job_task (job_run_id);

CREATE TABLE wa_session_state (
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

CREATE TABLE email_outbox (
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

CREATE TABLE user_import_log (
    import_id BIGSERIAL PRIMARY KEY,
    client_id VARCHAR NOT NULL,
    actor TEXT NOT NULL,
    source TEXT NOT NULL,
    mode VARCHAR(10) NOT NULL,
    counts JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE audit_log (
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
CREATE INDEX idx_audit_log_target ON audit_log (target_type, target_id, occurred_at);
CREATE INDEX idx_audit_log_occurred ON audit_log (occurred_at);

CREATE TABLE wa_lid_map (
    lid TEXT PRIMARY KEY,
    phone VARCHAR NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_wa_lid_map_phone ON wa_lid_map (phone);

CREATE TABLE access_request (
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
CREATE UNIQUE INDEX idx_access_request_pending ON access_request (phone, client_id, requested_role)
    WHERE status = 'pending';

CREATE TABLE visitor_logs (
    id SERIAL PRIMARY KEY,
    ip VARCHAR,
    user_agent TEXT,
    visited_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC')
);

CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum CHAR(64) NOT NULL,
    method VARCHAR(10) NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    duration_ms INTEGER,
    cicero_version TEXT,
    CONSTRAINT schema_migrations_method_check CHECK (method IN ('baseline', 'migration'))
);

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

-- ---------------------------------------------------------------------------------------------
-- Seed rows (DB-12 roles; DB-21 / 40-jobs-delivery.md JOB-5, JOB-6 job switches)
-- ---------------------------------------------------------------------------------------------

INSERT INTO roles (role_name) VALUES
    ('operator'), ('admin'), ('ditbinmas'), ('ditlantas'), ('bidhumas'), ('ditsamapta'), ('ditintelkam')
ON CONFLICT DO NOTHING;

INSERT INTO cron_job_config (job_key, display_name, is_active) VALUES
    ('fetch_sosmed', 'Fetch sosmed & broadcast tugas', TRUE),
    ('link_recap', 'Rekap absensi amplifikasi', TRUE),
    ('engagement_recap', 'Rekap absensi likes & komentar ORG', TRUE),
    ('operator_daily_report', 'Laporan harian operator', TRUE),
    ('amplify_monthly_excel', 'Excel amplifikasi bulanan', TRUE),
    ('username_update_recap', 'Absensi update username', TRUE),
    ('dirreq_rekap_update', 'Rekap data personil DITBINMAS', TRUE),
    ('dirreq_ditbinmas_group_recap', 'Rekap grup DITBINMAS', TRUE),
    ('dirreq_bidhumas_evening', 'Rekap BIDHUMAS', TRUE),
    ('dirreq_ditbinmas_superadmin_daily', 'Rekap harian super admin DITBINMAS', TRUE),
    ('dirreq_ditbinmas_operator_daily', 'Laporan Kasatker harian DITBINMAS', TRUE),
    ('dirreq_ditbinmas_absensi_today', 'Absensi hari ini DITBINMAS', TRUE),
    ('housekeeping', 'Pemeliharaan data', TRUE),
    ('dirreq_ditsamapta_incomplete', 'Rekap data belum lengkap DITSAMAPTA', TRUE),
    ('wa_task_reminder', 'Pengingat tugas personal', TRUE),
    ('satbinmas_official_media', 'Rekap akun resmi Satbinmas', TRUE),
    ('db_backup', 'Backup database', TRUE),
    ('admin_daily_digest', 'Ringkasan harian admin', TRUE),
    ('premium_expiry', 'Kedaluwarsa premium', TRUE),
    ('dashboard_subscription_expiry', 'Kedaluwarsa langganan dashboard', TRUE),
    ('dashboard_premium_request_expiry', 'Kedaluwarsa permintaan premium dashboard', TRUE)
ON CONFLICT DO NOTHING;
