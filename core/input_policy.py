"""The one rule for text that may reach the database or the logs (issue 17, API-3, CONV decision 10).

PostgreSQL text cannot hold NUL (psycopg raises `DataError`), and a lone UTF-16 surrogate cannot be
encoded as UTF-8 at all (`UnicodeEncodeError`), so either one turned a request into a 500 and an
admin alert. Such text is refused where it enters: the HTTP sidecar answers 400
`validation_error` naming the field, the chat router answers one line (`CHAT_REPLY`). A surrogate
pair that JSON escapes as `\\ud83d\\ude00` decodes to one code point and is fine; whatever surrogate
is left in a Python `str` is unpaired.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

CHAT_REPLY = "⚠️ Pesan berisi karakter yang tidak dapat diproses. Silakan ketik ulang pesan Anda."


def storable(text: str) -> bool:
    """True when PostgreSQL can store `text` and a log line can carry it."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def inbound_storable(inbound: Any) -> bool:
    """The chat side: every text an inbound WhatsApp message carries (`bot.transport.base.Inbound`)."""
    document = getattr(inbound, "document", None)
    texts = (inbound.text, inbound.quoted_text, document.file_name if document is not None else None)
    return all(storable(t) for t in texts if t)


def field_message(field: str) -> str:
    return f"{field} berisi karakter yang tidak diizinkan"


def first_unstorable(value: Any, path: str = "") -> str | None:
    """The dotted path (`nama`, `roles.1`) of the first unstorable string in a JSON value, keys
    included; None when every string is storable. The value is already depth-limited by the caller."""
    queue: deque[tuple[str, Any]] = deque([(path, value)])
    while queue:
        where, item = queue.popleft()
        if isinstance(item, str):
            if not storable(item):
                return where or "body"
        elif isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and not storable(key):
                    return where or "body"
                queue.append((child_path, child))
        elif isinstance(item, list):
            queue.extend((f"{where}.{i}" if where else str(i), child) for i, child in enumerate(item))
    return None


def first_unstorable_pair(pairs: Iterable[tuple[str, str]]) -> str | None:
    """The name of the first (name, value) pair — query or path parameters — that is unstorable."""
    for name, value in pairs:
        if not storable(name) or not storable(value):
            return name if storable(name) else "query"
    return None


def json_depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth) for child in children if isinstance(child, dict | list))
    return deepest
