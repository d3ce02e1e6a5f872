"""Telling "the database is unreachable" apart from "this statement failed" (issue 10 reliability).

An outage (server restarting, connections refused or terminated, network gone) is answered
differently from a bug: the caller keeps its state and asks for a retry instead of closing a menu
with an apology. Server errors that are not about the connection (a serialization failure, a
cancelled statement, a lock timeout) are ordinary failures even though psycopg files them under
`OperationalError`.
"""

from __future__ import annotations

import psycopg
from sqlalchemy.exc import DBAPIError

# SQLSTATEs the server sends when it refuses or drops the connection itself: class 08
# (connection exception), 57P01-57P03 (shutdown, crash, "cannot connect now"), 53300 (too many).
_CONNECTION_STATES = frozenset({"57P01", "57P02", "57P03", "53300"})


def _driver_says_unavailable(err: BaseException) -> bool:
    if isinstance(err, psycopg.InterfaceError):
        return True  # "the connection is closed" and friends
    if not isinstance(err, psycopg.OperationalError):
        return False
    state = err.sqlstate
    # No SQLSTATE: libpq failed before or outside a server reply (refused, reset, closed).
    return state is None or state.startswith("08") or state in _CONNECTION_STATES


def database_unavailable(exc: BaseException) -> bool:
    """True when `exc` (or what it was raised from) means the database could not be reached."""
    seen: set[int] = set()
    err: BaseException | None = exc
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, DBAPIError):
            if err.connection_invalidated or _driver_says_unavailable(err.orig):
                return True
        elif _driver_says_unavailable(err):
            return True
        err = err.__cause__
    return False
