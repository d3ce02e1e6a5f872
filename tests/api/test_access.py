"""The access model for each token type (API-40/41) on clients and users (API-50 … API-70)."""

from __future__ import annotations

import httpx

from tests.api.conftest import bearer


def tok(world, kind: str) -> dict[str, str]:
    return bearer(world["tokens"][kind])


async def test_api51_client_lists_by_caller_class(client: httpx.AsyncClient, world) -> None:
    seen = {}
    for kind in ("admin", "operator", "directorate", "viewer", "client"):
        res = await client.get("/api/clients", headers=tok(world, kind))
        assert res.status_code == 200, kind
        seen[kind] = [c["client_id"] for c in res.json()["data"]]
    assert seen["admin"] == ["DITBINMAS", "POLRES_A", "POLRES_B"]
    assert seen["operator"] == seen["client"] == seen["viewer"] == ["POLRES_A"]
    assert seen["directorate"] == ["DITBINMAS", "POLRES_A", "POLRES_B"]  # own + region (JATIM)
    res = await client.get("/api/clients", headers=tok(world, "personnel"))
    assert res.status_code == 403 and res.json()["error"] == "Forbidden"
    viewer = (await client.get("/api/clients/POLRES_A", headers=tok(world, "viewer"))).json()["data"]
    assert "client_operator" not in viewer and "client_super" not in viewer


async def test_api54_read_one_client_scope(client: httpx.AsyncClient, world) -> None:
    assert (await client.get("/api/clients/polres_a", headers=tok(world, "operator"))).status_code == 200
    res = await client.get("/api/clients/POLRES_B", headers=tok(world, "operator"))
    assert res.status_code == 403
    res = await client.get("/api/clients/NOPE", headers=tok(world, "admin"))
    assert (res.status_code, res.json()["message"], res.json()["error"]) == (
        404,
        "Client not found",
        "Client not found",
    )


async def test_api53_profile(client: httpx.AsyncClient, world) -> None:
    res = await client.get("/api/clients/profile", headers=tok(world, "personnel"))
    assert res.status_code == 200 and res.json()["client"]["client_id"] == "POLRES_A"
    assert res.json()["success"] is True and "tier" in res.json()["client"]
    res = await client.get("/api/clients/profile?client_id=POLRES_B", headers=tok(world, "personnel"))
    assert res.status_code == 403
    res = await client.get("/api/clients/profile?scope=x", headers=tok(world, "operator"))
    assert (res.status_code, res.json()["message"]) == (400, "scope tidak valid")
    res = await client.get("/api/clients/profile?client_id=POLRES_A&role=ditbinmas&scope=direktorat",
                           headers=tok(world, "admin"))  # fmt: skip
    assert res.json()["client"]["client_id"] == "DITBINMAS"
    res = await client.get("/api/clients/profile", headers=tok(world, "admin"))
    assert (res.status_code, res.json()["message"]) == (400, "client_id required")


