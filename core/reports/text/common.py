"""Blocks shared by the attendance recaps: common header, content block, user lines (ING-REP-2)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from core.reports.formatting import at_handle, nama_lengkap
from core.reports.links import post_link
from core.reports.model import Attendance, Person, Status
from core.reports.ordering import group_by_division
from core.reports.stated_rule import empty_population_reason, stated_rule_line
from core.timefmt import hari_tanggal, jam_detik, period_label
from core.timewindow import WindowKind, today_wib


@dataclass(frozen=True)
class Render:
    att: Attendance
    now: datetime
    ref_date: date
    mode: str = "all"

    @property
    def n(self) -> int:
        return self.att.n

    @property
    def client_nama(self) -> str:
        return self.att.scope.client.nama

    @property
    def nama_upper(self) -> str:
        return self.att.scope.client.unit_name

    def link(self, post_id: str) -> str:
        return post_link(self.att.platform, post_id, self.att.scope.client)

    @property
    def shows_sudah(self) -> bool:
        return self.mode in ("all", "sudah")

    @property
    def shows_belum(self) -> bool:
        return self.mode in ("all", "belum")


def periode_line(r: Render) -> str:
    if r.att.window.kind == WindowKind.DAY and r.ref_date == today_wib(r.now):
        return "Periode: hari ini (WIB)"
    return period_label(r.att.window)


def rule_lines(r: Render) -> list[str]:
    """The stated rule (issue 16 item 4), and why nobody is counted when the population is empty."""
    lines = [stated_rule_line(r.att)]
    if r.att.tally.total == 0:
        lines.append(empty_population_reason(r.att.scope))
    return lines


def common_header(r: Render, title: str, scope_line: str) -> list[str]:
    return [
        "Mohon ijin Komandan,",
        "",
        title,
        scope_line,
        hari_tanggal(r.ref_date),
        f"Jam: {jam_detik(r.now)} WIB",
        periode_line(r),
        *rule_lines(r),
        "",
    ]


def content_block(r: Render) -> list[str]:
    links = [f"- {r.link(p.id)}" for p in r.att.posts] or ["-"]
    return [f"*Jumlah Konten:* {r.n}", "*Daftar Link Konten:*", *links, ""]


def user_line(p: Person, r: Render, missing: str = "-") -> str:
    """`- <nama_lengkap> : <@handle or -> (<count>/<N> konten)`."""
    handle = at_handle(p.handle(r.att.platform), missing)
    return f"- {nama_lengkap(p.title, p.nama)} : {handle} ({p.count}/{r.n} konten)"


def lines_or_dash(people: Iterable[Person], fmt: Callable[[Person], str]) -> list[str]:
    out = [fmt(p) for p in people]
    return out or ["-"]


def with_status(people: Iterable[Person], *statuses: Status) -> list[Person]:
    return [p for p in people if p.status in statuses]


def division_groups(people: Iterable[Person]) -> list[tuple[str, list[Person]]]:
    return group_by_division(people)
