"""Instagram/TikTok/other social platforms: usernames, links, provider clients."""