async def test_api55_57_create_update_delete_client(client: httpx.AsyncClient, world) -> None:
    body = {
        "client_id": " polres_d ",
        "nama": "Polres D",
        "client_type": "ORG",
        "client_group": "120363012345678901",
    }
    res = await client.post("/api/clients", json=body, headers=tok(world, "operator"))
    assert res.status_code == 403
    res = await client.post("/api/clients", json=body, headers=tok(world, "admin"))
    assert res.status_code == 201, res.text
    created = res.json()["data"]
    assert (created["client_id"], created["client_type"], created["client_group"]) == (
        "POLRES_D", "org", "120363012345678901@g.us",
    )  # fmt: skip
    again = await client.post("/api/clients", json=body, headers=tok(world, "admin"))
    assert again.status_code == 201 and again.headers["x-duplicate-request"] == "true"  # API-18 replay
    res = await client.post("/api/clients", json={**body, "nama": "Polres D2"}, headers=tok(world, "admin"))
    assert (res.status_code, res.json()["message"]) == (409, "client_id sudah terdaftar")

    res = await client.put(
        "/api/clients/POLRES_A", json={"client_insta": "@Polres.A"}, headers=tok(world, "operator")
    )
    assert res.status_code == 200 and res.json()["data"]["client_insta"] == "polres.a"
    res = await client.put("/api/clients/POLRES_A", json={"nama": "X Y"}, headers=tok(world, "operator"))
    assert (res.status_code, res.json()["message"]) == (403, "Field tidak diizinkan: nama")
    res = await client.put("/api/clients/POLRES_A", json={"warna": "biru"}, headers=tok(world, "admin"))
    assert (res.status_code, res.json()["message"]) == (400, "Field tidak dikenal: warna")
    res = await client.put("/api/clients/POLRES_A", json={"client_group": "https://chat.whatsapp.com/AbCdEf"},
                           headers=tok(world, "admin"))  # fmt: skip
    assert res.status_code == 400 and res.json()["message"].startswith("client_group tidak valid")
    res = await client.put("/api/clients/POLRES_A", json={"client_insta": "x"}, headers=tok(world, "viewer"))
    assert res.status_code == 403
    res = await client.put(
        "/api/clients/POLRES_B", json={"client_insta": "x"}, headers=tok(world, "operator")
    )
    assert res.status_code == 403

    res = await client.delete("/api/clients/POLRES_A", headers=tok(world, "admin"))
    assert res.status_code == 409
    assert res.json()["message"].startswith("Client masih memiliki 2 personil.")
    res = await client.delete("/api/clients/POLRES_D", headers=tok(world, "admin"))
    assert res.status_code == 200 and res.json()["data"]["client_id"] == "POLRES_D"
    assert (await client.delete("/api/clients/POLRES_D", headers=tok(world, "admin"))).status_code == 404


async def test_api58_client_users_and_summary(client: httpx.AsyncClient, world) -> None:
    res = await client.get("/api/clients/DITBINMAS/users", headers=tok(world, "directorate"))
    assert [u["user_id"] for u in res.json()["data"]] == ["77020001"]  # holders of role ditbinmas
    res = await client.get("/api/clients/POLRES_A/users", headers=tok(world, "viewer"))
    assert "whatsapp" not in res.json()["data"][0]
    res = await client.get("/api/clients/POLRES_A/summary", headers=tok(world, "operator"))
    data = res.json()["data"]
    assert data["user_count"] == 2 and data["insta_post_count"] == 0 and data["total_insta_likes"] == 0


async def test_api61_user_lists_by_caller_class(client: httpx.AsyncClient, world) -> None:
    ids = {}
    for kind in ("admin", "operator", "directorate", "viewer"):
        res = await client.get("/api/users", headers=tok(world, kind))
        assert res.status_code == 200, kind
        ids[kind] = sorted(u["user_id"] for u in res.json()["data"])
    assert ids["admin"] == ["77010001", "77010002", "77020001", "77020002"]
    assert ids["operator"] == ids["viewer"] == ["77010001", "77010002"]
    assert ids["directorate"] == ["77020001"]
    assert (await client.get("/api/users", headers=tok(world, "personnel"))).status_code == 403
    res = await client.get("/api/users?client_id=POLRES_B", headers=tok(world, "operator"))
    assert res.status_code == 403
    res = await client.get("/api/users?limit=1&status=true", headers=tok(world, "admin"))
    assert len(res.json()["data"]) == 1
    assert (await client.get("/api/users?limit=0", headers=tok(world, "admin"))).status_code == 400


async def test_api64_read_user(client: httpx.AsyncClient, world) -> None:
    res = await client.get("/api/users/77010001", headers=tok(world, "personnel"))
    user = res.json()["data"]
    assert user["whatsapp"] == "6281300000003" and user["roles"] == ["operator"] and user["bidhumas"] is False
    res = await client.get("/api/users/77010002", headers=tok(world, "personnel"))
    assert (res.status_code, res.json()["message"]) == (404, "User tidak ditemukan")
    assert (await client.get("/api/users/77020002", headers=tok(world, "operator"))).status_code == 403
    assert (await client.get("/api/users/12345678", headers=tok(world, "admin"))).status_code == 404
    viewer = (await client.get("/api/users/77010001", headers=tok(world, "viewer"))).json()["data"]
    assert "email" not in viewer and "whatsapp" not in viewer


