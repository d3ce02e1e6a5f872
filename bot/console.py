"""The console transport behind `cicero chat` (CONV-280..282).

The same router, sessions, menus and outbox as WhatsApp, with in-memory transports in place of
neonize: one for the console session (default `console`, serving everything) and one per configured
WhatsApp session, so proactive messages queued for those sessions (alerts, confirmations to other
numbers) appear too, labelled with their recipient. Each input is run to completion — routing,
background actions, and outbox delivery without pacing — before the next is read.

`--jsonl` contract (stable; used by acceptance checks): one JSON object per input line
`{"from", "text", "group"?, "session"?, "quoted"?, "document"?}`; one JSON line per outgoing message on
stdout: `{"to", "session", "text"}` or `{"to", "session", "document", "path", "mimetype", "caption"}`.
Nothing else goes to stdout; logs go to stderr; end of input exits 0.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import sys
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from bot.session_state import heartbeat, record_state
from bot.transport.base import DocumentMeta, Inbound
from bot.transport.memory import MemoryTransport, Sent
from bot.whatsapp import WhatsAppComponent
from core.app import AppContext
from core.phones import is_group_jid, normalize_phone, parse_recipient
from core.timewindow import now_utc
from core.wa_sessions import WaSession, load_session_config
from menus.framework import load_menus
from menus.framework.vocabulary import normalize_text

CONSOLE_SESSION = "console"


class ConsoleError(ValueError):
    pass


class Console:
    def __init__(self, app: AppContext, emit: Callable[[Sent, Path | None], None]) -> None:
        self.app = app
        self.emit = emit
        self.config = load_session_config(app.settings)
        self.files_dir = Path(app.settings.cicero_data_dir) / "chat-files"
        self.console_session = WaSession(CONSOLE_SESSION, frozenset({"all"}))
        names = [CONSOLE_SESSION, *[n for n in self.config.names if n != CONSOLE_SESSION]]
        self.transports = {n: MemoryTransport(n, on_send=self._on_send) for n in names}
        self.component = WhatsAppComponent(
            app, self.config, list(self.transports.values()), pacing=False, extra_session=self.console_session
        )
        self.router = self.component.router
        self._saved = 0

    async def start(self) -> None:
        load_menus()
        for t in self.transports.values():
            await t.start(self.component.on_message)
            # JOB-103: the console's sessions are connected while it runs, so health# tells the truth.
            await record_state(self.app.db, t.name, t.state, phone=t.phone)

    def _on_send(self, sent: Sent) -> None:
        path = None
        if sent.is_document:
            self.files_dir.mkdir(parents=True, exist_ok=True)
            self._saved += 1
            path = (self.files_dir / f"{uuid.uuid4().hex[:8]}-{sent.file_name}").resolve()
            path.write_bytes(sent.content or b"")
        self.emit(sent, path)

    def inbound(self, obj: dict[str, Any]) -> Inbound:
        sender = normalize_phone(str(obj.get("from") or ""))
        if sender is None:
            raise ConsoleError(f"nomor pengirim tidak valid: {obj.get('from')!r}")
        session = str(obj.get("session") or CONSOLE_SESSION)
        if session not in self.transports:
            raise ConsoleError(
                f"sesi tidak dikenal: {session!r} (WA_SESSIONS: {', '.join(self.config.names)})"
            )
        group = obj.get("group")
        if group:
            chat = parse_recipient(str(group), "group")
            if not is_group_jid(chat):
                raise ConsoleError(f"id grup tidak valid: {group!r}")
        else:
            chat = f"{sender}@s.whatsapp.net"
        msg_id = f"CHAT{uuid.uuid4().hex[:16].upper()}"
        document = None
        if obj.get("document"):
            path = Path(str(obj["document"]))
            if not path.is_file():
                raise ConsoleError(f"berkas tidak ditemukan: {path}")
            content = path.read_bytes()
            self.transports[session].documents[msg_id] = content
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            document = DocumentMeta(path.name, mime, len(content))
        quoted = obj.get("quoted")
        return Inbound(
            session=session,
            chat_id=chat,
            sender_jid=f"{sender}@s.whatsapp.net",
            sender_phone=sender,
            is_group=bool(group),
            text=normalize_text(str(obj.get("text") or "")),
            message_id=msg_id,
            timestamp=now_utc(),
            quoted_message_id=str(quoted) if quoted else None,
            document=document,
        )

    async def send(self, inbound: Inbound) -> None:
        """Run one message to completion: routing, background actions, then outbox delivery."""
        if inbound.quoted_message_id and inbound.quoted_text is None:
            # WhatsApp carries the quoted text; here it comes from the message we sent (CONV-281).
            async with self.app.db.uow() as uow:
                row = (
                    await uow.execute(
                        "SELECT body FROM wa_outbox WHERE wa_message_id = :id ORDER BY outbox_id DESC LIMIT 1",
                        {"id": inbound.quoted_message_id},
                    )
                ).first()
            if row is not None and row[0]:
                inbound = replace(inbound, quoted_text=row[0])
        await self.router.sweep_expired()
        # The console has no 30 s heartbeat task: each input is its sign of life (JOB-103).
        await heartbeat(self.app.db, list(self.transports), {inbound.session})
        await self.transports[inbound.session].deliver(inbound)
        await self.router.wait_idle()
        await self.deliver()

    async def deliver(self) -> int:
        total = 0
        while True:
            n = 0
            for sender in self.component.senders.values():
                n += await sender.drain()
            total += n
            if n == 0:
                return total


def jsonl_line(sent: Sent, path: Path | None) -> str:
    if sent.is_document:
        obj: dict[str, Any] = {
            "to": sent.to,
            "session": sent.session,
            "document": sent.file_name,
            "path": str(path) if path else None,
            "mimetype": sent.mimetype,
            "caption": sent.caption,
        }
    else:
        obj = {"to": sent.to, "session": sent.session, "text": sent.text}
    return json.dumps(obj, ensure_ascii=False)


async def run_jsonl(app: AppContext, stdin: TextIO, stdout: TextIO) -> int:
    console = Console(app, lambda sent, path: (stdout.write(jsonl_line(sent, path) + "\n"), stdout.flush()))
    await console.start()
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            return 0
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ConsoleError("setiap baris harus berupa objek JSON")
            await console.send(console.inbound(obj))
        except (ConsoleError, ValueError) as exc:
            print(f"cicero chat: baris dilewati: {exc}", file=sys.stderr, flush=True)


def group_summary(sent: Sent) -> str:
    """One line for a message to a WhatsApp group the person at the console is not chatting in
    (task broadcasts, recaps): marked as a group message, so it never reads as a reply."""
    lines = [ln for ln in (sent.text or sent.file_name or "").splitlines() if ln.strip()]
    first = lines[0] if lines else ""
    more = f" (+{len(lines) - 1} baris)" if len(lines) > 1 else ""
    return f"  📣 [pesan grup → {sent.to}] {first}{more}"


async def run_interactive(app: AppContext, sender: str, session: str, group: str | None) -> int:
    def show(sent: Sent, path: Path | None) -> None:
        if is_group_jid(sent.to) and sent.to != group_chat:
            print(group_summary(sent), flush=True)
            return
        label = f"[{sent.session} → {sent.to}] (id {sent.message_id})"
        if sent.is_document:
            cap = f"\n{sent.caption}" if sent.caption else ""
            print(f"{label} 📎 {sent.file_name} ({sent.mimetype}) disimpan di {path}{cap}\n", flush=True)
        else:
            print(f"{label}\n{sent.text}\n", flush=True)

    group_chat = parse_recipient(group, "group") if group else None
    console = Console(app, show)
    await console.start()
    print(
        f"cicero chat — pengirim {sender}, sesi {session}. Ctrl-D untuk keluar.\n"
        "  /doc <path> [keterangan]   kirim berkas sebagai dokumen\n"
        "  /balas <id> <teks>         balas (kutip) pesan bot dengan id tersebut",
        flush=True,
    )
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, lambda: _prompt("> "))
        if line is None:
            return 0
        if not line.strip():
            continue
        obj: dict[str, Any] = {"from": sender, "text": line, "session": session}
        if group:
            obj["group"] = group
        if line.startswith("/doc "):
            path, _, caption = line[5:].strip().partition(" ")
            obj["document"], obj["text"] = path, caption
        elif line.startswith("/balas "):
            _, quoted, text = (line.split(" ", 2) + ["", ""])[:3]
            obj["quoted"], obj["text"] = quoted, text
        try:
            await console.send(console.inbound(obj))
        except ConsoleError as exc:
            print(f"❗ {exc}", flush=True)


def _prompt(text: str) -> str | None:
    try:
        return input(text)
    except EOFError:
        return None
