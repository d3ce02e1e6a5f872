"""Shared field rules of API-11: one implementation for the HTTP sidecar, the menus and importers.

Each normaliser returns the storage form or raises `FieldError(field, <spec message>)`.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from core.accounts.errors import FieldError
from core.phones import (
    FieldKind,
    invalid_phones,
    join_phone_list,
    normalize_phone,
    normalize_recipient,
    parse_phone_list,
    parse_recipients,
    split_multi,
)
from core.social.handles import normalize_handle

NRP_MESSAGE = "NRP/NIP harus terdiri dari 6-18 digit angka."
EMAIL_MESSAGE = "Format email tidak valid. Pastikan menulis alamat lengkap seperti nama@contoh.com"
PHONE_MESSAGE = "Nomor telepon tidak valid. Masukkan minimal 8 digit angka."
HANDLE_MESSAGES = {
    "instagram": (
        "Format username Instagram tidak valid. Gunakan tautan profil atau username seperti "
        "instagram.com/username atau @username."
    ),
    "tiktok": (
        "Format username TikTok tidak valid. Gunakan tautan profil atau username seperti "
        "tiktok.com/@username atau @username."
    ),
}
RESERVED_HANDLES = frozenset({"cicero_devs", "admin", "superadmin"})
RESERVED_MESSAGES = {"instagram": "username instagram tidak valid", "tiktok": "username tiktok tidak valid"}

Platform = Literal["instagram", "tiktok"]

_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_EMAIL_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_EMAIL_TLD = re.compile(r"^[a-z]{2,63}$")
_CLIENT_ID = re.compile(r"^[A-Z0-9_-]{2,40}$")

TRUE_WORDS = frozenset({"true", "1", "ya", "yes", "y", "on", "aktif", "active"})
FALSE_WORDS = frozenset({"false", "0", "tidak", "no", "n", "off", "nonaktif", "inactive"})


def as_text(value: Any) -> str:
    """API-5: numbers given where a string is expected become their decimal string; strings are trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    return str(value).strip()


def lookup_nrp(value: Any) -> str:
    """NRP/NIP for a lookup: every non-digit stripped; empty means "missing"."""
    return re.sub(r"\D", "", as_text(value))


def new_nrp(value: Any, field: str = "user_id") -> str:
    nrp = lookup_nrp(value)
    if not 6 <= len(nrp) <= 18:
        raise FieldError(field, NRP_MESSAGE)
    return nrp


def email_or_none(value: Any) -> str | None:
    """Lower-cased email, or None when it fails the format rule (ASCII local part, dotted TLD, no IP)."""
    text = as_text(value).lower()
    if text.count("@") != 1 or len(text) > 254:
        return None
    local, domain = text.split("@")
    if not local or len(local) > 64 or not _EMAIL_LOCAL.match(local):
        return None
    labels = domain.split(".")
    if len(labels) < 2 or not all(_EMAIL_LABEL.match(label) for label in labels):
        return None
    if not _EMAIL_TLD.match(labels[-1]):  # rejects IP literals such as 10.0.0.1
        return None
    return text


def email(value: Any, field: str = "email") -> str:
    result = email_or_none(value)
    if result is None:
        raise FieldError(field, EMAIL_MESSAGE)
    return result


def phone(value: Any, field: str = "whatsapp", message: str = PHONE_MESSAGE) -> str:
    """Phone rule of DLV-21; `None`/`""` mean "none" and are stored as `""`."""
    text = as_text(value)
    if not text:
        return ""
    normalised = normalize_phone(text)
    if not normalised:
        raise FieldError(field, message)
    return normalised


def phone_list(value: Any, field: str) -> str:
    """`client_operator` / `client_super`: normalised, de-duplicated, joined with ", "."""
    bad = invalid_phones(as_text(value))
    if bad:
        raise FieldError(field, f"Nomor WhatsApp tidak valid: {bad[0]}")
    return join_phone_list(parse_phone_list(as_text(value)))


def phones_in(value: Any) -> list[str]:
    """Normalised numbers of a stored phone list, silently skipping invalid legacy entries."""
    return parse_phone_list(as_text(value))


def group_id_or_none(value: str) -> str | None:
    """Group rule of DLV-23 for a `group` field (core.phones); invite codes and personal ids give None."""
    return normalize_recipient(value, FieldKind.GROUP)


def group_list(value: Any, field: str = "client_group") -> str:
    result: list[str] = []
    for part in split_multi(as_text(value)):
        group = group_id_or_none(part)
        if group is None:
            raise FieldError(field, f"client_group tidak valid: {part}")
        if group not in result:
            result.append(group)
    return ", ".join(result)


def groups_in(value: Any) -> list[str]:
    """Valid group ids of a stored list (invalid legacy entries skipped)."""
    good, _bad = parse_recipients(as_text(value), FieldKind.GROUP)
    return good


def handle(value: Any, platform: Platform, field: str | None = None) -> str:
    """Instagram/TikTok handle (CONV-79/80 form rules): lower-case, no `@`; reserved names refused."""
    normalised = normalize_handle(as_text(value), platform)
    name = field or ("insta" if platform == "instagram" else "tiktok")
    if not normalised:
        raise FieldError(name, HANDLE_MESSAGES[platform])
    if normalised in RESERVED_HANDLES:
        raise FieldError(name, RESERVED_MESSAGES[platform])
    return normalised


def text_field(value: Any, field: str, min_len: int = 2, max_len: int = 100) -> str:
    """`nama`, `jabatan`, `desa` (2–100) and `title`, `divisi` (1–100): trimmed, upper-case."""
    text = as_text(value)
    if len(text) < min_len:
        raise FieldError(field, f"{field} minimal {min_len} karakter")
    if len(text) > max_len:
        raise FieldError(field, f"{field} maksimal {max_len} karakter")
    return text.upper()


TEXT_LIMITS: dict[str, tuple[int, int]] = {
    "nama": (2, 100),
    "jabatan": (2, 100),
    "desa": (2, 100),
    "title": (1, 100),
    "divisi": (1, 100),
}


def boolean(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise FieldError(field, f"{field} harus bernilai boolean")


def client_id(value: Any, field: str = "client_id") -> str:
    """Client id on create: trimmed, upper-case, `^[A-Z0-9_-]{2,40}$`."""
    text = as_text(value).upper()
    if not _CLIENT_ID.match(text):
        raise FieldError(field, "client_id tidak valid")
    return text