async def test_api65_create_and_reactivate(client: httpx.AsyncClient, world) -> None:
    res = await client.post(
        "/api/users", json={"user_id": "7701-0009", "nama": "baru"}, headers=tok(world, "operator")
    )
    assert res.status_code == 201
    user = res.json()["data"]
    assert (user["user_id"], user["client_id"], user["roles"], user["nama"]) == (
        "77010009", "POLRES_A", ["operator"], "BARU",
    )  # fmt: skip
    res = await client.post("/api/users", json={"user_id": "77010010", "nama": "X Y", "ditbinmas": True},
                            headers=tok(world, "operator"))  # fmt: skip
    assert (res.status_code, res.json()["message"]) == (403, "Field tidak diizinkan: ditbinmas")
    res = await client.post(
        "/api/users", json={"user_id": "77020002", "nama": "X Y"}, headers=tok(world, "operator")
    )
    assert (res.status_code, res.json()["message"]) == (409, "NRP/NIP sudah terdaftar pada client lain")
    res = await client.post(
        "/api/users/create", json={"user_id": "123", "nama": "X Y"}, headers=tok(world, "admin")
    )
    assert (res.status_code, res.json()["message"]) == (400, "NRP/NIP harus terdiri dari 6-18 digit angka.")
    res = await client.post("/api/users", json={"user_id": "77010011", "nama": "X Y", "client_id": "POLRES_B",
                                                "whatsapp": "081300000003"}, headers=tok(world, "admin"))  # fmt: skip
    assert (res.status_code, res.json()["message"]) == (
        409,
        "Nomor WhatsApp ini sudah terdaftar pada akun lain",
    )
    res = await client.post("/api/users", json={"user_id": "77010012", "nama": "X Y", "client_id": "POLRES_B",
                                                "roles": ["raja"]}, headers=tok(world, "admin"))  # fmt: skip
    assert (res.status_code, res.json()["message"]) == (400, "role tidak dikenal: raja")
    res = await client.post("/api/users", json={"user_id": "77020001", "nama": "X Y", "ditbinmas": True},
                            headers=tok(world, "directorate"))  # fmt: skip
    assert res.status_code == 409  # belongs to POLRES_B, outside the directorate's own clients
    res = await client.post("/api/users", json={"user_id": "77010001"}, headers=tok(world, "operator"))
    assert res.status_code == 200 and res.json()["message"] == "User sudah terdaftar, peran diperbarui"


async def test_api66_update_allowlists(client: httpx.AsyncClient, world) -> None:
    res = await client.put("/api/users/77010002", json={"jabatan": "kanit", "exception": True},
                           headers=tok(world, "operator"))  # fmt: skip
    assert (res.status_code, res.json()["message"]) == (403, "Field tidak diizinkan: exception")
    res = await client.put("/api/users/77010002", json={"hobi": "x"}, headers=tok(world, "operator"))
    assert (res.status_code, res.json()["message"]) == (400, "Field tidak dikenal: hobi")
    res = await client.put("/api/users/77010002", json={"jabatan": "kanit", "created_at": "x", "client_name": "y"},
                           headers=tok(world, "operator"))  # fmt: skip
    assert res.status_code == 200 and res.json()["data"]["jabatan"] == "KANIT"
    res = await client.put("/api/users/77010001", json={"status": False}, headers=tok(world, "personnel"))
    assert (res.status_code, res.json()["message"]) == (403, "Field tidak diizinkan: status")
    res = await client.put("/api/users/77010001", json={"desa": "sukamaju"}, headers=tok(world, "personnel"))
    assert res.status_code == 200 and res.json()["data"]["desa"] == "SUKAMAJU"
    res = await client.put("/api/users/77010002", json={"nama": "x y"}, headers=tok(world, "personnel"))
    assert res.status_code == 404
    res = await client.put("/api/users/77010002", json={"nama": "x y"}, headers=tok(world, "viewer"))
    assert res.status_code == 403
    res = await client.put("/api/users/77010002", json={"email": "A@Contoh.com", "exception": "ya"},
                           headers=tok(world, "admin"))  # fmt: skip
    assert res.status_code == 200 and res.json()["data"]["email"] == "a@contoh.com"
    assert res.json()["data"]["exception"] is True
    res = await client.put(
        "/api/users/77010002", json={"user_id": "77010099"}, headers=tok(world, "operator")
    )
    assert res.status_code == 403


