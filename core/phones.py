"""Phone numbers and WhatsApp addresses: the one normaliser (DLV-20..DLV-24, API-11, CONV-30).

Storage form of a phone number: its digits, ``62…`` for Indonesian numbers. Sending form (JID):
``<digits>@s.whatsapp.net`` for a person, ``<id>@g.us`` for a group, ``<digits>@lid`` for a
hidden-number user. LID digits are never a phone number (CONV-9).

Every value is normalised with the *field kind* it comes from (DLV-20): ``person``
(operator/super/admin/user numbers), ``group`` (``client_group``) or ``mixed`` (extra recipients,
chat ids received from WhatsApp). Failures carry a reason code.
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import urlsplit

PERSON_DOMAIN = "s.whatsapp.net"
LEGACY_PERSON_DOMAIN = "c.us"
GROUP_DOMAIN = "g.us"
LID_DOMAIN = "lid"

_MULTI_SPLIT = re.compile(r"[,;\r\n]+")
_GROUP_ID = re.compile(r"^(?:\d{10,22}|\d+-\d+)$")
_INVITE_HOST = re.compile(r"^(?:[a-z]+://)?(?:www\.)?chat\.whatsapp\.com(?:[/?#]|$)", re.I)
# JOB-102: a 10–15 digit Indonesian number (62… or local 08…) keeps its first 5 and last 3 digits.
_LONG_DIGITS = re.compile(r"\d{8,}")
_LOGGED_PHONE = re.compile(r"(?<!\d)((?:62|08)\d{3})(\d{2,7})(\d{3})(?!\d)")


class FieldKind(StrEnum):
    PERSON = "person"
    GROUP = "group"
    MIXED = "mixed"


class RecipientError(ValueError):
    """A value that is not a usable number/JID; ``reason`` is the DLV-21..23 code.

    Reasons: ``empty``, ``bad_length``, ``bad_jid``, ``unsupported_domain``, ``not_a_person``,
    ``not_a_group``, ``bad_group_id``, ``invite_link``.
    """

    def __init__(self, reason: str, value: str) -> None:
        # The message may reach logs and admin digests: every long digit run is masked (JOB-102).
        super().__init__(f"{reason}: {_LONG_DIGITS.sub(lambda m: mask_phone(m.group()), value)}")
        self.reason = reason
        self.value = value


# --- phone numbers (DLV-21) ------------------------------------------------------------------


def _phone_digits(value: str) -> str:
    """Steps 2–4 of DLV-21 on a value without domain; raises ``bad_length``."""
    international = value.startswith("+")
    digits = "".join(ch for ch in value if ch.isascii() and ch.isdigit())
    if international:
        pass
    elif digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = "62" + digits[1:]
    elif not digits.startswith("62"):
        digits = "62" + digits
    if not 10 <= len(digits) <= 15:
        raise RecipientError("bad_length", value)
    return digits


def _split_jid(value: str) -> tuple[str, str | None]:
    local, sep, domain = value.rpartition("@")
    if not sep:
        return value, None
    return local.strip(), domain.strip().lower()


def _person_local(local: str, raw: str) -> str:
    """The phone digits of a person JID's user part (DLV-22): device/agent suffix dropped."""
    user = re.split(r"[:.]", local, maxsplit=1)[0]
    if not user.isascii() or not user.isdigit():
        raise RecipientError("bad_jid", raw)
    if user.startswith("0"):
        # No WhatsApp id starts with 0: this is a typed local number with a legacy suffix
        # (`0812…@c.us`, DB-migration data), so the phone rule applies.
        return _phone_digits(user)
    if not 8 <= len(user) <= 15:
        raise RecipientError("bad_length", raw)
    return user


def parse_phone(raw: object) -> str:
    """Storage form of a phone number (API-11 phone rule); raises :class:`RecipientError`.

    Accepts ``0812-1111-2222``, ``+62 857 0000 3333``, ``85711114444``, ``…@c.us`` and
    ``…@s.whatsapp.net`` (device suffix dropped). Groups and LIDs are not phone numbers.
    """
    value = "" if raw is None else str(raw).strip()
    if not value:
        raise RecipientError("empty", value)
    local, domain = _split_jid(value)
    if domain is None:
        return _phone_digits(value)
    if domain in (PERSON_DOMAIN, LEGACY_PERSON_DOMAIN):
        return _person_local(local, value)
    if domain in (GROUP_DOMAIN, LID_DOMAIN):
        raise RecipientError("not_a_person", value)
    raise RecipientError("unsupported_domain", value)


def normalize_phone(raw: object) -> str | None:
    """Storage form (digits, ``62…``) of a phone number, or None when it is not a valid one."""
    try:
        return parse_phone(raw)
    except RecipientError:
        return None


def phone_to_jid(phone: str) -> str:
    """``6281211112222`` → ``6281211112222@s.whatsapp.net`` (normalising first)."""
    return f"{parse_phone(phone)}@{PERSON_DOMAIN}"


# --- JIDs (DLV-22, DLV-23) -------------------------------------------------------------------


def is_group_jid(jid: str | None) -> bool:
    return bool(jid) and _split_jid(str(jid).strip())[1] == GROUP_DOMAIN


def is_lid_jid(jid: str | None) -> bool:
    return bool(jid) and _split_jid(str(jid).strip())[1] == LID_DOMAIN


def lid_digits(jid: str | None) -> str | None:
    """The digits of a ``…@lid`` address (the ``wa_lid_map.lid`` key), else None."""
    if not is_lid_jid(jid):
        return None
    user = re.split(r"[:.]", _split_jid(str(jid).strip())[0], maxsplit=1)[0]
    return user if user.isascii() and user.isdigit() else None


