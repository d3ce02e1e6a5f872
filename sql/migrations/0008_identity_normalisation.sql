-- 0008 identity normalisation (spec 50 DB-52; API-11 phone and handle rules; DESIGN.md section 4).
--
-- Phone numbers to 62... digits (suffixes such as @c.us stripped), duplicate WhatsApp numbers kept
-- by the oldest holder, idx_user_whatsapp_unique, operator/super-admin phone lists, e-mails
-- lower-cased, Instagram/TikTok handles lower-case without @. Every changed value is logged.

CREATE OR REPLACE FUNCTION pg_temp.cicero_phone(raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v text;
    d text;
BEGIN
    IF raw IS NULL THEN
        RETURN NULL;
    END IF;
    v := split_part(btrim(raw), '@', 1);
    d := regexp_replace(v, '\D', '', 'g');
    IF d = '' THEN
        RETURN '';
    END IF;
    IF left(btrim(v), 1) = '+' THEN
        d := d;  -- an explicit country code is kept as written
    ELSIF d LIKE '00%' THEN
        d := substr(d, 3);
    ELSIF d LIKE '0%' THEN
        d := '62' || substr(d, 2);
    ELSIF d NOT LIKE '62%' THEN
        d := '62' || d;
    END IF;
    IF length(d) < 10 OR length(d) > 15 THEN
        RETURN '';
    END IF;
    RETURN d;
END $$;

-- Phone list rule: split on , ; newline, normalise, drop empties and duplicates, join with ", ";
-- elements that fail are kept verbatim at the end (and reported through the log reason).
CREATE OR REPLACE FUNCTION pg_temp.cicero_phone_list(raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    part text;
    n text;
    good text[] := '{}';
    bad text[] := '{}';
BEGIN
    IF raw IS NULL THEN
        RETURN NULL;
    END IF;
    FOREACH part IN ARRAY regexp_split_to_array(raw, '[,;\n]') LOOP
        part := btrim(part);
        CONTINUE WHEN part = '';
        n := pg_temp.cicero_phone(part);
        IF n = '' THEN
            IF NOT part = ANY (bad) THEN
                bad := bad || part;
            END IF;
        ELSIF NOT n = ANY (good) THEN
            good := good || n;
        END IF;
    END LOOP;
    RETURN array_to_string(good || bad, ', ');
END $$;

CREATE OR REPLACE FUNCTION pg_temp.cicero_phone_list_ok(raw text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT NOT EXISTS (
        SELECT 1 FROM regexp_split_to_table(COALESCE(raw, ''), '[,;\n]') AS p
        WHERE btrim(p) <> '' AND pg_temp.cicero_phone(btrim(p)) = ''
    )
$$;

-- Handle rule: trim, lower-case, profile URL reduced to its handle, leading @ removed.
CREATE OR REPLACE FUNCTION pg_temp.cicero_handle(raw text, platform text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v text;
    seg text;
BEGIN
    IF raw IS NULL THEN
        RETURN NULL;
    END IF;
    v := lower(btrim(raw));
    IF platform = 'instagram' AND v LIKE '%instagram.com/%' THEN
        seg := substring(v FROM 'instagram\.com/([^/?#]+)');
        IF seg IS NOT NULL AND seg NOT IN ('p', 'reel', 'reels', 'tv', 'stories', 'explore', 'accounts') THEN
            v := seg;
        END IF;
    ELSIF platform = 'tiktok' AND v LIKE '%tiktok.com/%' THEN
        seg := substring(v FROM 'tiktok\.com/(?:[^?#]*/)?(@[^/?#]+)');
        IF seg IS NOT NULL THEN
            v := seg;
        END IF;
    END IF;
    RETURN regexp_replace(v, '^@+', '');
END $$;

CREATE OR REPLACE FUNCTION pg_temp.cicero_handle_ok(v text, platform text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT v IS NULL OR v = '' OR CASE platform
        WHEN 'instagram' THEN v ~ '^[a-z0-9._]{1,30}$' AND v !~ '^\.' AND v !~ '\.$' AND v !~ '\.\.'
        ELSE v ~ '^[a-z0-9._]{2,24}$' AND v !~ '\.$'
    END
$$;

-- Apply p_expr (an expression over alias x) to one column, logging each changed value first.
CREATE OR REPLACE FUNCTION pg_temp.cicero_normalise(
    p_table text, p_pk text, p_column text, p_expr text, p_reason_expr text
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public'
                   AND table_name = p_table AND column_name = p_column) THEN
        RETURN;
    END IF;
    EXECUTE format(
        'INSERT INTO migration_row_fix (version, table_name, row_key, column_name, old_value, new_value, reason)
         SELECT 8, %1$L, x.%2$I::text, %3$L, x.%3$I::text, n.new_value, %5$s
         FROM public.%1$I x CROSS JOIN LATERAL (SELECT (%4$s)::text AS new_value) n
         WHERE n.new_value IS DISTINCT FROM x.%3$I::text
         ON CONFLICT (version, table_name, row_key, column_name)
         DO UPDATE SET new_value = EXCLUDED.new_value, reason = migration_row_fix.reason || ''; '' || EXCLUDED.reason',
        p_table, p_pk, p_column, p_expr, p_reason_expr);
    EXECUTE format(
        'UPDATE public.%1$I x SET %2$I = (%3$s) WHERE (%3$s)::text IS DISTINCT FROM x.%2$I::text',
        p_table, p_column, p_expr);
END $$;

CREATE OR REPLACE FUNCTION pg_temp.cicero_ensure_index(p_name text, p_def text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    cur text;
BEGIN
    SELECT indexdef INTO cur FROM pg_indexes WHERE schemaname = 'public' AND indexname = p_name;
    IF cur IS NOT NULL AND cur <> p_def THEN
        EXECUTE format('DROP INDEX public.%I', p_name);
        cur := NULL;
    END IF;
    IF cur IS NULL THEN
        EXECUTE p_def;
    END IF;
END $$;

-- 1. WhatsApp numbers of personnel and dashboard accounts. A legacy idx_user_whatsapp_unique
--    (fixture L3m) would reject the normalised duplicates: it is re-created in step 3.
DROP INDEX IF EXISTS idx_user_whatsapp_unique;
SELECT pg_temp.cicero_normalise('user', 'user_id', 'whatsapp', 'pg_temp.cicero_phone(x.whatsapp)',
    $r$CASE WHEN n.new_value = '' THEN 'invalid phone cleared' ELSE 'phone normalised' END$r$);
SELECT pg_temp.cicero_normalise('dashboard_user', 'dashboard_user_id', 'whatsapp', 'pg_temp.cicero_phone(x.whatsapp)',
    $r$CASE WHEN n.new_value = '' THEN 'invalid phone cleared' ELSE 'phone normalised' END$r$);

-- 2. Duplicate numbers: the oldest holder keeps it (NULL created_at last, ties -> smallest user_id).
CREATE TEMP TABLE cicero_whatsapp_losers ON COMMIT DROP AS
SELECT user_id, whatsapp FROM (
    SELECT user_id, whatsapp,
           row_number() OVER (PARTITION BY whatsapp ORDER BY created_at ASC NULLS LAST, user_id) AS rn
    FROM "user" WHERE whatsapp IS NOT NULL AND whatsapp <> ''
) ranked
WHERE rn > 1;
INSERT INTO migration_row_fix (version, table_name, row_key, column_name, old_value, new_value, reason)
SELECT 8, 'user', user_id, 'whatsapp', whatsapp, '', 'duplicate whatsapp' FROM cicero_whatsapp_losers
ON CONFLICT (version, table_name, row_key, column_name)
DO UPDATE SET new_value = EXCLUDED.new_value, reason = migration_row_fix.reason || '; ' || EXCLUDED.reason;
UPDATE "user" u SET whatsapp = '' FROM cicero_whatsapp_losers l WHERE u.user_id = l.user_id;
DROP TABLE cicero_whatsapp_losers;

-- 3. The unique index on personnel WhatsApp numbers.
SELECT pg_temp.cicero_ensure_index('idx_user_whatsapp_unique',
    'CREATE UNIQUE INDEX idx_user_whatsapp_unique ON public."user" USING btree (whatsapp) WHERE ((whatsapp IS NOT NULL) AND ((whatsapp)::text <> ''''::text))');

-- 4. Operator and super-admin phone lists.
SELECT pg_temp.cicero_normalise('clients', 'client_id', 'client_operator', 'pg_temp.cicero_phone_list(x.client_operator)',
    $r$CASE WHEN pg_temp.cicero_phone_list_ok(x.client_operator) THEN 'phone list normalised'
            ELSE 'phone list normalised; invalid elements kept' END$r$);
SELECT pg_temp.cicero_normalise('clients', 'client_id', 'client_super', 'pg_temp.cicero_phone_list(x.client_super)',
    $r$CASE WHEN pg_temp.cicero_phone_list_ok(x.client_super) THEN 'phone list normalised'
            ELSE 'phone list normalised; invalid elements kept' END$r$);

-- 5. E-mail addresses.
SELECT pg_temp.cicero_normalise('user', 'user_id', 'email', 'lower(btrim(x.email))', $r$'email lower-cased'$r$);

-- 6. Handles.
SELECT pg_temp.cicero_normalise('user', 'user_id', c.col, format('pg_temp.cicero_handle(x.%I, %L)', c.col, c.platform),
    format($r$CASE WHEN pg_temp.cicero_handle_ok(n.new_value, %L) THEN 'handle normalised'
                   ELSE 'handle normalised; fails the handle rule' END$r$, c.platform))
FROM (VALUES ('insta', 'instagram'), ('insta_2', 'instagram'), ('tiktok', 'tiktok'), ('tiktok_2', 'tiktok'))
    AS c (col, platform);
SELECT pg_temp.cicero_normalise('clients', 'client_id', c.col, format('pg_temp.cicero_handle(x.%I, %L)', c.col, c.platform),
    format($r$CASE WHEN pg_temp.cicero_handle_ok(n.new_value, %L) THEN 'handle normalised'
                   ELSE 'handle normalised; fails the handle rule' END$r$, c.platform))
FROM (VALUES ('client_insta', 'instagram'), ('client_tiktok', 'tiktok')) AS c (col, platform);

-- Values the rules could not fix are reported for review (old = new), once.
INSERT INTO migration_row_fix (version, table_name, row_key, column_name, old_value, new_value, reason)
SELECT 8, 'clients', c.client_id, l.col, l.val, l.val, 'phone list has invalid elements (kept)'
FROM clients c
CROSS JOIN LATERAL (VALUES ('client_operator', c.client_operator), ('client_super', c.client_super)) AS l (col, val)
WHERE NOT pg_temp.cicero_phone_list_ok(l.val)
ON CONFLICT (version, table_name, row_key, column_name) DO NOTHING;
INSERT INTO migration_row_fix (version, table_name, row_key, column_name, old_value, new_value, reason)
SELECT 8, 'user', u.user_id, h.col, h.val, h.val, 'handle fails the handle rule (kept)'
FROM "user" u
CROSS JOIN LATERAL (VALUES ('insta', u.insta, 'instagram'), ('insta_2', u.insta_2, 'instagram'),
                           ('tiktok', u.tiktok, 'tiktok'), ('tiktok_2', u.tiktok_2, 'tiktok')) AS h (col, val, platform)
WHERE NOT pg_temp.cicero_handle_ok(h.val, h.platform)
ON CONFLICT (version, table_name, row_key, column_name) DO NOTHING;
