"""Dashboard passwords (API-16): Argon2id for new hashes, legacy bcrypt verified and upgraded."""

from __future__ import annotations

import bcrypt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
# Verified against for unknown usernames so response time does not reveal which names exist.
_DUMMY_HASH = _hasher.hash("cicero-dummy-password")
_BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, stored_hash: str | None) -> bool:
    if not stored_hash:
        dummy_verify(password)
        return False
    if stored_hash.startswith(_BCRYPT_PREFIXES):
        try:
            return bcrypt.checkpw(password.encode(), stored_hash.replace("$2y$", "$2b$", 1).encode())
        except ValueError:
            return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True for legacy bcrypt hashes and Argon2 hashes with outdated parameters."""
    if stored_hash.startswith(_BCRYPT_PREFIXES):
        return True
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def dummy_verify(password: str) -> None:
    try:
        _hasher.verify(_DUMMY_HASH, password + "\x00")
    except VerificationError:
        pass


def password_problem(password: str, username: str) -> str | None:
    """API-16 password rules; returns the spec's message or None."""
    if len(password) < 8:
        return "password minimal 8 karakter"
    if len(password) > 128:
        return "password maksimal 128 karakter"
    if password.lower() == username.lower():
        return "password tidak boleh sama dengan username"
    return None
