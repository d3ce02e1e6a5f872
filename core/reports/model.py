"""The typed attendance result every formatter reads (ING-ATT-1..7)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import ClassVar

from core.reports.ordering import division_key, sort_personnel
from core.timewindow import Window


class Platform(StrEnum):
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"


class Engagement(StrEnum):
    LIKES = "likes"  # insta_like
    COMMENTS = "comments"  # insta_comment / tiktok_comment


class Rule(StrEnum):
    FULL = "FULL"
    HALF = "HALF"


class Status(StrEnum):
    LENGKAP = "lengkap"
    KURANG = "kurang"
    BELUM = "belum"  # has a handle, did nothing
    NO_USERNAME = "no_username"


class ScopeKind(StrEnum):
    UNIT = "unit"
    DIRECTORATE = "directorate"
    DIRECTORATE_SELF = "directorate_self"


@dataclass(frozen=True)
class ClientInfo:
    client_id: str  # upper-case (ING-GEN-2)
    nama: str
    client_type: str  # lower-case
    regional_id: str | None
    client_tiktok: str | None
    client_insta: str | None
    active: bool

    @property
    def is_directorate(self) -> bool:
        return self.client_type == "direktorat"

    @property
    def unit_name(self) -> str:
        """ING-GEN-4 `unit_name(c)`."""
        return (self.nama or "").strip().upper() or self.client_id


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    client: ClientInfo
    role: str | None = None
    unit_id: str | None = None  # directorate(D, unit=X)
    intel_rule: bool = False  # ING-ATT-1 Sat Intel exclusion


@dataclass(frozen=True)
class Post:
    id: str  # shortcode or video id
    client_id: str
    caption: str | None
    created_at: datetime  # naive UTC
    original_created_at: datetime | None
    source_type: str
    like_count: int | None
    comment_count: int | None
    engaged: int  # size of the stored engagement set (ING-ATT-7)

    @property
    def uploaded_at(self) -> datetime:
        return self.original_created_at or self.created_at


@dataclass(slots=True)
class Person:
    user_id: str
    nama: str | None
    title: str | None
    divisi: str | None
    jabatan: str | None
    unit_id: str
    insta: str | None
    tiktok: str | None
    whatsapp: str | None
    exception: bool
    count: int = 0
    status: Status = Status.NO_USERNAME
    engaged_posts: frozenset[str] = frozenset()
    links: int = 0  # amplification: non-empty link columns over the scope's posts (ING-REP-19)

    @property
    def division(self) -> str:
        return division_key(self.divisi)

    def handle(self, platform: Platform) -> str | None:
        return self.insta if platform == Platform.INSTAGRAM else self.tiktok

    def did(self, post_id: str) -> bool:
        return self.exception or post_id in self.engaged_posts


def threshold(rule: Rule, n: int) -> int:
    return n if rule == Rule.FULL else math.ceil(n / 2)


def classify(count: int, has_handle: bool, exception: bool, rule: Rule, n: int) -> Status:
    """ING-ATT-6: the one threshold table."""
    if exception or (n > 0 and count >= threshold(rule, n)):
        return Status.LENGKAP
    if count > 0:
        return Status.KURANG
    return Status.BELUM if has_handle else Status.NO_USERNAME


@dataclass(frozen=True)
class Tally:
    total: int
    lengkap: int
    kurang: int
    belum: int
    no_username: int
    score_sum: int  # Σcount

    FIELDS: ClassVar[tuple[str, ...]] = ("total", "lengkap", "kurang", "belum", "no_username", "score_sum")

    @property
    def sudah(self) -> int:
        return self.lengkap + self.kurang

    @staticmethod
    def of(people: list[Person]) -> Tally:
        c = dict.fromkeys(Status, 0)
        for p in people:
            c[p.status] += 1
        return Tally(
            len(people), c[Status.LENGKAP], c[Status.KURANG], c[Status.BELUM], c[Status.NO_USERNAME],
            sum(p.count for p in people),
        )  # fmt: skip


@dataclass(slots=True)
class UnitGroup:
    """Members of one unit with their status counts (L, K, B, U) and Σcount, filled in one pass."""

    members: list[Person] = field(default_factory=list)
    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    score_sum: int = 0

    @property
    def tally(self) -> Tally:
        lengkap, kurang, belum, no_username = self.counts
        return Tally(sum(self.counts), lengkap, kurang, belum, no_username, self.score_sum)


class UnitAttendance:
    """One unit's personnel; `people` is sorted by ING-ATT-9 on first use only."""

    def __init__(
        self,
        client: ClientInfo,
        members: list[Person],
        own: bool,
        priority: tuple[str, ...],
        tally: Tally | None = None,
    ) -> None:
        self.client = client
        self.members = members
        self.own = own
        self._priority = priority
        self._tally = tally

    @cached_property
    def people(self) -> list[Person]:
        return sort_personnel(self.members, self._priority)

    @property
    def tally(self) -> Tally:
        if self._tally is None:
            self._tally = Tally.of(self.members)
        return self._tally


@dataclass
class Attendance:
    """Posts in scope and every person of the population with count and status (ING-ATT-3..6).

    `members` is in database order; `people` (ING-ATT-9 order) is sorted on first use, so
    reports that only count (per-unit recaps) never pay for sorting.
    """

    scope: Scope
    platform: Platform
    engagement: Engagement
    rule: Rule
    window: Window
    posts: list[Post]
    members: list[Person]
    units: dict[str, ClientInfo] = field(default_factory=dict)
    priority: tuple[str, ...] = ()
    groups: dict[str, UnitGroup] | None = None  # per-unit members and tallies, when precomputed
    excluded: tuple[tuple[str, int], ...] = ()  # (reason, people left out of the population)

    @property
    def n(self) -> int:
        return len(self.posts)

    @cached_property
    def people(self) -> list[Person]:
        return sort_personnel(self.members, self.priority)

    @cached_property
    def tally(self) -> Tally:
        if self.groups is None:
            return Tally.of(self.members)
        parts = [g.tally for g in self.groups.values()]
        return Tally(*(sum(getattr(t, f) for t in parts) for f in Tally.FIELDS))

    def by_unit(self) -> list[UnitAttendance]:
        """Units of the population (a directorate's own unit always present, ING-ATT-10)."""
        groups = self.groups
        if groups is None:
            groups = {}
            for p in self.members:
                groups.setdefault(p.unit_id, UnitGroup()).members.append(p)
        own_id = self.scope.client.client_id
        out = []
        for uid, group in groups.items():
            client = self.units.get(uid) or ClientInfo(uid, uid, "org", None, None, None, True)
            tally = group.tally if self.groups is not None else None
            out.append(UnitAttendance(client, group.members, uid == own_id, self.priority, tally))
        if self.scope.kind != ScopeKind.UNIT and own_id not in groups and not self.scope.unit_id:
            out.append(UnitAttendance(self.scope.client, [], True, self.priority))
        return out
