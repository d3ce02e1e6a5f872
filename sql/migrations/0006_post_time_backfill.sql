-- 0006 post time backfill (spec 50 DB-50; spec/README.md decision 6).
--
-- Runs on normalised source types (0005). Every change is logged in migration_row_fix, and rows
-- already logged for this version are skipped, so a second run never shifts a row again.

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['insta_post', 'insta_post_khusus'] LOOP
        -- 1. Manual rows stored 7 hours early by the legacy time-zone bug. The lower bound
        --    (13 h) is ours (fixed): a larger gap cannot come from a 7-hour shift.
        EXECUTE format(
            'CREATE TEMP TABLE cicero_time_fix ON COMMIT DROP AS
             SELECT p.shortcode::text AS pk, p.created_at AS old_value,
                    p.created_at + INTERVAL ''7 hours'' AS new_value,
                    ''manual created_at shifted 7 hours early''::text AS reason
             FROM public.%1$I p
             WHERE p.source_type = ''manual_input'' AND p.created_at IS NOT NULL
               AND p.original_created_at IS NOT NULL
               AND (p.original_created_at AT TIME ZONE ''UTC'') - INTERVAL ''13 hours'' < p.created_at
               AND p.created_at <= (p.original_created_at AT TIME ZONE ''UTC'') - INTERVAL ''6 hours''
               AND NOT EXISTS (SELECT 1 FROM migration_row_fix f WHERE f.version = 6 AND f.table_name = %1$L
                               AND f.row_key = p.shortcode::text AND f.column_name = ''created_at'')
             UNION ALL
             -- 2. Cron rows carry the platform publish time (legacy releases wrote the fetch time).
             SELECT p.shortcode::text, p.created_at, p.original_created_at AT TIME ZONE ''UTC'',
                    ''cron created_at set to publish time''
             FROM public.%1$I p
             WHERE p.source_type = ''cron_fetch'' AND p.original_created_at IS NOT NULL
               AND p.created_at IS DISTINCT FROM (p.original_created_at AT TIME ZONE ''UTC'')
               AND NOT EXISTS (SELECT 1 FROM migration_row_fix f WHERE f.version = 6 AND f.table_name = %1$L
                               AND f.row_key = p.shortcode::text AND f.column_name = ''created_at'')',
            t);
        INSERT INTO migration_row_fix (version, table_name, row_key, column_name, old_value, new_value, reason)
        SELECT 6, t, f.pk, 'created_at', f.old_value::text, f.new_value::text, f.reason
        FROM cicero_time_fix f
        ON CONFLICT (version, table_name, row_key, column_name) DO NOTHING;
        EXECUTE format(
            'UPDATE public.%I p SET created_at = f.new_value FROM cicero_time_fix f WHERE p.shortcode::text = f.pk', t);
        DROP TABLE cicero_time_fix;
    END LOOP;
END $$;

-- 3. TikTok cron rows whose publish time a legacy fetcher nulled.
INSERT INTO migration_row_fix (version, table_name, row_key, column_name, old_value, new_value, reason)
SELECT 6, 'tiktok_post', p.video_id, 'original_created_at', NULL, (p.created_at AT TIME ZONE 'UTC')::text,
       'original_created_at from created_at'
FROM tiktok_post p
WHERE p.source_type = 'cron_fetch' AND p.original_created_at IS NULL AND p.created_at IS NOT NULL
ON CONFLICT (version, table_name, row_key, column_name) DO NOTHING;
UPDATE tiktok_post SET original_created_at = created_at AT TIME ZONE 'UTC'
WHERE source_type = 'cron_fetch' AND original_created_at IS NULL AND created_at IS NOT NULL;
