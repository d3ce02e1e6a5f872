"""Server-side login sessions in Redis (API-14): written at login, checked on every protected
request, deleted on logout and on the revocation events of API-14."""

from __future__ import annotations

import json
import logging
from typing import Any

from redis.exceptions import RedisError

from core.auth.errors import invalid_token, service_unavailable
from core.cache import RedisStore

log = logging.getLogger(__name__)

# Identity set of each token kind (API-14 table).
SET_PREFIX = {"client": "login", "user": "user_login", "dashboard": "dashboard_login"}


class SessionStore:
    def __init__(self, redis: RedisStore) -> None:
        self.redis = redis

    def _token_key(self, jti: str) -> str:
        return self.redis.key("login_token", jti)

    def _set_key(self, kind: str, subject: str) -> str:
        return self.redis.key(SET_PREFIX[kind], subject)

    async def record(self, claims: dict[str, Any], subject: str, ip: str | None) -> None:
        ttl = max(1, int(claims["exp"]) - int(claims["iat"]))
        value = json.dumps(
            {"kind": claims["kind"], "subject": subject, "iat": claims["iat"], "exp": claims["exp"], "ip": ip}
        )
        try:
            pipe = self.redis.client.pipeline()
            pipe.set(self._token_key(claims["jti"]), value, ex=ttl)
            pipe.sadd(self._set_key(claims["kind"], subject), claims["jti"])
            pipe.expire(self._set_key(claims["kind"], subject), ttl)
            await pipe.execute()
        except RedisError:
            raise service_unavailable() from None

    async def check(self, jti: str) -> dict[str, Any]:
        """The session record, or `invalid_token`/`session revoked`; Redis down → 503 (fail closed)."""
        try:
            raw = await self.redis.client.get(self._token_key(jti))
        except RedisError:
            raise service_unavailable() from None
        if raw is None:
            raise invalid_token("session revoked")
        return json.loads(raw)

    async def end(self, claims: dict[str, Any]) -> None:
        """Logout of one session (API-33)."""
        try:
            raw = await self.redis.client.get(self._token_key(claims["jti"]))
            await self.redis.client.delete(self._token_key(claims["jti"]))
            if raw:
                record = json.loads(raw)
                await self.redis.client.srem(self._set_key(record["kind"], record["subject"]), claims["jti"])
        except RedisError:
            raise service_unavailable() from None
        log.warning("auth.revoked", extra={"kind": claims.get("kind"), "reason": "logout"})

    async def revoke_all(self, kind: str, subject: str, reason: str) -> int:
        key = self._set_key(kind, subject)
        jtis = await self.redis.client.smembers(key)
        if jtis:
            await self.redis.client.delete(*[self._token_key(j) for j in jtis])
        await self.redis.client.delete(key)
        log.warning(
            "auth.revoked", extra={"kind": kind, "subject": subject, "reason": reason, "sessions": len(jtis)}
        )
        return len(jtis)

    # SessionRevoker protocol of core.accounts.revocation
    async def revoke_user(self, user_id: str, reason: str) -> None:
        await self.revoke_all("user", user_id, reason)

    async def revoke_client(self, client_id: str, reason: str) -> None:
        await self.revoke_all("client", client_id, reason)

    async def revoke_dashboard(self, dashboard_user_id: str, reason: str) -> None:
        await self.revoke_all("dashboard", dashboard_user_id, reason)

    async def forget_claim(self, nrp: str) -> None:
        """API-70: a renamed NRP loses its pending OTP and verified window."""
        await self.redis.client.delete(self.redis.key("otp", nrp), self.redis.key("verified", nrp))
