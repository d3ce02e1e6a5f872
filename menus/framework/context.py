"""What a step sees: `StepContext` (CONV-60; DESIGN §2 "ctx carries actor, session data and services").

- `actor`: the resolved `core.actors.Actor` of the sender (CONV-31/32).
- `data`: the menu session's step data, a plain JSON-able dict. Steps read and write it in place;
  it is saved with the session when the step succeeds (and discarded when it raises).
- `uow`: the unit of work of this step. Write through it; the runtime commits it together with
  the outbox rows of the reply, so a failing step leaves nothing half-written (CONV-67).
  Steps do not commit themselves.
- `services`: settings, database, Redis (and whatever the runtime adds) for things outside the
  step's transaction.
- `session` (WhatsApp session name), `chat_id` (the chat to answer), `sender` (canonical number or
  None), `is_group`, `message_id`, `quoted_message_id`, `quoted_text`, `document` (metadata of an
  inbound document and a loader for its bytes), `received_at` (aware UTC datetime of the message).
- `client_id`: the client chosen in this menu session (`data["client_id"]`), for menus that pick a
  client first (dirrequest's client picker, clientrequest).
- `reprompt(hint)`: the one-line `❌` hint (CONV-64) followed by the current prompt; from the third
  consecutive invalid reply it adds the `batal` reminder. A prompt longer than `LONG_PROMPT_LINES`
  (a long menu level) is re-shown only when the previous reply was invalid too (DIR-0.9 as changed
  2026-12-07): the first typo gets the hint line alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.actors import Actor
from core.cache import RedisStore
from core.config import Settings
from core.db import Database, UnitOfWork
from menus.framework.reply import Reply

BATAL_REMINDER = "Ketik *batal* untuk keluar dari menu."
SEE_MENU = "Ketik *menu* untuk melihat daftar."
LONG_PROMPT_LINES = 20  # CONV-64: longer prompts are not re-rendered after the first invalid reply


@dataclass(frozen=True)
class InboundDocument:
    file_name: str | None
    mimetype: str | None
    size: int | None
    load: Callable[[], Awaitable[bytes]] | None = None  # downloads the content on demand (CONV-8)


@dataclass
class Services:
    settings: Settings
    db: Database
    redis: RedisStore
    extra: dict[str, Any] = field(default_factory=dict)  # room for services added by later areas


@dataclass
class StepContext:
    actor: Actor
    services: Services
    uow: UnitOfWork
    session: str
    chat_id: str
    received_at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    sender: str | None = None
    is_group: bool = False
    message_id: str | None = None
    quoted_message_id: str | None = None
    quoted_text: str | None = None
    document: InboundDocument | None = None
    capabilities: frozenset[str] = frozenset({"all"})  # what the receiving WA session serves (CONV-1)
    menu_name: str = ""
    menu: Any = None  # the `Menu` being run (set by the engine)
    opened_via: str = "trigger"  # trigger, home, fallback, structured (CONV-50)
    entry_text: str = ""  # the message that opened the menu (fallback NRP, CONV-24)
    prompt: str | None = None
    invalid_count: int = 0  # consecutive invalid replies in the current step
    at_level: bool = False  # the current step is an option table, where `menu` shows it again

    @property
    def settings(self) -> Settings:
        return self.services.settings

    def serves(self, capability: str) -> bool:
        return "all" in self.capabilities or capability in self.capabilities

    @property
    def client_id(self) -> str | None:
        value = self.data.get("client_id")
        return str(value) if value else None

    def reprompt(self, hint: str, *, code: str = "invalid_value", exact: bool = False) -> Reply:
        """CONV-64: one `❌` line saying what was wrong, then the current prompt; the step stays.

        `exact=True` keeps a hint line given to the letter by another spec file (DIR-0.9)."""
        line = hint if exact or hint.startswith("❌") else f"❌ {hint}"
        long_prompt = bool(self.prompt) and self.prompt.count("\n") + 1 > LONG_PROMPT_LINES
        if long_prompt and self.invalid_count == 0:
            # First typo under a long menu: one line, no ~75-line menu (DIR-0.9, CONV-64).
            if self.at_level and "*menu*" not in line:
                line = f"{line} {SEE_MENU}"
            return Reply.text(line, code=code).stay()
        if self.invalid_count + 1 >= 3:
            line = f"{line}\n{BATAL_REMINDER}"
        texts = [line] if not self.prompt else [f"{line}\n\n{self.prompt}"]
        return Reply.text(*texts, code=code).stay()
