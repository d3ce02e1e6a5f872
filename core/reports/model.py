"""The typed attendance result every formatter reads (ING-ATT-1..7)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from core.reports.ordering import division_key
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


@dataclass(frozen=True)
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

    @property
    def sudah(self) -> int:
        return self.lengkap + self.kurang

    @staticmethod
    def of(people: list[Person]) -> Tally:
        c = {s: 0 for s in Status}
        for p in people:
            c[p.status] += 1
        return Tally(
            len(people), c[Status.LENGKAP], c[Status.KURANG], c[Status.BELUM], c[Status.NO_USERNAME],
            sum(p.count for p in people),
        )  # fmt: skip


@dataclass(frozen=True)
class UnitAttendance:
    client: ClientInfo
    people: list[Person]
    own: bool

    @property
    def tally(self) -> Tally:
        return Tally.of(self.people)


@dataclass
class Attendance:
    scope: Scope
    platform: Platform
    engagement: Engagement
    rule: Rule
    window: Window
    posts: list[Post]
    people: list[Person]  # sorted by ING-ATT-9
    units: dict[str, ClientInfo] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.posts)

    @property
    def tally(self) -> Tally:
        return Tally.of(self.people)

    def by_unit(self) -> list[UnitAttendance]:
        """Units of the population (own directorate first, always present for a directorate)."""
        groups: dict[str, list[Person]] = {}
        for p in self.people:
            groups.setdefault(p.unit_id, []).append(p)
        own_id = self.scope.client.client_id
        if self.scope.kind != ScopeKind.UNIT and own_id not in groups and not self.scope.unit_id:
            groups[own_id] = []
        out = []
        for uid, people in groups.items():
            client = self.units.get(uid) or ClientInfo(uid, uid, "org", None, None, None, True)
            out.append(UnitAttendance(client, people, uid == own_id))
        return out
