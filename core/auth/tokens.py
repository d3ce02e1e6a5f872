"""JWTs (API-12): HS256 only, issuer `cicero`, required claims, 30 s leeway, no refresh."""

from __future__ import annotations

import time
import uuid
from typing import Any, Literal

import jwt

from core.auth.errors import invalid_token
from core.config import Settings

TokenKind = Literal["client", "user", "dashboard"]
ALGORITHM = "HS256"
ISSUER = "cicero"
MIN_SECRET_LENGTH = 32


def secret_problem(settings: Settings) -> str | None:
    """Why the configured JWT_SECRET cannot be used (API-1), or None."""
    secret = settings.jwt_secret.get_secret_value() if settings.jwt_secret else ""
    if not secret:
        return "JWT_SECRET is required"
    if len(secret) < MIN_SECRET_LENGTH:
        return f"JWT_SECRET must be at least {MIN_SECRET_LENGTH} characters"
    return None


def _secret(settings: Settings) -> str:
    problem = secret_problem(settings)
    if problem:
        raise RuntimeError(problem)
    assert settings.jwt_secret is not None
    return settings.jwt_secret.get_secret_value()


def lifetime_seconds(settings: Settings) -> int:
    return settings.jwt_expires_minutes * 60


def create_token(settings: Settings, kind: TokenKind, payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Sign the legacy payload of the login kind plus the API-12 claims; returns (jwt, claims)."""
    now = int(time.time())
    claims = {
        **payload,
        "kind": kind,
        "jti": uuid.uuid4().hex,
        "iat": now,
        "exp": now + lifetime_seconds(settings),
        "iss": ISSUER,
    }
    return jwt.encode(claims, _secret(settings), algorithm=ALGORITHM), claims


def decode_token(settings: Settings, token: str) -> dict[str, Any]:
    """Verified claims, or `invalid_token` with the legacy `error` text."""
    try:
        claims = jwt.decode(
            token,
            _secret(settings),
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            leeway=30,
            options={"require": ["exp", "iat", "jti", "kind", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise invalid_token("jwt expired") from None
    except jwt.InvalidSignatureError:
        raise invalid_token("invalid signature") from None
    except jwt.PyJWTError:
        raise invalid_token("jwt malformed") from None
    if claims.get("kind") not in ("client", "user", "dashboard"):
        raise invalid_token("jwt malformed")
    return claims
