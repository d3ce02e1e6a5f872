-- 0010 engagement as normalised rows (spec 30 ING-GEN-1, ING-ATT-3/4, ING-PERF; issue 16).
--
-- Every stored like/comment list (insta_like.likes, insta_comment.comments,
-- tiktok_comment.comments) is mirrored as one row per (post, normalised handle) in
-- insta_like_handle / insta_comment_handle / tiktok_comment_handle, kept in step by a trigger
-- on the list tables, so every writer (the ingest, manual refresh, a legacy writer) updates the
-- rows in the same transaction as the JSON list, which stays written for compatibility.
-- engagement_tally holds the matched engagement: per person, per post owner and operational
-- day, how many of those posts hold the person's normalised handle. Triggers keep it exact when
-- rows are added or removed, a post is deleted or moves, or a person's handle changes; a recap is
-- then a grouped count over it instead of a match of every liker string (replaces ING-PERF-1's
-- "expand the JSONB lists once").
--
-- The backfill reads every legacy list form: strings with '@', mixed case and stray spaces,
-- {"username": ...} / {"user": {"unique_id": ...}} objects, TikTok '@user' commenters, profile
-- URLs; the element rule is the one of core/social/handles.py normalize_handle (ING-GEN-1 steps
-- 1-6, a test checks both agree). Re-running the file changes nothing: rows are inserted with ON
-- CONFLICT DO NOTHING and the tally is recomputed to the same values.

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

