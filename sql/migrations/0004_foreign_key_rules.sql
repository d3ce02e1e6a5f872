-- 0004 foreign-key rules (spec 50 DB-48, DB-2.4).
--
-- For every foreign key of a B.2 table whose delete/update rule (or name) differs from the
-- required one: drop it and re-create it with the required name, columns, target and rules (found
-- through pg_constraint, so legacy constraint names need not be known). Missing foreign keys are
-- added when no row violates them; otherwise they stay missing and become deferred items that
-- `cicero db upgrade` retries and `cicero db status` lists with the violating rows (DB-55).
-- Then every foreign key anywhere in the database that references a post table becomes
-- ON DELETE CASCADE, and every one that references "user" ON UPDATE CASCADE ON DELETE CASCADE,
-- legacy tables Cicero does not use included (DB-2.4).

DO $$
DECLARE
    r record;
    c record;
    matched boolean;
    violations bigint;
    col_num smallint;
    rules CONSTANT jsonb := '{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}';
BEGIN
    FOR r IN
        SELECT * FROM (VALUES
            ('clients', 'parent_client_id', 'clients', 'client_id', 'clients_parent_client_id_fkey', 'n', 'a'),
            ('access_request', 'client_id', 'clients', 'client_id', 'access_request_client_id_fkey', 'c', 'a'),
            ('dashboard_user', 'role_id', 'roles', 'role_id', 'dashboard_user_role_id_fkey', 'r', 'a'),
            ('insta_post', 'client_id', 'clients', 'client_id', 'insta_post_client_id_fkey', 'c', 'a'),
            ('insta_post_khusus', 'client_id', 'clients', 'client_id', 'insta_post_khusus_client_id_fkey', 'c', 'a'),
            ('instagram_user_metrics', 'user_id', 'instagram_user', 'user_id', 'instagram_user_metrics_user_id_fkey', 'c', 'a'),
            ('job_task', 'job_run_id', 'job_run', 'run_id', 'job_task_job_run_id_fkey', 'c', 'a'),
            ('satbinmas_official_accounts', 'client_id', 'clients', 'client_id', 'satbinmas_official_accounts_client_id_fkey', 'c', 'a'),
            ('tiktok_post', 'client_id', 'clients', 'client_id', 'tiktok_post_client_id_fkey', 'c', 'a'),
            ('user', 'client_id', 'clients', 'client_id', 'user_client_id_fkey', 'r', 'a'),
            ('wa_outbox', 'document_id', 'wa_outbox_document', 'document_id', 'wa_outbox_document_id_fkey', 'r', 'a'),
            ('dashboard_password_resets', 'dashboard_user_id', 'dashboard_user', 'dashboard_user_id', 'dashboard_password_resets_dashboard_user_id_fkey', 'c', 'a'),
            ('dashboard_premium_request', 'client_id', 'clients', 'client_id', 'dashboard_premium_request_client_id_fkey', 'n', 'a'),
            ('dashboard_premium_request', 'dashboard_user_id', 'dashboard_user', 'dashboard_user_id', 'dashboard_premium_request_dashboard_user_id_fkey', 'c', 'a'),
            ('dashboard_user_clients', 'client_id', 'clients', 'client_id', 'dashboard_user_clients_client_id_fkey', 'c', 'a'),
            ('dashboard_user_clients', 'dashboard_user_id', 'dashboard_user', 'dashboard_user_id', 'dashboard_user_clients_dashboard_user_id_fkey', 'c', 'a'),
            ('dashboard_user_subscriptions', 'dashboard_user_id', 'dashboard_user', 'dashboard_user_id', 'dashboard_user_subscriptions_dashboard_user_id_fkey', 'c', 'a'),
            ('ig_ext_posts', 'shortcode', 'insta_post', 'shortcode', 'ig_ext_posts_shortcode_fkey', 'c', 'a'),
            ('ig_ext_posts', 'user_id', 'ig_ext_users', 'user_id', 'ig_ext_posts_user_id_fkey', 'a', 'a'),
            ('insta_comment', 'shortcode', 'insta_post', 'shortcode', 'insta_comment_shortcode_fkey', 'c', 'a'),
            ('insta_like', 'shortcode', 'insta_post', 'shortcode', 'insta_like_shortcode_fkey', 'c', 'a'),
            ('insta_like_audit', 'shortcode', 'insta_post', 'shortcode', 'insta_like_audit_shortcode_fkey', 'c', 'a'),
            ('insta_post_clients', 'shortcode', 'insta_post', 'shortcode', 'insta_post_clients_shortcode_fkey', 'c', 'a'),
            ('insta_post_roles', 'shortcode', 'insta_post', 'shortcode', 'insta_post_roles_shortcode_fkey', 'c', 'a'),
            ('link_report', 'shortcode', 'insta_post', 'shortcode', 'link_report_shortcode_fkey', 'c', 'a'),
            ('link_report', 'user_id', 'user', 'user_id', 'link_report_user_id_fkey', 'c', 'c'),
            ('link_report_khusus', 'shortcode', 'insta_post_khusus', 'shortcode', 'link_report_khusus_shortcode_fkey', 'c', 'a'),
            ('link_report_khusus', 'user_id', 'user', 'user_id', 'link_report_khusus_user_id_fkey', 'c', 'c'),
            ('premium_request', 'user_id', 'user', 'user_id', 'premium_request_user_id_fkey', 'c', 'c'),
            ('satbinmas_official_media', 'client_id', 'clients', 'client_id', 'satbinmas_official_media_client_id_fkey', 'c', 'a'),
            ('satbinmas_official_media', 'satbinmas_account_id', 'satbinmas_official_accounts', 'satbinmas_account_id', 'satbinmas_official_media_satbinmas_account_id_fkey', 'c', 'a'),
            ('tiktok_comment', 'video_id', 'tiktok_post', 'video_id', 'tiktok_comment_video_id_fkey', 'c', 'a'),
            ('tiktok_comment_audit', 'video_id', 'tiktok_post', 'video_id', 'tiktok_comment_audit_video_id_fkey', 'c', 'a'),
            ('tiktok_post_roles', 'video_id', 'tiktok_post', 'video_id', 'tiktok_post_roles_video_id_fkey', 'c', 'a'),
            ('user_roles', 'role_id', 'roles', 'role_id', 'user_roles_role_id_fkey', 'c', 'a'),
            ('user_roles', 'user_id', 'user', 'user_id', 'user_roles_user_id_fkey', 'c', 'c'),
            ('dashboard_premium_request_audit', 'dashboard_user_id', 'dashboard_user', 'dashboard_user_id', 'dashboard_premium_request_audit_dashboard_user_id_fkey', 'n', 'a'),
            ('dashboard_premium_request_audit', 'request_id', 'dashboard_premium_request', 'request_id', 'dashboard_premium_request_audit_request_id_fkey', 'c', 'a'),
            ('ig_ext_hashtags', 'post_id', 'ig_ext_posts', 'post_id', 'ig_ext_hashtags_post_id_fkey', 'c', 'a'),
            ('ig_ext_media_items', 'post_id', 'ig_ext_posts', 'post_id', 'ig_ext_media_items_post_id_fkey', 'c', 'a'),
            ('ig_post_comments', 'post_id', 'ig_ext_posts', 'post_id', 'ig_post_comments_post_id_fkey', 'c', 'a'),
            ('ig_post_comments', 'user_id', 'ig_ext_users', 'user_id', 'ig_post_comments_user_id_fkey', 'a', 'a'),
            ('ig_post_like_users', 'post_id', 'ig_ext_posts', 'post_id', 'ig_post_like_users_post_id_fkey', 'c', 'a'),
            ('ig_post_like_users', 'user_id', 'ig_ext_users', 'user_id', 'ig_post_like_users_user_id_fkey', 'a', 'a'),
            ('ig_post_metrics', 'post_id', 'ig_ext_posts', 'post_id', 'ig_post_metrics_post_id_fkey', 'c', 'a'),
            ('ig_ext_tagged_users', 'media_id', 'ig_ext_media_items', 'media_id', 'ig_ext_tagged_users_media_id_fkey', 'c', 'a'),
            ('ig_ext_tagged_users', 'user_id', 'ig_ext_users', 'user_id', 'ig_ext_tagged_users_user_id_fkey', 'a', 'a')
        ) AS v (tbl, col, reftbl, refcol, conname, del, upd)
    LOOP
        CONTINUE WHEN to_regclass(format('public.%I', r.tbl)) IS NULL
                   OR to_regclass(format('public.%I', r.reftbl)) IS NULL;
        SELECT attnum INTO col_num FROM pg_attribute
        WHERE attrelid = format('public.%I', r.tbl)::regclass AND attname = r.col AND NOT attisdropped;
        CONTINUE WHEN col_num IS NULL;
        matched := FALSE;
        FOR c IN
            SELECT con.conname, con.confdeltype::text AS del, con.confupdtype::text AS upd
            FROM pg_constraint con
            WHERE con.contype = 'f' AND con.conrelid = format('public.%I', r.tbl)::regclass
              AND con.confrelid = format('public.%I', r.reftbl)::regclass AND con.conkey = ARRAY[col_num]
            ORDER BY (con.conname = r.conname) DESC, con.conname
        LOOP
            IF matched THEN
                -- A second copy of the same foreign key (legacy duplicates): one is enough.
                EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', r.tbl, c.conname);
            ELSIF c.del <> r.del OR c.upd <> r.upd THEN
                EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', r.tbl, c.conname);
                EXECUTE format(
                    'ALTER TABLE public.%I ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES public.%I (%I) ON DELETE %s ON UPDATE %s',
                    r.tbl, r.conname, r.col, r.reftbl, r.refcol, rules ->> r.del, rules ->> r.upd);
            ELSIF c.conname <> r.conname THEN
                EXECUTE format('ALTER TABLE public.%I RENAME CONSTRAINT %I TO %I', r.tbl, c.conname, r.conname);
            END IF;
            matched := TRUE;
        END LOOP;
        IF NOT matched THEN
            EXECUTE format(
                'SELECT count(*) FROM public.%I t WHERE t.%I IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM public.%I p WHERE p.%I = t.%I)',
                r.tbl, r.col, r.reftbl, r.refcol, r.col) INTO violations;
            IF violations = 0 THEN
                EXECUTE format(
                    'ALTER TABLE public.%I ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES public.%I (%I) ON DELETE %s ON UPDATE %s',
                    r.tbl, r.conname, r.col, r.reftbl, r.refcol, rules ->> r.del, rules ->> r.upd);
            END IF;
        END IF;
    END LOOP;

    -- DB-2.4 for every other foreign key that references a post table or "user".
    FOR c IN
        SELECT con.conname, t.relname AS tbl, rt.relname AS reftbl, con.confupdtype::text AS upd,
               con.confdeltype::text AS del,
               (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
                FROM unnest(con.conkey) WITH ORDINALITY AS k (num, ord)
                JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num) AS cols,
               (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
                FROM unnest(con.confkey) WITH ORDINALITY AS k (num, ord)
                JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num) AS refcols
        FROM pg_constraint con
        JOIN pg_class t ON t.oid = con.conrelid
        JOIN pg_class rt ON rt.oid = con.confrelid
        JOIN pg_namespace n ON n.oid = rt.relnamespace
        WHERE con.contype = 'f' AND n.nspname = 'public'
          AND rt.relname IN ('insta_post', 'insta_post_khusus', 'tiktok_post', 'user')
    LOOP
        IF c.del <> 'c' OR (c.reftbl = 'user' AND c.upd <> 'c') THEN
            EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', c.tbl, c.conname);
            EXECUTE format(
                'ALTER TABLE public.%I ADD CONSTRAINT %I FOREIGN KEY (%s) REFERENCES public.%I (%s) ON DELETE CASCADE ON UPDATE %s',
                c.tbl, c.conname, c.cols, c.reftbl, c.refcols,
                CASE WHEN c.reftbl = 'user' THEN 'CASCADE' ELSE rules ->> c.upd END);
        END IF;
    END LOOP;
END $$;