def jid_to_phone(jid: str | None) -> str | None:
    """Phone digits of a person JID (``@s.whatsapp.net`` or legacy ``@c.us``); None otherwise.

    A ``@lid`` address gives None: it must be mapped to a phone first (CONV-9).
    """
    if not jid:
        return None
    local, domain = _split_jid(str(jid).strip())
    if domain not in (PERSON_DOMAIN, LEGACY_PERSON_DOMAIN):
        return None
    try:
        return _person_local(local, str(jid))
    except RecipientError:
        return None


def _group_jid(group_id: str, raw: str) -> str:
    if not _GROUP_ID.match(group_id):
        raise RecipientError("bad_group_id", raw)
    return f"{group_id}@{GROUP_DOMAIN}"


def _invite_code(value: str) -> str | None:
    """The code of a ``chat.whatsapp.com`` link (with or without scheme, ``invite/``), else None."""
    if not _INVITE_HOST.match(value):
        return None
    url = urlsplit(value if "://" in value else "https://" + value)
    segments = [s for s in url.path.split("/") if s]
    if segments and segments[0].lower() == "invite":
        segments = segments[1:]
    return segments[0] if segments else ""


def parse_recipient(raw: object, kind: FieldKind | str = FieldKind.MIXED) -> str:
    """One configured or stored value → its JID (DLV-20); raises :class:`RecipientError`."""
    kind = FieldKind(kind)
    value = "" if raw is None else str(raw).strip()
    if not value:
        raise RecipientError("empty", value)

    code = _invite_code(value)
    if code is not None:
        # DLV-23: only a numeric code is a group id; a real invite code can never be sent to.
        if not re.fullmatch(r"\d{10,22}", code):
            raise RecipientError("invite_link", value)
        if kind is FieldKind.PERSON:
            raise RecipientError("not_a_person", value)
        return f"{code}@{GROUP_DOMAIN}"

    local, domain = _split_jid(value)
    if domain == GROUP_DOMAIN:
        if kind is FieldKind.PERSON:
            raise RecipientError("not_a_person", value)
        return _group_jid(local, value)
    if domain in (PERSON_DOMAIN, LEGACY_PERSON_DOMAIN):
        if kind is FieldKind.GROUP:
            raise RecipientError("not_a_group", value)
        return f"{_person_local(local, value)}@{PERSON_DOMAIN}"
    if domain == LID_DOMAIN:
        if kind is FieldKind.GROUP:
            raise RecipientError("not_a_group", value)
        lid = lid_digits(value)
        if lid is None:
            raise RecipientError("bad_jid", value)
        return f"{lid}@{LID_DOMAIN}"
    if domain is not None:
        raise RecipientError("unsupported_domain", value)

    if kind is FieldKind.GROUP:
        return _group_jid(value, value)
    if kind is FieldKind.MIXED and re.fullmatch(r"\d{16,22}", value):
        # Longer than any phone number: a bare group id (DLV-23).
        return f"{value}@{GROUP_DOMAIN}"
    return f"{_phone_digits(value)}@{PERSON_DOMAIN}"


def normalize_recipient(raw: object, kind: FieldKind | str = FieldKind.MIXED) -> str | None:
    """JID for a phone number, person JID, LID or group; None when the value is not usable."""
    try:
        return parse_recipient(raw, kind)
    except RecipientError:
        return None


# --- multi-value fields (DLV-24) -------------------------------------------------------------


def split_multi(raw: object) -> list[str]:
    """Split on ``,`` ``;`` and line breaks; trim; drop empties. Spaces stay inside a value."""
    if raw is None:
        return []
    return [part.strip() for part in _MULTI_SPLIT.split(str(raw)) if part.strip()]


def parse_recipients(
    raw: object, kind: FieldKind | str = FieldKind.MIXED
) -> tuple[list[str], list[RecipientError]]:
    """Every value of a multi-value field as a JID, de-duplicated keeping the first; plus the
    values that failed (to be skipped and reported, JOB-13)."""
    good: list[str] = []
    bad: list[RecipientError] = []
    for part in split_multi(raw):
        try:
            jid = parse_recipient(part, kind)
        except RecipientError as exc:
            bad.append(exc)
            continue
        if jid not in good:
            good.append(jid)
    return good, bad


def parse_phone_list(raw: object) -> list[str]:
    """Valid phone numbers (storage form) of a list field, de-duplicated; invalid ones dropped."""
    out: list[str] = []
    for part in split_multi(raw):
        phone = normalize_phone(part)
        if phone is not None and phone not in out:
            out.append(phone)
    return out


def invalid_phones(raw: object) -> list[str]:
    """The entries of a list field that are not valid phone numbers (API-11 error message)."""
    return [part for part in split_multi(raw) if normalize_phone(part) is None]


def join_phone_list(phones: list[str]) -> str:
    """Storage form of a phone list field: joined with ``", "`` (API-11)."""
    return ", ".join(phones)


# --- logs (JOB-102) --------------------------------------------------------------------------


def mask_phone(phone: str) -> str:
    """``6281211112222`` → ``62812*****222``: first 5 and last 3 digits kept (JOB-102)."""
    if len(phone) <= 8:
        return "*" * len(phone)
    return phone[:5] + "*" * (len(phone) - 8) + phone[-3:]


def mask_phones(text: str) -> str:
    """Mask every Indonesian phone number (``62…``/``08…``, 10–15 digits) inside free text."""
    return _LOGGED_PHONE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)
