"""CONV-40/CONV-45: every (actor, entry point) pair of the authorization matrix, with real rows.

Actors are resolved from the database exactly as the router does (CONV-31/32); the trigger
entries are then driven through the router and the denial reply codes of CONV-41 asserted.
"""

from __future__ import annotations

import pytest

from core.actors import resolve_actor
from menus.framework.access import Entry, authorize
from tests.runtime.conftest import KINDS, NUMBERS, OPERATOR, add_client

# entry: allowed per column A SA OP DD DU P U, and the code a denied actor gets.
MATRIX: dict[Entry, tuple[str, str | None]] = {
    Entry.USERREQUEST: ("1111111", None),
    Entry.OPRREQUEST: ("1110000", "deny_operator_menu"),
    Entry.DIRREQUEST: ("1001000", "deny_dirrequest"),
    Entry.CHAKRANARAYANA: ("1000000", "deny_dirrequest"),
    Entry.CLIENTREQUEST: ("1000000", "deny_admin"),
    Entry.DASHREQUEST: ("1001100", "deny_dashboard"),
    Entry.WABOT: ("1001000", "deny_wabot"),
    Entry.HOME: ("1111100", None),
    Entry.ADMIN_COMMAND: ("1000000", "deny_admin"),
    Entry.THISGROUP: ("1000000", "deny_admin"),
    Entry.IMPORTUSER: ("1110000", "deny_admin"),
    Entry.NOTIFWA: ("0000010", "registration_hint"),
    Entry.COMPLAINT: ("1111010", "register_first"),
    Entry.BULK: ("1110000", "deny_scope"),
    Entry.LINK_REPORT: ("0000010", "register_first"),
    Entry.PROFILE_LINK: ("1111111", None),
}


async def test_actor_columns_resolved_from_rows_conv31(actors):
    assert {k: actors[k].kinds for k in KINDS} == {k: frozenset({k}) for k in KINDS}
    assert [c.client_id for c in actors["DD"].directorate_scope] == ["DITBINMAS"]
    assert [c.client_id for c in actors["A"].directorate_scope] == ["DITBINMAS"]


@pytest.mark.parametrize("entry", list(MATRIX))
async def test_matrix_row_conv40(actors, entry):
    allowed, deny_code = MATRIX[entry]
    for kind, flag in zip(KINDS, allowed, strict=True):
        access = authorize(actors[kind], entry)
        assert access.allowed is (flag == "1"), f"{entry} × {kind}"
        if flag == "0" and deny_code and entry is not Entry.HOME:
            assert access.code == deny_code, f"{entry} × {kind}"
    if entry is Entry.HOME:
        assert authorize(actors["P"], entry).code == "help"  # CONV-26


async def test_inactive_client_operator_gets_specific_refusal_conv33(db, actors, app_context):
    async with db.uow() as uow:
        inactive_op = await resolve_actor(uow, "6281100000007", frozenset())
    assert inactive_op.is_unknown and inactive_op.inactive_operator_of == ("POLRES_B",)
    assert authorize(inactive_op, Entry.OPRREQUEST).code == "deny_client_inactive"


async def test_operator_of_directorate_may_open_dirrequest_scoped(db, app_context):
    await add_client(db, "DITLANTAS", "direktorat", client_operator=OPERATOR)
    await add_client(db, "DITSAMAPTA", "direktorat")
    async with db.uow() as uow:
        op = await resolve_actor(uow, OPERATOR, frozenset())
    access = authorize(op, Entry.DIRREQUEST)
    assert access.allowed and [c.client_id for c in access.scope] == ["DITLANTAS"]


async def test_cached_nothing_admin_change_applies_at_once_conv32(db, app_context):
    await add_client(db, "POLRES_C", "org")
    async with db.uow() as uow:
        before = await resolve_actor(uow, OPERATOR, frozenset())
        await uow.execute(
            "UPDATE clients SET client_operator = :n WHERE client_id = 'POLRES_C'", {"n": OPERATOR}
        )
        after = await resolve_actor(uow, OPERATOR, frozenset())
    assert before.is_unknown and after.is_operator


TRIGGERS = {
    "oprrequest": Entry.OPRREQUEST,
    "dirrequest": Entry.DIRREQUEST,
    "clientrequest": Entry.CLIENTREQUEST,
    "userrequest": Entry.USERREQUEST,
}


@pytest.mark.parametrize("trigger", list(TRIGGERS))
async def test_triggers_through_router_conv45(wa, actors, trigger):
    if trigger not in {m.name for m in wa.router.registry.menus.values()}:
        pytest.skip(f"{trigger} menu not registered yet")
    allowed, deny_code = MATRIX[TRIGGERS[trigger]]
    for kind, flag in zip(KINDS, allowed, strict=True):
        result = await wa.router.handle(wa.inbound(NUMBERS[kind], trigger))
        if flag == "1":
            assert result.handled_by == f"open:{trigger}", f"{trigger} × {kind}: {result}"
        else:
            assert result.code == deny_code, f"{trigger} × {kind}: {result}"
            assert result.messages[0].text.startswith("❌")
        await wa.router.handle(wa.inbound(NUMBERS[kind], "batal"))