async def test_api67_roles(client: httpx.AsyncClient, world) -> None:
    res = await client.put(
        "/api/users/77020001/roles", json={"roles": ["bidhumas"]}, headers=tok(world, "directorate")
    )
    assert (res.status_code, res.json()["message"]) == (403, "Field tidak diizinkan: bidhumas")
    res = await client.put("/api/users/77020001/roles", json={"roles": []}, headers=tok(world, "directorate"))
    assert res.status_code == 200 and res.json()["data"]["roles"] == ["operator"]
    res = await client.put("/api/users/77020001/roles", json={"roles": ["operator", "bidhumas"]},
                           headers=tok(world, "admin"))  # fmt: skip
    assert res.json()["data"]["roles"] == ["bidhumas", "operator"] and res.json()["data"]["status"] is True


async def test_api68_wa_notification(client: httpx.AsyncClient, world) -> None:
    url = "/api/users/77010001/wa-notification"
    res = await client.put(
        url, json={"whatsapp": "081300000003", "opt_in": "ya"}, headers=tok(world, "personnel")
    )
    assert res.status_code == 200 and res.json()["data"]["wa_notification_opt_in"] is True
    cases = [
        ({"opt_in": True}, 400, "whatsapp wajib diisi"),
        ({"whatsapp": "081300000003", "opt_in": "mungkin"}, 400, "opt_in harus bernilai boolean"),
        ({"whatsapp": "081399999999", "opt_in": False}, 400, "nomor WhatsApp tidak sesuai dengan data user"),
    ]
    for body, status, message in cases:
        res = await client.put(url, json=body, headers=tok(world, "personnel"))
        assert (res.status_code, res.json()["message"]) == (status, message)
    res = await client.put("/api/users/77020002/wa-notification", json={"whatsapp": "0813", "opt_in": True},
                           headers=tok(world, "admin"))  # fmt: skip
    assert res.json()["message"] == "user belum memiliki nomor WhatsApp yang terdaftar"


async def test_api69_per_role_deactivation(client: httpx.AsyncClient, world) -> None:
    res = await client.delete("/api/users/77020001?role=ditbinmas", headers=tok(world, "directorate"))
    user = res.json()["data"]
    assert user["roles"] == ["operator"] and user["status"] is True  # another role remains
    res = await client.delete("/api/users/77010002?role=ditbinmas", headers=tok(world, "operator"))
    assert res.status_code == 403
    res = await client.delete("/api/users/77010002", headers=tok(world, "operator"))
    user = res.json()["data"]
    assert (user["status"], user["whatsapp"], user["roles"]) == (False, "", [])
    res = await client.delete("/api/users/77020002?role=bidhumas", headers=tok(world, "admin"))
    assert (res.status_code, res.json()["message"]) == (404, "Role bidhumas tidak ditemukan untuk user")
    res = await client.delete("/api/users/77020002", headers=tok(world, "admin"))
    assert res.json()["data"]["status"] is False and res.json()["data"]["roles"] == ["operator"]
    assert (await client.delete("/api/users/77010001", headers=tok(world, "personnel"))).status_code == 403


