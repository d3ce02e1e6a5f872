-- 0009 indexes, defaults, seeds (spec 50 DB-53).
--
-- The remaining indexes of B.2 (an index of the same name whose definition differs is
-- re-created); every column aligned with B.2 where a legacy variant differs (type variants such as
-- VARCHAR <-> TEXT, defaults such as NOW() -> (NOW() AT TIME ZONE 'UTC') on TS columns,
-- nullability where the data allows); the cron_job_config seeds of 40-jobs-delivery.md JOB-5/JOB-6,
-- copying is_active from the first existing legacy row of each job.
-- The unique indexes of DB-55 are not created here: the runner's deferred step does that.

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

-- Columns: type, default, nullability as B.2 states them (generated from sql/schema.sql).
DO $$
DECLARE
    r record;
    cur record;
    has_nulls boolean;
BEGIN
    FOR r IN
        SELECT * FROM (VALUES
            ('access_request', 'request_id', 'bigint', TRUE, NULL),
            ('access_request', 'phone', 'character varying', TRUE, NULL),
            ('access_request', 'requested_role', 'character varying(20)', TRUE, NULL),
            ('access_request', 'client_id', 'character varying', TRUE, NULL),
            ('access_request', 'status', 'character varying(16)', TRUE, '''pending''::character varying'),
            ('access_request', 'requested_at', 'timestamp with time zone', TRUE, 'now()'),
            ('access_request', 'decided_at', 'timestamp with time zone', FALSE, NULL),
            ('access_request', 'decided_by', 'text', FALSE, NULL),
            ('access_request', 'note', 'text', FALSE, NULL),
            ('audit_log', 'audit_id', 'bigint', TRUE, NULL),
            ('audit_log', 'occurred_at', 'timestamp with time zone', TRUE, 'now()'),
            ('audit_log', 'actor_kind', 'character varying(20)', TRUE, NULL),
            ('audit_log', 'actor_id', 'text', FALSE, NULL),
            ('audit_log', 'channel', 'character varying(16)', TRUE, NULL),
            ('audit_log', 'action', 'text', TRUE, NULL),
            ('audit_log', 'target_type', 'text', TRUE, NULL),
            ('audit_log', 'target_id', 'text', TRUE, NULL),
            ('audit_log', 'changes', 'jsonb', FALSE, NULL),
            ('audit_log', 'request_id', 'text', FALSE, NULL),
            ('clients', 'client_id', 'character varying', TRUE, NULL),
            ('clients', 'nama', 'character varying', TRUE, NULL),
            ('clients', 'client_type', 'character varying', FALSE, NULL),
            ('clients', 'client_status', 'boolean', FALSE, 'true'),
            ('clients', 'client_insta', 'character varying', FALSE, NULL),
            ('clients', 'client_insta_status', 'boolean', FALSE, 'true'),
            ('clients', 'client_tiktok', 'character varying', FALSE, NULL),
            ('clients', 'client_tiktok_status', 'boolean', FALSE, 'true'),
            ('clients', 'client_amplify_status', 'boolean', FALSE, 'true'),
            ('clients', 'client_operator', 'character varying', FALSE, NULL),
            ('clients', 'client_group', 'character varying', FALSE, NULL),
            ('clients', 'regional_id', 'character varying', FALSE, NULL),
            ('clients', 'parent_client_id', 'character varying', FALSE, NULL),
            ('clients', 'client_level', 'character varying', FALSE, NULL),
            ('clients', 'tiktok_secuid', 'character varying', FALSE, NULL),
            ('clients', 'client_super', 'character varying', FALSE, NULL),
            ('clients', 'switch_satik', 'boolean', FALSE, 'false'),
            ('clients', 'created_at', 'timestamp with time zone', FALSE, 'now()'),
            ('clients', 'updated_at', 'timestamp with time zone', FALSE, 'now()'),
            ('cron_job_config', 'job_key', 'text', TRUE, NULL),
            ('cron_job_config', 'display_name', 'text', TRUE, NULL),
            ('cron_job_config', 'is_active', 'boolean', TRUE, 'true'),
            ('cron_job_config', 'created_at', 'timestamp with time zone', FALSE, 'now()'),
            ('cron_job_config', 'updated_at', 'timestamp with time zone', FALSE, 'now()'),
            ('dashboard_password_resets', 'reset_id', 'uuid', TRUE, 'gen_random_uuid()'),
            ('dashboard_password_resets', 'dashboard_user_id', 'uuid', FALSE, NULL),
            ('dashboard_password_resets', 'delivery_target', 'text', TRUE, NULL),
            ('dashboard_password_resets', 'reset_token', 'text', TRUE, NULL),
            ('dashboard_password_resets', 'expires_at', 'timestamp with time zone', TRUE, NULL),
            ('dashboard_password_resets', 'used_at', 'timestamp with time zone', FALSE, NULL),
            ('dashboard_password_resets', 'created_at', 'timestamp with time zone', FALSE, 'now()'),
            ('dashboard_password_resets', 'updated_at', 'timestamp with time zone', FALSE, 'now()'),
            ('dashboard_premium_request', 'request_id', 'integer', TRUE, NULL),
            ('dashboard_premium_request', 'request_token', 'uuid', TRUE, 'gen_random_uuid()'),
            ('dashboard_premium_request', 'dashboard_user_id', 'uuid', TRUE, NULL),
            ('dashboard_premium_request', 'client_id', 'character varying', FALSE, NULL),
            ('dashboard_premium_request', 'username', 'text', TRUE, NULL),
            ('dashboard_premium_request', 'whatsapp', 'text', FALSE, NULL),
            ('dashboard_premium_request', 'bank_name', 'text', TRUE, NULL),
            ('dashboard_premium_request', 'account_number', 'text', TRUE, NULL),
            ('dashboard_premium_request', 'sender_name', 'text', TRUE, NULL),
            ('dashboard_premium_request', 'transfer_amount', 'numeric', FALSE, NULL),
            ('dashboard_premium_request', 'premium_tier', 'text', FALSE, NULL),
            ('dashboard_premium_request', 'proof_url', 'text', FALSE, NULL),
            ('dashboard_premium_request', 'subscription_expires_at', 'timestamp with time zone', FALSE, NULL),
            ('dashboard_premium_request', 'status', 'character varying(20)', TRUE, '''pending''::character varying'),
            ('dashboard_premium_request', 'expired_at', 'timestamp with time zone', FALSE, NULL),
            ('dashboard_premium_request', 'responded_at', 'timestamp with time zone', FALSE, NULL),
            ('dashboard_premium_request', 'admin_whatsapp', 'text', FALSE, NULL),
            ('dashboard_premium_request', 'metadata', 'jsonb', TRUE, '''{}''::jsonb'),
            ('dashboard_premium_request', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('dashboard_premium_request', 'updated_at', 'timestamp with time zone', TRUE, 'now()'),
            ('dashboard_premium_request_audit', 'audit_id', 'bigint', TRUE, NULL),
            ('dashboard_premium_request_audit', 'request_id', 'integer', TRUE, NULL),
            ('dashboard_premium_request_audit', 'dashboard_user_id', 'uuid', FALSE, NULL),
            ('dashboard_premium_request_audit', 'action', 'text', TRUE, NULL),
            ('dashboard_premium_request_audit', 'actor', 'text', TRUE, NULL),
            ('dashboard_premium_request_audit', 'note', 'text', FALSE, NULL),
            ('dashboard_premium_request_audit', 'status_from', 'text', FALSE, NULL),
            ('dashboard_premium_request_audit', 'status_to', 'text', FALSE, NULL),
            ('dashboard_premium_request_audit', 'admin_whatsapp', 'text', FALSE, NULL),
            ('dashboard_premium_request_audit', 'metadata', 'jsonb', FALSE, NULL),
            ('dashboard_premium_request_audit', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('dashboard_premium_request_audit', 'updated_at', 'timestamp with time zone', TRUE, 'now()'),
            ('dashboard_user', 'dashboard_user_id', 'uuid', TRUE, 'gen_random_uuid()'),
            ('dashboard_user', 'username', 'text', TRUE, NULL),
            ('dashboard_user', 'password_hash', 'text', TRUE, NULL),
            ('dashboard_user', 'role_id', 'integer', TRUE, NULL),
            ('dashboard_user', 'status', 'boolean', FALSE, 'true'),
            ('dashboard_user', 'whatsapp', 'character varying', FALSE, NULL),
            ('dashboard_user', 'premium_status', 'boolean', FALSE, 'false'),
            ('dashboard_user', 'premium_tier', 'text', FALSE, NULL),
            ('dashboard_user', 'premium_expires_at', 'timestamp with time zone', FALSE, NULL),
            ('dashboard_user', 'last_login_at', 'timestamp with time zone', FALSE, NULL),
            ('dashboard_user', 'password_changed_at', 'timestamp with time zone', FALSE, NULL),
            ('dashboard_user', 'created_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('dashboard_user', 'updated_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('dashboard_user_clients', 'dashboard_user_id', 'uuid', TRUE, NULL),
            ('dashboard_user_clients', 'client_id', 'character varying', TRUE, NULL),
            ('dashboard_user_subscriptions', 'subscription_id', 'uuid', TRUE, 'gen_random_uuid()'),
            ('dashboard_user_subscriptions', 'dashboard_user_id', 'uuid', TRUE, NULL),
            ('dashboard_user_subscriptions', 'tier', 'text', TRUE, NULL),
            ('dashboard_user_subscriptions', 'status', 'text', TRUE, NULL),
            ('dashboard_user_subscriptions', 'started_at', 'timestamp with time zone', TRUE, 'now()'),
            ('dashboard_user_subscriptions', 'expires_at', 'timestamp with time zone', TRUE, NULL),
            ('dashboard_user_subscriptions', 'canceled_at', 'timestamp with time zone', FALSE, NULL),
            ('dashboard_user_subscriptions', 'metadata', 'jsonb', FALSE, NULL),
            ('email_outbox', 'email_id', 'bigint', TRUE, NULL),
            ('email_outbox', 'to_address', 'text', TRUE, NULL),
            ('email_outbox', 'subject', 'text', TRUE, NULL),
            ('email_outbox', 'body_text', 'text', TRUE, NULL),
            ('email_outbox', 'idempotency_key', 'text', TRUE, NULL),
            ('email_outbox', 'origin', 'text', TRUE, NULL),
            ('email_outbox', 'status', 'text', TRUE, '''pending''::text'),
            ('email_outbox', 'attempt_count', 'integer', TRUE, '0'),
            ('email_outbox', 'max_attempts', 'integer', TRUE, '5'),
            ('email_outbox', 'next_attempt_at', 'timestamp with time zone', TRUE, 'now()'),
            ('email_outbox', 'claimed_at', 'timestamp with time zone', FALSE, NULL),
            ('email_outbox', 'last_error', 'text', FALSE, NULL),
            ('email_outbox', 'sent_at', 'timestamp with time zone', FALSE, NULL),
            ('email_outbox', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('email_outbox', 'updated_at', 'timestamp with time zone', TRUE, 'now()'),
            ('ig_ext_hashtags', 'post_id', 'character varying(50)', TRUE, NULL),
            ('ig_ext_hashtags', 'hashtag', 'character varying(100)', TRUE, NULL),
            ('ig_ext_media_items', 'media_id', 'character varying(50)', TRUE, NULL),
            ('ig_ext_media_items', 'post_id', 'character varying(50)', FALSE, NULL),
            ('ig_ext_media_items', 'media_type', 'integer', FALSE, NULL),
            ('ig_ext_media_items', 'is_video', 'boolean', FALSE, NULL),
            ('ig_ext_media_items', 'original_width', 'integer', FALSE, NULL),
            ('ig_ext_media_items', 'original_height', 'integer', FALSE, NULL),
            ('ig_ext_media_items', 'image_url', 'text', FALSE, NULL),
            ('ig_ext_media_items', 'video_url', 'text', FALSE, NULL),
            ('ig_ext_media_items', 'video_duration', 'real', FALSE, NULL),
            ('ig_ext_media_items', 'thumbnail_url', 'text', FALSE, NULL),
            ('ig_ext_posts', 'post_id', 'character varying(50)', TRUE, NULL),
            ('ig_ext_posts', 'shortcode', 'character varying(50)', FALSE, NULL),
            ('ig_ext_posts', 'user_id', 'character varying(50)', FALSE, NULL),
            ('ig_ext_posts', 'caption_text', 'text', FALSE, NULL),
            ('ig_ext_posts', 'created_at', 'timestamp without time zone', FALSE, NULL),
            ('ig_ext_posts', 'like_count', 'integer', FALSE, NULL),
            ('ig_ext_posts', 'comment_count', 'integer', FALSE, NULL),
            ('ig_ext_posts', 'is_video', 'boolean', FALSE, NULL),
            ('ig_ext_posts', 'media_type', 'integer', FALSE, NULL),
            ('ig_ext_posts', 'is_pinned', 'boolean', FALSE, NULL),
            ('ig_ext_tagged_users', 'media_id', 'character varying(50)', TRUE, NULL),
            ('ig_ext_tagged_users', 'user_id', 'character varying(50)', TRUE, NULL),
            ('ig_ext_tagged_users', 'x', 'real', FALSE, NULL),
            ('ig_ext_tagged_users', 'y', 'real', FALSE, NULL),
            ('ig_ext_users', 'user_id', 'character varying(50)', TRUE, NULL),
            ('ig_ext_users', 'username', 'character varying(100)', TRUE, NULL),
            ('ig_ext_users', 'full_name', 'character varying(100)', FALSE, NULL),
            ('ig_ext_users', 'is_private', 'boolean', FALSE, NULL),
            ('ig_ext_users', 'is_verified', 'boolean', FALSE, NULL),
            ('ig_ext_users', 'profile_pic_url', 'text', FALSE, NULL),
            ('ig_hashtag_info', 'hashtag_id', 'character varying(50)', TRUE, NULL),
            ('ig_hashtag_info', 'name', 'character varying(100)', TRUE, NULL),
            ('ig_hashtag_info', 'profile_pic_url', 'text', FALSE, NULL),
            ('ig_hashtag_info', 'media_count', 'integer', FALSE, NULL),
            ('ig_hashtag_info', 'formatted_media_count', 'character varying(20)', FALSE, NULL),
            ('ig_hashtag_info', 'is_trending', 'boolean', FALSE, NULL),
            ('ig_hashtag_info', 'allow_muting_story', 'boolean', FALSE, NULL),
            ('ig_hashtag_info', 'hide_use_hashtag_button', 'boolean', FALSE, NULL),
            ('ig_hashtag_info', 'show_follow_drop_down', 'boolean', FALSE, NULL),
            ('ig_hashtag_info', 'content_advisory', 'text', FALSE, NULL),
            ('ig_hashtag_info', 'subtitle', 'text', FALSE, NULL),
            ('ig_hashtag_info', 'warning_message', 'text', FALSE, NULL),
            ('ig_post_comments', 'comment_id', 'character varying(50)', TRUE, NULL),
            ('ig_post_comments', 'post_id', 'character varying(50)', FALSE, NULL),
            ('ig_post_comments', 'user_id', 'character varying(50)', FALSE, NULL),
            ('ig_post_comments', 'text', 'text', FALSE, NULL),
            ('ig_post_comments', 'created_at', 'timestamp without time zone', FALSE, NULL),
            ('ig_post_like_users', 'post_id', 'character varying(50)', TRUE, NULL),
            ('ig_post_like_users', 'user_id', 'character varying(50)', TRUE, NULL),
            ('ig_post_like_users', 'username', 'character varying(100)', FALSE, NULL),
            ('ig_post_metrics', 'post_id', 'character varying(50)', TRUE, NULL),
            ('ig_post_metrics', 'play_count', 'integer', FALSE, NULL),
            ('ig_post_metrics', 'save_count', 'integer', FALSE, NULL),
            ('ig_post_metrics', 'share_count', 'integer', FALSE, NULL),
            ('ig_post_metrics', 'view_count', 'integer', FALSE, NULL),
            ('ig_post_metrics', 'fb_like_count', 'integer', FALSE, NULL),
            ('ig_post_metrics', 'fb_play_count', 'integer', FALSE, NULL),
            ('insta_comment', 'shortcode', 'character varying', TRUE, NULL),
            ('insta_comment', 'comments', 'jsonb', FALSE, NULL),
            ('insta_comment', 'updated_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('insta_like', 'shortcode', 'character varying', TRUE, NULL),
            ('insta_like', 'likes', 'jsonb', FALSE, NULL),
            ('insta_like', 'updated_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('insta_like_audit', 'audit_id', 'bigint', TRUE, NULL),
            ('insta_like_audit', 'shortcode', 'character varying', FALSE, NULL),
            ('insta_like_audit', 'usernames', 'jsonb', TRUE, '''[]''::jsonb'),
            ('insta_like_audit', 'snapshot_window_start', 'timestamp with time zone', TRUE, NULL),
            ('insta_like_audit', 'snapshot_window_end', 'timestamp with time zone', TRUE, NULL),
            ('insta_like_audit', 'captured_at', 'timestamp with time zone', TRUE, 'now()'),
            ('insta_post', 'shortcode', 'character varying', TRUE, NULL),
            ('insta_post', 'client_id', 'character varying', FALSE, NULL),
            ('insta_post', 'caption', 'text', FALSE, NULL),
            ('insta_post', 'comment_count', 'integer', FALSE, NULL),
            ('insta_post', 'like_count', 'integer', FALSE, '0'),
            ('insta_post', 'thumbnail_url', 'text', FALSE, NULL),
            ('insta_post', 'video_url', 'text', FALSE, NULL),
            ('insta_post', 'image_url', 'text', FALSE, NULL),
            ('insta_post', 'is_video', 'boolean', FALSE, 'false'),
            ('insta_post', 'is_carousel', 'boolean', FALSE, 'false'),
            ('insta_post', 'images_url', 'jsonb', FALSE, NULL),
            ('insta_post', 'created_at', 'timestamp without time zone', TRUE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('insta_post', 'source_type', 'character varying(20)', TRUE, '''cron_fetch''::character varying'),
            ('insta_post', 'original_created_at', 'timestamp with time zone', FALSE, NULL),
            ('insta_post', 'fetched_at', 'timestamp with time zone', TRUE, 'now()'),
            ('insta_post_clients', 'shortcode', 'character varying', TRUE, NULL),
            ('insta_post_clients', 'client_id', 'character varying', TRUE, NULL),
            ('insta_post_clients', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('insta_post_khusus', 'shortcode', 'character varying', TRUE, NULL),
            ('insta_post_khusus', 'client_id', 'character varying', FALSE, NULL),
            ('insta_post_khusus', 'caption', 'text', FALSE, NULL),
            ('insta_post_khusus', 'comment_count', 'integer', FALSE, NULL),
            ('insta_post_khusus', 'like_count', 'integer', FALSE, '0'),
            ('insta_post_khusus', 'thumbnail_url', 'text', FALSE, NULL),
            ('insta_post_khusus', 'video_url', 'text', FALSE, NULL),
            ('insta_post_khusus', 'image_url', 'text', FALSE, NULL),
            ('insta_post_khusus', 'is_video', 'boolean', FALSE, 'false'),
            ('insta_post_khusus', 'is_carousel', 'boolean', FALSE, 'false'),
            ('insta_post_khusus', 'images_url', 'jsonb', FALSE, NULL),
            ('insta_post_khusus', 'created_at', 'timestamp without time zone', TRUE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('insta_post_khusus', 'source_type', 'character varying(20)', TRUE, '''cron_fetch''::character varying'),
            ('insta_post_khusus', 'original_created_at', 'timestamp with time zone', FALSE, NULL),
            ('insta_post_khusus', 'fetched_at', 'timestamp with time zone', TRUE, 'now()'),
            ('insta_post_roles', 'shortcode', 'character varying', TRUE, NULL),
            ('insta_post_roles', 'role_name', 'character varying', TRUE, NULL),
            ('insta_profile', 'username', 'character varying', TRUE, NULL),
            ('insta_profile', 'full_name', 'character varying', FALSE, NULL),
            ('insta_profile', 'biography', 'text', FALSE, NULL),
            ('insta_profile', 'follower_count', 'integer', FALSE, NULL),
            ('insta_profile', 'following_count', 'integer', FALSE, NULL),
            ('insta_profile', 'post_count', 'integer', FALSE, NULL),
            ('insta_profile', 'profile_pic_url', 'text', FALSE, NULL),
            ('insta_profile', 'updated_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('instagram_user', 'user_id', 'character varying(30)', TRUE, NULL),
            ('instagram_user', 'username', 'character varying(100)', TRUE, NULL),
            ('instagram_user', 'full_name', 'character varying(100)', FALSE, NULL),
            ('instagram_user', 'biography', 'text', FALSE, NULL),
            ('instagram_user', 'business_contact_method', 'character varying(50)', FALSE, NULL),
            ('instagram_user', 'category', 'character varying(100)', FALSE, NULL),
            ('instagram_user', 'category_id', 'bigint', FALSE, NULL),
            ('instagram_user', 'account_type', 'smallint', FALSE, NULL),
            ('instagram_user', 'contact_phone_number', 'character varying(30)', FALSE, NULL),
            ('instagram_user', 'external_url', 'text', FALSE, NULL),
            ('instagram_user', 'fbid_v2', 'character varying(40)', FALSE, NULL),
            ('instagram_user', 'is_business', 'boolean', FALSE, NULL),
            ('instagram_user', 'is_private', 'boolean', FALSE, NULL),
            ('instagram_user', 'is_verified', 'boolean', FALSE, NULL),
            ('instagram_user', 'public_email', 'character varying(100)', FALSE, NULL),
            ('instagram_user', 'public_phone_country_code', 'character varying(10)', FALSE, NULL),
            ('instagram_user', 'public_phone_number', 'character varying(30)', FALSE, NULL),
            ('instagram_user', 'profile_pic_url', 'text', FALSE, NULL),
            ('instagram_user', 'profile_pic_url_hd', 'text', FALSE, NULL),
            ('instagram_user_metrics', 'user_id', 'character varying(30)', TRUE, NULL),
            ('instagram_user_metrics', 'follower_count', 'integer', FALSE, NULL),
            ('instagram_user_metrics', 'following_count', 'integer', FALSE, NULL),
            ('instagram_user_metrics', 'media_count', 'integer', FALSE, NULL),
            ('instagram_user_metrics', 'total_igtv_videos', 'integer', FALSE, NULL),
            ('instagram_user_metrics', 'latest_reel_media', 'bigint', FALSE, NULL),
            ('job_run', 'run_id', 'bigint', TRUE, NULL),
            ('job_run', 'job_key', 'text', TRUE, NULL),
            ('job_run', 'trigger', 'text', TRUE, NULL),
            ('job_run', 'slot', 'timestamp with time zone', TRUE, NULL),
            ('job_run', 'status', 'text', TRUE, NULL),
            ('job_run', 'requested_by', 'text', FALSE, NULL),
            ('job_run', 'host', 'text', FALSE, NULL),
            ('job_run', 'started_at', 'timestamp with time zone', FALSE, NULL),
            ('job_run', 'finished_at', 'timestamp with time zone', FALSE, NULL),
            ('job_run', 'summary', 'jsonb', TRUE, '''{}''::jsonb'),
            ('job_run', 'error', 'text', FALSE, NULL),
            ('job_task', 'task_id', 'uuid', TRUE, NULL),
            ('job_task', 'job_run_id', 'bigint', TRUE, NULL),
            ('job_task', 'type', 'text', TRUE, NULL),
            ('job_task', 'args', 'jsonb', FALSE, NULL),
            ('job_task', 'status', 'text', TRUE, NULL),
            ('job_task', 'attempts', 'integer', TRUE, '0'),
            ('job_task', 'error', 'text', FALSE, NULL),
            ('job_task', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('job_task', 'started_at', 'timestamp with time zone', FALSE, NULL),
            ('job_task', 'finished_at', 'timestamp with time zone', FALSE, NULL),
            ('link_report', 'shortcode', 'character varying', TRUE, NULL),
            ('link_report', 'user_id', 'character varying', TRUE, NULL),
            ('link_report', 'instagram_link', 'text', FALSE, NULL),
            ('link_report', 'facebook_link', 'text', FALSE, NULL),
            ('link_report', 'twitter_link', 'text', FALSE, NULL),
            ('link_report', 'tiktok_link', 'text', FALSE, NULL),
            ('link_report', 'youtube_link', 'text', FALSE, NULL),
            ('link_report', 'created_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('link_report', 'updated_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('link_report', 'report_source', 'character varying(16)', TRUE, '''api''::character varying'),
            ('link_report_khusus', 'shortcode', 'character varying', TRUE, NULL),
            ('link_report_khusus', 'user_id', 'character varying', TRUE, NULL),
            ('link_report_khusus', 'instagram_link', 'text', FALSE, NULL),
            ('link_report_khusus', 'facebook_link', 'text', FALSE, NULL),
            ('link_report_khusus', 'twitter_link', 'text', FALSE, NULL),
            ('link_report_khusus', 'tiktok_link', 'text', FALSE, NULL),
            ('link_report_khusus', 'youtube_link', 'text', FALSE, NULL),
            ('link_report_khusus', 'created_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('link_report_khusus', 'updated_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('link_report_khusus', 'report_source', 'character varying(16)', TRUE, '''api''::character varying'),
            ('login_log', 'log_id', 'integer', TRUE, NULL),
            ('login_log', 'actor_id', 'text', FALSE, NULL),
            ('login_log', 'login_type', 'character varying(20)', FALSE, NULL),
            ('login_log', 'login_source', 'character varying(20)', FALSE, NULL),
            ('login_log', 'logged_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('login_log', 'ip_address', 'text', FALSE, NULL),
            ('login_log', 'user_agent', 'text', FALSE, NULL),
            ('migration_row_fix', 'fix_id', 'bigint', TRUE, NULL),
            ('migration_row_fix', 'version', 'integer', TRUE, NULL),
            ('migration_row_fix', 'table_name', 'text', TRUE, NULL),
            ('migration_row_fix', 'row_key', 'text', TRUE, NULL),
            ('migration_row_fix', 'column_name', 'text', TRUE, NULL),
            ('migration_row_fix', 'old_value', 'text', FALSE, NULL),
            ('migration_row_fix', 'new_value', 'text', FALSE, NULL),
            ('migration_row_fix', 'reason', 'text', TRUE, NULL),
            ('migration_row_fix', 'fixed_at', 'timestamp with time zone', TRUE, 'now()'),
            ('premium_request', 'request_id', 'integer', TRUE, NULL),
            ('premium_request', 'user_id', 'text', FALSE, NULL),
            ('premium_request', 'sender_name', 'text', FALSE, NULL),
            ('premium_request', 'account_number', 'text', FALSE, NULL),
            ('premium_request', 'bank_name', 'text', FALSE, NULL),
            ('premium_request', 'screenshot_url', 'text', FALSE, NULL),
            ('premium_request', 'status', 'character varying(20)', FALSE, '''pending''::character varying'),
            ('premium_request', 'created_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('premium_request', 'updated_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('roles', 'role_id', 'integer', TRUE, NULL),
            ('roles', 'role_name', 'character varying', FALSE, NULL),
            ('satbinmas_official_accounts', 'satbinmas_account_id', 'uuid', TRUE, 'gen_random_uuid()'),
            ('satbinmas_official_accounts', 'client_id', 'character varying', TRUE, NULL),
            ('satbinmas_official_accounts', 'platform', 'text', TRUE, NULL),
            ('satbinmas_official_accounts', 'username', 'text', TRUE, NULL),
            ('satbinmas_official_accounts', 'secuid', 'text', FALSE, NULL),
            ('satbinmas_official_accounts', 'display_name', 'text', FALSE, NULL),
            ('satbinmas_official_accounts', 'profile_url', 'text', FALSE, NULL),
            ('satbinmas_official_accounts', 'is_active', 'boolean', TRUE, 'true'),
            ('satbinmas_official_accounts', 'is_verified', 'boolean', TRUE, 'false'),
            ('satbinmas_official_accounts', 'created_at', 'timestamp with time zone', FALSE, 'now()'),
            ('satbinmas_official_accounts', 'updated_at', 'timestamp with time zone', FALSE, 'now()'),
            ('satbinmas_official_media', 'satbinmas_media_id', 'uuid', TRUE, 'gen_random_uuid()'),
            ('satbinmas_official_media', 'satbinmas_account_id', 'uuid', TRUE, NULL),
            ('satbinmas_official_media', 'client_id', 'character varying', TRUE, NULL),
            ('satbinmas_official_media', 'username', 'text', TRUE, NULL),
            ('satbinmas_official_media', 'media_id', 'text', TRUE, NULL),
            ('satbinmas_official_media', 'code', 'text', FALSE, NULL),
            ('satbinmas_official_media', 'media_type', 'text', FALSE, NULL),
            ('satbinmas_official_media', 'product_type', 'text', FALSE, NULL),
            ('satbinmas_official_media', 'taken_at', 'timestamp with time zone', TRUE, NULL),
            ('satbinmas_official_media', 'ig_created_at', 'timestamp with time zone', FALSE, NULL),
            ('satbinmas_official_media', 'caption_text', 'text', FALSE, NULL),
            ('satbinmas_official_media', 'like_count', 'integer', FALSE, NULL),
            ('satbinmas_official_media', 'comment_count', 'integer', FALSE, NULL),
            ('satbinmas_official_media', 'view_count', 'integer', FALSE, NULL),
            ('satbinmas_official_media', 'play_count', 'integer', FALSE, NULL),
            ('satbinmas_official_media', 'save_count', 'integer', FALSE, NULL),
            ('satbinmas_official_media', 'share_count', 'integer', FALSE, NULL),
            ('satbinmas_official_media', 'width', 'integer', FALSE, NULL),
            ('satbinmas_official_media', 'height', 'integer', FALSE, NULL),
            ('satbinmas_official_media', 'thumbnail_url', 'text', FALSE, NULL),
            ('satbinmas_official_media', 'media_url', 'text', FALSE, NULL),
            ('satbinmas_official_media', 'video_url', 'text', FALSE, NULL),
            ('satbinmas_official_media', 'duration_seconds', 'numeric', FALSE, NULL),
            ('satbinmas_official_media', 'fetched_for_date', 'date', TRUE, 'CURRENT_DATE'),
            ('satbinmas_official_media', 'is_album', 'boolean', TRUE, 'false'),
            ('satbinmas_official_media', 'is_video', 'boolean', TRUE, 'false'),
            ('satbinmas_official_media', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('satbinmas_official_media', 'updated_at', 'timestamp with time zone', TRUE, 'now()'),
            ('schema_migrations', 'version', 'integer', TRUE, NULL),
            ('schema_migrations', 'name', 'text', TRUE, NULL),
            ('schema_migrations', 'checksum', 'character(64)', TRUE, NULL),
            ('schema_migrations', 'method', 'character varying(10)', TRUE, NULL),
            ('schema_migrations', 'applied_at', 'timestamp with time zone', TRUE, 'now()'),
            ('schema_migrations', 'duration_ms', 'integer', FALSE, NULL),
            ('schema_migrations', 'cicero_version', 'text', FALSE, NULL),
            ('task_post_exclusions', 'exclusion_id', 'bigint', TRUE, NULL),
            ('task_post_exclusions', 'client_id', 'character varying', TRUE, NULL),
            ('task_post_exclusions', 'platform', 'character varying(20)', TRUE, NULL),
            ('task_post_exclusions', 'content_id', 'character varying(255)', TRUE, NULL),
            ('task_post_exclusions', 'source_link', 'text', FALSE, NULL),
            ('task_post_exclusions', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('task_post_exclusions', 'updated_at', 'timestamp with time zone', TRUE, 'now()'),
            ('tiktok_comment', 'video_id', 'character varying', TRUE, NULL),
            ('tiktok_comment', 'comments', 'jsonb', FALSE, NULL),
            ('tiktok_comment', 'updated_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('tiktok_comment_audit', 'audit_id', 'bigint', TRUE, NULL),
            ('tiktok_comment_audit', 'video_id', 'character varying', FALSE, NULL),
            ('tiktok_comment_audit', 'usernames', 'jsonb', TRUE, '''[]''::jsonb'),
            ('tiktok_comment_audit', 'snapshot_window_start', 'timestamp with time zone', TRUE, NULL),
            ('tiktok_comment_audit', 'snapshot_window_end', 'timestamp with time zone', TRUE, NULL),
            ('tiktok_comment_audit', 'captured_at', 'timestamp with time zone', TRUE, 'now()'),
            ('tiktok_post', 'video_id', 'character varying', TRUE, NULL),
            ('tiktok_post', 'client_id', 'character varying', FALSE, NULL),
            ('tiktok_post', 'caption', 'text', FALSE, NULL),
            ('tiktok_post', 'like_count', 'integer', FALSE, NULL),
            ('tiktok_post', 'comment_count', 'integer', FALSE, NULL),
            ('tiktok_post', 'created_at', 'timestamp without time zone', TRUE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('tiktok_post', 'source_type', 'character varying(20)', TRUE, '''cron_fetch''::character varying'),
            ('tiktok_post', 'original_created_at', 'timestamp with time zone', FALSE, NULL),
            ('tiktok_post', 'fetched_at', 'timestamp with time zone', TRUE, 'now()'),
            ('tiktok_post_roles', 'video_id', 'character varying', TRUE, NULL),
            ('tiktok_post_roles', 'role_name', 'character varying', TRUE, NULL),
            ('user', 'user_id', 'character varying', TRUE, NULL),
            ('user', 'nama', 'character varying', FALSE, NULL),
            ('user', 'title', 'character varying', FALSE, NULL),
            ('user', 'divisi', 'character varying', FALSE, NULL),
            ('user', 'jabatan', 'character varying', FALSE, NULL),
            ('user', 'desa', 'character varying', FALSE, NULL),
            ('user', 'insta', 'character varying', FALSE, NULL),
            ('user', 'tiktok', 'character varying', FALSE, NULL),
            ('user', 'insta_2', 'character varying', FALSE, NULL),
            ('user', 'tiktok_2', 'character varying', FALSE, NULL),
            ('user', 'whatsapp', 'character varying', FALSE, NULL),
            ('user', 'email', 'character varying', FALSE, NULL),
            ('user', 'client_id', 'character varying', FALSE, NULL),
            ('user', 'status', 'boolean', FALSE, 'true'),
            ('user', 'exception', 'boolean', FALSE, 'false'),
            ('user', 'wa_notification_opt_in', 'boolean', TRUE, 'false'),
            ('user', 'premium_status', 'boolean', FALSE, 'false'),
            ('user', 'premium_end_date', 'date', FALSE, NULL),
            ('user', 'created_at', 'timestamp with time zone', FALSE, 'now()'),
            ('user', 'updated_at', 'timestamp with time zone', FALSE, 'now()'),
            ('user_import_log', 'import_id', 'bigint', TRUE, NULL),
            ('user_import_log', 'client_id', 'character varying', TRUE, NULL),
            ('user_import_log', 'actor', 'text', TRUE, NULL),
            ('user_import_log', 'source', 'text', TRUE, NULL),
            ('user_import_log', 'mode', 'character varying(10)', TRUE, NULL),
            ('user_import_log', 'counts', 'jsonb', TRUE, '''{}''::jsonb'),
            ('user_import_log', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('user_roles', 'user_id', 'character varying', TRUE, NULL),
            ('user_roles', 'role_id', 'integer', TRUE, NULL),
            ('visitor_logs', 'id', 'integer', TRUE, NULL),
            ('visitor_logs', 'ip', 'character varying', FALSE, NULL),
            ('visitor_logs', 'user_agent', 'text', FALSE, NULL),
            ('visitor_logs', 'visited_at', 'timestamp without time zone', FALSE, '(now() AT TIME ZONE ''UTC''::text)'),
            ('wa_lid_map', 'lid', 'text', TRUE, NULL),
            ('wa_lid_map', 'phone', 'character varying', TRUE, NULL),
            ('wa_lid_map', 'first_seen_at', 'timestamp with time zone', TRUE, 'now()'),
            ('wa_lid_map', 'last_seen_at', 'timestamp with time zone', TRUE, 'now()'),
            ('wa_notification_reminder_state', 'reminder_state_id', 'integer', TRUE, NULL),
            ('wa_notification_reminder_state', 'date_key', 'date', TRUE, NULL),
            ('wa_notification_reminder_state', 'chat_id', 'text', TRUE, NULL),
            ('wa_notification_reminder_state', 'client_id', 'text', TRUE, NULL),
            ('wa_notification_reminder_state', 'last_stage', 'character varying(20)', TRUE, NULL),
            ('wa_notification_reminder_state', 'is_complete', 'boolean', TRUE, 'false'),
            ('wa_notification_reminder_state', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('wa_notification_reminder_state', 'updated_at', 'timestamp with time zone', TRUE, 'now()'),
            ('wa_notification_scheduler_state', 'client_id', 'character varying', TRUE, NULL),
            ('wa_notification_scheduler_state', 'last_ig_count', 'integer', FALSE, NULL),
            ('wa_notification_scheduler_state', 'last_tiktok_count', 'integer', FALSE, NULL),
            ('wa_notification_scheduler_state', 'last_notified_at', 'timestamp with time zone', FALSE, NULL),
            ('wa_notification_scheduler_state', 'last_notified_slot', 'text', FALSE, NULL),
            ('wa_notification_scheduler_state', 'state_date', 'date', FALSE, NULL),
            ('wa_notification_scheduler_state', 'last_ig_ids', 'jsonb', TRUE, '''[]''::jsonb'),
            ('wa_notification_scheduler_state', 'last_tiktok_ids', 'jsonb', TRUE, '''[]''::jsonb'),
            ('wa_notification_scheduler_state', 'last_link_notified_at', 'timestamp with time zone', FALSE, NULL),
            ('wa_notification_scheduler_state', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('wa_notification_scheduler_state', 'updated_at', 'timestamp with time zone', TRUE, 'now()'),
            ('wa_outbox', 'outbox_id', 'bigint', TRUE, NULL),
            ('wa_outbox', 'session_name', 'text', TRUE, NULL),
            ('wa_outbox', 'chat_id', 'text', TRUE, NULL),
            ('wa_outbox', 'kind', 'text', TRUE, NULL),
            ('wa_outbox', 'body', 'text', FALSE, NULL),
            ('wa_outbox', 'document_id', 'bigint', FALSE, NULL),
            ('wa_outbox', 'part_index', 'smallint', TRUE, '1'),
            ('wa_outbox', 'part_count', 'smallint', TRUE, '1'),
            ('wa_outbox', 'idempotency_key', 'text', TRUE, NULL),
            ('wa_outbox', 'priority', 'smallint', TRUE, '5'),
            ('wa_outbox', 'allow_fallback', 'boolean', TRUE, NULL),
            ('wa_outbox', 'status', 'text', TRUE, '''pending''::text'),
            ('wa_outbox', 'attempt_count', 'integer', TRUE, '0'),
            ('wa_outbox', 'max_attempts', 'integer', TRUE, NULL),
            ('wa_outbox', 'next_attempt_at', 'timestamp with time zone', TRUE, 'now()'),
            ('wa_outbox', 'expires_at', 'timestamp with time zone', FALSE, NULL),
            ('wa_outbox', 'claimed_by', 'text', FALSE, NULL),
            ('wa_outbox', 'claimed_at', 'timestamp with time zone', FALSE, NULL),
            ('wa_outbox', 'last_attempt_at', 'timestamp with time zone', FALSE, NULL),
            ('wa_outbox', 'last_error', 'text', FALSE, NULL),
            ('wa_outbox', 'sent_at', 'timestamp with time zone', FALSE, NULL),
            ('wa_outbox', 'sent_session', 'text', FALSE, NULL),
            ('wa_outbox', 'wa_message_id', 'text', FALSE, NULL),
            ('wa_outbox', 'origin', 'text', TRUE, NULL),
            ('wa_outbox', 'client_id', 'text', FALSE, NULL),
            ('wa_outbox', 'job_run_id', 'bigint', FALSE, NULL),
            ('wa_outbox', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('wa_outbox', 'updated_at', 'timestamp with time zone', TRUE, 'now()'),
            ('wa_outbox_document', 'document_id', 'bigint', TRUE, NULL),
            ('wa_outbox_document', 'file_name', 'text', TRUE, NULL),
            ('wa_outbox_document', 'mimetype', 'text', TRUE, NULL),
            ('wa_outbox_document', 'size_bytes', 'integer', TRUE, NULL),
            ('wa_outbox_document', 'sha256', 'text', TRUE, NULL),
            ('wa_outbox_document', 'content', 'bytea', TRUE, NULL),
            ('wa_outbox_document', 'created_at', 'timestamp with time zone', TRUE, 'now()'),
            ('wa_session_state', 'session_name', 'text', TRUE, NULL),
            ('wa_session_state', 'state', 'text', TRUE, NULL),
            ('wa_session_state', 'phone', 'text', FALSE, NULL),
            ('wa_session_state', 'process', 'text', FALSE, NULL),
            ('wa_session_state', 'last_connected_at', 'timestamp with time zone', FALSE, NULL),
            ('wa_session_state', 'last_disconnected_at', 'timestamp with time zone', FALSE, NULL),
            ('wa_session_state', 'last_disconnect_reason', 'text', FALSE, NULL),
            ('wa_session_state', 'last_inbound_at', 'timestamp with time zone', FALSE, NULL),
            ('wa_session_state', 'last_outbound_at', 'timestamp with time zone', FALSE, NULL),
            ('wa_session_state', 'heartbeat_at', 'timestamp with time zone', FALSE, NULL),
            ('wa_session_state', 'updated_at', 'timestamp with time zone', TRUE, 'now()')
        ) AS v (tbl, col, typ, not_null, def)
    LOOP
        SELECT format_type(a.atttypid, a.atttypmod) AS typ, a.attnotnull AS not_null,
               pg_get_expr(d.adbin, d.adrelid) AS def
        INTO cur
        FROM pg_attribute a
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = to_regclass(format('public.%I', r.tbl)) AND a.attname = r.col AND NOT a.attisdropped;
        CONTINUE WHEN NOT FOUND;
        IF cur.typ <> r.typ THEN
            IF cur.def IS NOT NULL AND cur.def NOT LIKE 'nextval(%' THEN
                EXECUTE format('ALTER TABLE public.%I ALTER COLUMN %I DROP DEFAULT', r.tbl, r.col);
                cur.def := NULL;
            END IF;
            -- Runs with TimeZone = UTC, so a TIMESTAMPTZ <-> TIMESTAMP change keeps UTC wall time.
            EXECUTE format('ALTER TABLE public.%I ALTER COLUMN %I TYPE %s USING %I::%s',
                           r.tbl, r.col, r.typ, r.col, r.typ);
        END IF;
        IF r.def IS NOT NULL AND cur.def IS DISTINCT FROM r.def THEN
            EXECUTE format('ALTER TABLE public.%I ALTER COLUMN %I SET DEFAULT %s', r.tbl, r.col, r.def);
        ELSIF r.def IS NULL AND cur.def IS NOT NULL AND cur.def NOT LIKE 'nextval(%' THEN
            EXECUTE format('ALTER TABLE public.%I ALTER COLUMN %I DROP DEFAULT', r.tbl, r.col);
        END IF;
        IF r.not_null AND NOT cur.not_null THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM public.%I WHERE %I IS NULL)', r.tbl, r.col) INTO has_nulls;
            IF NOT has_nulls THEN
                EXECUTE format('ALTER TABLE public.%I ALTER COLUMN %I SET NOT NULL', r.tbl, r.col);
            END IF;
        ELSIF NOT r.not_null AND cur.not_null THEN
            EXECUTE format('ALTER TABLE public.%I ALTER COLUMN %I DROP NOT NULL', r.tbl, r.col);
        END IF;
    END LOOP;
END $$;

-- Indexes of B.2 (all but the deferred unique indexes of DB-55 and constraint-backed ones).
    SELECT pg_temp.cicero_ensure_index('idx_access_request_pending', 'CREATE UNIQUE INDEX idx_access_request_pending ON public.access_request USING btree (phone, client_id, requested_role) WHERE ((status)::text = ''pending''::text)');
    SELECT pg_temp.cicero_ensure_index('idx_audit_log_occurred', 'CREATE INDEX idx_audit_log_occurred ON public.audit_log USING btree (occurred_at)');
    SELECT pg_temp.cicero_ensure_index('idx_audit_log_target', 'CREATE INDEX idx_audit_log_target ON public.audit_log USING btree (target_type, target_id, occurred_at)');
    SELECT pg_temp.cicero_ensure_index('idx_clients_parent_client_id', 'CREATE INDEX idx_clients_parent_client_id ON public.clients USING btree (parent_client_id)');
    SELECT pg_temp.cicero_ensure_index('idx_clients_regional_id', 'CREATE INDEX idx_clients_regional_id ON public.clients USING btree (regional_id)');
    SELECT pg_temp.cicero_ensure_index('dashboard_password_resets_token_idx', 'CREATE INDEX dashboard_password_resets_token_idx ON public.dashboard_password_resets USING btree (reset_token)');
    SELECT pg_temp.cicero_ensure_index('dashboard_password_resets_user_idx', 'CREATE INDEX dashboard_password_resets_user_idx ON public.dashboard_password_resets USING btree (dashboard_user_id, expires_at) WHERE (used_at IS NULL)');
    SELECT pg_temp.cicero_ensure_index('idx_dashboard_premium_request_client', 'CREATE INDEX idx_dashboard_premium_request_client ON public.dashboard_premium_request USING btree (client_id)');
    SELECT pg_temp.cicero_ensure_index('idx_dashboard_premium_request_status_expired', 'CREATE INDEX idx_dashboard_premium_request_status_expired ON public.dashboard_premium_request USING btree (status, expired_at)');
    SELECT pg_temp.cicero_ensure_index('idx_dashboard_premium_request_token', 'CREATE UNIQUE INDEX idx_dashboard_premium_request_token ON public.dashboard_premium_request USING btree (request_token)');
    SELECT pg_temp.cicero_ensure_index('idx_dashboard_premium_request_user_status', 'CREATE INDEX idx_dashboard_premium_request_user_status ON public.dashboard_premium_request USING btree (dashboard_user_id, status)');
    SELECT pg_temp.cicero_ensure_index('idx_dashboard_premium_request_audit_action', 'CREATE INDEX idx_dashboard_premium_request_audit_action ON public.dashboard_premium_request_audit USING btree (action)');
    SELECT pg_temp.cicero_ensure_index('idx_dashboard_premium_request_audit_request', 'CREATE INDEX idx_dashboard_premium_request_audit_request ON public.dashboard_premium_request_audit USING btree (request_id)');
    SELECT pg_temp.cicero_ensure_index('idx_dashboard_user_subscriptions_user_status_expires', 'CREATE INDEX idx_dashboard_user_subscriptions_user_status_expires ON public.dashboard_user_subscriptions USING btree (dashboard_user_id, status, expires_at)');
    SELECT pg_temp.cicero_ensure_index('idx_insta_like_audit_captured', 'CREATE INDEX idx_insta_like_audit_captured ON public.insta_like_audit USING btree (shortcode, captured_at)');
    SELECT pg_temp.cicero_ensure_index('idx_insta_like_audit_shortcode', 'CREATE INDEX idx_insta_like_audit_shortcode ON public.insta_like_audit USING btree (shortcode)');
    SELECT pg_temp.cicero_ensure_index('idx_insta_like_audit_window', 'CREATE INDEX idx_insta_like_audit_window ON public.insta_like_audit USING btree (shortcode, snapshot_window_start, snapshot_window_end)');
    SELECT pg_temp.cicero_ensure_index('idx_insta_post_client_fetched_at', 'CREATE INDEX idx_insta_post_client_fetched_at ON public.insta_post USING btree (lower(TRIM(BOTH FROM client_id)), fetched_at)');
    SELECT pg_temp.cicero_ensure_index('idx_insta_post_created_at', 'CREATE INDEX idx_insta_post_created_at ON public.insta_post USING btree (created_at)');
    SELECT pg_temp.cicero_ensure_index('idx_insta_post_fetched_at', 'CREATE INDEX idx_insta_post_fetched_at ON public.insta_post USING btree (fetched_at)');
    SELECT pg_temp.cicero_ensure_index('insta_post_client_source_type_created_idx', 'CREATE INDEX insta_post_client_source_type_created_idx ON public.insta_post USING btree (lower(TRIM(BOTH FROM client_id)), source_type, created_at)');
    SELECT pg_temp.cicero_ensure_index('idx_insta_post_clients_client_id', 'CREATE INDEX idx_insta_post_clients_client_id ON public.insta_post_clients USING btree (lower(TRIM(BOTH FROM client_id)))');
    SELECT pg_temp.cicero_ensure_index('idx_insta_post_khusus_client_fetched_at', 'CREATE INDEX idx_insta_post_khusus_client_fetched_at ON public.insta_post_khusus USING btree (lower(TRIM(BOTH FROM client_id)), fetched_at)');
    SELECT pg_temp.cicero_ensure_index('idx_insta_post_khusus_created_at', 'CREATE INDEX idx_insta_post_khusus_created_at ON public.insta_post_khusus USING btree (created_at)');
    SELECT pg_temp.cicero_ensure_index('idx_insta_post_khusus_fetched_at', 'CREATE INDEX idx_insta_post_khusus_fetched_at ON public.insta_post_khusus USING btree (fetched_at)');
    SELECT pg_temp.cicero_ensure_index('insta_post_khusus_client_source_type_created_idx', 'CREATE INDEX insta_post_khusus_client_source_type_created_idx ON public.insta_post_khusus USING btree (lower(TRIM(BOTH FROM client_id)), source_type, created_at)');
    SELECT pg_temp.cicero_ensure_index('idx_insta_post_roles_role_name', 'CREATE INDEX idx_insta_post_roles_role_name ON public.insta_post_roles USING btree (role_name)');
    SELECT pg_temp.cicero_ensure_index('idx_job_run_job_key_slot', 'CREATE INDEX idx_job_run_job_key_slot ON public.job_run USING btree (job_key, slot DESC)');
    SELECT pg_temp.cicero_ensure_index('idx_job_task_job_run_id', 'CREATE INDEX idx_job_task_job_run_id ON public.job_task USING btree (job_run_id)');
    SELECT pg_temp.cicero_ensure_index('idx_link_report_created_at', 'CREATE INDEX idx_link_report_created_at ON public.link_report USING btree (created_at)');
    SELECT pg_temp.cicero_ensure_index('idx_link_report_user_id', 'CREATE INDEX idx_link_report_user_id ON public.link_report USING btree (user_id)');
    SELECT pg_temp.cicero_ensure_index('idx_link_report_khusus_created_at', 'CREATE INDEX idx_link_report_khusus_created_at ON public.link_report_khusus USING btree (created_at)');
    SELECT pg_temp.cicero_ensure_index('idx_link_report_khusus_user_id', 'CREATE INDEX idx_link_report_khusus_user_id ON public.link_report_khusus USING btree (user_id)');
    SELECT pg_temp.cicero_ensure_index('idx_login_log_actor_source_time', 'CREATE INDEX idx_login_log_actor_source_time ON public.login_log USING btree (actor_id, login_source, logged_at DESC)');
    SELECT pg_temp.cicero_ensure_index('idx_login_log_source_time', 'CREATE INDEX idx_login_log_source_time ON public.login_log USING btree (login_source, logged_at DESC)');
    SELECT pg_temp.cicero_ensure_index('satbinmas_official_media_account_idx', 'CREATE INDEX satbinmas_official_media_account_idx ON public.satbinmas_official_media USING btree (satbinmas_account_id)');
    SELECT pg_temp.cicero_ensure_index('satbinmas_official_media_client_username_idx', 'CREATE INDEX satbinmas_official_media_client_username_idx ON public.satbinmas_official_media USING btree (client_id, username)');
    SELECT pg_temp.cicero_ensure_index('satbinmas_official_media_fetch_date_idx', 'CREATE INDEX satbinmas_official_media_fetch_date_idx ON public.satbinmas_official_media USING btree (fetched_for_date)');
    SELECT pg_temp.cicero_ensure_index('satbinmas_official_media_taken_at_idx', 'CREATE INDEX satbinmas_official_media_taken_at_idx ON public.satbinmas_official_media USING btree (taken_at)');
    SELECT pg_temp.cicero_ensure_index('idx_task_post_exclusions_client_platform', 'CREATE INDEX idx_task_post_exclusions_client_platform ON public.task_post_exclusions USING btree (client_id, platform)');
    SELECT pg_temp.cicero_ensure_index('idx_tiktok_comment_audit_captured', 'CREATE INDEX idx_tiktok_comment_audit_captured ON public.tiktok_comment_audit USING btree (video_id, captured_at)');
    SELECT pg_temp.cicero_ensure_index('idx_tiktok_comment_audit_video', 'CREATE INDEX idx_tiktok_comment_audit_video ON public.tiktok_comment_audit USING btree (video_id)');
    SELECT pg_temp.cicero_ensure_index('idx_tiktok_comment_audit_window', 'CREATE INDEX idx_tiktok_comment_audit_window ON public.tiktok_comment_audit USING btree (video_id, snapshot_window_start, snapshot_window_end)');
    SELECT pg_temp.cicero_ensure_index('idx_tiktok_post_created_at', 'CREATE INDEX idx_tiktok_post_created_at ON public.tiktok_post USING btree (created_at)');
    SELECT pg_temp.cicero_ensure_index('tiktok_post_client_source_type_created_idx', 'CREATE INDEX tiktok_post_client_source_type_created_idx ON public.tiktok_post USING btree (lower(TRIM(BOTH FROM client_id)), source_type, created_at)');
    SELECT pg_temp.cicero_ensure_index('idx_tiktok_post_roles_role_name', 'CREATE INDEX idx_tiktok_post_roles_role_name ON public.tiktok_post_roles USING btree (role_name)');
    SELECT pg_temp.cicero_ensure_index('idx_user_client_id', 'CREATE INDEX idx_user_client_id ON public."user" USING btree (client_id)');
    SELECT pg_temp.cicero_ensure_index('idx_user_insta_lower', 'CREATE INDEX idx_user_insta_lower ON public."user" USING btree (lower((insta)::text))');
    SELECT pg_temp.cicero_ensure_index('idx_user_insta_norm', 'CREATE INDEX idx_user_insta_norm ON public."user" USING btree (cicero_norm_handle((insta)::text))');
    SELECT pg_temp.cicero_ensure_index('idx_user_tiktok_lower', 'CREATE INDEX idx_user_tiktok_lower ON public."user" USING btree (lower((tiktok)::text))');
    SELECT pg_temp.cicero_ensure_index('idx_user_tiktok_norm', 'CREATE INDEX idx_user_tiktok_norm ON public."user" USING btree (cicero_norm_handle((tiktok)::text))');
    SELECT pg_temp.cicero_ensure_index('idx_user_whatsapp_unique', 'CREATE UNIQUE INDEX idx_user_whatsapp_unique ON public."user" USING btree (whatsapp) WHERE ((whatsapp IS NOT NULL) AND ((whatsapp)::text <> ''''::text))');
    SELECT pg_temp.cicero_ensure_index('idx_user_roles_role_id', 'CREATE INDEX idx_user_roles_role_id ON public.user_roles USING btree (role_id)');
    SELECT pg_temp.cicero_ensure_index('idx_wa_lid_map_phone', 'CREATE INDEX idx_wa_lid_map_phone ON public.wa_lid_map USING btree (phone)');
    SELECT pg_temp.cicero_ensure_index('idx_wa_notification_reminder_state_date_chat_client', 'CREATE INDEX idx_wa_notification_reminder_state_date_chat_client ON public.wa_notification_reminder_state USING btree (date_key, chat_id, client_id)');
    SELECT pg_temp.cicero_ensure_index('idx_wa_notification_reminder_state_date_status', 'CREATE INDEX idx_wa_notification_reminder_state_date_status ON public.wa_notification_reminder_state USING btree (date_key, is_complete, last_stage)');
    SELECT pg_temp.cicero_ensure_index('idx_wa_outbox_chat_open', 'CREATE INDEX idx_wa_outbox_chat_open ON public.wa_outbox USING btree (chat_id, outbox_id) WHERE (status = ANY (ARRAY[''pending''::text, ''processing''::text, ''retrying''::text]))');
    SELECT pg_temp.cicero_ensure_index('idx_wa_outbox_due', 'CREATE INDEX idx_wa_outbox_due ON public.wa_outbox USING btree (priority, outbox_id) WHERE (status = ANY (ARRAY[''pending''::text, ''retrying''::text]))');
    SELECT pg_temp.cicero_ensure_index('idx_wa_outbox_status_updated', 'CREATE INDEX idx_wa_outbox_status_updated ON public.wa_outbox USING btree (status, updated_at)');
    SELECT pg_temp.cicero_ensure_index('idx_wa_outbox_wa_message_id', 'CREATE INDEX idx_wa_outbox_wa_message_id ON public.wa_outbox USING btree (wa_message_id)');

-- cron_job_config seeds (JOB-5, JOB-6): existing rows are never overwritten; a new row copies
-- is_active from the first existing legacy row listed for its job.
INSERT INTO cron_job_config (job_key, display_name, is_active)
SELECT v.job_key, v.display_name,
       COALESCE((SELECT c.is_active
                 FROM unnest(v.legacy_keys) WITH ORDINALITY AS l (job_key, ord)
                 JOIN cron_job_config c ON c.job_key = l.job_key
                 ORDER BY l.ord LIMIT 1), TRUE)
FROM (VALUES
    ('fetch_sosmed', 'Fetch sosmed & broadcast tugas',
     ARRAY['./src/cron/cronDirRequestFetchSosmed.js', './src/cron/cronDirRequestFetchSosmed.js:unified-fetch-0',
           './src/cron/cronDirRequestFetchSosmed.js:unified-fetch-1']),
    ('link_recap', 'Rekap absensi amplifikasi', ARRAY['./src/cron/cronRekapLink.js']),
    ('engagement_recap', 'Rekap absensi likes & komentar ORG', ARRAY['./src/cron/cronOprRequestAbsensiEngagement.js']),
    ('operator_daily_report', 'Laporan harian operator', ARRAY['./src/cron/cronOprRequestDailyReport.js']),
    ('amplify_monthly_excel', 'Excel amplifikasi bulanan', ARRAY['./src/cron/cronAmplifyLinkMonthly.js']),
    ('username_update_recap', 'Absensi update username',
     ARRAY['./src/cron/cronOprRequestAbsensiUpdateDataUsername.js']),
    ('dirreq_rekap_update', 'Rekap data personil DITBINMAS', ARRAY['./src/cron/cronDirRequestRekapUpdate.js']),
    ('dirreq_ditbinmas_group_recap', 'Rekap grup DITBINMAS', ARRAY['./src/cron/cronDirRequestDitbinmasGroupRecap.js']),
    ('dirreq_bidhumas_evening', 'Rekap BIDHUMAS', ARRAY['./src/cron/cronDirRequestBidhumasEvening.js']),
    ('dirreq_ditbinmas_superadmin_daily', 'Rekap harian super admin DITBINMAS',
     ARRAY['./src/cron/cronDirRequestDitbinmasSuperAdminDaily.js']),
    ('dirreq_ditbinmas_operator_daily', 'Laporan Kasatker harian DITBINMAS',
     ARRAY['./src/cron/cronDirRequestDitbinmasOperatorDaily.js']),
    ('dirreq_ditbinmas_absensi_today', 'Absensi hari ini DITBINMAS',
     ARRAY['./src/cron/cronDirRequestDitbinmasAbsensiToday.js']),
    ('housekeeping', 'Pemeliharaan data', ARRAY[]::text[]),
    ('dirreq_ditsamapta_incomplete', 'Rekap data belum lengkap DITSAMAPTA',
     ARRAY['./src/cron/cronDirRequestRekapBelumLengkapDitsamapta.js']),
    ('wa_task_reminder', 'Pengingat tugas personal', ARRAY['./src/cron/cronWaNotificationReminder.js']),
    ('satbinmas_official_media', 'Rekap akun resmi Satbinmas',
     ARRAY['./src/cron/cronDirRequestSatbinmasOfficialMedia.js']),
    ('db_backup', 'Backup database', ARRAY['./src/cron/cronDbBackup.js']),
    ('admin_daily_digest', 'Ringkasan harian admin', ARRAY[]::text[]),
    ('premium_expiry', 'Kedaluwarsa premium', ARRAY['./src/cron/cronPremiumExpiry.js']),
    ('dashboard_subscription_expiry', 'Kedaluwarsa langganan dashboard',
     ARRAY['./src/cron/cronDashboardSubscriptionExpiry.js']),
    ('dashboard_premium_request_expiry', 'Kedaluwarsa permintaan premium dashboard',
     ARRAY['./src/cron/cronDashboardPremiumRequestExpiry.js'])
) AS v (job_key, display_name, legacy_keys)
ON CONFLICT (job_key) DO NOTHING;
