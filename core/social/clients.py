"""The pair of provider clients a process uses, built once from settings and closed once."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass

from core.cache import RedisStore
from core.config import Settings
from core.social.instagram import InstagramClient
from core.social.rapidapi import Sleep, instagram_transport, tiktok_transport
from core.social.tiktok import TikTokClient


@dataclass
class SocialClients:
    settings: Settings
    instagram: InstagramClient
    tiktok: TikTokClient

    async def aclose(self) -> None:
        await self.instagram.transport.aclose()
        await self.tiktok.transport.aclose()


def open_social_clients(
    settings: Settings,
    redis: RedisStore | None = None,
    *,
    sleep: Sleep = asyncio.sleep,
    rng: Callable[[], float] = random.random,
) -> SocialClients:
    """Clients for both providers; `sleep`/`rng` are injectable so tests pin waits and jitter."""
    return SocialClients(
        settings=settings,
        instagram=InstagramClient(instagram_transport(settings, sleep=sleep, rng=rng), settings, redis),
        tiktok=TikTokClient(tiktok_transport(settings, sleep=sleep, rng=rng), settings, redis),
    )
