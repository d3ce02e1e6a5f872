"""Dashboard passwords (API-16): Argon2id for new hashes, legacy bcrypt verified and upgraded.

One Argon2 verification costs about 0.2 s of CPU by design. Run on the event loop it stalled every
other request (issue 17: four concurrent logins raised `GET /` p50 from 1 to 145 ms), so the request
path uses the `*_off_loop` coroutines: the work runs in a small thread pool of its own (both
argon2-cffi and bcrypt release the GIL), which also bounds how many hashes run at once, leaving a
core to the event loop; further logins queue there.
"""

from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import bcrypt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
# Verified against for unknown usernames so response time does not reveal which names exist.
_DUMMY_HASH = _hasher.hash("cicero-dummy-password")
_BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")
HASH_WORKERS = max(1, (os.cpu_count() or 2) // 2)


def _yield_to_event_loop() -> None:
    """Hashing threads run at a lower CPU priority (Linux: per-thread nice), so on a busy machine the
    event loop thread is scheduled first and a login only waits a little longer."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):  # not Linux, or not permitted: plain priority
        pass


_hashing = ThreadPoolExecutor(
    max_workers=HASH_WORKERS, thread_name_prefix="password-hash", initializer=_yield_to_event_loop
)


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


async def verify_password_off_loop(password: str, stored_hash: str | None) -> bool:
    return await asyncio.get_running_loop().run_in_executor(_hashing, verify_password, password, stored_hash)


async def dummy_verify_off_loop(password: str) -> None:
    await asyncio.get_running_loop().run_in_executor(_hashing, dummy_verify, password)


async def hash_password_off_loop(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_hashing, hash_password, password)
