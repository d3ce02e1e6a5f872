"""The durable outbox: every outgoing WhatsApp message and file is a row of `wa_outbox` (DLV-1..7).

Contract:

    ids = await enqueue_text(uow, chat, text, origin="reply", idempotency_key="reply:main:MSGID:0",
                             session="main", priority=PRIORITY_REPLY)
    ids = await enqueue_document(uow, chat, content, "Rekap.xlsx", caption="...",
                                 origin="job:link_recap", idempotency_key="job:link_recap:2026-11-25:POLRES_A")

- The insert joins the caller's unit of work (commit it yourself); `NOTIFY cicero_outbox` wakes the
  senders at commit. Nothing else sends WhatsApp messages (DLV-1).
- `chat` is any phone number / JID / group id (normalised by `core.phones`, DLV-20); an unusable
  recipient raises `OutboxError(reason)` and nothing is inserted.
- `idempotency_key` is the key *without* the part suffix: each row gets `<key>:<part>` (DLV-5 formats:
  replies `reply:<session>:<inbound id>:<output index>`, sidecar `api:<request id>:<n>`, alerts
  `alert:<kind>:<window start>`, system `sys:<uuid4>`, jobs JOB-19). A repeated key inserts nothing
  and returns `[]`. Keys longer than 255 characters are replaced by `h:<sha256>`.
- `session` defaults by origin (DLV-1): `alert` → the admin session, anything else → the broadcast
  session; replies must pass the session that received the message.
- Defaults: `allow_fallback` false for `reply`, true otherwise (DLV-18); `expires_at` = now +
  WA_REPLY_EXPIRY_MIN for `reply` (DLV-15); `max_attempts` = OUTBOX_MAX_ATTEMPTS.
- Texts are chunked at WA_TEXT_CHUNK_CHARS (DLV-6); documents are stored once in
  `wa_outbox_document` (DLV-3, DLV-7); a caption over 1024 characters becomes a text row right after.
- Admin actions (DLV-17, for `outbox#` and `cicero outbox`): `outbox_status(uow)`, `requeue(uow, id)`,
  `requeue_recent_dead(uow, hours=24)`, `cancel(uow, id)`.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text

from core.config import Settings, get_settings
from core.db import UnitOfWork
from core.phones import FieldKind, RecipientError, parse_recipient
from core.timewindow import record_now
from core.wa_sessions import load_session_config

log = logging.getLogger(__name__)

PRIORITY_REPLY = 0
PRIORITY_ALERT = 1
PRIORITY_NOTIFY = 5
PRIORITY_BULK = 9
NOTIFY_CHANNEL = "cicero_outbox"
MAX_CAPTION = 1024
MAX_KEY = 255

MIME_BY_EXT = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
}
_BAD_FILENAME = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


class OutboxError(ValueError):
    """Refused at enqueue: `reason` is `invalid_recipient:<code>`, `empty`, `too_large` or `bad_document`."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}{': ' + detail if detail else ''}")
        self.reason = reason


# --- pure rules --------------------------------------------------------------------------------


def key_for(key: str) -> str:
    """DLV-5: keys over 255 characters become `h:` + their SHA-256 hex."""
    return key if len(key) <= MAX_KEY else "h:" + hashlib.sha256(key.encode()).hexdigest()


def _unsafe_cut(text: str, i: int) -> bool:
    # Never split a combining mark, a variation selector, a skin-tone modifier or a ZWJ sequence.
    ch, prev = text[i], text[i - 1]
    return (
        unicodedata.combining(ch) != 0
        or "\ufe00" <= ch <= "\ufe0f"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"
        or ch in "\u200d\u20e3"
        or prev == "\u200d"
        or "\U000e0020" <= ch <= "\U000e007f"
    )


def chunk_text(text: str, limit: int) -> list[str]:
    """DLV-6: split at a blank line, else a line break, else a space, else a safe hard cut."""
    parts: list[str] = []
    rest = text.strip("\n")
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = window.rfind("\n\n", 0, limit + 1)
        if cut < limit // 2:
            cut = window.rfind("\n", 0, limit + 1)
            if cut <= 0:
                cut = window.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
            while cut > 1 and _unsafe_cut(rest, cut):
                cut -= 1
        part, rest = rest[:cut].strip("\n"), rest[cut:].lstrip(" ").strip("\n")
        if part.strip():
            parts.append(part)
    if rest.strip():
        parts.append(rest)
    return parts


