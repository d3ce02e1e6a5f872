"""Bad input never breaks a conversation (spec decision 10; issue 3 "bad input"): arbitrary text from
every actor, inside and outside menus, through the real router."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from menus.framework.session import MenuSession
from tests.runtime.conftest import KINDS, NUMBERS

WORDS = ["batal", "back", "0", "menu", "ya", "tidak", "1", "2", "99", "userrequest", "oprrequest",
         "dirrequest", "clientrequest", "sampelmenu", "notifwa#on", "ya konfirmasi ig", "1️⃣", ""]  # fmt: skip
TEXT = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.builds(lambda n: "x" * n, st.integers(4000, 70000)),
)


@pytest.fixture
async def fuzz_env(wa, actors):
    return asyncio.get_running_loop(), wa


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(KINDS), texts=st.lists(TEXT, min_size=1, max_size=4))
def test_any_text_from_any_actor_never_crashes(fuzz_env, kind, texts):
    loop, wa = fuzz_env
    loop.run_until_complete(_drive(wa, NUMBERS[kind], texts))


async def _drive(wa, phone, texts):
    for text in texts:
        result = await wa.router.handle(wa.inbound(phone, text))
        if result.handled_by == "error":
            # an internal error is still answered with the apology of CONV-67, never a traceback
            assert result.messages and "ref: " in result.messages[0].text
        key = wa.router.sessions.key("main", f"{phone}@s.whatsapp.net")
        raw = await wa.router.redis.client.get(key)
        if raw is not None:
            state = MenuSession.from_json(raw)
            assert state.menu in wa.router.registry.menus and state.step
