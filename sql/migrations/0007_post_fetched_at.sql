-- 0007 post fetched_at (spec 50 DB-51).
--
-- fetched_at on the three post tables, backfilled from the (corrected) created_at, then the
-- indexes of DB-14 and DB-15; an index of the same name whose definition differs is re-created.

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

DO $$
DECLARE
    t record;
    existed boolean;
BEGIN
    FOR t IN
        SELECT * FROM (VALUES
            ('insta_post', 'shortcode'), ('insta_post_khusus', 'shortcode'), ('tiktok_post', 'video_id')
        ) AS v (tbl, pk)
    LOOP
        existed := EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public'
                           AND table_name = t.tbl AND column_name = 'fetched_at');
        IF NOT existed THEN
            EXECUTE format('ALTER TABLE public.%I ADD COLUMN fetched_at TIMESTAMPTZ', t.tbl);
        ELSE
            -- Filling an existing column's gaps changes values: log them (DB-40.4).
            EXECUTE format(
                'INSERT INTO migration_row_fix (version, table_name, row_key, column_name, old_value, new_value, reason)
                 SELECT 7, %1$L, x.%2$I::text, ''fetched_at'', NULL,
                        COALESCE(x.created_at AT TIME ZONE ''UTC'', NOW())::text, ''fetched_at missing''
                 FROM public.%1$I x WHERE x.fetched_at IS NULL
                 ON CONFLICT (version, table_name, row_key, column_name) DO NOTHING',
                t.tbl, t.pk);
        END IF;
        EXECUTE format(
            'UPDATE public.%I SET fetched_at = COALESCE(created_at AT TIME ZONE ''UTC'', NOW()) WHERE fetched_at IS NULL',
            t.tbl);
        EXECUTE format('ALTER TABLE public.%I ALTER COLUMN fetched_at SET DEFAULT NOW()', t.tbl);
        EXECUTE format('ALTER TABLE public.%I ALTER COLUMN fetched_at SET NOT NULL', t.tbl);
    END LOOP;
END $$;

SELECT pg_temp.cicero_ensure_index('insta_post_client_source_type_created_idx',
    'CREATE INDEX insta_post_client_source_type_created_idx ON public.insta_post USING btree (lower(TRIM(BOTH FROM client_id)), source_type, created_at)');
SELECT pg_temp.cicero_ensure_index('idx_insta_post_client_fetched_at',
    'CREATE INDEX idx_insta_post_client_fetched_at ON public.insta_post USING btree (lower(TRIM(BOTH FROM client_id)), fetched_at)');
SELECT pg_temp.cicero_ensure_index('idx_insta_post_fetched_at',
    'CREATE INDEX idx_insta_post_fetched_at ON public.insta_post USING btree (fetched_at)');
SELECT pg_temp.cicero_ensure_index('idx_insta_post_created_at',
    'CREATE INDEX idx_insta_post_created_at ON public.insta_post USING btree (created_at)');
SELECT pg_temp.cicero_ensure_index('insta_post_khusus_client_source_type_created_idx',
    'CREATE INDEX insta_post_khusus_client_source_type_created_idx ON public.insta_post_khusus USING btree (lower(TRIM(BOTH FROM client_id)), source_type, created_at)');
SELECT pg_temp.cicero_ensure_index('idx_insta_post_khusus_client_fetched_at',
    'CREATE INDEX idx_insta_post_khusus_client_fetched_at ON public.insta_post_khusus USING btree (lower(TRIM(BOTH FROM client_id)), fetched_at)');
SELECT pg_temp.cicero_ensure_index('idx_insta_post_khusus_fetched_at',
    'CREATE INDEX idx_insta_post_khusus_fetched_at ON public.insta_post_khusus USING btree (fetched_at)');
SELECT pg_temp.cicero_ensure_index('idx_insta_post_khusus_created_at',
    'CREATE INDEX idx_insta_post_khusus_created_at ON public.insta_post_khusus USING btree (created_at)');
SELECT pg_temp.cicero_ensure_index('tiktok_post_client_source_type_created_idx',
    'CREATE INDEX tiktok_post_client_source_type_created_idx ON public.tiktok_post USING btree (lower(TRIM(BOTH FROM client_id)), source_type, created_at)');
SELECT pg_temp.cicero_ensure_index('idx_tiktok_post_created_at',
    'CREATE INDEX idx_tiktok_post_created_at ON public.tiktok_post USING btree (created_at)');
