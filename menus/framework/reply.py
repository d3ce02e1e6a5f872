"""What a step returns: outgoing messages, where the conversation goes next, and an outcome code.

Contract (CONV-60, CONV-64, CONV-65, CONV-66):

- `Reply.text("...")` / `Reply.document(...)` build the outgoing messages (in order). `.and_text()`,
  `.and_document()` append more. `Out*.to` addresses another chat (e.g. a confirmation sent to
  another number); by default a message answers the chat the input came from.
- Where next (exactly one of):
  - `.ask(step, prompt)` — send `prompt` (appended to the messages) and let `step` handle the next
    input. The prompt is remembered, so an invalid answer re-shows it (`ctx.reprompt`).
  - `.show(level)` — go to an option menu (a `Level`); its rendered menu is appended.
    Going from a level to a deeper level pushes the current level (that is what `back` returns to).
  - `.then_menu()` — results first, then the menu level the action belongs to is shown again
    (CONV-65): the level the current flow was started from.
  - `.stay()` (the default for re-prompts) — keep the current step.
  - `.open_menu(name)` — close this menu and open another as its trigger would (home chooser).
  - `.end()` — close the menu session (the default of `Reply.text(...)` when nothing else is said).
- `code` is a machine-readable outcome (`ok`, `invalid_choice`, `invalid_value`, `not_found`,
  `deny_scope`, …), logged and asserted by tests, never shown.
- `.background(label, job)` — a long action (CONV-66): the runtime replies `⏳ <label>` at once,
  marks the session busy and runs `job(ctx) -> Reply` later in its own unit of work; the job's
  messages are delivered, then (unless the menu was closed meanwhile) its navigation applies.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from menus.framework.context import StepContext
    from menus.framework.menu import Level, Step


@dataclass(frozen=True)
class OutText:
    text: str
    to: str | None = None  # None = the chat the input came from


@dataclass(frozen=True)
class OutDocument:
    file_name: str
    content: bytes
    mimetype: str | None = None
    caption: str | None = None
    to: str | None = None
    as_image: bool = False


Out = OutText | OutDocument


class Nav(StrEnum):
    END = "end"  # close the menu session
    STAY = "stay"  # keep the current step (re-prompt)
    ASK = "ask"  # go to `step` with `prompt`
    SHOW = "show"  # go to option menu `level`
    MENU = "menu"  # back to the level the current flow belongs to (CONV-65)
    KEEP = "keep"  # navigation decided by the runtime (background job pending)
    OPEN = "open"  # close this menu and open menu `target` as its trigger would (home chooser)


BackgroundJob = Callable[["StepContext"], Awaitable["Reply"]]


@dataclass(frozen=True)
class Reply:
    messages: tuple[Out, ...] = ()
    nav: Nav = Nav.END
    step: Step | None = None
    level: Level | None = None
    prompt: str | None = None
    target: str | None = None
    code: str = "ok"
    background_label: str | None = None
    background_job: BackgroundJob | None = field(default=None, compare=False)

    # --- construction ---------------------------------------------------------------------
    @classmethod
    def text(cls, *texts: str, code: str = "ok") -> Reply:
        return cls(messages=tuple(OutText(t) for t in texts if t), code=code)

    @classmethod
    def document(
        cls,
        file_name: str,
        content: bytes,
        *,
        mimetype: str | None = None,
        caption: str | None = None,
        as_image: bool = False,
        code: str = "ok",
    ) -> Reply:
        """A file sent as a real WhatsApp document (DLV-7); `as_image=True` sends an image message."""
        return cls(
            messages=(OutDocument(file_name, content, mimetype, caption, as_image=as_image),), code=code
        )

    @classmethod
    def nothing(cls, code: str = "ok") -> Reply:
        return cls(code=code)

    def and_text(self, text: str, *, to: str | None = None) -> Reply:
        return replace(self, messages=(*self.messages, OutText(text, to)))

    def and_document(
        self,
        file_name: str,
        content: bytes,
        *,
        mimetype: str | None = None,
        caption: str | None = None,
        to: str | None = None,
        as_image: bool = False,
    ) -> Reply:
        doc = OutDocument(file_name, content, mimetype, caption, to, as_image)
        return replace(self, messages=(*self.messages, doc))

    # --- navigation -----------------------------------------------------------------------
    def ask(self, step: Step, prompt: str) -> Reply:
        return replace(self, nav=Nav.ASK, step=step, prompt=prompt)

    def show(self, level: Level) -> Reply:
        return replace(self, nav=Nav.SHOW, level=level)

    def open_menu(self, name: str) -> Reply:
        return replace(self, nav=Nav.OPEN, target=name)

    def then_menu(self) -> Reply:
        return replace(self, nav=Nav.MENU)

    def stay(self) -> Reply:
        return replace(self, nav=Nav.STAY)

    def end(self) -> Reply:
        return replace(self, nav=Nav.END)

    def with_code(self, code: str) -> Reply:
        return replace(self, code=code)

    def background(self, label: str, job: BackgroundJob) -> Reply:
        return replace(self, nav=Nav.KEEP, background_label=label, background_job=job)
