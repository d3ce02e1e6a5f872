"""The words every menu understands (CONV-52) and the number rule (CONV-63), as pure functions."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

CLOSE_WORDS = frozenset({"batal", "cancel", "exit", "keluar"})
BACK_WORDS = frozenset({"back", "kembali", "0"})
MENU_WORD = "menu"
YES_WORDS = frozenset({"ya", "iya", "y", "yes", "ok", "oke", "benar", "betul", "setuju", "lanjut"})
NO_WORDS = frozenset({"tidak", "tdk", "ga", "gak", "nggak", "enggak", "no", "n", "bukan"})

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_KEYCAP = re.compile("([0-9])\ufe0f?\u20e3")
_INT = re.compile(r"[1-9][0-9]*|0")


class Word(StrEnum):
    CLOSE = "close"
    BACK = "back"
    MENU = "menu"


def normalize_text(raw: str) -> str:
    """CONV-8: NFKC, zero-width characters removed, CRLF → LF, trimmed."""
    text = unicodedata.normalize("NFKC", raw or "").translate(_ZERO_WIDTH)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _word_form(text: str) -> str:
    """Whole message, lower-cased, trimmed, one trailing `.` or `!` removed (CONV-52)."""
    t = text.strip().lower()
    if t[-1:] in {".", "!"}:
        t = t[:-1].rstrip()
    return t


def control_word(text: str) -> Word | None:
    word = _word_form(text)
    if word in CLOSE_WORDS:
        return Word.CLOSE
    if word in BACK_WORDS:
        return Word.BACK
    if word == MENU_WORD:
        return Word.MENU
    return None


def is_close_word(text: str) -> bool:
    return control_word(text) is Word.CLOSE


def yes_no(text: str) -> bool | None:
    """True/False for a yes/no answer, None when not understood (CONV-52: 1–3 words of one set)."""
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    if not 1 <= len(words) <= 3:
        return None
    if all(w in YES_WORDS for w in words):
        return True
    if all(w in NO_WORDS for w in words):
        return False
    return None


def parse_number(text: str) -> int | None:
    """CONV-63: keycaps become digits, spaces and one trailing `.`/`)` removed, no leading zeros."""
    t = _KEYCAP.sub(r"\1", unicodedata.normalize("NFKC", text or "")).strip()
    if t[-1:] in {".", ")"}:
        t = t[:-1].strip()
    if not _INT.fullmatch(t):
        return None
    return int(t)


def keycap(n: int) -> str:
    """CONV-61: each digit followed by U+FE0F U+20E3 (`10` → `1️⃣0️⃣`)."""
    return "".join(f"{d}\ufe0f\u20e3" for d in str(n))
