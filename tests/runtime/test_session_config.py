"""CONV-1/CONV-2: named sessions, capabilities, and refusing a bad setup at start."""

from __future__ import annotations

import pytest

from core.wa_sessions import SessionConfigError, load_session_config
from tests.runtime.conftest import runtime_settings


def test_default_single_session_serves_all():
    config = load_session_config(runtime_settings(wa_sessions="main"), environ={})
    assert config.names == ("main",) and config.broadcast == "main" and config.admin == "main"
    assert config.get("main").serves_capability("dirrequest")


def test_two_numbers_split_capabilities_conv1():
    env = {
        "WA_SESSION_ADMIN_SERVES": "oprrequest,dirrequest,clientrequest,commands,complaints,bulk",
        "WA_SESSION_PERSONEL_SERVES": "userrequest,linkreports,commands",
        "WA_SESSION_PERSONEL_PAIR_PHONE": "0812-1111-2222",
    }
    config = load_session_config(runtime_settings(wa_sessions="admin,personel"), environ=env)
    assert config.owner_of("userrequest").name == "personel" and config.owner_of("dirrequest").name == "admin"
    assert config.get("personel").pair_phone == "6281211112222"
    assert config.fallback_order == ("admin", "personel")


@pytest.mark.parametrize(
    ("sessions", "env", "problem"),
    [
        ("Main", {}, "tidak valid"),
        ("main,main", {}, "ganda"),
        ("main", {"WA_SESSION_MAIN_SERVES": "userrequest,teleport"}, "tidak dikenal"),
        ("main", {"WA_SESSION_MAIN_SERVES": " , "}, "tidak melayani"),
        ("a,b", {}, "lebih dari satu sesi"),
        (
            "a,b",
            {"WA_SESSION_A_SERVES": "dirrequest", "WA_SESSION_B_SERVES": "dirrequest"},
            "lebih dari satu",
        ),
    ],
)
def test_bad_setups_refuse_to_start_conv2(sessions, env, problem):
    with pytest.raises(SessionConfigError, match=problem):
        load_session_config(runtime_settings(wa_sessions=sessions), environ=env)


def test_commands_may_be_shared_conv2():
    env = {"WA_SESSION_A_SERVES": "dirrequest,commands", "WA_SESSION_B_SERVES": "userrequest,commands"}
    assert load_session_config(runtime_settings(wa_sessions="a,b"), environ=env).names == ("a", "b")
