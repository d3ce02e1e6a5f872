"""Configured WhatsApp sessions and the capabilities each serves (CONV-1, CONV-2, DLV-18, DLV-28).

`load_session_config(settings, environ)` reads `WA_SESSIONS` and, per name,
`WA_SESSION_<NAME>_SERVES` / `WA_SESSION_<NAME>_PAIR_PHONE` from the environment (their names
depend on WA_SESSIONS, so they are not fields of `Settings`) and validates them; a bad setup raises
`SessionConfigError` naming the problem (the process refuses to start).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from core.config import Settings
from core.phones import normalize_phone

CAPABILITIES = frozenset(
    {
        "userrequest",
        "linkreports",
        "oprrequest",
        "dirrequest",
        "clientrequest",
        "dashrequest",
        "wabot",
        "commands",
        "complaints",
        "bulk",
    }
)
SHAREABLE = frozenset({"commands"})  # CONV-2: thisgroup# works through whichever number is in the group
_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")


class SessionConfigError(ValueError):
    pass


@dataclass(frozen=True)
class WaSession:
    name: str
    serves: frozenset[str]  # contains "all" or concrete capabilities
    pair_phone: str | None = None

    def serves_capability(self, capability: str) -> bool:
        return "all" in self.serves or capability in self.serves


@dataclass(frozen=True)
class SessionConfig:
    sessions: tuple[WaSession, ...]
    broadcast: str
    admin: str
    fallback_order: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sessions)

    @property
    def default(self) -> str:
        return self.sessions[0].name

    def get(self, name: str) -> WaSession | None:
        return next((s for s in self.sessions if s.name == name), None)

    def owner_of(self, capability: str) -> WaSession | None:
        return next((s for s in self.sessions if s.serves_capability(capability)), None)


def _split(raw: str) -> list[str]:
    return [p.strip() for p in raw.split(",") if p.strip()]


def load_session_config(settings: Settings, environ: Mapping[str, str] | None = None) -> SessionConfig:
    env = os.environ if environ is None else environ
    names = _split(settings.wa_sessions) or ["main"]
    seen: set[str] = set()
    sessions: list[WaSession] = []
    for name in names:
        if not _NAME.fullmatch(name):
            raise SessionConfigError(
                f"WA_SESSIONS: nama sesi tidak valid: {name!r} (pola [a-z][a-z0-9_]{{0,31}})"
            )
        if name in seen:
            raise SessionConfigError(f"WA_SESSIONS: nama sesi ganda: {name}")
        seen.add(name)
        raw = env.get(f"WA_SESSION_{name.upper()}_SERVES", "all")
        serves = frozenset(c.lower() for c in _split(raw))
        if not serves:
            raise SessionConfigError(f"WA_SESSION_{name.upper()}_SERVES: sesi {name} tidak melayani apa pun")
        unknown = serves - CAPABILITIES - {"all"}
        if unknown:
            raise SessionConfigError(
                f"WA_SESSION_{name.upper()}_SERVES: kapabilitas tidak dikenal: {', '.join(sorted(unknown))}"
            )
        pair_raw = env.get(f"WA_SESSION_{name.upper()}_PAIR_PHONE", "").strip()
        pair = normalize_phone(pair_raw) if pair_raw else None
        if pair_raw and pair is None:
            raise SessionConfigError(f"WA_SESSION_{name.upper()}_PAIR_PHONE: nomor tidak valid")
        sessions.append(WaSession(name, serves, pair))
    for cap in CAPABILITIES - SHAREABLE:
        owners = [s.name for s in sessions if s.serves_capability(cap)]
        if len(owners) > 1:
            raise SessionConfigError(
                f"kapabilitas {cap} dilayani oleh lebih dari satu sesi: {', '.join(owners)}"
            )
    broadcast = settings.wa_broadcast_session.strip() or names[0]
    admin = settings.wa_admin_session.strip() or broadcast
    for label, value in (("WA_BROADCAST_SESSION", broadcast), ("WA_ADMIN_SESSION", admin)):
        if value not in seen:
            raise SessionConfigError(f"{label}: sesi {value} tidak ada di WA_SESSIONS")
    order = _split(settings.wa_fallback_order) or [broadcast] + [n for n in names if n != broadcast]
    return SessionConfig(tuple(sessions), broadcast, admin, tuple(n for n in order if n in seen))
