"""The claim flow (API-20 … API-26): a member proves an email with a 6-digit code and may then
read and edit their own `"user"` row without logging in."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import dns.asyncresolver
import dns.exception
import dns.resolver
from sqlalchemy.exc import IntegrityError

from core.accounts import fields, users
from core.accounts.access import Caller
from core.accounts.errors import AccountError
from core.auth.errors import AuthError
from core.auth.otp import OtpStore
from core.auth.ratelimit import RateLimiter
from core.auth.sessions import SessionStore
from core.cache import RedisStore
from core.config import Settings
from core.db import Database
from core.email import EmailError, EmailSender, mask_email, otp_mail
from core.social.handles import normalize_handle

log = logging.getLogger(__name__)

MxResult = Literal["ok", "unusable", "unavailable"]
MxLookup = Callable[[str], Awaitable[MxResult]]

HOUR = 3600
EMAIL_USED = users.EMAIL_TAKEN
NOT_VERIFIED = "OTP belum diverifikasi"
CLAIM_FIELDS = ("nama", "title", "divisi", "jabatan", "desa", "insta", "tiktok", "whatsapp")


async def dns_mx_lookup(domain: str) -> MxResult:
    """API-21: MX lookup with a 5 s budget. NXDOMAIN / no answer → unusable; resolver trouble → unavailable."""
    resolver = dns.asyncresolver.Resolver()
    resolver.lifetime = 5.0
    try:
        answer = await resolver.resolve(domain, "MX")
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return "unusable"
    except Exception:  # timeout, SERVFAIL, no nameservers, anything else the resolver raises
        return "unavailable"
    return "ok" if len(answer) else "unusable"


def _bad(message: str, **extra: Any) -> AuthError:
    return AuthError(400, "validation_error", message, **extra)


def _from_account(exc: AccountError) -> AuthError:
    status = {"validation_error": 400, "forbidden": 403, "not_found": 404, "conflict": 409}[exc.reason]
    code = "validation_error" if exc.reason == "validation_error" else exc.reason
    return AuthError(status, code, exc.message)


class ClaimService:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        redis: RedisStore,
        email: EmailSender,
        mx_lookup: MxLookup = dns_mx_lookup,
    ) -> None:
        self.settings = settings
        self.db = db
        self.otp = OtpStore(redis, settings)
        self.limiter = RateLimiter(redis)
        self.sessions = SessionStore(redis)
        self.email = email
        self.mx_lookup = mx_lookup

    # --- API-21 -----------------------------------------------------------------------------

    async def validate_email(self, body: dict[str, Any], ip: str) -> dict[str, Any]:
        await self.limiter.hit("email_check_ip", ip, self.settings.email_check_limit_per_ip_hour, HOUR)
        raw = fields.as_text(body.get("email"))
        if not raw:
            raise _bad("Email wajib diisi")
        email = fields.email_or_none(raw)
        if email is None:
            raise _bad(fields.EMAIL_MESSAGE)
        result = await self.mx_lookup(email.split("@")[1])
        if result == "unusable":
            raise _bad("Email tidak dapat digunakan. Domain email tidak aktif atau tidak menerima email.")
        if result == "unavailable":
            raise AuthError(
                503, "service_unavailable", "Layanan validasi email tidak tersedia. Coba beberapa saat lagi."
            )
        async with self.db.uow() as uow:
            holder = await users.find_user_by_email(uow, email)
        if holder and holder.get("status") is False:
            raise AuthError(403, "forbidden", "Email tidak aktif. Hubungi admin untuk mengaktifkan kembali.")
        return {"message": "Email valid dan bisa digunakan"}

    # --- API-22 -----------------------------------------------------------------------------

    async def request_otp(self, body: dict[str, Any], ip: str) -> dict[str, Any]:
        nrp = fields.lookup_nrp(body.get("nrp"))
        raw_email = fields.as_text(body.get("email"))
        if not nrp or not raw_email:
            raise _bad("nrp dan email wajib diisi")
        email = fields.email_or_none(raw_email)
        if email is None:
            raise _bad(fields.EMAIL_MESSAGE)
        await self.limiter.hit("otp_req_ip", ip, self.settings.otp_limit_per_ip_hour, HOUR)
        await self.limiter.hit("otp_req_nrp", nrp, self.settings.otp_limit_per_nrp_hour, HOUR)
        await self.limiter.hit("otp_req_email", email, self.settings.otp_limit_per_email_hour, HOUR)
        await self.otp.ensure_no_cooldown(nrp)
        async with self.db.uow() as uow:
            user = await users.fetch_user(uow, nrp)
            if user is None:
                holder = await users.find_user_by_email(uow, email)
                if holder is None:
                    raise AuthError(404, "not_found", "User tidak ditemukan")
                if fields.lookup_nrp(holder["user_id"]) != nrp:
                    raise AuthError(409, "conflict", EMAIL_USED)
                user = holder
            if user.get("status") is False:
                raise AuthError(
                    403, "forbidden", "Akun tidak aktif. Hubungi admin untuk mengaktifkan kembali."
                )
            stored = fields.as_text(user.get("email")).lower()
            if stored and stored != email:
                raise _bad("email tidak sesuai")
            if not stored:
                holder = await users.find_user_by_email(uow, email)
                if holder and holder["user_id"] != user["user_id"]:
                    raise AuthError(409, "conflict", EMAIL_USED)
        code = await self.otp.issue(nrp, email)
        try:
            await self.email.send(email, otp_mail(code, max(1, self.settings.otp_ttl_seconds // 60)))
        except EmailError as exc:
            await self.otp.withdraw(nrp)
            status = 503 if exc.refused else 502
            raise AuthError(status, "email_failed", "Gagal mengirim OTP") from None
        log.info("otp_sent", extra={"to": mask_email(email)})
        return {"message": "OTP akan dikirim sesaat lagi"}

    # --- API-23 -----------------------------------------------------------------------------

    async def verify_otp(self, body: dict[str, Any], ip: str) -> dict[str, Any]:
        nrp = fields.lookup_nrp(body.get("nrp"))
        email = fields.as_text(body.get("email")).lower()
        code = fields.as_text(body.get("otp"))
        if not nrp or not email or not code:
            raise _bad("nrp, email, dan otp wajib diisi")
        await self._check_code(nrp, email, code, ip)
        async with self.db.uow() as uow:
            user = await users.fetch_user(uow, nrp)
            if user is None:
                raise AuthError(404, "not_found", "User tidak ditemukan")
            if not fields.as_text(user.get("email")):
                holder = await users.find_user_by_email(uow, email)
                if holder and holder["user_id"] != nrp:
                    await self.otp.drop_verified(nrp)
                    raise AuthError(409, "conflict", EMAIL_USED)
                try:
                    await uow.execute(
                        'UPDATE "user" SET email = :e, updated_at = NOW() WHERE user_id = :u',
                        {"e": email, "u": nrp},
                    )
                    await uow.commit()
                except IntegrityError:
                    await self.otp.drop_verified(nrp)
                    raise AuthError(409, "conflict", EMAIL_USED) from None
        return {"verified": True}

    async def _check_code(self, nrp: str, email: str, code: str, ip: str) -> None:
        await self.limiter.hit("otp_verify_ip", ip, self.settings.otp_verify_limit_per_ip_hour, HOUR)
        check = await self.otp.verify(nrp, email, code)
        if not check.ok:
            if check.attempts_left == 0:
                log.warning("otp_lockout_or_missing", extra={"nrp": nrp[:2] + "***"})
            raise _bad("OTP tidak valid", attempts_left=check.attempts_left)

    # --- API-24 -----------------------------------------------------------------------------

    async def user_data(self, body: dict[str, Any]) -> dict[str, Any]:
        nrp = fields.lookup_nrp(body.get("nrp"))
        email = fields.as_text(body.get("email")).lower()
        if not nrp or not email:
            raise _bad("nrp dan email wajib diisi")
        if not await self.otp.is_verified(nrp, email):
            raise AuthError(403, "forbidden", NOT_VERIFIED)
        async with self.db.uow() as uow:
            user = await users.fetch_user(uow, nrp)
        if user is None:
            raise AuthError(404, "not_found", "User tidak ditemukan")
        return users.user_object(user)

    # --- API-25 -----------------------------------------------------------------------------

    async def update(self, body: dict[str, Any], ip: str, request_id: str | None = None) -> dict[str, Any]:
        nrp = fields.lookup_nrp(body.get("nrp"))
        email = fields.as_text(body.get("email")).lower()
        if not nrp or not email:
            raise _bad("nrp dan email wajib diisi")
        data = {k: body[k] for k in CLAIM_FIELDS if k in body}
        for key, platform in (("insta", "instagram"), ("tiktok", "tiktok")):
            if key in data and not fields.as_text(data[key]):
                del data[key]  # step 8: an empty handle means "not provided"
            elif key in data and normalize_handle(fields.as_text(data[key]), platform) is None:
                raise _bad(fields.HANDLE_MESSAGES[platform])
        if not await self.otp.is_verified(nrp, email):
            code = fields.as_text(body.get("otp"))
            if code:
                try:
                    await self._check_code(nrp, email, code, ip)
                except AuthError as exc:
                    if exc.status == 429:
                        raise
            if not await self.otp.is_verified(nrp, email):
                raise AuthError(403, "forbidden", NOT_VERIFIED)
        if "whatsapp" in data and data["whatsapp"] is None:
            data["whatsapp"] = ""
        async with self.db.uow() as uow:
            current = await users.fetch_user(uow, nrp)
            if current is None:
                raise AuthError(404, "not_found", "User tidak ditemukan")
            try:
                values = await users.validate_profile(uow, data, nrp, current)
            except AccountError as exc:
                raise _from_account(exc) from None
            caller = Caller.personnel(nrp, current.get("client_id"))
            try:
                updated = await users.write_profile(uow, caller, nrp, values, request_id=request_id)
            except IntegrityError:
                raise AuthError(409, "conflict", users.WHATSAPP_TAKEN) from None
        if updated is None:
            raise AuthError(404, "not_found", "User tidak ditemukan")
        if "whatsapp" in values and values["whatsapp"] != (current.get("whatsapp") or ""):
            await self.sessions.revoke_user(nrp, "whatsapp_changed")
        try:
            await self.otp.refresh_verified(nrp, email)
        except Exception:  # step 10: only logged
            log.warning("otp_verified_refresh_failed", exc_info=True)
        return users.user_object(updated)