def safe_file_name(name: str) -> str:
    """DLV-7: forbidden characters → `_`, at most 120 characters with the extension kept."""
    clean = _BAD_FILENAME.sub("_", (name or "").strip()) or "file"
    if len(clean) > 120:
        stem, dot, ext = clean.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            clean = stem[: 120 - len(ext) - 1] + "." + ext
        else:
            clean = clean[:120]
    return clean


def mime_for(file_name: str, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    ext = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if ext in MIME_BY_EXT:
        return MIME_BY_EXT[ext]
    guessed = mimetypes.guess_type(file_name)[0]
    return guessed if guessed and guessed.startswith("image/") else "application/octet-stream"


def normalise_chat(chat: str) -> str:
    try:
        return parse_recipient(chat, FieldKind.MIXED)
    except RecipientError as exc:
        raise OutboxError(f"invalid_recipient:{exc.reason}", str(exc)) from exc


def _default_session(origin: str, settings: Settings) -> str:
    config = load_session_config(settings)
    return config.admin if origin == "alert" else config.broadcast


# --- enqueue -------------------------------------------------------------------------------------

_INSERT = text(
    """
        INSERT INTO wa_outbox (session_name, chat_id, kind, body, document_id, part_index, part_count,
                               idempotency_key, priority, allow_fallback, max_attempts, next_attempt_at,
                               expires_at, origin, client_id, job_run_id)
        VALUES (:session, :chat, :kind, :body, :document_id, :part_index, :part_count, :key, :priority,
                :allow_fallback, :max_attempts, coalesce(:not_before, now()), :expires_at, :origin,
                :client_id, :job_run_id)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING outbox_id, pg_notify(:channel, :session)
    """
)


async def _insert_row(
    uow: UnitOfWork,
    *,
    session: str,
    chat: str,
    kind: str,
    body: str | None,
    document_id: int | None,
    part_index: int,
    part_count: int,
    key: str,
    priority: int,
    allow_fallback: bool,
    max_attempts: int,
    not_before: datetime | None,
    expires_at: datetime | None,
    origin: str,
    client_id: str | None,
    job_run_id: int | None,
) -> int | None:
    row = await uow.execute(
        _INSERT,
        {
            "session": session,
            "chat": chat,
            "kind": kind,
            "body": body,
            "document_id": document_id,
            "part_index": part_index,
            "part_count": part_count,
            "key": key,
            "priority": priority,
            "allow_fallback": allow_fallback,
            "max_attempts": max_attempts,
            "not_before": not_before,
            "expires_at": expires_at,
            "origin": origin,
            "client_id": client_id,
            "job_run_id": job_run_id,
            "channel": NOTIFY_CHANNEL,
        },
    )
    # The NOTIFY rides on the insert (one round trip): senders wake at commit (DLV-1).
    return row.scalar_one_or_none()


def _options(
    origin: str,
    session: str | None,
    allow_fallback: bool | None,
    expires_at: datetime | None,
    settings: Settings,
) -> tuple[str, bool, datetime | None]:
    session = session or _default_session(origin, settings)
    fallback = allow_fallback if allow_fallback is not None else origin != "reply"
    if expires_at is None and origin == "reply":
        expires_at = record_now() + timedelta(minutes=settings.wa_reply_expiry_min)
    return session, fallback, expires_at


async def enqueue_text(
    uow: UnitOfWork,
    chat: str,
    text: str,
    *,
    origin: str,
    idempotency_key: str,
    session: str | None = None,
    priority: int = PRIORITY_NOTIFY,
    client_id: str | None = None,
    job_run_id: int | None = None,
    expires_at: datetime | None = None,
    not_before: datetime | None = None,
    allow_fallback: bool | None = None,
    settings: Settings | None = None,
) -> list[int]:
    settings = settings or get_settings()
    jid = normalise_chat(chat)
    if not text or not text.strip():
        raise OutboxError("empty")
    session, fallback, expires_at = _options(origin, session, allow_fallback, expires_at, settings)
    parts = chunk_text(text, settings.wa_text_chunk_chars)
    ids: list[int] = []
    for i, part in enumerate(parts, start=1):
        new_id = await _insert_row(
            uow,
            session=session,
            chat=jid,
            kind="text",
            body=part,
            document_id=None,
            part_index=i,
            part_count=len(parts),
            key=key_for(f"{idempotency_key}:{i}"),
            priority=priority,
            allow_fallback=fallback,
            max_attempts=settings.outbox_max_attempts,
            not_before=not_before,
            expires_at=expires_at,
            origin=origin,
            client_id=client_id,
            job_run_id=job_run_id,
        )
        if new_id is not None:
            ids.append(new_id)
    log.debug(
        "outbox_enqueued" if ids else "outbox_duplicate_ignored",
        extra={"session": session, "parts": len(parts), "outbox_id": ids[0] if ids else None},
    )  # JOB-101
    return ids


async def store_document(
    uow: UnitOfWork,
    content: bytes,
    file_name: str,
    mimetype: str | None = None,
    settings: Settings | None = None,
) -> int:
    """DLV-3: store the bytes once; the id can be sent to many chats with `enqueue_stored_document`."""
    settings = settings or get_settings()
    if not isinstance(content, bytes | bytearray | memoryview):
        raise OutboxError("bad_document", "content must be bytes")
    content = bytes(content)
    if not content:
        raise OutboxError("empty", "document without content")
    if len(content) > settings.wa_document_max_bytes:
        raise OutboxError("too_large", f"{len(content)} bytes")
    name = safe_file_name(file_name)
    row = await uow.execute(
        """
        INSERT INTO wa_outbox_document (file_name, mimetype, size_bytes, sha256, content)
        VALUES (:name, :mime, :size, :sha, :content) RETURNING document_id
        """,
        {
            "name": name,
            "mime": mime_for(name, mimetype),
            "size": len(content),
            "sha": hashlib.sha256(content).hexdigest(),
            "content": content,
        },
    )
    return int(row.scalar_one())


async def enqueue_stored_document(
    uow: UnitOfWork,
    chat: str,
    document_id: int,
    *,
    origin: str,
    idempotency_key: str,
    caption: str | None = None,
    as_image: bool = False,
    session: str | None = None,
    priority: int = PRIORITY_NOTIFY,
    client_id: str | None = None,
    job_run_id: int | None = None,
    expires_at: datetime | None = None,
    not_before: datetime | None = None,
    allow_fallback: bool | None = None,
    settings: Settings | None = None,
) -> list[int]:
    settings = settings or get_settings()
    jid = normalise_chat(chat)
    session, fallback, expires_at = _options(origin, session, allow_fallback, expires_at, settings)
    caption = caption.strip() if caption and caption.strip() else None
    long_caption = caption if caption and len(caption) > MAX_CAPTION else None
    common = {
        "session": session,
        "chat": jid,
        "priority": priority,
        "allow_fallback": fallback,
        "max_attempts": settings.outbox_max_attempts,
        "not_before": not_before,
        "expires_at": expires_at,
        "origin": origin,
        "client_id": client_id,
        "job_run_id": job_run_id,
    }
    ids: list[int] = []
    doc_row = await _insert_row(
        uow,
        kind="image" if as_image else "document",
        body=None if long_caption else caption,
        document_id=document_id,
        part_index=1,
        part_count=1,
        key=key_for(f"{idempotency_key}:1"),
        **common,
    )
    if doc_row is not None:
        ids.append(doc_row)
    if long_caption:
        # DLV-7: a caption over 1024 characters goes as text right after the document.
        for i, part in enumerate(chunk_text(long_caption, settings.wa_text_chunk_chars), start=1):
            new_id = await _insert_row(
                uow,
                kind="text",
                body=part,
                document_id=None,
                part_index=i,
                part_count=1,
                key=key_for(f"{idempotency_key}:caption:{i}"),
                **common,
            )
            if new_id is not None:
                ids.append(new_id)
    return ids


async def enqueue_document(
    uow: UnitOfWork,
    chat: str,
    content: bytes,
    file_name: str,
    *,
    origin: str,
    idempotency_key: str,
    mimetype: str | None = None,
    caption: str | None = None,
    as_image: bool = False,
    session: str | None = None,
    priority: int = PRIORITY_NOTIFY,
    client_id: str | None = None,
    job_run_id: int | None = None,
    expires_at: datetime | None = None,
    not_before: datetime | None = None,
    allow_fallback: bool | None = None,
    settings: Settings | None = None,
) -> list[int]:
    settings = settings or get_settings()
    normalise_chat(chat)  # refuse a bad recipient before storing any bytes
    existing = await uow.execute(
        "SELECT 1 FROM wa_outbox WHERE idempotency_key = :k", {"k": key_for(f"{idempotency_key}:1")}
    )
    if existing.first() is not None:
        return []  # DLV-5: already enqueued; do not store the bytes a second time
    document_id = await store_document(uow, content, file_name, mimetype, settings)
    return await enqueue_stored_document(
        uow,
        chat,
        document_id,
        origin=origin,
        idempotency_key=idempotency_key,
        caption=caption,
        as_image=as_image,
        session=session,
        priority=priority,
        client_id=client_id,
        job_run_id=job_run_id,
        expires_at=expires_at,
        not_before=not_before,
        allow_fallback=allow_fallback,
        settings=settings,
    )


# --- admin actions (DLV-17) ------------------------------------------------------------------------


async def requeue(uow: UnitOfWork, outbox_id: int) -> bool:
    """A `dead_letter` or `expired` row back to `pending` (attempts 0, now, no expiry); same key."""
    res = await uow.execute(
        """
        UPDATE wa_outbox SET status = 'pending', attempt_count = 0, next_attempt_at = now(), expires_at = NULL,
               claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE outbox_id = :id AND status IN ('dead_letter', 'expired')
        RETURNING pg_notify(:channel, session_name)
        """,
        {"id": outbox_id, "channel": NOTIFY_CHANNEL},
    )
    return res.first() is not None


async def requeue_recent_dead(uow: UnitOfWork, hours: int = 24) -> int:
    """`outbox#retry#dead`: every dead letter of the last `hours` hours back to `pending`."""
    res = await uow.execute(
        """
        UPDATE wa_outbox SET status = 'pending', attempt_count = 0, next_attempt_at = now(), expires_at = NULL,
               claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE status = 'dead_letter' AND updated_at > now() - make_interval(hours => :hours)
        RETURNING pg_notify(:channel, session_name)
        """,
        {"hours": hours, "channel": NOTIFY_CHANNEL},
    )
    return len(res.all())


async def cancel(uow: UnitOfWork, outbox_id: int) -> bool:
    """A `pending` or `retrying` row is withdrawn (`canceled`, terminal)."""
    res = await uow.execute(
        """
        UPDATE wa_outbox SET status = 'canceled', updated_at = now()
        WHERE outbox_id = :id AND status IN ('pending', 'retrying')
        RETURNING outbox_id
        """,
        {"id": outbox_id},
    )
    return res.first() is not None


@dataclass(frozen=True)
class DeadLetter:
    outbox_id: int
    chat_id: str
    client_id: str | None
    origin: str
    last_error: str | None


@dataclass(frozen=True)
class OutboxStatus:
    """`outbox#` and `cicero outbox status` (JOB-109, JOB-111): counts per status, newest dead letters."""

    counts: dict[str, int]
    dead_letters: list[DeadLetter]


async def outbox_status(uow: UnitOfWork, recent: int = 5) -> OutboxStatus:
    counts = {
        str(status): int(n)
        for status, n in await uow.execute(
            "SELECT status, COUNT(*) FROM wa_outbox GROUP BY status ORDER BY status"
        )
    }
    rows = await uow.execute(
        "SELECT outbox_id, chat_id, client_id, origin, last_error FROM wa_outbox WHERE status = 'dead_letter'"
        " ORDER BY updated_at DESC, outbox_id DESC LIMIT :n",
        {"n": recent},
    )
    return OutboxStatus(counts, [DeadLetter(*r) for r in rows])
