"""Manual post input (menus 46, 47) and the refresh of today's manual posts (menus 50-52).

- `register.register_posts` — ownership, lookup, manual merge, exclusion lift, immediate refresh.
- `refresh.refresh_todays_manual` — likes / comments of today's manual posts only.
- `render` — the reply texts of those options.
- `sources.PostSources` — the RapidAPI/ingestion port they use.
"""
