"""Recipients of job output (JOB-13): tokens → JIDs in the order group, operator, super, admins, extra."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.phones import FieldKind, mask_phones, parse_recipients

TOKENS = {
    "group": ("client_group", FieldKind.GROUP),
    "operator": ("client_operator", FieldKind.PERSON),
    "super": ("client_super", FieldKind.PERSON),
}


@dataclass
class Recipients:
    jids: list[str] = field(default_factory=list)
    invalid: list[dict[str, str]] = field(default_factory=list)

    def add(self, client_id: str | None, field_name: str, raw: Any, kind: FieldKind) -> None:
        good, bad = parse_recipients(raw, kind)
        for jid in good:
            if jid not in self.jids:
                self.jids.append(jid)
        for error in bad:
            self.invalid.append(
                {
                    "client_id": (client_id or "-").upper(),
                    "field": field_name,
                    "value": mask_phones(error.value),
                    "reason": error.reason,
                }
            )


def build_recipients(
    tokens: list[str], client: Mapping[str, Any] | None, admin_whatsapp: str, extra: str
) -> Recipients:
    """Every token's source in catalogue order, de-duplicated keeping the first occurrence."""
    out = Recipients()
    client_id = client.get("client_id") if client else None
    for token in ("group", "operator", "super", "admins"):
        if token not in tokens:
            continue
        if token == "admins":
            out.add(client_id, "ADMIN_WHATSAPP", admin_whatsapp, FieldKind.PERSON)
        elif client is not None:
            column, kind = TOKENS[token]
            out.add(client_id, column, client.get(column), kind)
    out.add(client_id, "EXTRA_RECIPIENTS", extra, FieldKind.MIXED)
    return out
