"""A menu is data: option tables (`Level`), free steps (`Step`) and a `Menu` that owns them.

Contract (CONV-60..66, STYLE "a conversation is data"):

    MENU = Menu("userrequest", label="Menu User", triggers=("userrequest",),
                capability="userrequest", entry="userrequest")

    @MENU.step                      # waits for a value (NRP, name, link): never escapes (CONV-20 row 5)
    async def ask_nrp(ctx, text): ...

    @MENU.step(choice=True)         # waits for a choice / yes-no: may escape to structured messages
    async def confirm(ctx, text): ...

    MAIN = MENU.level(
        "main", title="MENU USER",
        items=[
            group("📊 *Rekap Data*",
                  option("Lihat data saya", show_my_data),              # handler: async (ctx) -> Reply
                  option("Ubah data", ask(ask_nrp, "Kirim NRP Anda."), visible=is_personnel)),
        ],
    )

    @MENU.start                      # how the trigger (or the home chooser) opens the menu
    async def start(ctx): return Reply.nothing().show(MAIN)

Options are numbered 1.. in display order and renumbered when hidden (CONV-61), or carry fixed
numbers (`option(..., number=46)`, `Level(numbering="fixed")`, DIR-0.8). The number → option
mapping is kept in the session. A `Level` renders the framed menu of CONV-61 by default; `render=`
takes over for layouts given to the letter elsewhere. Navigation words (`batal`, `back`/`kembali`/
`0`, `menu`) are handled by the engine before any step sees the text (CONV-52).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from menus.framework.reply import Reply
from menus.framework.vocabulary import keycap, parse_number

if TYPE_CHECKING:
    from menus.framework.context import StepContext

StepHandler = Callable[["StepContext", str], Awaitable[Reply]]
OptionHandler = Callable[["StepContext"], Awaitable[Reply]]
Visibility = Callable[["StepContext"], bool]
Renderer = Callable[["StepContext", "list[tuple[int, Option] | str]"], str]

TOP_FRAME_WIDTH = 22


@dataclass(frozen=True, eq=False)
class Step:
    """A free step: `async (ctx, text) -> Reply`. `choice=True` marks choice/yes-no steps (CONV-20)."""

    name: str
    handler: StepHandler
    choice: bool = False
    level: bool = False  # a list the user comes back to with `back` (e.g. a client picker)
    menu: Menu | None = None

    async def __call__(self, ctx: StepContext, text: str) -> Reply:
        return await self.handler(ctx, text)


@dataclass(frozen=True)
class Option:
    label: str
    handler: OptionHandler
    number: int | None = None  # fixed number (DIR-0.8); None = numbered in display order
    visible: Visibility | None = None
    key: str = ""  # stable id kept in the session mapping; defaults to the label

    @property
    def id(self) -> str:
        return self.key or self.label


@dataclass(frozen=True)
class Group:
    header: str | None
    items: tuple[Option | str, ...]  # a str item is a literal line (e.g. "" for a blank line)


def option(
    label: str,
    handler: OptionHandler,
    *,
    number: int | None = None,
    visible: Visibility | None = None,
    key: str = "",
) -> Option:
    return Option(label=label, handler=handler, number=number, visible=visible, key=key)


def group(header: str | None, *items: Option | str) -> Group:
    return Group(header=header, items=tuple(items))


def blank() -> str:
    return ""


def ask(step: Step, prompt: str | Callable[[StepContext], str]) -> OptionHandler:
    """An option handler that moves to `step` with `prompt` (a string or a function of ctx)."""

    async def handler(ctx: StepContext) -> Reply:
        text = prompt(ctx) if callable(prompt) else prompt
        return Reply.nothing().ask(step, text)

    return handler


def submenu(level: Level | str) -> OptionHandler:
    """An option handler that opens another option table of the same menu (a `Level` or its name,
    so a table may name one defined further down)."""

    async def handler(ctx: StepContext) -> Reply:
        target = level if isinstance(level, Level) else ctx.menu.levels[level]
        return Reply.nothing().show(target)

    return handler


@dataclass(eq=False)
class Level:
    """An option table (CONV-61). `top=True` renders the framed top-level layout, else a submenu."""

    name: str
    title: str
    items: tuple[Group | Option, ...] | Callable[[], tuple[Group | Option, ...]]
    top: bool = True
    numbering: Literal["sequential", "fixed"] = "sequential"
    context_line: Callable[[StepContext], str | None] | None = None
    footer: str | None = None
    invalid_hint: str | None = None  # exact invalid-choice line where another spec file gives one
    render: Renderer | None = None
    menu: Menu | None = None
    choice: bool = field(default=True, init=False)
    level: bool = field(default=True, init=False)

    def all_items(self) -> tuple[Group | Option, ...]:
        return self.items() if callable(self.items) else self.items

    def entries(self, ctx: StepContext) -> list[tuple[int, Option] | str]:
        """Visible lines in display order: (number, option) pairs and literal/header strings."""
        out: list[tuple[int, Option] | str] = []
        n = 0
        groups = [g if isinstance(g, Group) else Group(None, (g,)) for g in self.all_items()]
        for gi, g in enumerate(groups):
            if g.header is not None:
                if gi > 0 and out:
                    out.append("")
                out.append(g.header)
            for item in g.items:
                if isinstance(item, str):
                    out.append(item)
                    continue
                if item.visible is not None and not item.visible(ctx):
                    continue
                if self.numbering == "fixed":
                    if item.number is None:
                        raise ValueError(f"level {self.name}: option {item.label!r} needs a number")
                    out.append((item.number, item))
                else:
                    n += 1
                    out.append((n, item))
        return out

    def render_text(self, ctx: StepContext) -> tuple[str, dict[str, str]]:
        entries = self.entries(ctx)
        mapping = {str(num): opt.id for e in entries if not isinstance(e, str) for num, opt in [e]}
        if self.render is not None:
            return self.render(ctx, entries), mapping
        lines: list[str] = []
        context = self.context_line(ctx) if self.context_line else None
        numbers = [int(k) for k in mapping]
        if self.top:
            lines.append(f"┏━━━ *{self.title}* ━━━┓")
            if context:
                lines.append(context)
        else:
            lines.append(f"*{self.title}*")
            if context:
                lines.append(context)
        for e in entries:
            lines.append(e if isinstance(e, str) else f"{keycap(e[0])} {e[1].label}")
        if self.top:
            lines.append("┗" + "━" * TOP_FRAME_WIDTH + "┛")
            lines.append(self.footer or "Balas dengan *angka* menu, atau *batal* untuk keluar.")
        else:
            span = f"{min(numbers)}–{max(numbers)}" if numbers else "menu"
            lines.append(
                self.footer or f"Balas angka {span}, *back* untuk kembali, atau *batal* untuk keluar."
            )
        return "\n".join(lines), mapping

    def find(self, key: str) -> Option | None:
        for g in self.all_items():
            for item in g.items if isinstance(g, Group) else (g,):
                if isinstance(item, Option) and item.id == key:
                    return item
        return None

    async def handle(self, ctx: StepContext, text: str, mapping: dict[str, str]) -> Reply:
        number = parse_number(text)
        key = mapping.get(str(number)) if number is not None else None
        opt = self.find(key) if key else None
        if opt is None or (opt.visible is not None and not opt.visible(ctx)):
            if self.invalid_hint:
                return ctx.reprompt(self.invalid_hint, code="invalid_choice", exact=True)
            numbers = sorted(int(k) for k in mapping)
            if numbers and self.numbering == "sequential":
                hint = f"Pilihan tidak dikenal. Balas angka {numbers[0]}–{numbers[-1]}."
            else:
                hint = "Pilihan tidak dikenal. Balas dengan angka menu."
            return ctx.reprompt(hint, code="invalid_choice")
        return await opt.handler(ctx)


@dataclass(eq=False)
class Menu:
    """One menu: its session name, label (CONV-53), triggers (CONV-22), capability (CONV-1) and
    entry point in the authorization matrix (`menus.framework.access`)."""

    name: str
    label: str
    triggers: tuple[str, ...] = ()
    capability: str | None = None
    entry: str | None = None  # access-matrix entry; None = no trigger authorization (e.g. tests)
    trigger_ignores_spaces: bool = False  # CONV-22: the wabot family
    restart_on_trigger: bool = True
    escape_silently: bool = False  # CONV-20 row 5: the link-report choice closes without a notice  # CONV-22: False = own trigger is input (dirrequest, DIR-0.2)
    home_item: str | None = None  # label in the home chooser (CONV-25), e.g. "Menu User (userrequest)"
    home_order: int = 100
    # denial code -> menu opened after that denial in a private chat (CONV-46 access request offer)
    denial_offers: dict[str, str] = field(default_factory=dict)
    steps: dict[str, Step] = field(default_factory=dict)
    levels: dict[str, Level] = field(default_factory=dict)
    opener: Callable[[StepContext], Awaitable[Reply]] | None = None

    def step(
        self,
        fn: StepHandler | None = None,
        *,
        choice: bool = False,
        level: bool = False,
        name: str | None = None,
    ) -> Step | Callable[[StepHandler], Step]:
        def register(f: StepHandler) -> Step:
            s = Step(name=name or f.__name__, handler=f, choice=choice, level=level, menu=self)
            if s.name in self.steps or s.name in self.levels:
                raise ValueError(f"menu {self.name}: duplicate step {s.name}")
            self.steps[s.name] = s
            return s

        return register(fn) if fn is not None else register

    def level(self, name: str, **kwargs: object) -> Level:
        if name in self.steps or name in self.levels:
            raise ValueError(f"menu {self.name}: duplicate step {name}")
        lv = Level(name=name, menu=self, **kwargs)  # type: ignore[arg-type]
        self.levels[name] = lv
        return lv

    def start(
        self, fn: Callable[[StepContext], Awaitable[Reply]]
    ) -> Callable[[StepContext], Awaitable[Reply]]:
        self.opener = fn
        return fn

    def lookup(self, name: str) -> Step | Level | None:
        return self.steps.get(name) or self.levels.get(name)

    async def open(self, ctx: StepContext) -> Reply:
        if self.opener is None:
            raise RuntimeError(f"menu {self.name} has no @start")
        return await self.opener(ctx)


def actor_is(*kinds: str) -> Visibility:
    """Visibility by matrix column (A, SA, OP, DD, DU, P, U), e.g. `visible=actor_is("A")`."""
    wanted = frozenset(kinds)

    def check(ctx: StepContext) -> bool:
        return bool(ctx.actor.kinds & wanted)

    return check


def all_options(items: Iterable[Group | Option]) -> list[Option]:
    out: list[Option] = []
    for g in items:
        for item in g.items if isinstance(g, Group) else (g,):
            if isinstance(item, Option):
                out.append(item)
    return out


__all__ = [
    "Group",
    "Level",
    "Menu",
    "Option",
    "Step",
    "actor_is",
    "all_options",
    "ask",
    "blank",
    "group",
    "option",
    "submenu",
]
