"""API-84 `POST /api/dashboard/komplain/insta|tiktok`: a dashboard user's answer to a member's
complaint reaches the member's bound WhatsApp (CONV-209: else e-mail), scope-checked as a matrix
(API-40/41); bad input is a 4xx with a clear Indonesian message and writes nothing."""

from __future__ import annotations

import httpx
import pytest

from tests.api import analytics_world
from tests.api.analytics_world import OTHER, PRINCIPALS
from tests.api.conftest import MEMBER_PHONE

analytics = analytics_world.analytics

PATHS = ("/api/dashboard/komplain/insta", "/api/dashboard/komplain/tiktok")


async def _queued(api_ctx) -> list[tuple[str, str]]:
    async with api_ctx.db.uow() as uow:
        rows = await uow.execute(
            "SELECT chat_id, body FROM wa_outbox WHERE origin = 'api' AND body LIKE '%Respon Komplain%' ORDER BY outbox_id"
        )
        return [(r.chat_id, r.body) for r in rows]


async def _mails(api_ctx) -> list[tuple[str, str]]:
    async with api_ctx.db.uow() as uow:
        rows = await uow.execute("SELECT to_address, body_text FROM email_outbox ORDER BY email_id")
        return [(r.to_address, r.body_text) for r in rows]


@pytest.mark.parametrize("path", PATHS)
async def test_response_reaches_the_members_whatsapp(
    client: httpx.AsyncClient, analytics, api_ctx, path
) -> None:
    body = {"nrp": "77010001", "kendala": "Likes belum tercatat", "solusi": "Silakan gunakan akun terdaftar."}
    res = await client.post(path, json=body, headers=analytics["operator"])
    assert res.status_code == 200, res.text
    data = res.json()["data"]
    assert [(d["target"], d["to"], d["status"]) for d in data] == [("whatsapp", MEMBER_PHONE, "queued")]
    [(chat, text)] = await _queued(api_ctx)
    assert chat.startswith(MEMBER_PHONE)
    label = "Instagram" if path.endswith("insta") else "TikTok"
    assert f"Respon Komplain {label}" in text
    assert "Likes belum tercatat" in text and "Silakan gunakan akun terdaftar." in text


async def test_without_a_number_the_answer_is_mailed(client: httpx.AsyncClient, analytics, api_ctx) -> None:
    async with api_ctx.db.uow() as uow:
        await uow.execute("""UPDATE "user" SET email = 'dewi@contoh.id' WHERE user_id = '88010002'""")
        await uow.commit()
    res = await client.post(
        PATHS[0], json={"nrp": "88010002", "solusi": "Akun sudah diperbarui."}, headers=analytics["admin"]
    )
    assert res.status_code == 200, res.text
    assert [(d["target"], d["to"]) for d in res.json()["data"]] == [("email", "dewi@contoh.id")]
    [(to, text)] = await _mails(api_ctx)
    assert to == "dewi@contoh.id" and "Akun sudah diperbarui." in text
    assert await _queued(api_ctx) == []


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({}, 400, "nrp wajib diisi"),
        ({"nrp": "77010001"}, 400, "solusi wajib diisi"),
        ({"nrp": "77010001", "solusi": "   "}, 400, "solusi wajib diisi"),
        ({"nrp": "77010001", "solusi": "x" * 2001}, 400, "solusi maksimal 2000 karakter"),
        ({"nrp": "77010001", "kendala": "y" * 2001, "solusi": "ok"}, 400, "kendala maksimal 2000 karakter"),
        ({"nrp": "99999999", "solusi": "ok"}, 404, "User tidak ditemukan"),
        # 88010001 has neither a bound number nor an e-mail: nothing can be delivered.
        ({"nrp": "88010001", "solusi": "ok"}, 400, "belum memiliki nomor WhatsApp atau e-mail"),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_written(
    client: httpx.AsyncClient, analytics, api_ctx, body, status, message
) -> None:
    res = await client.post(PATHS[1], json=body, headers=analytics["admin"])
    assert res.status_code == status, res.text
    assert message in res.json()["message"]
    assert await _queued(api_ctx) == [] and await _mails(api_ctx) == []


async def test_malformed_json_is_400(client: httpx.AsyncClient, analytics) -> None:
    res = await client.post(
        PATHS[0], content=b"{nrp", headers={**analytics["admin"], "content-type": "application/json"}
    )
    assert res.status_code == 400


async def test_access_matrix(client: httpx.AsyncClient, analytics, api_ctx) -> None:
    """API-41: staff answer members of their own clients (403 outside); viewers (pemantau) and
    personnel answer nobody; no token is 401."""
    members = {"own": "77010001", "other": "88030001"}  # POLRES_A / POLRES_C
    async with api_ctx.db.uow() as uow:
        await uow.execute("""UPDATE "user" SET whatsapp = '6281300000009' WHERE user_id = '88030001'""")
        # The directorate's members are the ditbinmas-role personnel (77020001 in POLRES_B).
        await uow.commit()
    got, want = {}, {}
    for principal in PRINCIPALS:
        for which in ("own", "other"):
            nrp = members[which]
            if principal in ("directorate", "dir_client") and which == "own":
                nrp = "77020001"
            res = await client.post(
                PATHS[0],
                json={"nrp": nrp, "solusi": f"jawaban {principal} {which}"},
                headers=analytics[principal],
            )
            got[(principal, which)] = res.status_code
            writer = principal not in ("viewer", "personnel")
            want[(principal, which)] = 200 if writer and (which == "own" or principal == "admin") else 403
    assert got == want
    assert (await client.post(PATHS[0], json={"nrp": "77010001", "solusi": "x"})).status_code == 401
    assert OTHER == "POLRES_C"
    sent = [text for _, text in await _queued(api_ctx)]
    assert len(sent) == sum(1 for v in want.values() if v == 200)  # refused requests queued nothing


async def test_a_double_click_sends_once(client: httpx.AsyncClient, analytics, api_ctx) -> None:
    body = {"nrp": "77010001", "solusi": "Sudah kami periksa."}
    first = await client.post(PATHS[0], json=body, headers=analytics["admin"])
    again = await client.post(PATHS[0], json=body, headers=analytics["admin"])
    assert first.status_code == 200 and again.status_code == 200
    assert len(await _queued(api_ctx)) == 1  # API-18


async def test_openapi_documents_the_komplain_routes(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/api/openapi.json")).json()
    for path in PATHS:
        op = doc["paths"][path]["post"]
        assert op["summary"] and op["tags"] == ["dashboard"]
        assert {"400", "401", "403", "404"} <= set(op["responses"])
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        assert {"nrp", "solusi"} <= set(schema["properties"])
