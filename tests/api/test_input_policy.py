"""Hostile strings never reach psycopg (issue 17; API-3 error envelope; `core.input_policy`).

Before: a NUL byte or a lone surrogate in any string field answered 500 (psycopg `DataError`,
`UnicodeEncodeError`) on 13 endpoints, anonymous ones included, and each 500 alerted the admins on
WhatsApp; a body nested 5,000 deep ended in `RecursionError`. Now every such request is a 400 that
names the field, and no admin alert is queued.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from bot.api.deps import MAX_JSON_DEPTH
from core import input_policy
from tests.api.conftest import bearer

HOSTILE = {"nul": "ab\\u0000cd", "surrogate": "ab\\ud800cd"}  # JSON escapes, sent as raw bytes
FLOOD_OF_PATHS = ("/api/auth/logout",)  # ends the session the rest of the run uses


def _raw_body(fields: list[str], value: str) -> bytes:
    return ("{" + ", ".join(f'"{name}": "{value}"' for name in fields) + "}").encode()


async def _alerts(api_ctx) -> int:
    async with api_ctx.db.uow() as uow:
        return (
            await uow.execute("SELECT COUNT(*) FROM wa_outbox WHERE idempotency_key LIKE 'alert:api_error%'")
        ).scalar_one()


def _body_operations(app) -> list[tuple[str, str, list[str]]]:
    ops = []
    for path, item in app.openapi()["paths"].items():
        for method, op in item.items():
            schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if schema and path not in FLOOD_OF_PATHS:
                ops.append((method.upper(), path, sorted(schema.get("properties", {}))))
    return ops


@pytest.mark.parametrize("kind", sorted(HOSTILE))
async def test_issue17_hostile_string_in_any_body_field_is_400_naming_it(
    client: httpx.AsyncClient, world, api_ctx, app, kind: str
) -> None:
    before = await _alerts(api_ctx)
    operations = _body_operations(app)
    assert len(operations) >= 20
    seen = []
    for method, path, props in operations:
        url = path.replace("{client_id}", "POLRES_A").replace("{user_id}", "77010002").replace("{id}", "1")
        url = url.replace("{shortcode}", "abc")
        for auth in ({}, bearer(world["tokens"]["admin"])):
            field = props[-1] if props else "x"
            res = await client.request(
                method,
                url,
                content=_raw_body([field], HOSTILE[kind]),
                headers={**auth, "Content-Type": "application/json"},
            )
            where = f"{method} {url} {field} auth={bool(auth)}"
            assert res.status_code < 500, where
            if res.status_code == 400 and res.json()["code"] == "validation_error":
                errors = res.json().get("errors") or []
                if errors and errors[0]["field"] == field:
                    seen.append(where)
                    assert res.json()["message"] == input_policy.field_message(field)
    # Anonymous requests to protected routes stop at 401 first; every other one names the field.
    assert len(seen) >= len(operations), len(seen)
    assert await _alerts(api_ctx) == before


async def test_issue17_hostile_string_in_query_and_path(client: httpx.AsyncClient, world) -> None:
    admin = bearer(world["tokens"]["admin"])
    res = await client.get("/api/users?client_id=POLRES%00A", headers=admin)
    assert (res.status_code, res.json()["code"], res.json()["errors"][0]["field"]) == (
        400, "validation_error", "client_id",
    )  # fmt: skip
    res = await client.get("/api/clients/POLRES%00A/users", headers=admin)
    assert (res.status_code, res.json()["errors"][0]["field"]) == (400, "client_id")
    res = await client.get("/api/users/7701%000002", headers=admin)
    assert (res.status_code, res.json()["errors"][0]["field"]) == (400, "user_id")


async def test_issue17_named_field_and_pairs_survive(client: httpx.AsyncClient, world) -> None:
    """A valid surrogate pair (an emoji escaped by JSON) is ordinary text."""
    body = b'{"nrp": "77010001", "whatsapp": "\\ud83d\\ude00"}'
    res = await client.post(
        "/api/auth/user-login", content=body, headers={"Content-Type": "application/json"}
    )
    assert res.status_code == 401  # looked up, not found — not refused as hostile
    body = b'{"nrp": "77010001", "whatsapp": "08\\u00001"}'
    res = await client.post(
        "/api/auth/user-login", content=body, headers={"Content-Type": "application/json"}
    )
    assert (res.status_code, res.json()["errors"]) == (
        400, [{"field": "whatsapp", "message": "whatsapp berisi karakter yang tidak diizinkan"}],
    )  # fmt: skip


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5000])
async def test_issue17_json_depth_is_bounded(client: httpx.AsyncClient, depth: int) -> None:
    body = '{"nrp": ' + "[" * depth + "]" * depth + "}"
    res = await client.post(
        "/api/auth/user-login", content=body, headers={"Content-Type": "application/json"}
    )
    assert (res.status_code, res.json()["code"], res.json()["message"]) == (
        400,
        "bad_json",
        "Body JSON tidak valid",
    )


def test_input_policy_rules() -> None:
    assert input_policy.storable("Selamat pagi 😀")
    assert not input_policy.storable("a\x00b")
    assert not input_policy.storable("a\ud800b")
    value: Any = json.loads('{"a": "x", "roles": ["ok", "b\\udc00"]}')
    assert input_policy.first_unstorable(value) == "roles.1"
    assert input_policy.first_unstorable({"ok": ["x", {"y": "z"}]}) is None
    assert input_policy.json_depth({"a": [[1]], "b": 2}) == 3
    assert input_policy.first_unstorable_pair([("client_id", "A\x00")]) == "client_id"
