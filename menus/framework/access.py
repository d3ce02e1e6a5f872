"""The authorization matrix of CONV-40, in one place. Every entry point asks `authorize(actor, entry)`.

`Access.allowed` says whether the actor may use the entry; `code` is the denial reply code of
CONV-41 (or a non-denial outcome such as `help`/`register`); `scope` lists the clients the actor may
act on (None = every client of the kind the entry serves, for admins). Flows that act on a specific
client or person re-check at execution time (CONV-43) with `in_scope`.

Entries: userrequest, oprrequest, dirrequest, chakranarayana, clientrequest, dashrequest, wabot,
home, admin_command, thisgroup, importuser, notifwa, complaint, bulk, link_report, profile_link.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.actors import Actor, ClientRef


class Entry(StrEnum):
    USERREQUEST = "userrequest"
    OPRREQUEST = "oprrequest"
    DIRREQUEST = "dirrequest"
    CHAKRANARAYANA = "chakranarayana"
    CLIENTREQUEST = "clientrequest"
    DASHREQUEST = "dashrequest"
    WABOT = "wabot"
    HOME = "home"
    ADMIN_COMMAND = "admin_command"
    THISGROUP = "thisgroup"
    IMPORTUSER = "importuser"
    NOTIFWA = "notifwa"
    COMPLAINT = "complaint"
    BULK = "bulk"
    LINK_REPORT = "link_report"
    PROFILE_LINK = "profile_link"


@dataclass(frozen=True)
class Access:
    allowed: bool
    code: str | None = None
    scope: tuple[ClientRef, ...] | None = None  # None with allowed=True = every client (admin)

    @classmethod
    def deny(cls, code: str) -> Access:
        return cls(False, code)


ALL = Access(True)


def authorize(actor: Actor, entry: Entry | str) -> Access:
    entry = Entry(entry)
    if entry is Entry.USERREQUEST:
        # Every actor uses userrequest as personnel (own record) or unknown (registration); an
        # unresolved LID sender may not register (CONV-9).
        if not actor.is_resolved:
            return Access.deny("unresolved")
        return Access(True, "own_record" if actor.is_personnel else "registration")
    if entry is Entry.OPRREQUEST:
        if actor.is_admin:
            return ALL
        if actor.own_clients:
            return Access(True, scope=actor.own_clients)
        if actor.inactive_operator_of:
            return Access.deny("deny_client_inactive")  # CONV-33, CONV-110
        return Access.deny("deny_operator_menu")
    if entry is Entry.DIRREQUEST:
        if (
            actor.is_admin
            or actor.is_directorate_dashboard
            or any(c.is_directorate for c in actor.own_clients)
        ):
            return Access(True, scope=actor.directorate_scope)  # D(u) (admins: every active DIREKTORAT)
        return Access.deny("deny_dirrequest")
    if entry is Entry.CHAKRANARAYANA:
        if actor.is_admin:
            return Access(True, scope=actor.directorate_scope)
        scoped = actor.is_directorate_dashboard or any(c.is_directorate for c in actor.own_clients)
        if scoped and any(c.client_id.upper() == "DITINTELKAM" for c in actor.directorate_scope):
            return Access(True, scope=actor.directorate_scope)
        return Access.deny("deny_dirrequest")
    if entry in (Entry.CLIENTREQUEST, Entry.ADMIN_COMMAND, Entry.THISGROUP):
        return ALL if actor.is_admin else Access.deny("deny_admin")
    if entry is Entry.DASHREQUEST:
        if actor.is_admin:
            return ALL
        if actor.is_dashboard:
            return Access(True, scope=actor.dashboard_clients)
        return Access.deny("deny_dashboard")
    if entry is Entry.WABOT:
        if actor.is_admin:
            return ALL
        if actor.is_directorate_dashboard and "ditbinmas" in actor.dashboard_roles:
            return Access(True, "no_cron_config")
        return Access.deny("deny_wabot")
    if entry is Entry.HOME:
        if actor.is_privileged:
            return ALL
        if actor.is_personnel:
            return Access(False, "help")  # CONV-26
        return Access.deny("none")
    if entry is Entry.IMPORTUSER:
        if actor.is_admin:
            return ALL
        if actor.own_clients:
            return Access(True, scope=actor.own_clients)
        return Access.deny("deny_admin")
    if entry is Entry.NOTIFWA:
        if actor.is_personnel:
            return Access(True, "own_record")
        return Access.deny("registration_hint")
    if entry is Entry.COMPLAINT:
        if actor.is_admin:
            return ALL
        if actor.own_clients or actor.is_directorate_dashboard or actor.is_personnel:
            # SA/OP: personnel of own clients; DD: of D(u); P: own NRP only (checked by the flow).
            scope = actor.own_clients + (actor.directorate_scope if actor.is_directorate_dashboard else ())
            return Access(True, "own_nrp" if not scope else None, scope=scope)
        return Access.deny("register_first")
    if entry is Entry.BULK:
        if actor.is_admin:
            return ALL
        if actor.own_clients:
            return Access(True, scope=actor.own_clients)
        return Access.deny("deny_scope")
    if entry is Entry.LINK_REPORT:
        if actor.personnel is not None and actor.personnel.active:
            return Access(True, "own_record")
        return Access.deny("register_first")
    if entry is Entry.PROFILE_LINK:
        if not actor.is_resolved:
            return Access.deny("unresolved")
        return Access(True, "own_record" if actor.is_personnel else "registration")
    raise ValueError(entry)  # pragma: no cover - Entry() already rejected unknown names


def in_scope(access: Access, client_id: str | None) -> bool:
    """CONV-43: is `client_id` within the scope granted (admins: any)?"""
    if not access.allowed or client_id is None:
        return False
    if access.scope is None:
        return True
    return any(c.client_id.upper() == client_id.upper() for c in access.scope)
