"""Every ordering rule of the reports in one place (ING-ATT-8, ING-ATT-9, ING-ATT-10)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

DIVISION_PREFIXES = (("BAG", 0), ("SAT", 1), ("SI", 2), ("SPKT", 3), ("POLSEK", 4))

# ING-ATT-9: keywords scanned in this order; the first one contained decides the position.
POSITION_SCAN = ("KANIT", "KASAT", "KASUBBAG", "KABAG", "KASUBDIT", "WADIR", "DIR")
POSITION_ORDER = ("DIR", "WADIR", "KASUBDIT", "KABAG", "KASUBBAG", "KASAT", "KANIT")

RANKS = (
    "KBP", "KOMISARIS BESAR POLISI", "AKBP", "KOMPOL", "AKP", "IPTU", "IPDA", "AIPTU", "AIPDA",
    "BRIPKA", "BRIGADIR", "BRIGPOL", "BRIGADIR POLISI", "BRIPTU", "BRIPDA", "PEMBINA UTAMA",
    "PEMBINA UTAMA MADYA", "PEMBINA UTAMA MUDA", "PEMBINA TINGKAT I", "PEMBINA", "PENATA TINGKAT I",
    "PENATA MUDA TINGKAT I", "PENATA MUDA", "PENATA", "PENGATUR TINGKAT I", "PENGATUR",
    "PENGATUR MUDA TINGKAT I", "PENGATUR MUDA", "JURU TINGKAT I", "JURU MUDA TINGKAT I", "JURU MUDA",
    "JURU", "PPPK", "PHL",
)  # fmt: skip
_RANK_INDEX = {r: i for i, r in enumerate(RANKS)}
_LAST = 10_000


class PersonLike(Protocol):
    user_id: str
    nama: str | None
    title: str | None
    jabatan: str | None
    divisi: str | None


def division_key(divisi: str | None) -> str:
    """ING-ATT-8: `upper(btrim(divisi))`, `-` when empty."""
    key = (divisi or "").strip().upper()
    return key or "-"


def division_sort_key(key: str) -> tuple[int, str]:
    for prefix, rank in DIVISION_PREFIXES:
        if key.startswith(prefix):
            return (rank, key)
    return (99, key)


def position_index(jabatan: str | None) -> int:
    text = (jabatan or "").upper()
    for word in POSITION_SCAN:
        if word in text:
            return POSITION_ORDER.index(word)
    return len(POSITION_ORDER)


def rank_index(title: str | None) -> int:
    return _RANK_INDEX.get((title or "").strip().upper(), len(RANKS))


def personnel_key(priority_names: Sequence[str]) -> Callable[[PersonLike], tuple]:
    """ING-ATT-9 comparator as a sort key: every key is compared, missing values sort last."""
    prio = {n.strip().upper(): i for i, n in enumerate(priority_names)}

    def key(p: PersonLike) -> tuple:
        name = (p.nama or "").strip().upper()
        return (position_index(p.jabatan), rank_index(p.title), prio.get(name, _LAST), name, p.user_id)

    return key


T = TypeVar("T", bound=PersonLike)


def sort_personnel(people: Iterable[T], priority_names: Sequence[str]) -> list[T]:
    return sorted(people, key=personnel_key(priority_names))


def group_by_division(people: Iterable[T]) -> list[tuple[str, list[T]]]:
    """Division groups in ING-ATT-8 order; members keep the order they came in."""
    groups: dict[str, list[T]] = {}
    for p in people:
        groups.setdefault(division_key(p.divisi), []).append(p)
    return [(k, groups[k]) for k in sorted(groups, key=division_sort_key)]


# --- units (ING-ATT-10) ---------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFigures:
    """What the unit orderings compare; `own` marks the directorate's own unit."""

    unit_id: str
    name: str
    total: int
    lengkap: int = 0
    score_sum: int = 0
    own: bool = False
    is_org: bool = True
    complete: int = 0


def _own_first(units: Iterable[UnitFigures], key: Callable[[UnitFigures], tuple]) -> list[UnitFigures]:
    units = list(units)
    own = [u for u in units if u.own]
    return own + sorted((u for u in units if not u.own), key=key)


def order_u_sudah(units: Iterable[UnitFigures]) -> list[UnitFigures]:
    return _own_first(units, lambda u: (-u.lengkap, -u.total, u.name))


def _size_band(total: int) -> int:
    if total > 1000:
        return 0
    if total >= 500:
        return 1
    return 2


def order_u_jajaran(units: Iterable[UnitFigures]) -> list[UnitFigures]:
    """Size band, then `pct(L,T)` desc where values within 0,01 count as equal, then name."""
    units = list(units)
    own = [u for u in units if u.own]
    rest = sorted((u for u in units if not u.own), key=lambda u: (_size_band(u.total), u.name))
    out: list[UnitFigures] = []
    for band in (0, 1, 2):
        members = [u for u in rest if _size_band(u.total) == band]
        members.sort(key=lambda u: -round(100.0 * u.lengkap / u.total if u.total else 0.0, 2))
        # stable sort on the rounded percentage keeps `name` order among equal ones
        out.extend(members)
    return own + out


def order_u_score(units: Iterable[UnitFigures]) -> list[UnitFigures]:
    return _own_first(units, lambda u: (-u.score_sum, u.name))


def order_u_data(units: Iterable[UnitFigures]) -> list[UnitFigures]:
    return _own_first(units, lambda u: (not u.is_org, -u.complete, -u.total, u.name))


E = TypeVar("E")


def top_and_bottom(ranked: Sequence[E], n: int) -> tuple[list[E], list[E]]:
    """The first n and the last n of a list ranked best first, the last ones worst first.

    With fewer than 2n entries the two would overlap (a unit called "bottom" that is also in the
    top), so the whole ranked list comes back as the top and the bottom is empty (issue 16 item 5).
    """
    if len(ranked) < 2 * n:
        return list(ranked), []
    return list(ranked[:n]), list(reversed(ranked[-n:]))
