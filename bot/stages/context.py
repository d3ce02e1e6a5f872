"""What the stages share: one `Turn` per inbound message, and what a stage returns.

A stage is `async def stage(turn, next_stage) -> RouteResult`: it reads and fills the turn, and
either answers itself (returns a result) or hands the turn on (`await next_stage(turn)`), possibly
doing something around the rest (a lock, a unit of work, a commit). Stages know nothing of each
other; what one learns for the later ones (the session key, the actor, the open unit of work) goes
on the turn. The long-lived services (database, Redis, sessions, registry) are on `turn.deps`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.transport.base import Inbound
from core.actors import Actor
from core.db import UnitOfWork
from menus.framework import StepContext
from menus.framework.registry import Structured
from menus.framework.reply import Out
from menus.framework.session import MenuSession

if TYPE_CHECKING:
    from bot.stages.deps import Deps


@dataclass
class RouteResult:
    """What happened to one message (logged; asserted by tests and the benchmark)."""

    handled_by: str
    code: str = "ok"
    messages: list[Out] = field(default_factory=list)


@dataclass
class Work:
    """Outgoing messages and the session change decided while handling one message."""

    outs: list[Out] = field(default_factory=list)
    session_key: str | None = None
    session: MenuSession | None = None
    delete_session: bool = False
    background: list[tuple[StepContext, Callable, str]] = field(default_factory=list)


@dataclass
class Turn:
    inbound: Inbound
    deps: Deps
    skey: str | None = None  # the menu session's Redis key
    state: MenuSession | None = None  # the open menu session, if any
    handler: Structured | None = None  # groups: the CONV-21 row chosen before the claim
    actor: Actor | None = None
    uow: UnitOfWork | None = None  # open from the actor stage to the commit
    work: Work = field(default_factory=Work)
    arrived_at: datetime | None = None  # set when it waited in the startup buffer (DLV-27 age)
    answered: bool = False  # the reply went out on its own path (CONV-67 apology): nothing to commit


Next = Callable[[Turn], Awaitable[RouteResult]]
Stage = Callable[[Turn, Next], Awaitable[RouteResult]]
