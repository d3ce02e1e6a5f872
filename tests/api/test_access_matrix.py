"""The whole (principal × endpoint × own/other client) read matrix of API-41, as CONV-45 tests the
chat matrix: every principal kind the sidecar knows (dashboard admin, operator, directorate and
viewer; client tokens of an `org` and of a `direktorat` client; a personnel token) against every
read of clients and users, once for a client in its scope and once for one outside it.

Besides the status, a 200 answer is checked for contact fields: members' `whatsapp`/`email`
(API-58/API-60) and the client's `client_operator`/`client_super` (API-50) appear exactly for the
classes that may see them.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import add_client, add_user, bearer

# Own and other client per principal; the directorate's "other" lies outside its region (JATIM).
OWN = {"directorate": "DITBINMAS", "dir_client": "DITBINMAS"}
OTHER = "POLRES_C"
# A member of each client who is not the personnel principal itself (77010001).
MEMBER = {"POLRES_A": "77010002", "DITBINMAS": "77020001", OTHER: "77030001"}

ENDPOINTS: dict[str, str] = {
    "client": "/api/clients/{c}",
    "client_users": "/api/clients/{c}/users",
    "client_summary": "/api/clients/{c}/summary",
    "profile": "/api/clients/profile?client_id={c}",
    "users": "/api/users?client_id={c}",
    "directory": "/api/users/list?client_id={c}&role=operator",
    "by_client": "/api/users/by-client/{c}",
    "by_client_full": "/api/users/by-client-full/{c}",
    "user": "/api/users/{u}",
    "link_reports": "/api/link-reports?client_id={c}",
}
PRINCIPALS = ("admin", "operator", "client", "directorate", "dir_client", "viewer", "personnel")
STAFF = ("admin", "operator", "client", "directorate", "dir_client", "viewer")

# Expected status per (principal, endpoint, own|other). Staff read their own client everywhere and
# get 403 outside scope; the admin has no "outside". Personnel: the client only through /profile,
# no member lists, other users' rows 404 (API-41, API-53, API-64), link reports filtered to self.
EXPECTED: dict[tuple[str, str, str], int] = {}
for _p in STAFF:
    for _e in ENDPOINTS:
        EXPECTED[(_p, _e, "own")] = 200
        EXPECTED[(_p, _e, "other")] = 200 if _p == "admin" else 403
for _e in ENDPOINTS:
    EXPECTED[("personnel", _e, "own")] = 403
    EXPECTED[("personnel", _e, "other")] = 403
EXPECTED[("personnel", "profile", "own")] = 200
EXPECTED[("personnel", "user", "own")] = EXPECTED[("personnel", "user", "other")] = 404
EXPECTED[("personnel", "link_reports", "own")] = EXPECTED[("personnel", "link_reports", "other")] = 200

SEES_MEMBER_CONTACT = {"admin", "operator", "client", "directorate", "dir_client"}
SEES_OPERATOR_NUMBERS = SEES_MEMBER_CONTACT


@pytest.fixture
async def matrix(api_ctx, client: httpx.AsyncClient, world) -> dict[str, dict[str, str]]:
    await add_client(api_ctx, OTHER, regional_id="JABAR", client_operator="6281266666666")
    await add_user(api_ctx, "77030001", OTHER, ("operator",), whatsapp="6281300000031", email="c1@contoh.com")
    async with api_ctx.db.uow() as uow:
        await uow.execute("UPDATE \"user\" SET email = 'a2@contoh.com' WHERE user_id = '77010002'")
        await uow.commit()
    res = await client.post(
        "/api/auth/login", json={"client_id": "DITBINMAS", "client_operator": "081277777777"}
    )
    assert res.status_code == 200, res.text
    tokens = {**world["tokens"], "dir_client": res.json()["token"]}
    client.cookies.clear()
    return {p: bearer(tokens[p]) for p in PRINCIPALS}


def _url(endpoint: str, principal: str, which: str) -> str:
    cid = OWN.get(principal, "POLRES_A") if which == "own" else OTHER
    return ENDPOINTS[endpoint].format(c=cid, u=MEMBER[cid])


def _rows(endpoint: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    data = body.get("data")
    if endpoint in ("client_users", "users", "directory", "by_client"):
        return data
    if endpoint == "user":
        return [data]
    return []


def _client_object(endpoint: str, body: dict[str, Any]) -> dict[str, Any] | None:
    if endpoint == "client":
        return body["data"]
    if endpoint == "profile":
        return body["client"]
    if endpoint == "client_summary":
        return body["data"]["client"]
    return None


async def test_api41_read_matrix_every_principal_endpoint_and_client(
    client: httpx.AsyncClient, matrix
) -> None:
    mismatches: list[str] = []
    for principal in PRINCIPALS:
        for endpoint in ENDPOINTS:
            for which in ("own", "other"):
                url = _url(endpoint, principal, which)
                res = await client.get(url, headers=matrix[principal])
                want = EXPECTED[(principal, endpoint, which)]
                where = f"{principal} {which} {url}"
                if res.status_code != want:
                    mismatches.append(f"{where}: {res.status_code}, expected {want}")
                    continue
                if res.status_code != 200:
                    continue
                body = res.json()
                for row in _rows(endpoint, body):
                    shown = "whatsapp" in row or "email" in row
                    if shown != (principal in SEES_MEMBER_CONTACT):
                        mismatches.append(f"{where}: member contact shown={shown}")
                obj = _client_object(endpoint, body)
                if obj is not None and ("client_operator" in obj) != (principal in SEES_OPERATOR_NUMBERS):
                    mismatches.append(f"{where}: client_operator shown={'client_operator' in obj}")
    assert not mismatches, "\n".join(mismatches)


async def test_api41_personnel_reads_only_itself(client: httpx.AsyncClient, matrix) -> None:
    """The HIGH finding of issue 17: a personnel token read every member's number and email."""
    me = await client.get("/api/users/77010001", headers=matrix["personnel"])
    assert me.status_code == 200 and me.json()["data"]["whatsapp"] == "6281300000003"
    for url in ("/api/clients/POLRES_A/users", "/api/clients/POLRES_A", "/api/clients/POLRES_A/summary"):
        res = await client.get(url, headers=matrix["personnel"])
        assert (res.status_code, res.json()["error"]) == (403, "Forbidden"), url
        assert "6281300000004" not in res.text
    profile = (await client.get("/api/clients/profile", headers=matrix["personnel"])).json()["client"]
    assert profile["client_id"] == "POLRES_A" and "client_operator" not in profile
