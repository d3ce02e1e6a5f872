"""OTP mechanics of the claim flow (API-20): keyed hashes, TTL, attempt limit, cooldown,
verified window. The plain code exists only in the request that generates and mails it."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from redis.exceptions import RedisError

from core.auth.errors import AuthError, service_unavailable
from core.cache import RedisStore
from core.config import Settings

# Attempts are counted atomically before the comparison, so parallel guesses cannot exceed the limit.
_VERIFY_SCRIPT = """
local raw = redis.call('GET', KEYS[1])
if not raw then return {'missing'} end
local d = cjson.decode(raw)
if d['email'] ~= ARGV[1] then return {'email'} end
if tonumber(d['attempts']) >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return {'locked'}
end
d['attempts'] = tonumber(d['attempts']) + 1
redis.call('SET', KEYS[1], cjson.encode(d), 'KEEPTTL')
return {'check', d['hash'], tostring(d['attempts'])}
"""


@dataclass(frozen=True)
class OtpCheck:
    ok: bool
    attempts_left: int


class OtpStore:
    def __init__(self, redis: RedisStore, settings: Settings) -> None:
        self.redis = redis
        self.settings = settings
        secret = settings.jwt_secret.get_secret_value() if settings.jwt_secret else ""
        self._key = hmac.new(secret.encode(), b"cicero-otp", hashlib.sha256).digest()

    def _hash(self, nrp: str, email: str, code: str) -> str:
        return hmac.new(self._key, f"{nrp}:{email}:{code}".encode(), hashlib.sha256).hexdigest()

    async def cooldown_left(self, nrp: str) -> int:
        try:
            ttl = await self.redis.client.ttl(self.redis.key("otp_cooldown", nrp))
        except RedisError:
            raise service_unavailable() from None
        return max(0, ttl)

    async def ensure_no_cooldown(self, nrp: str) -> None:
        left = await self.cooldown_left(nrp)
        if left > 0:
            raise AuthError(
                429,
                "rate_limited",
                f"Kode OTP baru saja dikirim. Tunggu {left} detik sebelum meminta lagi.",
                retry_after=left,
            )

    async def issue(self, nrp: str, email: str) -> str:
        """New code: overwrites the previous one, resets attempts, starts the cooldown."""
        code = str(secrets.randbelow(900000) + 100000)
        record = {
            "hash": self._hash(nrp, email, code),
            "email": email,
            "attempts": 0,
            "issued_at": int(time.time()),
        }
        try:
            pipe = self.redis.client.pipeline()
            pipe.set(self.redis.key("otp", nrp), json.dumps(record), ex=self.settings.otp_ttl_seconds)
            pipe.set(self.redis.key("otp_cooldown", nrp), "1", ex=self.settings.otp_resend_cooldown_seconds)
            await pipe.execute()
        except RedisError:
            raise service_unavailable() from None
        return code

    async def withdraw(self, nrp: str) -> None:
        """Send failure: forget the code and the cooldown so the member can retry at once."""
        try:
            await self.redis.client.delete(self.redis.key("otp", nrp), self.redis.key("otp_cooldown", nrp))
        except RedisError:
            raise service_unavailable() from None

    async def verify(self, nrp: str, email: str, code: str) -> OtpCheck:
        limit = self.settings.otp_max_attempts
        try:
            result = await self.redis.client.eval(_VERIFY_SCRIPT, 1, self.redis.key("otp", nrp), email, limit)
        except RedisError:
            raise service_unavailable() from None
        state = result[0]
        if state == "missing":
            return OtpCheck(False, 0)
        if state == "email":
            return OtpCheck(False, limit)
        if state == "locked":
            return OtpCheck(False, 0)
        stored_hash, attempts = result[1], int(result[2])
        if not hmac.compare_digest(stored_hash, self._hash(nrp, email, code)):
            return OtpCheck(False, max(0, limit - attempts))
        try:
            pipe = self.redis.client.pipeline()
            pipe.delete(self.redis.key("otp", nrp))
            pipe.set(self.redis.key("verified", nrp), email, ex=self.settings.otp_verified_ttl_seconds)
            await pipe.execute()
        except RedisError:
            raise service_unavailable() from None
        return OtpCheck(True, limit - attempts)

    async def is_verified(self, nrp: str, email: str) -> bool:
        try:
            stored = await self.redis.client.get(self.redis.key("verified", nrp))
        except RedisError:
            raise service_unavailable() from None
        return stored is not None and stored == email

    async def refresh_verified(self, nrp: str, email: str) -> None:
        await self.redis.client.set(
            self.redis.key("verified", nrp), email, ex=self.settings.otp_verified_ttl_seconds
        )

    async def drop_verified(self, nrp: str) -> None:
        await self.redis.client.delete(self.redis.key("verified", nrp))
