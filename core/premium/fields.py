"""Field rules of the premium request bodies (API-85, DB-19), shared by the mobile and dashboard flows.

The columns are TEXT; the limits below are ours (the spec names the fields, not their lengths) and
are generous for what people type: a bank name, an account holder's name, an account number, and a
link to a transfer screenshot.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from core.accounts.errors import FieldError

MAX_NAME = 100
MAX_BANK = 60
MAX_TIER = 50
MAX_URL = 2048
ACCOUNT_DIGITS = (5, 30)
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_ACCOUNT_SEPARATORS = re.compile(r"[\s.-]")


def text_field(body: dict[str, Any], name: str, *, limit: int) -> str | None:
    """None when absent or null; the trimmed string otherwise (an empty string stays empty)."""
    if name not in body or body[name] is None:
        return None
    value = body[name]
    if not isinstance(value, str):
        raise FieldError(name, f"{name} harus berupa teks")
    value = value.strip()
    if len(value) > limit:
        raise FieldError(name, f"{name} maksimal {limit} karakter")
    return value


def account_number(body: dict[str, Any], name: str = "account_number") -> str | None:
    """Digits only, 5-30 of them; spaces, dots and dashes people type between groups are dropped.
    A JSON number is accepted as its decimal string (API-5)."""
    if name not in body or body[name] is None:
        return None
    value = body[name]
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise FieldError(name, f"{name} harus berupa teks")
    digits = _ACCOUNT_SEPARATORS.sub("", value)
    low, high = ACCOUNT_DIGITS
    if not digits:
        return ""
    if not digits.isdigit() or not low <= len(digits) <= high:
        raise FieldError(name, f"{name} harus berupa {low}-{high} digit angka")
    return digits


def url_field(body: dict[str, Any], name: str) -> str | None:
    value = text_field(body, name, limit=MAX_URL)
    if value and not _URL.match(value):
        raise FieldError(name, f"{name} harus berupa tautan http(s) yang valid")
    return value


def amount_field(body: dict[str, Any], name: str = "transfer_amount") -> Decimal | None:
    if name not in body or body[name] is None or body[name] == "":
        return None
    value = body[name]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldError(name, f"{name} harus berupa angka")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise FieldError(name, f"{name} harus berupa angka") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise FieldError(name, f"{name} harus berupa angka 0 sampai 999999999999")
    return amount


def required(values: dict[str, Any], names: tuple[str, ...], message: str) -> None:
    missing = [n for n in names if not values.get(n)]
    if missing:
        raise FieldError(missing[0], message)
