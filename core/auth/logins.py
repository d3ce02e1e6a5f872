"""The three logins (API-30 … API-32), logout (API-33), login records (API-34) and request
authentication (API-13 … API-15)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError

from core.accounts import fields
from core.auth import passwords
from core.auth.errors import AuthError
from core.auth.principal import NO_CLIENT_MESSAGE, Principal, dashboard_clients, label_of, resolve_principal
from core.auth.ratelimit import RateLimiter
from core.auth.sessions import SessionStore
from core.auth.tokens import TokenKind, create_token, decode_token
from core.cache import RedisStore
from core.config import Settings
from core.db import Database, UnitOfWork
from core.outbox import enqueue_text
from core.phones import mask_phone
from core.timefmt import hari_tanggal
from core.timewindow import now_utc, now_wib

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoginResult:
    token: str
    claims: dict[str, Any]
    body: dict[str, Any]  # legacy top-level response (API-2)


@dataclass(frozen=True)
class RequestMeta:
    ip: str
    user_agent: str
    request_id: str


def _bad(message: str) -> AuthError:
    return AuthError(400, "validation_error", message)


def _unauthorized(message: str) -> AuthError:
    return AuthError(401, "unauthorized", message)


class AuthService:
    def __init__(self, settings: Settings, db: Database, redis: RedisStore) -> None:
        self.settings = settings
        self.db = db
        self.redis = redis
        self.sessions = SessionStore(redis)
        self.limiter = RateLimiter(redis)

    @property
    def _window(self) -> int:
        return self.settings.login_failure_window_minutes * 60

    async def _limit_attempt(self, kind: str, identifier: str, meta: RequestMeta) -> str:
        await self.limiter.hit("login_ip", meta.ip, self.settings.login_limit_per_ip, self._window)
        subject = f"{kind}:{identifier}"
        await self.limiter.check_failures(
            "login_fail", subject, self.settings.login_max_failures, self._window
        )
        return subject

    async def _failed(self, subject: str, masked: str) -> None:
        await self.limiter.add_failure("login_fail", subject, self._window)
        log.warning("login_failed", extra={"login": subject.split(":")[0], "identifier": masked})

    async def _succeed(
        self,
        uow: UnitOfWork,
        subject: str,
        kind: TokenKind,
        identity: str,
        payload: dict[str, Any],
        login: tuple[str, str, str],
        meta: RequestMeta,
    ) -> tuple[str, dict[str, Any]]:
        token, claims = create_token(self.settings, kind, payload)
        await self.sessions.record(claims, identity, meta.ip)
        await self.limiter.clear("login_fail", subject, self._window)
        actor_id, login_type, source = login
        await uow.execute(
            "INSERT INTO login_log (actor_id, login_type, login_source, ip_address, user_agent) "
            "VALUES (:a, :t, :s, :ip, :ua)",
            {"a": actor_id, "t": login_type, "s": source, "ip": meta.ip, "ua": meta.user_agent[:300]},
        )
        return token, claims

    async def _notify(self, uow: UnitOfWork, key: str, text: str, extra: list[str] | None = None) -> None:
        """Admin login notice (API-30 … 32) through the outbox, plus optional extra numbers."""
        targets = list(self.settings.admin_phones() if self.settings.admin_notify_login else [])
        for phone in extra or []:
            if phone not in targets:
                targets.append(phone)
        for phone in targets:
            await enqueue_text(
                uow, phone, text, origin="api", idempotency_key=f"{key}:{phone}", settings=self.settings
            )

    def _login_time(self) -> str:
        now = now_wib()
        return f"{hari_tanggal(now.date())} {now:%H:%M} WIB"

    # --- API-30 -----------------------------------------------------------------------------

    async def login_client(self, body: dict[str, Any], meta: RequestMeta) -> LoginResult:
        raw_id = fields.as_text(body.get("client_id"))
        raw_phone = fields.as_text(body.get("client_operator"))
        subject = await self._limit_attempt("client", raw_id.lower(), meta)
        if not raw_id or not raw_phone:
            raise _bad("client_id dan client_operator wajib diisi")
        async with self.db.uow() as uow:
            row = (
                (
                    await uow.execute(
                        "SELECT client_id, nama, client_type, client_status, client_operator FROM clients "
                        "WHERE UPPER(client_id) = :c ORDER BY client_id LIMIT 1",
                        {"c": raw_id.upper()},
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                await self._failed(subject, raw_id)
                raise _unauthorized("Login gagal: client_id tidak ditemukan")
            phone = fields.phones_in(raw_phone)
            if not phone or phone[0] not in fields.phones_in(row["client_operator"]):
                await self._failed(subject, raw_id)
                await self._notify_failed_client(uow, row["client_id"], meta)
                await uow.commit()
                raise _unauthorized("Login gagal: client operator tidak valid")
            if row["client_status"] is False:
                raise AuthError(403, "forbidden", "Client tidak aktif. Hubungi admin.")
            ctype = (row["client_type"] or "").lower()
            client = {
                "client_id": row["client_id"],
                "nama": row["nama"],
                "role": row["client_id"].lower() if ctype == "direktorat" else "client",
            }
            token, claims = await self._succeed(
                uow,
                subject,
                "client",
                row["client_id"],
                client,
                (row["client_id"], "operator", "mobile"),
                meta,
            )
            text = (
                f"🔐 *Login Client Operator*\nClient: {row['client_id']} ({row['nama']})\n"
                f"Operator: {phone[0]}\nWaktu: {self._login_time()}\nIP: {meta.ip}"
            )
            await self._notify(uow, f"api:{meta.request_id}:login", text)
            await enqueue_text(
                uow, phone[0], text, origin="api", idempotency_key=f"api:{meta.request_id}:login-self",
                settings=self.settings,
            )  # fmt: skip
            await uow.commit()
        return LoginResult(token, claims, {"success": True, "token": token, "client": client})

    async def _notify_failed_client(self, uow: UnitOfWork, client_id: str, meta: RequestMeta) -> None:
        """At most one failed-login notice per client id per 15 minutes (API-30)."""
        try:
            fresh = await self.redis.client.set(
                self.redis.key("login_fail_notice", client_id), "1", nx=True, ex=900
            )
        except RedisError:
            return
        if fresh:
            text = f"⚠️ *Login Client Gagal*\nClient: {client_id}\nWaktu: {self._login_time()}\nIP: {meta.ip}"
            for phone in self.settings.admin_phones():
                await enqueue_text(
                    uow, phone, text, origin="api", idempotency_key=f"api:{meta.request_id}:login-fail:{phone}",
                    settings=self.settings,
                )  # fmt: skip

    # --- API-31 -----------------------------------------------------------------------------

    async def login_user(self, body: dict[str, Any], meta: RequestMeta) -> LoginResult:
        nrp = fields.lookup_nrp(body.get("nrp"))
        raw_phone = body.get("whatsapp") if body.get("whatsapp") not in (None, "") else body.get("password")
        phone_text = fields.as_text(raw_phone)
        subject = await self._limit_attempt("user", nrp, meta)
        if not nrp or not phone_text:
            raise _bad("nrp dan whatsapp wajib diisi")
        phone = fields.phones_in(phone_text)
        async with self.db.uow() as uow:
            row = (
                (
                    await uow.execute(
                        'SELECT user_id, nama, status, whatsapp FROM "user" WHERE user_id = :u', {"u": nrp}
                    )
                )
                .mappings()
                .first()
            )
            stored = fields.phones_in(row["whatsapp"]) if row else []
            if row is None or not phone or not stored or phone[0] != stored[0]:
                await self._failed(subject, mask_phone(nrp))
                raise _unauthorized("Login gagal: data tidak ditemukan")
            if row["status"] is not True:
                raise AuthError(403, "forbidden", "Akun tidak aktif. Hubungi operator.")
            user = {"user_id": row["user_id"], "nama": row["nama"], "role": "user"}
            token, claims = await self._succeed(
                uow, subject, "user", row["user_id"], user, (row["user_id"], "user", "mobile"), meta
            )
            text = (
                f"🔐 *Login Personil*\nNRP: {row['user_id']} ({row['nama']})\n"
                f"Waktu: {self._login_time()}\nIP: {meta.ip}"
            )
            await self._notify(uow, f"api:{meta.request_id}:login", text)
            await uow.commit()
        return LoginResult(token, claims, {"success": True, "token": token, "user": user})

    # --- API-32 -----------------------------------------------------------------------------

    async def login_dashboard(self, body: dict[str, Any], meta: RequestMeta) -> LoginResult:
        username = fields.as_text(body.get("username"))
        password = (
            body.get("password")
            if isinstance(body.get("password"), str)
            else fields.as_text(body.get("password"))
        )
        subject = await self._limit_attempt("dashboard", username.lower(), meta)
        if not username or not password:
            raise _bad("username dan password wajib diisi")
        async with self.db.uow() as uow:
            row = (
                (
                    await uow.execute(
                        """
                    SELECT d.dashboard_user_id::text AS id, d.username, d.password_hash, d.status, d.role_id,
                           LOWER(r.role_name) AS role, d.premium_status, d.premium_tier, d.premium_expires_at
                    FROM dashboard_user d JOIN roles r ON r.role_id = d.role_id
                    WHERE LOWER(d.username) = LOWER(:u) ORDER BY d.created_at LIMIT 1
                    """,
                        {"u": username},
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                await passwords.dummy_verify_off_loop(password)
                await self._failed(subject, username[:1] + "***")
                raise _unauthorized("Login gagal: username atau password salah")
            if not await passwords.verify_password_off_loop(password, row["password_hash"]):
                await self._failed(subject, username[:1] + "***")
                raise _unauthorized("Login gagal: username atau password salah")
            if row["status"] is not True:
                raise AuthError(403, "forbidden", "Akun belum disetujui")
            client_ids = await dashboard_clients(uow, row["id"])
            if row["role"] != "admin" and not client_ids:
                raise _bad(NO_CLIENT_MESSAGE)
            if passwords.needs_rehash(row["password_hash"]):
                # API-16: transparent upgrade of bcrypt / outdated Argon2 hashes.
                await uow.execute(
                    "UPDATE dashboard_user SET password_hash = :h WHERE dashboard_user_id = CAST(:id AS UUID)",
                    {"h": await passwords.hash_password_off_loop(password), "id": row["id"]},
                )
            role = row["role"]
            if len(client_ids) == 1:
                ctype = (
                    await uow.execute(
                        "SELECT LOWER(client_type) FROM clients WHERE client_id = :c", {"c": client_ids[0]}
                    )
                ).scalar()
                if ctype == "direktorat":
                    role = client_ids[0].lower()
            premium = await self._premium(uow, row)
            user: dict[str, Any] = {
                "dashboard_user_id": row["id"],
                "role": role,
                "role_id": row["role_id"],
                "client_ids": client_ids,
                **premium,
            }
            if len(client_ids) == 1:
                user["client_id"] = client_ids[0]
            token, claims = await self._succeed(
                uow, subject, "dashboard", row["id"], user, (row["id"], "operator", "web"), meta
            )
            await uow.execute(
                "UPDATE dashboard_user SET last_login_at = NOW() WHERE dashboard_user_id = CAST(:id AS UUID)",
                {"id": row["id"]},
            )
            text = (
                f"🔐 *Login Dashboard*\nUsername: {row['username']} ({role})\n"
                f"Waktu: {self._login_time()}\nIP: {meta.ip}"
            )
            await self._notify(uow, f"api:{meta.request_id}:login", text)
            await uow.commit()
        return LoginResult(token, claims, {"success": True, "token": token, "user": user})

    async def _premium(self, uow: UnitOfWork, row: Any) -> dict[str, Any]:
        sub = (
            (
                await uow.execute(
                    """
                SELECT tier, expires_at FROM dashboard_user_subscriptions
                WHERE dashboard_user_id = CAST(:id AS UUID) AND status = 'active' AND expires_at > :now
                  AND (canceled_at IS NULL OR canceled_at > :now)
                ORDER BY expires_at DESC LIMIT 1  -- JOB-71: the latest expires_at wins
                """,
                    {"id": row["id"], "now": now_utc()},
                )
            )
            .mappings()
            .first()
        )
        if sub:
            return {
                "premium_status": True,
                "premium_tier": sub["tier"],
                "premium_expires_at": sub["expires_at"].isoformat(),
            }
        expires = row["premium_expires_at"]
        return {
            "premium_status": bool(row["premium_status"]),
            "premium_tier": row["premium_tier"],
            "premium_expires_at": expires.isoformat() if expires else None,
        }

    # --- per request ------------------------------------------------------------------------

    async def authenticate(self, token: str) -> tuple[Principal, dict[str, Any]]:
        """API-12/14/15: verify the JWT, check its session record, rebuild the principal."""
        claims = decode_token(self.settings, token)
        await self.sessions.check(claims["jti"])
        async with self.db.uow() as uow:
            principal = await resolve_principal(uow, claims)
        return principal, claims

    async def logout(self, token: str | None) -> str | None:
        """API-33: end the token's session when it is valid; anything else is still a logout.
        Returns the token's principal label for the request log (API-8), None without a valid token."""
        if not token:
            return None
        try:
            claims = decode_token(self.settings, token)
        except AuthError:
            return None
        await self.sessions.end(claims)
        return label_of(claims)