async def test_api70_rename(client: httpx.AsyncClient, world, api_ctx) -> None:
    body = {"old_user_id": "77010002", "new_user_id": "77010088"}
    assert (
        await client.put("/api/user_roles/update", json=body, headers=tok(world, "operator"))
    ).status_code == 403
    res = await client.post("/api/user_roles/update", json=body, headers=tok(world, "admin"))
    assert res.json()["data"] == body
    res = await client.put("/api/user_roles/update", json={"old_user_id": "77010088", "new_user_id": "77010001"},
                           headers=tok(world, "admin"))  # fmt: skip
    assert (res.status_code, res.json()["message"]) == (409, "NRP/NIP baru sudah terdaftar")
    async with api_ctx.db.uow() as uow:
        roles = (await uow.execute("SELECT COUNT(*) FROM user_roles WHERE user_id = '77010088'")).scalar()
        audits = (await uow.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'user.rename'")).scalar()
    assert roles == 1 and audits == 1


async def test_api62_63_directory_and_by_client(client: httpx.AsyncClient, world) -> None:
    res = await client.get("/api/users/list?role=operator", headers=tok(world, "operator"))
    assert sorted(u["user_id"] for u in res.json()["data"]) == ["77010001", "77010002"]
    res = await client.post("/api/users/list", json={"role": "ditbinmas", "scope": "direktorat"},
                            headers=tok(world, "admin"))  # fmt: skip
    assert res.status_code == 400 and res.json()["message"] == "client_id wajib diisi"
    res = await client.get("/api/users/list?role=ditbinmas&scope=direktorat&client_id=DITBINMAS",
                           headers=tok(world, "directorate"))  # fmt: skip
    assert [u["user_id"] for u in res.json()["data"]] == ["77020001"] and "operator" not in res.json()[
        "data"
    ][0]
    res = await client.get("/api/users/list?scope=galaksi", headers=tok(world, "operator"))
    assert (res.status_code, res.json()["message"]) == (400, "scope tidak valid")
    res = await client.get("/api/users/by-client/POLRES_B", headers=tok(world, "operator"))
    assert (res.status_code, res.json()["message"]) == (403, "client_id tidak diizinkan")
    res = await client.get("/api/users/by-client-full/POLRES_A", headers=tok(world, "operator"))
    assert set(res.json()["data"][0]) == {"user_id", "nama", "tiktok", "divisi", "title", "exception"}


async def test_api18_duplicate_while_pending_is_429(client: httpx.AsyncClient, world, redis) -> None:
    import hashlib
    import json

    import jwt

    token = world["tokens"]["admin"]
    principal = "dashboard:" + jwt.decode(token, options={"verify_signature": False})["dashboard_user_id"]
    body = {"user_id": "77010077", "nama": "GANDA", "client_id": "POLRES_A"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(f"{principal}|POST|/api/users|{canonical}".encode()).hexdigest()
    await redis.client.set(redis.key("dedup", digest), "pending", ex=10)
    res = await client.post("/api/users", json=body, headers=bearer(token))
    assert (res.status_code, res.json()["code"], res.json()["message"]) == (
        429, "duplicate_request", "Duplicate request detected",
    )  # fmt: skip
    other = await client.post("/api/users", json={**body, "nama": "LAIN"}, headers=bearer(token))
    assert other.status_code == 201


async def test_api66_whole_object_sent_back_is_accepted(client: httpx.AsyncClient, world) -> None:
    """Read-modify-write: repeating read-only or non-writable values unchanged is not a write."""
    me = (await client.get("/api/users/77010001", headers=tok(world, "personnel"))).json()["data"]
    res = await client.put("/api/users/77010001", json={**me, "jabatan": "bhabinkamtibmas"},
                           headers=tok(world, "personnel"))  # fmt: skip
    assert res.status_code == 200, res.text
    assert res.json()["data"]["jabatan"] == "BHABINKAMTIBMAS"
    res = await client.put(
        "/api/users/77010001", json={**me, "status": False}, headers=tok(world, "personnel")
    )
    assert (res.status_code, res.json()["message"]) == (403, "Field tidak diizinkan: status")
