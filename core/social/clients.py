"""The pair of provider clients a process uses, built once from settings and closed once."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass

from core.cache import RedisStore
from core.config import Settings
from core.social.instagram import InstagramClient
from core.social.provider_limit import SharedProviderLimit
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
    """Clients for both providers; `sleep`/`rng` are injectable so tests pin waits and jitter.

    With Redis, each provider's requests also count against the limit all processes share."""
    ig = instagram_transport(settings, sleep=sleep, rng=rng)
    tt = tiktok_transport(settings, sleep=sleep, rng=rng)
    if redis is not None and settings.rapidapi_shared_concurrency > 0:
        for transport in (ig, tt):
            transport.shared = SharedProviderLimit(
                redis,
                transport.platform,
                settings.rapidapi_shared_concurrency,
                lease_s=settings.rapidapi_timeout_s * 3,
            )
    return SocialClients(
        settings=settings,
        instagram=InstagramClient(ig, settings, redis),
        tiktok=TikTokClient(tt, settings, redis),
    )
