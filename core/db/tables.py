"""Typed SQLAlchemy Core table definitions matching `sql/schema.sql` (spec 50 Part B).

One `MetaData` for the whole schema. These objects describe the tables for building queries
(`select(insta_post.c.shortcode)...`); they never create or alter anything: the schema is owned by
`sql/schema.sql` and `sql/migrations/` (DB-40). `tests/db/test_schema_tables.py` compares every table
here with the live catalog, so a schema change that forgets this file fails the suite.

Table and column names are the legacy ones (DB-2); the personnel table is `"user"`, exposed here as
`user_table` because `user` is a poor Python name.
"""

from __future__ import annotations

from sqlalchemy import (
    CHAR,
    REAL,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

clients = Table(
    "clients",
    metadata,
    Column("client_id", String(), primary_key=True),
    Column("nama", String(), nullable=False),
    Column("client_type", String()),
    Column("client_status", Boolean(), server_default=text("true")),
    Column("client_insta", String()),
    Column("client_insta_status", Boolean(), server_default=text("true")),
    Column("client_tiktok", String()),
    Column("client_tiktok_status", Boolean(), server_default=text("true")),
    Column("client_amplify_status", Boolean(), server_default=text("true")),
    Column("client_operator", String()),
    Column("client_group", String()),
    Column("regional_id", String()),
    Column(
        "parent_client_id",
        String(),
        ForeignKey("clients.client_id", name="clients_parent_client_id_fkey", ondelete="SET NULL"),
    ),
    Column("client_level", String()),
    Column("tiktok_secuid", String()),
    Column("client_super", String()),
    Column("switch_satik", Boolean(), server_default=text("false")),
    Column("created_at", DateTime(timezone=True), server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), server_default=text("now()")),
)

user_table = Table(
    "user",
    metadata,
    Column("user_id", String(), primary_key=True),
    Column("nama", String()),
    Column("title", String()),
    Column("divisi", String()),
    Column("jabatan", String()),
    Column("desa", String()),
    Column("insta", String()),
    Column("tiktok", String()),
    Column("insta_2", String()),
    Column("tiktok_2", String()),
    Column("whatsapp", String()),
    Column("email", String()),
    Column(
        "client_id",
        String(),
        ForeignKey("clients.client_id", name="user_client_id_fkey", ondelete="RESTRICT"),
    ),
    Column("status", Boolean(), server_default=text("true")),
    Column("exception", Boolean(), server_default=text("false")),
    Column("wa_notification_opt_in", Boolean(), nullable=False, server_default=text("false")),
    Column("premium_status", Boolean(), server_default=text("false")),
    Column("premium_end_date", Date()),
    Column("created_at", DateTime(timezone=True), server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), server_default=text("now()")),
)

roles = Table(
    "roles",
    metadata,
    Column("role_id", Integer(), primary_key=True),
    Column("role_name", String()),
)

