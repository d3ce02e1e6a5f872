"""Ordering rules in one module (ING-ATT-8, ING-ATT-9, ING-ATT-10)."""

from __future__ import annotations

from dataclasses import dataclass

from core.reports.ordering import (
    UnitFigures,
    division_sort_key,
    group_by_division,
    order_u_data,
    order_u_jajaran,
    order_u_score,
    order_u_sudah,
    sort_personnel,
)


@dataclass
class P:
    user_id: str
    nama: str | None = None
    title: str | None = None
    jabatan: str | None = None
    divisi: str | None = None


def test_divisions_by_prefix_then_key_ing_att_8():
    keys = ["SAT LANTAS", "POLSEK KOTA", "-", "SPKT", "BAG OPS", "SI HUMAS", "SAT BINMAS", "BAG LOG", "UMUM"]
    assert sorted(keys, key=division_sort_key) == [
        "BAG LOG", "BAG OPS", "SAT BINMAS", "SAT LANTAS", "SI HUMAS", "SPKT", "POLSEK KOTA", "-", "UMUM",
    ]  # fmt: skip


def test_group_by_division_trims_and_uppercases():
    groups = group_by_division([P("1", divisi=" sat binmas "), P("2", divisi=None), P("3", divisi="Bag Ops")])
    assert [k for k, _ in groups] == ["BAG OPS", "SAT BINMAS", "-"]


def test_personnel_position_rank_priority_name_user_id_ing_att_9():
    people = [
        P("9", "ZAINAL", "BRIPDA"),
        P("8", "AHMAD", "BRIPDA"),
        P("7", "AHMAD", "BRIPDA"),  # same name: user_id decides
        P("6", "BUDI", "AKBP"),  # better rank, no position
        P("5", "CICI", "BRIPDA", "KANIT BINMAS"),  # KANIT beats every non-position
        P("4", "DEDI", "BRIPDA", "WAKASAT"),  # contains KASAT (scan order finds KASAT before others)
        P("3", "EKO", None, "DIRBINMAS"),  # DIR beats all
        P("2", "POLRES NGAWI", "UNKNOWN"),  # priority name, unknown rank
        P("1", "POLRES LAMONGAN", "UNKNOWN"),
    ]
    prio = ["POLRES LAMONGAN", "POLRES NGAWI"]
    assert [p.user_id for p in sort_personnel(people, prio)] == ["3", "4", "5", "6", "7", "8", "9", "1", "2"]


def test_missing_keys_continue_to_next_key():
    """*Fixed*: two users without rank are still ordered by name, not left in database order."""
    people = [P("1", "ZED"), P("2", "ADE"), P("3", "MAX")]
    assert [p.nama for p in sort_personnel(people, [])] == ["ADE", "MAX", "ZED"]


def _u(uid: str, total: int, lengkap: int = 0, score: int = 0, own: bool = False, **kw) -> UnitFigures:
    return UnitFigures(uid, uid, total, lengkap, score, own, **kw)


def test_u_sudah_own_first_then_lengkap_total_name():
    units = [_u("B", 10, 5), _u("D", 5, 5, own=True), _u("A", 12, 5), _u("C", 3, 9)]
    assert [u.unit_id for u in order_u_sudah(units)] == ["D", "C", "A", "B"]


def test_u_jajaran_size_bands_then_percentage_then_name():
    units = [
        _u("SMALL-HI", 100, 100), _u("MID-LO", 600, 60), _u("BIG", 1200, 10), _u("MID-HI", 500, 400),
        _u("SMALL-LO", 100, 1), _u("AA-SMALL-HI", 50, 50), _u("OWN", 5, 0, own=True),
    ]  # fmt: skip
    assert [u.unit_id for u in order_u_jajaran(units)] == [
        "OWN", "BIG", "MID-HI", "MID-LO", "AA-SMALL-HI", "SMALL-HI", "SMALL-LO",
    ]  # fmt: skip


def test_u_score_and_u_data():
    assert [u.unit_id for u in order_u_score([_u("B", 1, score=5), _u("A", 1, score=5), _u("C", 1, score=9)])] == [
        "C", "A", "B",
    ]  # fmt: skip
    units = [
        _u("X", 10, complete=5, is_org=False), _u("B", 10, complete=5), _u("A", 20, complete=5),
        _u("OWN", 1, own=True, is_org=False),
    ]  # fmt: skip
    assert [u.unit_id for u in order_u_data(units)] == ["OWN", "A", "B", "X"]
