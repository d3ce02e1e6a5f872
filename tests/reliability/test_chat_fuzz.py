"""Reliability (issue [ops] item 3): 10,000 generated chat inputs across every menu and actor.

No input crashes the router; every reply is a well-formed WhatsApp message (non-empty text,
no traceback, within the chunk limit), an internal error is answered with the apology and its
reference id, and a stored session always points at a real menu step.
"""

from __future__ import annotations

import asyncio
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from menus.framework.session import MenuSession
from tests.runtime.conftest import KINDS, NUMBERS, actors, sample, wa  # noqa: F401 - fixtures

pytestmark = pytest.mark.reliability
TARGET_INPUTS = 10_000
COUNT = {"inputs": 0, "replies": 0, "errors": 0}

TRIGGERS = ["userrequest", "oprrequest", "dirrequest", "clientrequest", "dashrequest", "wabot", "menu"]
CONTROL = ["batal", "back", "kembali", "0", "menu", "ya", "tidak", "ya hapus", "lanjut", ""]
COMMANDS = [
    "bantuan#",
    "jobs#",
    "health#",
    "outbox#",
    "clientinfo#POLRES_A",
    "thisgroup#POLRES_A",
    "notifwa#on",
]
LINKS = [
    "https://www.instagram.com/p/Abc123xyz/?igsh=zz",
    "https://www.instagram.com/reel/Xyz987abc/",
    "https://www.tiktok.com/@polres_a/video/7400000000000000001",
    "https://vt.tiktok.com/ZSabc123/",
    "https://www.facebook.com/share/p/1abcDEF/",
    "https://x.com/someone/status/1790000000000000000",
    "https://youtu.be/dQw4w9WgXcQ",
    "https://www.instagram.com/polres_a/",
]
TEXT = st.one_of(
    st.sampled_from(TRIGGERS + CONTROL + COMMANDS),
    st.integers(0, 60).map(str),
    st.sampled_from(LINKS),
    st.lists(st.sampled_from(LINKS), min_size=2, max_size=4).map(" ".join),
    st.text(max_size=120),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40),
    st.from_regex(r"[0-9]{8,18}", fullmatch=True),
    st.builds(lambda n: "x" * n, st.integers(4000, 66000)),
)


@pytest.fixture
async def env(wa, actors):  # noqa: F811 - the imported fixtures are used by name
    return asyncio.get_running_loop(), wa


@settings(
    max_examples=int(os.environ.get("CHAT_FUZZ_EXAMPLES", "1650")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(kind=st.sampled_from(KINDS), texts=st.lists(TEXT, min_size=4, max_size=10))
def test_generated_inputs_never_crash(env, kind, texts):
    loop, phone_side = env
    loop.run_until_complete(_drive(phone_side, NUMBERS[kind], texts))


async def _drive(wa_side, phone: str, texts: list[str]) -> None:  # noqa: F811
    limit = (
        max(wa_side.router.settings.wa_text_chunk_chars, 4096)
        if hasattr(wa_side.router, "settings")
        else 4096
    )
    for text in texts:
        COUNT["inputs"] += 1
        result = await wa_side.router.handle(wa_side.inbound(phone, text))
        if result.handled_by == "error":
            COUNT["errors"] += 1
            assert result.messages and "ref: " in result.messages[0].text
        raw = await wa_side.router.redis.client.get(
            wa_side.router.sessions.key("main", f"{phone}@s.whatsapp.net")
        )
        if raw is not None:
            state = MenuSession.from_json(raw)
            assert state.menu in wa_side.router.registry.menus and state.step
    # Delivery is checked once per generated conversation: every queued reply goes out well-formed.
    for sent in await wa_side.flush():
        COUNT["replies"] += 1
        if sent.is_document:
            assert sent.file_name and sent.content
            continue
        assert isinstance(sent.text, str) and sent.text.strip()
        assert "Traceback" not in sent.text and len(sent.text) <= limit


def test_the_run_covered_ten_thousand_inputs() -> None:
    """Runs after the generator above (file order): proves the volume, and reports it."""
    print(
        f"chat fuzz: {COUNT['inputs']} inputs, {COUNT['replies']} replies, {COUNT['errors']} internal errors"
    )
    assert COUNT["inputs"] >= TARGET_INPUTS
