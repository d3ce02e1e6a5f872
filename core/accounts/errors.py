"""Typed account errors: a reason code plus the one-line Indonesian message the spec gives.

Entry points turn them into a reply in one place: the HTTP sidecar maps `reason` to a status
(API-3), the WhatsApp menus show `message`.
"""

from __future__ import annotations

from typing import Literal

Reason = Literal["validation_error", "forbidden", "not_found", "conflict"]


class AccountError(Exception):
    def __init__(self, reason: Reason, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.reason: Reason = reason
        self.message = message
        self.field = field


class FieldError(AccountError):
    """A field rule of API-11 failed (always `validation_error`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__("validation_error", message, field)


def forbidden(message: str = "Forbidden") -> AccountError:
    return AccountError("forbidden", message)


def not_found(message: str) -> AccountError:
    return AccountError("not_found", message)


def conflict(message: str) -> AccountError:
    return AccountError("conflict", message)


def invalid(message: str, field: str | None = None) -> AccountError:
    return AccountError("validation_error", message, field)
