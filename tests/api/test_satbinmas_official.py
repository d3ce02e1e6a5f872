"""API-86: Satbinmas official accounts of a client (issue 24 part B)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import add_client, bearer
from tests.clock import earlier_today


@pytest.fixture
async def heads(world: dict[str, Any], api_ctx) -> dict[str, dict[str, str]]:
    await add_client(api_ctx, "POLRES_C", regional_id="JABAR")  # outside DITBINMAS's region
    return {name: bearer(token) for name, token in world["tokens"].items()}


async def test_put_creates_then_updates_by_client_and_platform_api_86(
    client: httpx.AsyncClient, heads
) -> None:
    url = "/api/clients/POLRES_A/satbinmas-official"
    res = await client.put(
        url, json={"platform": "Instagram", "username": "@Satbinmas.A"}, headers=heads["operator"]
    )
    assert res.status_code == 201, res.text
    account = res.json()["data"]["account"]
    assert res.json()["data"]["created"] is True
    assert (account["platform"], account["username"], account["is_active"], account["is_verified"]) == (
        "instagram", "Satbinmas.A", True, False,
    )  # fmt: skip
    res = await client.put(
        url, json={"platform": "instagram", "username": "satbinmas.a2", "secUid": "S1", "is_active": False},
        headers=heads["admin"],
    )  # fmt: skip
    assert res.status_code == 200 and res.json()["data"]["created"] is False
    assert res.json()["data"]["account"]["satbinmas_account_id"] == account["satbinmas_account_id"]
    res = await client.get(url, headers=heads["directorate"])  # DITBINMAS reads its region
    assert [(a["username"], a["secuid"], a["is_active"]) for a in res.json()["data"]] == [
        ("satbinmas.a2", "S1", False)
    ]


async def test_put_rejects_bad_bodies_and_taken_usernames_api_86(client: httpx.AsyncClient, heads) -> None:
    url = "/api/clients/POLRES_A/satbinmas-official"
    h = heads["admin"]
    for body, message in (
        ({"username": "x"}, "platform is required"),
        ({"platform": "tiktok"}, "username is required"),
        ({"platform": "tiktok", "username": "x", "is_active": "ya"}, "is_active must be a boolean value"),
    ):
        res = await client.put(url, json=body, headers=h)
        assert res.status_code == 400 and res.json()["message"] == message, res.text
    res = await client.put(
        "/api/clients/POLRES_B/satbinmas-official",
        json={"platform": "tiktok", "username": "satbinmas_b"},
        headers=h,
    )
    assert res.status_code == 201
    res = await client.put(url, json={"platform": "TikTok", "username": "SATBINMAS_B"}, headers=h)
    assert res.status_code == 409 and res.json()["message"] == "username already exists for this platform"
    res = await client.get(url, headers=h)
    assert res.json()["data"] == []  # nothing half-written


async def test_scope_delete_and_data_api_86(client: httpx.AsyncClient, heads, api_ctx) -> None:
    h = heads["admin"]
    res = await client.put(
        "/api/clients/POLRES_C/satbinmas-official",
        json={"platform": "instagram", "username": "sb.c"},
        headers=h,
    )
    c_id = res.json()["data"]["account"]["satbinmas_account_id"]
    res = await client.put(
        "/api/clients/POLRES_A/satbinmas-official",
        json={"platform": "instagram", "username": "sb.a"},
        headers=h,
    )
    a_id = res.json()["data"]["account"]["satbinmas_account_id"]
    async with api_ctx.db.uow() as uow:
        await uow.execute(
            "INSERT INTO satbinmas_official_media (satbinmas_account_id, client_id, username, media_id, taken_at,"
            " like_count) VALUES (CAST(:a AS uuid), 'POLRES_A', 'sb.a', 'M1', :t, 5)",
            {"a": a_id, "t": earlier_today(30)},
        )
        await uow.commit()
    res = await client.get("/api/clients/POLRES_A/satbinmas-official/data", headers=heads["operator"])
    data = res.json()["data"]
    assert data["client"] == {"client_id": "POLRES_A", "nama": "POLRES POLRES_A"}
    assert [m["media_id"] for m in data["accounts"][0]["media"]] == ["M1"]
    # Out of scope: an operator of POLRES_A and DITBINMAS (JATIM) cannot touch POLRES_C (JABAR).
    for who in ("operator", "directorate"):
        res = await client.put(
            "/api/clients/POLRES_C/satbinmas-official", json={"platform": "tiktok", "username": "x"},
            headers=heads[who],
        )  # fmt: skip
        assert res.status_code == 403, who
    res = await client.get("/api/clients/POLRES_A/satbinmas-official", headers=heads["personnel"])
    assert res.status_code == 403
    res = await client.put(
        "/api/clients/POLRES_A/satbinmas-official", json={"platform": "tiktok", "username": "x"},
        headers=heads["viewer"],
    )  # fmt: skip
    assert res.status_code == 403
    # Another client's account id is "not found" under this client.
    res = await client.delete(f"/api/clients/POLRES_A/satbinmas-official/{c_id}", headers=h)
    assert res.status_code == 404 and res.json()["message"] == "Satbinmas official account not found"
    res = await client.delete("/api/clients/POLRES_A/satbinmas-official/bukan-uuid", headers=h)
    assert res.status_code == 404
    res = await client.delete(f"/api/clients/POLRES_A/satbinmas-official/{a_id}", headers=heads["operator"])
    assert res.status_code == 200 and res.json()["data"]["satbinmas_account_id"] == a_id
    res = await client.get("/api/clients/POLRES_A/satbinmas-official/data", headers=h)
    assert res.json()["data"]["accounts"] == []
    res = await client.get("/api/clients/POLRES_Z/satbinmas-official", headers=h)
    assert res.status_code == 404
