"""The stored state of one chat inside one menu (CONV-50), as a plain JSON-able value.

The bot's session store (`bot.sessions`) keeps it in Redis under
`cicero:menu:<wa session>:<chat id>`; the engine (`menus.framework.engine`) moves it from step to
step. Fields beyond CONV-50's list: `prompt` (the text re-shown on invalid input, CONV-64),
`choices` (number → option key of the level on screen, CONV-61), `invalid` (consecutive invalid
replies in this step, CONV-64).
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class MenuSession:
    menu: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    stack: list[dict[str, Any]] = field(default_factory=list)  # levels above: {step, prompt, choices}
    opened_via: str = "trigger"
    actor_number: str | None = None
    version: int = 0
    last_activity: float = field(default_factory=time.time)
    busy_since: float | None = None
    prompt: str | None = None
    choices: dict[str, str] = field(default_factory=dict)
    invalid: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> MenuSession:
        obj = json.loads(raw)
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in obj.items() if k in known})
