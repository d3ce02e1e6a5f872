"""Shared field rules of the personnel menus (CONV-75..82), used by userrequest, oprrequest and
clientrequest. Each validator returns the storage form or raises `RuleError` with a one-line
Indonesian reason; database checks (uniqueness) take the step's unit of work.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from core.accounts.errors import AccountError
from core.accounts.users import ensure_handle_allowed
from core.db import UnitOfWork
from core.phones import normalize_phone
from core.reports.ordering import RANKS, division_sort_key, rank_index
from core.social.handles import HandleError, parse_handle

Platform = Literal["instagram", "tiktok"]


class RuleError(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_LABEL = re.compile(r"^\s*(?:nrp\s*/\s*nip|nrp|nip)\s*:?\s*", re.IGNORECASE)


def parse_nrp(raw: str) -> str:
    """CONV-75: digits of any script, optional `NRP`/`NIP` label, one kind of separator, 6–18 digits."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    text = _LABEL.sub("", text).strip()
    if not text or not re.search(r"\d", text):
        raise RuleError("NRP/NIP harus berupa angka.")
    if re.search(r"[^\d .\-]", text):
        raise RuleError("NRP/NIP harus berupa angka saja (tanpa huruf atau simbol).")
    groups = re.split(r"[ .\-]+", text)
    seps = set(re.findall(r"[ .\-]", text))
    if len(seps) > 1:
        raise RuleError("NRP/NIP memakai pemisah yang berbeda-beda; kirim angkanya saja.")
    digits = "".join(groups)
    if len(groups) > 1 and " " in seps and all(6 <= len(g) <= 18 for g in groups):
        raise RuleError("Kirim satu NRP/NIP saja.")
    if not 6 <= len(digits) <= 18:
        raise RuleError(f"NRP/NIP harus 6–18 digit (Anda mengirim {len(digits)} digit).")
    return digits


def is_valid_nrp(raw: str) -> bool:
    try:
        parse_nrp(raw)
    except RuleError:
        return False
    return True


def parse_text(raw: str, label: str, *, lo: int = 2, hi: int = 100) -> str:
    """CONV-76: 2–100 characters after trimming, at least one letter; stored upper-case."""
    text = " ".join((raw or "").split())
    if not lo <= len(text) <= hi:
        raise RuleError(f"{label} harus {lo}–{hi} karakter.")
    if not any(c.isalpha() for c in text):
        raise RuleError(f"{label} harus mengandung huruf.")
    return text.upper()


def _collapse(text: str) -> str:
    return " ".join((text or "").split()).upper()


async def rank_options(uow: UnitOfWork) -> list[str]:
    """CONV-77: the rank order ∪ distinct ranks in use, by rank order (unknown last, alphabetical)."""
    rows = await uow.execute(
        "SELECT DISTINCT UPPER(TRIM(title)) FROM \"user\" WHERE title IS NOT NULL AND TRIM(title) <> ''"
    )
    names = set(RANKS) | {_collapse(r[0]) for r in rows if r[0]}
    return sorted(names, key=lambda r: (rank_index(r), r))


async def satfung_options(uow: UnitOfWork, client_id: str | None) -> list[str]:
    """CONV-78: distinct satfung of the client's active personnel, in satfung order."""
    rows = await uow.execute(
        """SELECT DISTINCT UPPER(TRIM(divisi)) FROM "user"
            WHERE divisi IS NOT NULL AND TRIM(divisi) <> '' AND status IS NOT FALSE
              AND UPPER(TRIM(client_id)) = UPPER(TRIM(:c))""",
        {"c": client_id or ""},
    )
    names = {_collapse(r[0]) for r in rows if r[0]}
    return sorted(names, key=lambda d: (division_sort_key(d), d))


def numbered(options: list[str]) -> str:
    return "\n".join(f"{n}. {o}" for n, o in enumerate(options, start=1))


def pick_option(raw: str, options: list[str]) -> str | None:
    """A list number or the exact name (case-insensitive, spaces collapsed) (CONV-62/77/78)."""
    text = _collapse(raw)
    if text.isdigit() and not text.startswith("0"):
        n = int(text)
        return options[n - 1] if 1 <= n <= len(options) else None
    return text if text in options else None


def parse_rank(raw: str, options: list[str]) -> str:
    value = pick_option(raw, options)
    if value is None:
        raise RuleError(f"Pangkat tidak ada di daftar. Balas nomor 1–{len(options)} atau nama pangkatnya.")
    return value


@dataclass(frozen=True)
class SatfungChoice:
    value: str
    is_new: bool  # a new name that operators confirm with yes/no (CONV-78)


def parse_satfung(raw: str, options: list[str], *, may_add: bool) -> SatfungChoice:
    value = pick_option(raw, options)
    if value is not None:
        return SatfungChoice(value, False)
    text = _collapse(raw)
    if (may_add or not options) and 2 <= len(text) <= 60 and not text.isdigit():
        return SatfungChoice(text, bool(options))
    if options:
        raise RuleError(f"Satfung tidak ada di daftar. Balas nomor 1–{len(options)} atau nama satfungnya.")
    raise RuleError("Nama satfung harus 2–60 karakter.")


async def parse_handle_field(uow: UnitOfWork, raw: str, platform: Platform, user_id: str | None) -> str:
    """CONV-79/80: form rules, reserved names, official unit accounts, another active person's handle."""
    try:
        handle = parse_handle(raw, platform)
    except HandleError as exc:
        if exc.reason == "content_link":
            raise RuleError(
                "Itu link konten (post/video), bukan link profil. Kirim username atau link profil."
            ) from None
        if exc.reason == "reserved":
            raise RuleError("Username tersebut adalah akun sistem yang dicadangkan.") from None
        raise RuleError(exc.message) from None
    try:
        await ensure_handle_allowed(uow, platform, handle, user_id)
    except AccountError as exc:
        if "tidak valid" in str(exc):
            raise RuleError("Username tersebut adalah akun resmi satuan, bukan akun pribadi.") from None
        raise RuleError("Username tersebut sudah dipakai personel lain.") from None
    return handle


async def parse_whatsapp(uow: UnitOfWork, raw: str, user_id: str | None, *, reveal_holder: bool) -> str:
    """CONV-81: a valid number not bound to another personnel (the holder's NRP only when allowed)."""
    phone = normalize_phone(raw)
    if phone is None:
        raise RuleError("Nomor WhatsApp tidak valid. Contoh: 081234567890.")
    row = (
        await uow.execute(
            'SELECT user_id FROM "user" WHERE whatsapp = :w AND user_id IS DISTINCT FROM :u LIMIT 1',
            {"w": phone, "u": user_id},
        )
    ).first()
    if row:
        holder = f" (NRP/NIP {row.user_id})" if reveal_holder else ""
        raise RuleError(f"Nomor tersebut sudah terhubung ke akun lain{holder}. Satu nomor untuk satu akun.")
    return phone


def same_number(stored: Any, phone: str | None) -> bool:
    """Stored legacy forms (`0…`, `…@c.us`) of the same number count as equal (CONV-93)."""
    return bool(phone) and normalize_phone(str(stored or "")) == phone
