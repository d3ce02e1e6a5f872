-- 0005 post provenance (spec 50 DB-49; spec/README.md decision 6).
--
-- On insta_post, insta_post_khusus, tiktok_post, in this order: created_at TIMESTAMPTZ -> TS of
-- UTC wall time; source_type and original_created_at added; every source_type normalised to
-- cron_fetch / manual_input (legacy manual_fetch and friends -> manual_input); then default,
-- NOT NULL and CHECK; NULL created_at filled. Every changed value is logged in migration_row_fix.

CREATE OR REPLACE FUNCTION pg_temp.cicero_has_column(p_table text, p_column text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = p_table AND column_name = p_column
    )
$$;

DO $$
DECLARE
    t record;
    manual_expr text;
    v_expr text;
    check_def text;
    cur_def text;
BEGIN
    FOR t IN
        SELECT * FROM (VALUES
            ('insta_post', 'shortcode'), ('insta_post_khusus', 'shortcode'), ('tiktok_post', 'video_id')
        ) AS v (tbl, pk)
    LOOP
        -- 1. A created_at written as TIMESTAMPTZ by the legacy fetch service becomes UTC wall time.
        IF (SELECT data_type FROM information_schema.columns WHERE table_schema = 'public'
            AND table_name = t.tbl AND column_name = 'created_at') = 'timestamp with time zone' THEN
            EXECUTE format('ALTER TABLE public.%I ALTER COLUMN created_at DROP DEFAULT', t.tbl);
            EXECUTE format(
                'ALTER TABLE public.%I ALTER COLUMN created_at TYPE TIMESTAMP USING created_at AT TIME ZONE ''UTC''',
                t.tbl);
        END IF;

        -- 2. The provenance columns.
        EXECUTE format('ALTER TABLE public.%I ADD COLUMN IF NOT EXISTS source_type VARCHAR(20)', t.tbl);
        EXECUTE format('ALTER TABLE public.%I ADD COLUMN IF NOT EXISTS original_created_at TIMESTAMPTZ', t.tbl);

        -- 3. Normalise every row; only rows whose value changes are updated and logged.
        v_expr := 'regexp_replace(lower(btrim(COALESCE(x.source_type::text, ''''))), ''[\s-]+'', ''_'', ''g'')';
        manual_expr := v_expr || ' LIKE ''manual%''';
        IF pg_temp.cicero_has_column(t.tbl, 'source') THEN
            manual_expr := manual_expr || ' OR lower(btrim(x.source::text)) = ''manual''';
        END IF;
        IF pg_temp.cicero_has_column(t.tbl, 'task_source') THEN
            manual_expr := manual_expr || ' OR x.task_source::text = ''broadcast_wa''';
        END IF;
        EXECUTE format(
            'CREATE TEMP TABLE cicero_source_fix ON COMMIT DROP AS
             SELECT x.%1$I::text AS pk, x.source_type::text AS old_value,
                    CASE WHEN %2$s THEN ''manual_input'' ELSE ''cron_fetch'' END AS new_value,
                    %3$s AS v
             FROM public.%4$I x',
            t.pk, manual_expr, v_expr, t.tbl);
        DELETE FROM cicero_source_fix WHERE old_value IS NOT DISTINCT FROM new_value;
        INSERT INTO migration_row_fix (version, table_name, row_key, column_name, old_value, new_value, reason)
        SELECT 5, t.tbl, f.pk, 'source_type', f.old_value, f.new_value,
               CASE WHEN f.v <> '' AND f.v NOT LIKE 'manual%' AND f.v NOT IN ('cron_fetch', 'cron')
                    THEN 'unknown source_type' ELSE 'normalise source_type' END
        FROM cicero_source_fix f
        ON CONFLICT (version, table_name, row_key, column_name) DO NOTHING;
        EXECUTE format(
            'UPDATE public.%1$I x SET source_type = f.new_value FROM cicero_source_fix f WHERE x.%2$I::text = f.pk',
            t.tbl, t.pk);
        DROP TABLE cicero_source_fix;

        -- A TEXT source_type (legacy tiktok_post) becomes VARCHAR(20) once every value is short.
        IF (SELECT data_type FROM information_schema.columns WHERE table_schema = 'public'
            AND table_name = t.tbl AND column_name = 'source_type') <> 'character varying'
           OR (SELECT character_maximum_length FROM information_schema.columns WHERE table_schema = 'public'
               AND table_name = t.tbl AND column_name = 'source_type') IS DISTINCT FROM 20 THEN
            EXECUTE format('ALTER TABLE public.%I ALTER COLUMN source_type TYPE VARCHAR(20)', t.tbl);
        END IF;

        -- 4. Default, NOT NULL and the CHECK (a same-named CHECK with another definition is replaced).
        EXECUTE format('ALTER TABLE public.%I ALTER COLUMN source_type SET DEFAULT ''cron_fetch''', t.tbl);
        EXECUTE format('ALTER TABLE public.%I ALTER COLUMN source_type SET NOT NULL', t.tbl);
        check_def := 'CHECK (((source_type)::text = ANY ((ARRAY[''cron_fetch''::character varying, '
                     '''manual_input''::character varying])::text[])))';
        SELECT pg_get_constraintdef(oid) INTO cur_def FROM pg_constraint
        WHERE conrelid = format('public.%I', t.tbl)::regclass AND conname = t.tbl || '_source_type_check';
        IF cur_def IS NOT NULL AND cur_def <> check_def THEN
            EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', t.tbl, t.tbl || '_source_type_check');
            cur_def := NULL;
        END IF;
        IF cur_def IS NULL THEN
            EXECUTE format(
                'ALTER TABLE public.%I ADD CONSTRAINT %I CHECK (source_type IN (''cron_fetch'', ''manual_input''))',
                t.tbl, t.tbl || '_source_type_check');
        END IF;

        -- 5. created_at NULL -> publish time, else now (UTC wall time); then NOT NULL and default.
        EXECUTE format(
            'INSERT INTO migration_row_fix (version, table_name, row_key, column_name, old_value, new_value, reason)
             SELECT 5, %1$L, x.%2$I::text, ''created_at'', NULL,
                    COALESCE(x.original_created_at AT TIME ZONE ''UTC'', NOW() AT TIME ZONE ''UTC'')::text,
                    ''created_at missing''
             FROM public.%1$I x WHERE x.created_at IS NULL
             ON CONFLICT (version, table_name, row_key, column_name) DO NOTHING',
            t.tbl, t.pk);
        EXECUTE format(
            'UPDATE public.%I SET created_at = COALESCE(original_created_at AT TIME ZONE ''UTC'', NOW() AT TIME ZONE ''UTC'')
             WHERE created_at IS NULL', t.tbl);
        EXECUTE format('ALTER TABLE public.%I ALTER COLUMN created_at SET NOT NULL', t.tbl);
        EXECUTE format('ALTER TABLE public.%I ALTER COLUMN created_at SET DEFAULT (NOW() AT TIME ZONE ''UTC'')', t.tbl);
    END LOOP;
END $$;