CREATE TABLE IF NOT EXISTS insta_like_handle (
    shortcode VARCHAR NOT NULL,
    handle TEXT NOT NULL,
    CONSTRAINT insta_like_handle_pkey PRIMARY KEY (shortcode, handle),
    CONSTRAINT insta_like_handle_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_like (shortcode) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS idx_insta_like_handle_handle ON insta_like_handle (handle);

CREATE TABLE IF NOT EXISTS insta_comment_handle (
    shortcode VARCHAR NOT NULL,
    handle TEXT NOT NULL,
    CONSTRAINT insta_comment_handle_pkey PRIMARY KEY (shortcode, handle),
    CONSTRAINT insta_comment_handle_shortcode_fkey FOREIGN KEY (shortcode)
        REFERENCES insta_comment (shortcode) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS idx_insta_comment_handle_handle ON insta_comment_handle (handle);

CREATE TABLE IF NOT EXISTS tiktok_comment_handle (
    video_id VARCHAR NOT NULL,
    handle TEXT NOT NULL,
    CONSTRAINT tiktok_comment_handle_pkey PRIMARY KEY (video_id, handle),
    CONSTRAINT tiktok_comment_handle_video_id_fkey FOREIGN KEY (video_id)
        REFERENCES tiktok_comment (video_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS idx_tiktok_comment_handle_handle ON tiktok_comment_handle (handle);

CREATE TABLE IF NOT EXISTS engagement_tally (
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
CREATE INDEX IF NOT EXISTS idx_engagement_tally_user ON engagement_tally (user_id);

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
CREATE OR REPLACE FUNCTION cicero_tally_handle_rows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
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
BEGIN
    IF TG_OP = 'UPDATE' AND old_owner IS NOT DISTINCT FROM lower(btrim(NEW.client_id))
       AND old_day IS NOT DISTINCT FROM ((NEW.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(72657362);
    WHILE i + 2 < TG_NARGS LOOP
        PERFORM cicero_tally_post_rows(TG_ARGV[i], TG_ARGV[i + 1], TG_ARGV[0], TG_ARGV[i + 2],
                                       post_id, old_owner, old_day, -1);
        IF TG_OP = 'UPDATE' THEN
            PERFORM cicero_tally_post_rows(TG_ARGV[i], TG_ARGV[i + 1], TG_ARGV[0], TG_ARGV[i + 2],
                post_id, lower(btrim(NEW.client_id)),
                ((NEW.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date, 1);
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

-- Backfill the rows from every stored list (before the tally triggers exist, so it is set-based).
INSERT INTO insta_like_handle (shortcode, handle)
SELECT l.shortcode, h FROM insta_like l, cicero_engagement_handles(l.likes) h
ON CONFLICT DO NOTHING;
INSERT INTO insta_comment_handle (shortcode, handle)
SELECT c.shortcode, h FROM insta_comment c, cicero_engagement_handles(c.comments) h
ON CONFLICT DO NOTHING;
INSERT INTO tiktok_comment_handle (video_id, handle)
SELECT c.video_id, h FROM tiktok_comment c, cicero_engagement_handles(c.comments) h
ON CONFLICT DO NOTHING;

-- The tally, recomputed from the rows (the same values on a second run).
INSERT INTO engagement_tally AS t (kind, owner_id, day, user_id, cnt)
SELECT kind, owner_id, day, user_id, count(*) FROM (
    SELECT 'ig_like' AS kind, lower(btrim(p.client_id)) AS owner_id,
           ((p.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date AS day, u.user_id
    FROM insta_like_handle h JOIN insta_post p ON p.shortcode = h.shortcode
    JOIN "user" u ON cicero_norm_handle(u.insta) = h.handle
    UNION ALL
    SELECT 'ig_comment', lower(btrim(p.client_id)),
           ((p.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date, u.user_id
    FROM insta_comment_handle h JOIN insta_post p ON p.shortcode = h.shortcode
    JOIN "user" u ON cicero_norm_handle(u.insta) = h.handle
    UNION ALL
    SELECT 'tt_comment', lower(btrim(p.client_id)),
           ((p.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date, u.user_id
    FROM tiktok_comment_handle h JOIN tiktok_post p ON p.video_id = h.video_id
    JOIN "user" u ON cicero_norm_handle(u.tiktok) = h.handle
) m WHERE owner_id IS NOT NULL
GROUP BY kind, owner_id, day, user_id
ON CONFLICT (kind, owner_id, day, user_id) DO UPDATE SET cnt = EXCLUDED.cnt;

DROP TRIGGER IF EXISTS insta_like_sync_handles ON insta_like;
CREATE TRIGGER insta_like_sync_handles AFTER INSERT OR UPDATE OF likes ON insta_like
    FOR EACH ROW EXECUTE FUNCTION cicero_sync_engagement_rows('insta_like_handle', 'shortcode', 'likes');
DROP TRIGGER IF EXISTS insta_comment_sync_handles ON insta_comment;
CREATE TRIGGER insta_comment_sync_handles AFTER INSERT OR UPDATE OF comments ON insta_comment
    FOR EACH ROW EXECUTE FUNCTION cicero_sync_engagement_rows('insta_comment_handle', 'shortcode', 'comments');
DROP TRIGGER IF EXISTS tiktok_comment_sync_handles ON tiktok_comment;
CREATE TRIGGER tiktok_comment_sync_handles AFTER INSERT OR UPDATE OF comments ON tiktok_comment
    FOR EACH ROW EXECUTE FUNCTION cicero_sync_engagement_rows('tiktok_comment_handle', 'video_id', 'comments');

DROP TRIGGER IF EXISTS insta_like_handle_tally_add ON insta_like_handle;
CREATE TRIGGER insta_like_handle_tally_add AFTER INSERT ON insta_like_handle
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('ig_like', 'insta_post', 'shortcode', 'insta');
DROP TRIGGER IF EXISTS insta_like_handle_tally_remove ON insta_like_handle;
CREATE TRIGGER insta_like_handle_tally_remove AFTER DELETE ON insta_like_handle
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('ig_like', 'insta_post', 'shortcode', 'insta');
DROP TRIGGER IF EXISTS insta_comment_handle_tally_add ON insta_comment_handle;
CREATE TRIGGER insta_comment_handle_tally_add AFTER INSERT ON insta_comment_handle
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('ig_comment', 'insta_post', 'shortcode', 'insta');
DROP TRIGGER IF EXISTS insta_comment_handle_tally_remove ON insta_comment_handle;
CREATE TRIGGER insta_comment_handle_tally_remove AFTER DELETE ON insta_comment_handle
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('ig_comment', 'insta_post', 'shortcode', 'insta');
DROP TRIGGER IF EXISTS tiktok_comment_handle_tally_add ON tiktok_comment_handle;
CREATE TRIGGER tiktok_comment_handle_tally_add AFTER INSERT ON tiktok_comment_handle
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('tt_comment', 'tiktok_post', 'video_id', 'tiktok');
DROP TRIGGER IF EXISTS tiktok_comment_handle_tally_remove ON tiktok_comment_handle;
CREATE TRIGGER tiktok_comment_handle_tally_remove AFTER DELETE ON tiktok_comment_handle
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION cicero_tally_handle_rows('tt_comment', 'tiktok_post', 'video_id', 'tiktok');

DROP TRIGGER IF EXISTS insta_post_tally_delete ON insta_post;
CREATE TRIGGER insta_post_tally_delete BEFORE DELETE ON insta_post
    FOR EACH ROW EXECUTE FUNCTION cicero_tally_post('shortcode', 'ig_like', 'insta_like_handle', 'insta',
                                                    'ig_comment', 'insta_comment_handle', 'insta');
DROP TRIGGER IF EXISTS insta_post_tally_move ON insta_post;
CREATE TRIGGER insta_post_tally_move AFTER UPDATE OF client_id, created_at ON insta_post
    FOR EACH ROW EXECUTE FUNCTION cicero_tally_post('shortcode', 'ig_like', 'insta_like_handle', 'insta',
                                                    'ig_comment', 'insta_comment_handle', 'insta');
DROP TRIGGER IF EXISTS tiktok_post_tally_delete ON tiktok_post;
CREATE TRIGGER tiktok_post_tally_delete BEFORE DELETE ON tiktok_post
    FOR EACH ROW EXECUTE FUNCTION cicero_tally_post('video_id', 'tt_comment', 'tiktok_comment_handle', 'tiktok');
DROP TRIGGER IF EXISTS tiktok_post_tally_move ON tiktok_post;
CREATE TRIGGER tiktok_post_tally_move AFTER UPDATE OF client_id, created_at ON tiktok_post
    FOR EACH ROW EXECUTE FUNCTION cicero_tally_post('video_id', 'tt_comment', 'tiktok_comment_handle', 'tiktok');

DROP TRIGGER IF EXISTS user_tally_handles ON "user";
CREATE TRIGGER user_tally_handles AFTER INSERT OR UPDATE OF insta, tiktok ON "user"
    FOR EACH ROW EXECUTE FUNCTION cicero_tally_user();