user_roles = Table(
    "user_roles",
    metadata,
    Column(
        "user_id",
        String(),
        ForeignKey("user.user_id", name="user_roles_user_id_fkey", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
    ),
    Column(
        "role_id",
        Integer(),
        ForeignKey("roles.role_id", name="user_roles_role_id_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
)

dashboard_user = Table(
    "dashboard_user",
    metadata,
    Column("dashboard_user_id", Uuid(), primary_key=True, server_default=text("gen_random_uuid()")),
    Column("username", Text(), nullable=False),
    Column("password_hash", Text(), nullable=False),
    Column(
        "role_id",
        Integer(),
        ForeignKey("roles.role_id", name="dashboard_user_role_id_fkey", ondelete="RESTRICT"),
        nullable=False,
    ),
    Column("status", Boolean(), server_default=text("true")),
    Column("whatsapp", String()),
    Column("premium_status", Boolean(), server_default=text("false")),
    Column("premium_tier", Text()),
    Column("premium_expires_at", DateTime(timezone=True)),
    Column("last_login_at", DateTime(timezone=True)),
    Column("password_changed_at", DateTime(timezone=True)),
    Column("created_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
    Column("updated_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
)

dashboard_user_clients = Table(
    "dashboard_user_clients",
    metadata,
    Column(
        "dashboard_user_id",
        Uuid(),
        ForeignKey(
            "dashboard_user.dashboard_user_id",
            name="dashboard_user_clients_dashboard_user_id_fkey",
            ondelete="CASCADE",
        ),
        primary_key=True,
    ),
    Column(
        "client_id",
        String(),
        ForeignKey("clients.client_id", name="dashboard_user_clients_client_id_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
)

dashboard_password_resets = Table(
    "dashboard_password_resets",
    metadata,
    Column("reset_id", Uuid(), primary_key=True, server_default=text("gen_random_uuid()")),
    Column(
        "dashboard_user_id",
        Uuid(),
        ForeignKey(
            "dashboard_user.dashboard_user_id",
            name="dashboard_password_resets_dashboard_user_id_fkey",
            ondelete="CASCADE",
        ),
    ),
    Column("delivery_target", Text(), nullable=False),
    Column("reset_token", Text(), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), server_default=text("now()")),
)

login_log = Table(
    "login_log",
    metadata,
    Column("log_id", Integer(), primary_key=True),
    Column("actor_id", Text()),
    Column("login_type", String(20)),
    Column("login_source", String(20)),
    Column("logged_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
    Column("ip_address", Text()),
    Column("user_agent", Text()),
)

insta_post = Table(
    "insta_post",
    metadata,
    Column("shortcode", String(), primary_key=True),
    Column(
        "client_id",
        String(),
        ForeignKey("clients.client_id", name="insta_post_client_id_fkey", ondelete="CASCADE"),
    ),
    Column("caption", Text()),
    Column("comment_count", Integer()),
    Column("like_count", Integer(), server_default=text("0")),
    Column("thumbnail_url", Text()),
    Column("video_url", Text()),
    Column("image_url", Text()),
    Column("is_video", Boolean(), server_default=text("false")),
    Column("is_carousel", Boolean(), server_default=text("false")),
    Column("images_url", JSONB()),
    Column("created_at", DateTime(), nullable=False, server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
    Column("source_type", String(20), nullable=False, server_default=text("'cron_fetch'::character varying")),
    Column("original_created_at", DateTime(timezone=True)),
    Column("fetched_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

insta_post_khusus = Table(
    "insta_post_khusus",
    metadata,
    Column("shortcode", String(), primary_key=True),
    Column(
        "client_id",
        String(),
        ForeignKey("clients.client_id", name="insta_post_khusus_client_id_fkey", ondelete="CASCADE"),
    ),
    Column("caption", Text()),
    Column("comment_count", Integer()),
    Column("like_count", Integer(), server_default=text("0")),
    Column("thumbnail_url", Text()),
    Column("video_url", Text()),
    Column("image_url", Text()),
    Column("is_video", Boolean(), server_default=text("false")),
    Column("is_carousel", Boolean(), server_default=text("false")),
    Column("images_url", JSONB()),
    Column("created_at", DateTime(), nullable=False, server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
    Column("source_type", String(20), nullable=False, server_default=text("'cron_fetch'::character varying")),
    Column("original_created_at", DateTime(timezone=True)),
    Column("fetched_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

tiktok_post = Table(
    "tiktok_post",
    metadata,
    Column("video_id", String(), primary_key=True),
    Column(
        "client_id",
        String(),
        ForeignKey("clients.client_id", name="tiktok_post_client_id_fkey", ondelete="CASCADE"),
    ),
    Column("caption", Text()),
    Column("like_count", Integer()),
    Column("comment_count", Integer()),
    Column("created_at", DateTime(), nullable=False, server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
    Column("source_type", String(20), nullable=False, server_default=text("'cron_fetch'::character varying")),
    Column("original_created_at", DateTime(timezone=True)),
    Column("fetched_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

insta_like = Table(
    "insta_like",
    metadata,
    Column(
        "shortcode",
        String(),
        ForeignKey("insta_post.shortcode", name="insta_like_shortcode_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("likes", JSONB()),
    Column("updated_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
)

insta_comment = Table(
    "insta_comment",
    metadata,
    Column(
        "shortcode",
        String(),
        ForeignKey("insta_post.shortcode", name="insta_comment_shortcode_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("comments", JSONB()),
    Column("updated_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
)

insta_like_audit = Table(
    "insta_like_audit",
    metadata,
    Column("audit_id", BigInteger(), primary_key=True),
    Column(
        "shortcode",
        String(),
        ForeignKey("insta_post.shortcode", name="insta_like_audit_shortcode_fkey", ondelete="CASCADE"),
    ),
    Column("usernames", JSONB(), nullable=False, server_default=text("'[]'::jsonb")),
    Column("snapshot_window_start", DateTime(timezone=True), nullable=False),
    Column("snapshot_window_end", DateTime(timezone=True), nullable=False),
    Column("captured_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

tiktok_comment = Table(
    "tiktok_comment",
    metadata,
    Column(
        "video_id",
        String(),
        ForeignKey("tiktok_post.video_id", name="tiktok_comment_video_id_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("comments", JSONB()),
    Column("updated_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
)

tiktok_comment_audit = Table(
    "tiktok_comment_audit",
    metadata,
    Column("audit_id", BigInteger(), primary_key=True),
    Column(
        "video_id",
        String(),
        ForeignKey("tiktok_post.video_id", name="tiktok_comment_audit_video_id_fkey", ondelete="CASCADE"),
    ),
    Column("usernames", JSONB(), nullable=False, server_default=text("'[]'::jsonb")),
    Column("snapshot_window_start", DateTime(timezone=True), nullable=False),
    Column("snapshot_window_end", DateTime(timezone=True), nullable=False),
    Column("captured_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)


def _handle_rows(name: str, key: str, parent: str) -> Table:
    """One row per (post, normalised handle) of a stored list, kept by a trigger (migration 0010)."""
    return Table(
        name,
        metadata,
        Column(
            key,
            String(),
            ForeignKey(f"{parent}.{key}", name=f"{name}_{key}_fkey", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("handle", Text(), primary_key=True),
    )


insta_like_handle = _handle_rows("insta_like_handle", "shortcode", "insta_like")
insta_comment_handle = _handle_rows("insta_comment_handle", "shortcode", "insta_comment")
tiktok_comment_handle = _handle_rows("tiktok_comment_handle", "video_id", "tiktok_comment")

# Matched engagement: per person, post owner and operational day, the posts holding their handle
# (trigger-maintained, migration 0010; read by core/reports/attendance.py).
engagement_tally = Table(
    "engagement_tally",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("owner_id", Text(), primary_key=True),
    Column("day", Date(), primary_key=True),
    Column(
        "user_id",
        String(),
        ForeignKey(
            "user.user_id", name="engagement_tally_user_id_fkey", ondelete="CASCADE", onupdate="CASCADE"
        ),
        primary_key=True,
    ),
    Column("cnt", Integer(), nullable=False),
)

insta_post_roles = Table(
    "insta_post_roles",
    metadata,
    Column(
        "shortcode",
        String(),
        ForeignKey("insta_post.shortcode", name="insta_post_roles_shortcode_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("role_name", String(), primary_key=True),
)

tiktok_post_roles = Table(
    "tiktok_post_roles",
    metadata,
    Column(
        "video_id",
        String(),
        ForeignKey("tiktok_post.video_id", name="tiktok_post_roles_video_id_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("role_name", String(), primary_key=True),
)

insta_post_clients = Table(
    "insta_post_clients",
    metadata,
    Column(
        "shortcode",
        String(),
        ForeignKey("insta_post.shortcode", name="insta_post_clients_shortcode_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("client_id", String(), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

task_post_exclusions = Table(
    "task_post_exclusions",
    metadata,
    Column("exclusion_id", BigInteger(), primary_key=True),
    Column("client_id", String(), nullable=False),
    Column("platform", String(20), nullable=False),
    Column("content_id", String(255), nullable=False),
    Column("source_link", Text()),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

link_report = Table(
    "link_report",
    metadata,
    Column(
        "shortcode",
        String(),
        ForeignKey("insta_post.shortcode", name="link_report_shortcode_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "user_id",
        String(),
        ForeignKey("user.user_id", name="link_report_user_id_fkey", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
    ),
    Column("instagram_link", Text()),
    Column("facebook_link", Text()),
    Column("twitter_link", Text()),
    Column("tiktok_link", Text()),
    Column("youtube_link", Text()),
    Column("created_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
    Column("updated_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
    Column("report_source", String(16), nullable=False, server_default=text("'api'::character varying")),
)

link_report_khusus = Table(
    "link_report_khusus",
    metadata,
    Column(
        "shortcode",
        String(),
        ForeignKey(
            "insta_post_khusus.shortcode", name="link_report_khusus_shortcode_fkey", ondelete="CASCADE"
        ),
        primary_key=True,
    ),
    Column(
        "user_id",
        String(),
        ForeignKey(
            "user.user_id", name="link_report_khusus_user_id_fkey", ondelete="CASCADE", onupdate="CASCADE"
        ),
        primary_key=True,
    ),
    Column("instagram_link", Text()),
    Column("facebook_link", Text()),
    Column("twitter_link", Text()),
    Column("tiktok_link", Text()),
    Column("youtube_link", Text()),
    Column("created_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
    Column("updated_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
    Column("report_source", String(16), nullable=False, server_default=text("'api'::character varying")),
)

insta_profile = Table(
    "insta_profile",
    metadata,
    Column("username", String(), primary_key=True),
    Column("full_name", String()),
    Column("biography", Text()),
    Column("follower_count", Integer()),
    Column("following_count", Integer()),
    Column("post_count", Integer()),
    Column("profile_pic_url", Text()),
    Column("updated_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
)

instagram_user = Table(
    "instagram_user",
    metadata,
    Column("user_id", String(30), primary_key=True),
    Column("username", String(100), nullable=False),
    Column("full_name", String(100)),
    Column("biography", Text()),
    Column("business_contact_method", String(50)),
    Column("category", String(100)),
    Column("category_id", BigInteger()),
    Column("account_type", SmallInteger()),
    Column("contact_phone_number", String(30)),
    Column("external_url", Text()),
    Column("fbid_v2", String(40)),
    Column("is_business", Boolean()),
    Column("is_private", Boolean()),
    Column("is_verified", Boolean()),
    Column("public_email", String(100)),
    Column("public_phone_country_code", String(10)),
    Column("public_phone_number", String(30)),
    Column("profile_pic_url", Text()),
    Column("profile_pic_url_hd", Text()),
)

instagram_user_metrics = Table(
    "instagram_user_metrics",
    metadata,
    Column(
        "user_id",
        String(30),
        ForeignKey("instagram_user.user_id", name="instagram_user_metrics_user_id_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("follower_count", Integer()),
    Column("following_count", Integer()),
    Column("media_count", Integer()),
    Column("total_igtv_videos", Integer()),
    Column("latest_reel_media", BigInteger()),
)

ig_ext_users = Table(
    "ig_ext_users",
    metadata,
    Column("user_id", String(50), primary_key=True),
    Column("username", String(100), nullable=False),
    Column("full_name", String(100)),
    Column("is_private", Boolean()),
    Column("is_verified", Boolean()),
    Column("profile_pic_url", Text()),
)

ig_ext_posts = Table(
    "ig_ext_posts",
    metadata,
    Column("post_id", String(50), primary_key=True),
    Column(
        "shortcode",
        String(50),
        ForeignKey("insta_post.shortcode", name="ig_ext_posts_shortcode_fkey", ondelete="CASCADE"),
    ),
    Column("user_id", String(50), ForeignKey("ig_ext_users.user_id", name="ig_ext_posts_user_id_fkey")),
    Column("caption_text", Text()),
    Column("created_at", DateTime()),
    Column("like_count", Integer()),
    Column("comment_count", Integer()),
    Column("is_video", Boolean()),
    Column("media_type", Integer()),
    Column("is_pinned", Boolean()),
)

ig_ext_media_items = Table(
    "ig_ext_media_items",
    metadata,
    Column("media_id", String(50), primary_key=True),
    Column(
        "post_id",
        String(50),
        ForeignKey("ig_ext_posts.post_id", name="ig_ext_media_items_post_id_fkey", ondelete="CASCADE"),
    ),
    Column("media_type", Integer()),
    Column("is_video", Boolean()),
    Column("original_width", Integer()),
    Column("original_height", Integer()),
    Column("image_url", Text()),
    Column("video_url", Text()),
    Column("video_duration", REAL()),
    Column("thumbnail_url", Text()),
)

ig_ext_tagged_users = Table(
    "ig_ext_tagged_users",
    metadata,
    Column(
        "media_id",
        String(50),
        ForeignKey(
            "ig_ext_media_items.media_id", name="ig_ext_tagged_users_media_id_fkey", ondelete="CASCADE"
        ),
        primary_key=True,
    ),
    Column(
        "user_id",
        String(50),
        ForeignKey("ig_ext_users.user_id", name="ig_ext_tagged_users_user_id_fkey"),
        primary_key=True,
    ),
    Column("x", REAL()),
    Column("y", REAL()),
)

ig_ext_hashtags = Table(
    "ig_ext_hashtags",
    metadata,
    Column(
        "post_id",
        String(50),
        ForeignKey("ig_ext_posts.post_id", name="ig_ext_hashtags_post_id_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("hashtag", String(100), primary_key=True),
)

ig_hashtag_info = Table(
    "ig_hashtag_info",
    metadata,
    Column("hashtag_id", String(50), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("profile_pic_url", Text()),
    Column("media_count", Integer()),
    Column("formatted_media_count", String(20)),
    Column("is_trending", Boolean()),
    Column("allow_muting_story", Boolean()),
    Column("hide_use_hashtag_button", Boolean()),
    Column("show_follow_drop_down", Boolean()),
    Column("content_advisory", Text()),
    Column("subtitle", Text()),
    Column("warning_message", Text()),
)

ig_post_metrics = Table(
    "ig_post_metrics",
    metadata,
    Column(
        "post_id",
        String(50),
        ForeignKey("ig_ext_posts.post_id", name="ig_post_metrics_post_id_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("play_count", Integer()),
    Column("save_count", Integer()),
    Column("share_count", Integer()),
    Column("view_count", Integer()),
    Column("fb_like_count", Integer()),
    Column("fb_play_count", Integer()),
)

ig_post_like_users = Table(
    "ig_post_like_users",
    metadata,
    Column(
        "post_id",
        String(50),
        ForeignKey("ig_ext_posts.post_id", name="ig_post_like_users_post_id_fkey", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "user_id",
        String(50),
        ForeignKey("ig_ext_users.user_id", name="ig_post_like_users_user_id_fkey"),
        primary_key=True,
    ),
    Column("username", String(100)),
)

ig_post_comments = Table(
    "ig_post_comments",
    metadata,
    Column("comment_id", String(50), primary_key=True),
    Column(
        "post_id",
        String(50),
        ForeignKey("ig_ext_posts.post_id", name="ig_post_comments_post_id_fkey", ondelete="CASCADE"),
    ),
    Column("user_id", String(50), ForeignKey("ig_ext_users.user_id", name="ig_post_comments_user_id_fkey")),
    Column("text", Text()),
    Column("created_at", DateTime()),
)

premium_request = Table(
    "premium_request",
    metadata,
    Column("request_id", Integer(), primary_key=True),
    Column(
        "user_id",
        Text(),
        ForeignKey(
            "user.user_id", name="premium_request_user_id_fkey", ondelete="CASCADE", onupdate="CASCADE"
        ),
    ),
    Column("sender_name", Text()),
    Column("account_number", Text()),
    Column("bank_name", Text()),
    Column("screenshot_url", Text()),
    Column("status", String(20), server_default=text("'pending'::character varying")),
    Column("created_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
    Column("updated_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
)

dashboard_user_subscriptions = Table(
    "dashboard_user_subscriptions",
    metadata,
    Column("subscription_id", Uuid(), primary_key=True, server_default=text("gen_random_uuid()")),
    Column(
        "dashboard_user_id",
        Uuid(),
        ForeignKey(
            "dashboard_user.dashboard_user_id",
            name="dashboard_user_subscriptions_dashboard_user_id_fkey",
            ondelete="CASCADE",
        ),
        nullable=False,
    ),
    Column("tier", Text(), nullable=False),
    Column("status", Text(), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("canceled_at", DateTime(timezone=True)),
    Column("metadata", JSONB()),
)

dashboard_premium_request = Table(
    "dashboard_premium_request",
    metadata,
    Column("request_id", Integer(), primary_key=True),
    Column("request_token", Uuid(), nullable=False, server_default=text("gen_random_uuid()")),
    Column(
        "dashboard_user_id",
        Uuid(),
        ForeignKey(
            "dashboard_user.dashboard_user_id",
            name="dashboard_premium_request_dashboard_user_id_fkey",
            ondelete="CASCADE",
        ),
        nullable=False,
    ),
    Column(
        "client_id",
        String(),
        ForeignKey("clients.client_id", name="dashboard_premium_request_client_id_fkey", ondelete="SET NULL"),
    ),
    Column("username", Text(), nullable=False),
    Column("whatsapp", Text()),
    Column("bank_name", Text(), nullable=False),
    Column("account_number", Text(), nullable=False),
    Column("sender_name", Text(), nullable=False),
    Column("transfer_amount", Numeric()),
    Column("premium_tier", Text()),
    Column("proof_url", Text()),
    Column("subscription_expires_at", DateTime(timezone=True)),
    Column("status", String(20), nullable=False, server_default=text("'pending'::character varying")),
    Column("expired_at", DateTime(timezone=True)),
    Column("responded_at", DateTime(timezone=True)),
    Column("admin_whatsapp", Text()),
    Column("metadata", JSONB(), nullable=False, server_default=text("'{}'::jsonb")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

dashboard_premium_request_audit = Table(
    "dashboard_premium_request_audit",
    metadata,
    Column("audit_id", BigInteger(), primary_key=True),
    Column(
        "request_id",
        Integer(),
        ForeignKey(
            "dashboard_premium_request.request_id",
            name="dashboard_premium_request_audit_request_id_fkey",
            ondelete="CASCADE",
        ),
        nullable=False,
    ),
    Column(
        "dashboard_user_id",
        Uuid(),
        ForeignKey(
            "dashboard_user.dashboard_user_id",
            name="dashboard_premium_request_audit_dashboard_user_id_fkey",
            ondelete="SET NULL",
        ),
    ),
    Column("action", Text(), nullable=False),
    Column("actor", Text(), nullable=False),
    Column("note", Text()),
    Column("status_from", Text()),
    Column("status_to", Text()),
    Column("admin_whatsapp", Text()),
    Column("metadata", JSONB()),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

satbinmas_official_accounts = Table(
    "satbinmas_official_accounts",
    metadata,
    Column("satbinmas_account_id", Uuid(), primary_key=True, server_default=text("gen_random_uuid()")),
    Column(
        "client_id",
        String(),
        ForeignKey(
            "clients.client_id", name="satbinmas_official_accounts_client_id_fkey", ondelete="CASCADE"
        ),
        nullable=False,
    ),
    Column("platform", Text(), nullable=False),
    Column("username", Text(), nullable=False),
    Column("secuid", Text()),
    Column("display_name", Text()),
    Column("profile_url", Text()),
    Column("is_active", Boolean(), nullable=False, server_default=text("true")),
    Column("is_verified", Boolean(), nullable=False, server_default=text("false")),
    Column("created_at", DateTime(timezone=True), server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), server_default=text("now()")),
)

satbinmas_official_media = Table(
    "satbinmas_official_media",
    metadata,
    Column("satbinmas_media_id", Uuid(), primary_key=True, server_default=text("gen_random_uuid()")),
    Column(
        "satbinmas_account_id",
        Uuid(),
        ForeignKey(
            "satbinmas_official_accounts.satbinmas_account_id",
            name="satbinmas_official_media_satbinmas_account_id_fkey",
            ondelete="CASCADE",
        ),
        nullable=False,
    ),
    Column(
        "client_id",
        String(),
        ForeignKey("clients.client_id", name="satbinmas_official_media_client_id_fkey", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("username", Text(), nullable=False),
    Column("media_id", Text(), nullable=False),
    Column("code", Text()),
    Column("media_type", Text()),
    Column("product_type", Text()),
    Column("taken_at", DateTime(timezone=True), nullable=False),
    Column("ig_created_at", DateTime(timezone=True)),
    Column("caption_text", Text()),
    Column("like_count", Integer()),
    Column("comment_count", Integer()),
    Column("view_count", Integer()),
    Column("play_count", Integer()),
    Column("save_count", Integer()),
    Column("share_count", Integer()),
    Column("width", Integer()),
    Column("height", Integer()),
    Column("thumbnail_url", Text()),
    Column("media_url", Text()),
    Column("video_url", Text()),
    Column("duration_seconds", Numeric()),
    Column("fetched_for_date", Date(), nullable=False, server_default=text("CURRENT_DATE")),
    Column("is_album", Boolean(), nullable=False, server_default=text("false")),
    Column("is_video", Boolean(), nullable=False, server_default=text("false")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

cron_job_config = Table(
    "cron_job_config",
    metadata,
    Column("job_key", Text(), primary_key=True),
    Column("display_name", Text(), nullable=False),
    Column("is_active", Boolean(), nullable=False, server_default=text("true")),
    Column("created_at", DateTime(timezone=True), server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), server_default=text("now()")),
)

wa_notification_reminder_state = Table(
    "wa_notification_reminder_state",
    metadata,
    Column("reminder_state_id", Integer(), primary_key=True),
    Column("date_key", Date(), nullable=False),
    Column("chat_id", Text(), nullable=False),
    Column("client_id", Text(), nullable=False),
    Column("last_stage", String(20), nullable=False),
    Column("is_complete", Boolean(), nullable=False, server_default=text("false")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

wa_notification_scheduler_state = Table(
    "wa_notification_scheduler_state",
    metadata,
    Column("client_id", String(), primary_key=True),
    Column("last_ig_count", Integer()),
    Column("last_tiktok_count", Integer()),
    Column("last_notified_at", DateTime(timezone=True)),
    Column("last_notified_slot", Text()),
    Column("state_date", Date()),
    Column("last_ig_ids", JSONB(), nullable=False, server_default=text("'[]'::jsonb")),
    Column("last_tiktok_ids", JSONB(), nullable=False, server_default=text("'[]'::jsonb")),
    Column("last_link_notified_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

wa_outbox_document = Table(
    "wa_outbox_document",
    metadata,
    Column("document_id", BigInteger(), primary_key=True),
    Column("file_name", Text(), nullable=False),
    Column("mimetype", Text(), nullable=False),
    Column("size_bytes", Integer(), nullable=False),
    Column("sha256", Text(), nullable=False),
    Column("content", LargeBinary(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

wa_outbox = Table(
    "wa_outbox",
    metadata,
    Column("outbox_id", BigInteger(), primary_key=True),
    Column("session_name", Text(), nullable=False),
    Column("chat_id", Text(), nullable=False),
    Column("kind", Text(), nullable=False),
    Column("body", Text()),
    Column(
        "document_id",
        BigInteger(),
        ForeignKey("wa_outbox_document.document_id", name="wa_outbox_document_id_fkey", ondelete="RESTRICT"),
    ),
    Column("part_index", SmallInteger(), nullable=False, server_default=text("1")),
    Column("part_count", SmallInteger(), nullable=False, server_default=text("1")),
    Column("idempotency_key", Text(), nullable=False),
    Column("priority", SmallInteger(), nullable=False, server_default=text("5")),
    Column("allow_fallback", Boolean(), nullable=False),
    Column("status", Text(), nullable=False, server_default=text("'pending'::text")),
    Column("attempt_count", Integer(), nullable=False, server_default=text("0")),
    Column("max_attempts", Integer(), nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("expires_at", DateTime(timezone=True)),
    Column("claimed_by", Text()),
    Column("claimed_at", DateTime(timezone=True)),
    Column("last_attempt_at", DateTime(timezone=True)),
    Column("last_error", Text()),
    Column("sent_at", DateTime(timezone=True)),
    Column("sent_session", Text()),
    Column("wa_message_id", Text()),
    Column("origin", Text(), nullable=False),
    Column("client_id", Text()),
    Column("job_run_id", BigInteger()),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

job_run = Table(
    "job_run",
    metadata,
    Column("run_id", BigInteger(), primary_key=True),
    Column("job_key", Text(), nullable=False),
    Column("trigger", Text(), nullable=False),
    Column("slot", DateTime(timezone=True), nullable=False),
    Column("status", Text(), nullable=False),
    Column("requested_by", Text()),
    Column("host", Text()),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("summary", JSONB(), nullable=False, server_default=text("'{}'::jsonb")),
    Column("error", Text()),
)

job_task = Table(
    "job_task",
    metadata,
    Column("task_id", Uuid(), primary_key=True),
    Column(
        "job_run_id",
        BigInteger(),
        ForeignKey("job_run.run_id", name="job_task_job_run_id_fkey", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("type", Text(), nullable=False),
    Column("args", JSONB()),
    Column("status", Text(), nullable=False),
    Column("attempts", Integer(), nullable=False, server_default=text("0")),
    Column("error", Text()),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
)

wa_session_state = Table(
    "wa_session_state",
    metadata,
    Column("session_name", Text(), primary_key=True),
    Column("state", Text(), nullable=False),
    Column("phone", Text()),
    Column("process", Text()),
    Column("last_connected_at", DateTime(timezone=True)),
    Column("last_disconnected_at", DateTime(timezone=True)),
    Column("last_disconnect_reason", Text()),
    Column("last_inbound_at", DateTime(timezone=True)),
    Column("last_outbound_at", DateTime(timezone=True)),
    Column("heartbeat_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

email_outbox = Table(
    "email_outbox",
    metadata,
    Column("email_id", BigInteger(), primary_key=True),
    Column("to_address", Text(), nullable=False),
    Column("subject", Text(), nullable=False),
    Column("body_text", Text(), nullable=False),
    Column("idempotency_key", Text(), nullable=False),
    Column("origin", Text(), nullable=False),
    Column("status", Text(), nullable=False, server_default=text("'pending'::text")),
    Column("attempt_count", Integer(), nullable=False, server_default=text("0")),
    Column("max_attempts", Integer(), nullable=False, server_default=text("5")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("claimed_at", DateTime(timezone=True)),
    Column("last_error", Text()),
    Column("sent_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

user_import_log = Table(
    "user_import_log",
    metadata,
    Column("import_id", BigInteger(), primary_key=True),
    Column("client_id", String(), nullable=False),
    Column("actor", Text(), nullable=False),
    Column("source", Text(), nullable=False),
    Column("mode", String(10), nullable=False),
    Column("counts", JSONB(), nullable=False, server_default=text("'{}'::jsonb")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("audit_id", BigInteger(), primary_key=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("actor_kind", String(20), nullable=False),
    Column("actor_id", Text()),
    Column("channel", String(16), nullable=False),
    Column("action", Text(), nullable=False),
    Column("target_type", Text(), nullable=False),
    Column("target_id", Text(), nullable=False),
    Column("changes", JSONB()),
    Column("request_id", Text()),
)

wa_lid_map = Table(
    "wa_lid_map",
    metadata,
    Column("lid", Text(), primary_key=True),
    Column("phone", String(), nullable=False),
    Column("first_seen_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("last_seen_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

access_request = Table(
    "access_request",
    metadata,
    Column("request_id", BigInteger(), primary_key=True),
    Column("phone", String(), nullable=False),
    Column("requested_role", String(20), nullable=False),
    Column(
        "client_id",
        String(),
        ForeignKey("clients.client_id", name="access_request_client_id_fkey", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("status", String(16), nullable=False, server_default=text("'pending'::character varying")),
    Column("requested_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", Text()),
    Column("note", Text()),
)

visitor_logs = Table(
    "visitor_logs",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("ip", String()),
    Column("user_agent", Text()),
    Column("visited_at", DateTime(), server_default=text("(now() AT TIME ZONE 'UTC'::text)")),
)

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer(), primary_key=True),
    Column("name", Text(), nullable=False),
    Column("checksum", CHAR(64), nullable=False),
    Column("method", String(10), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("duration_ms", Integer()),
    Column("cicero_version", Text()),
)

migration_row_fix = Table(
    "migration_row_fix",
    metadata,
    Column("fix_id", BigInteger(), primary_key=True),
    Column("version", Integer(), nullable=False),
    Column("table_name", Text(), nullable=False),
    Column("row_key", Text(), nullable=False),
    Column("column_name", Text(), nullable=False),
    Column("old_value", Text()),
    Column("new_value", Text()),
    Column("reason", Text(), nullable=False),
    Column("fixed_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)
