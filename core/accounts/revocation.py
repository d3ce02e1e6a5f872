"""What account changes ask of the login-session store (API-14), without depending on it.

`core.auth.sessions.SessionStore` implements this; WhatsApp menus pass the same object so a
deactivation there also ends the member's HTTP sessions.
"""

from __future__ import annotations

from typing import Protocol


class SessionRevoker(Protocol):
    async def revoke_user(self, user_id: str, reason: str) -> None: ...

    async def revoke_client(self, client_id: str, reason: str) -> None: ...

    async def forget_claim(self, nrp: str) -> None: ...
