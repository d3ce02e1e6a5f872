"""Server basics: envelopes, error shape, request ids, guard, body limits, CORS, OpenAPI (API-2 … API-10)."""

from __future__ import annotations

import httpx

from tests.api.conftest import bearer


async def test_api3_unknown_route_is_json_404_with_request_id(client: httpx.AsyncClient, world) -> None:
    res = await client.get("/api/nope", headers={"X-Request-ID": "abcd-1234-efgh"})
    assert res.status_code == 404
    body = res.json()
    assert body == {
        "success": False,
        "message": "Endpoint not found",
        "code": "not_found",
        "request_id": "abcd-1234-efgh",
    }
    assert res.headers["x-request-id"] == "abcd-1234-efgh"


async def test_api4_bad_request_id_is_replaced(client: httpx.AsyncClient) -> None:
    res = await client.get("/", headers={"X-Request-ID": "bad id!"})
    assert res.status_code == 200 and res.json() == {"status": "ok"}
    assert len(res.headers["x-request-id"]) == 32


async def test_api3_method_not_allowed(client: httpx.AsyncClient) -> None:
    res = await client.patch("/api/clients")
    assert res.status_code == 405
    assert res.json()["code"] == "method_not_allowed"
    assert res.json()["error"] == "Method not allowed"  # /api/clients routes also carry `error`
    assert set(res.headers["allow"].replace(" ", "").split(",")) == {"GET"}  # issue 17 item 5


async def test_api9_openapi_documents_400_and_never_422(client: httpx.AsyncClient) -> None:
    """Every operation can answer 400 (validation_error, bad_json: API-3); FastAPI's 422 is never sent."""
    paths = (await client.get("/api/openapi.json")).json()["paths"]
    operations = [op for item in paths.values() for op in item.values() if isinstance(op, dict)]
    assert operations and all("400" in op["responses"] and "422" not in op["responses"] for op in operations)


async def test_api3_malformed_json(client: httpx.AsyncClient) -> None:
    res = await client.post(
        "/api/claim/request-otp", content=b"{nrp:", headers={"Content-Type": "application/json"}
    )
    assert res.status_code == 400
    assert res.json()["code"] == "bad_json" and res.json()["message"] == "Body JSON tidak valid"


async def test_api5_non_json_body_is_an_empty_object(client: httpx.AsyncClient) -> None:
    res = await client.post(
        "/api/claim/request-otp", content=b"nrp=1", headers={"Content-Type": "text/plain"}
    )
    assert res.status_code == 400
    assert res.json()["message"] == "nrp dan email wajib diisi"


async def test_api5_body_over_limit_is_413(client: httpx.AsyncClient) -> None:
    res = await client.post("/api/claim/request-otp", json={"nrp": "1" * 200_000})
    assert res.status_code == 413
    assert res.json()["code"] == "payload_too_large"


async def test_api7_sensitive_paths_are_404(client: httpx.AsyncClient) -> None:
    for path in ("/.env", "/api/%2Egit/config", "/wp-login.php", "/x/index.php", "/.aws/credentials"):
        res = await client.get(path)
        assert res.status_code == 404, path
        assert res.json()["message"] == "Endpoint not found"


async def test_api10_liveness_methods(client: httpx.AsyncClient) -> None:
    for method in ("GET", "POST", "HEAD"):
        for path in ("/", "/_next/dev/"):
            res = await client.request(method, path)
            assert res.status_code == 200, (method, path)


async def test_api10_health_reports_checks(client: httpx.AsyncClient) -> None:
    res = await client.get("/api/health")
    body = res.json()
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["redis"]["status"] == "ok"
    assert body["checks"]["queue"]["status"] in ("not_configured", "ok", "down")
    assert res.status_code == (503 if body["status"] == "down" else 200)
    wa = (await client.get("/api/health/wa")).json()
    assert wa["status"] == "ok" and "main" in wa["clients"]
    assert wa["clients"]["main"]["observedState"] == "unavailable"
    assert wa["messageDeduplication"]["ttlHours"] == 24


async def test_api9_openapi_lists_every_p1_route(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/api/openapi.json")).json()
    routes = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
    expected = {
        ("GET", "/"), ("POST", "/"), ("HEAD", "/"), ("GET", "/_next/dev/"), ("GET", "/api/health"),
        ("GET", "/api/health/wa"), ("POST", "/api/claim/validate-email"), ("POST", "/api/claim/request-otp"),
        ("POST", "/api/claim/verify-otp"), ("POST", "/api/claim/user-data"), ("PUT", "/api/claim/update"),
        ("POST", "/api/auth/login"), ("POST", "/api/auth/user-login"), ("POST", "/api/auth/dashboard-login"),
        ("POST", "/api/auth/logout"), ("GET", "/api/clients"), ("GET", "/api/clients/active"),
        ("GET", "/api/clients/profile"), ("GET", "/api/clients/{client_id}"), ("POST", "/api/clients"),
        ("PUT", "/api/clients/{client_id}"), ("DELETE", "/api/clients/{client_id}"),
        ("GET", "/api/clients/{client_id}/users"), ("GET", "/api/clients/{client_id}/summary"),
        ("GET", "/api/users"), ("GET", "/api/users/list"), ("POST", "/api/users/list"),
        ("GET", "/api/users/by-client/{client_id}"), ("GET", "/api/users/by-client-full/{client_id}"),
        ("GET", "/api/users/{user_id}"), ("POST", "/api/users"), ("POST", "/api/users/create"),
        ("PUT", "/api/users/{user_id}"), ("PUT", "/api/users/{user_id}/roles"),
        ("PUT", "/api/users/{user_id}/wa-notification"), ("DELETE", "/api/users/{user_id}"),
        ("PUT", "/api/user_roles/update"), ("POST", "/api/user_roles/update"),
        ("POST", "/api/link-reports"), ("GET", "/api/link-reports"), ("GET", "/api/link-reports/{shortcode}"),
        ("PUT", "/api/link-reports/{shortcode}"), ("DELETE", "/api/link-reports/{shortcode}"),
        ("POST", "/api/link-reports-khusus"), ("GET", "/api/link-reports-khusus"),
        ("GET", "/api/link-reports-khusus/{shortcode}"), ("PUT", "/api/link-reports-khusus/{shortcode}"),
        ("DELETE", "/api/link-reports-khusus/{shortcode}"),
    }  # fmt: skip
    assert expected <= routes, expected - routes
    for ops in doc["paths"].values():
        for op in ops.values():
            assert op["tags"] and op["summary"]
    assert {"bearer", "cookie"} <= set(doc["components"]["securitySchemes"])
    assert (await client.get("/api/docs")).status_code == 200


async def test_api6_cors_only_for_listed_origins(api_ctx, client: httpx.AsyncClient) -> None:
    from bot.api.app import create_app

    settings = api_ctx.settings.model_copy(update={"cors_origin": "https://dashboard.contoh.com"})
    ctx = type(api_ctx)(settings=settings, db=api_ctx.db, redis=api_ctx.redis)
    app = create_app(ctx)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        pre = await c.options(
            "/api/clients",
            headers={"Origin": "https://dashboard.contoh.com", "Access-Control-Request-Method": "GET"},
        )
        assert pre.status_code == 204
        assert pre.headers["access-control-allow-origin"] == "https://dashboard.contoh.com"
        assert pre.headers["access-control-allow-credentials"] == "true"
        assert pre.headers["access-control-max-age"] == "600"
        other = await c.get("/", headers={"Origin": "https://jahat.example"})
        assert "access-control-allow-origin" not in other.headers
    star = api_ctx.settings.model_copy(update={"cors_origin": "*"})
    app = create_app(type(api_ctx)(settings=star, db=api_ctx.db, redis=api_ctx.redis))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        res = await c.get("/", headers={"Origin": "https://mana.saja"})
        assert res.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in res.headers


async def test_api3_unhandled_exception_is_json_500_and_notifies_admins(api_ctx, world, client) -> None:
    """A failure inside a route answers the 500 envelope; the admin notice goes through the outbox."""
    from bot.api.app import create_app

    app = create_app(api_ctx)

    @app.get("/api/_boom")
    async def boom() -> None:
        raise ZeroDivisionError("boom")

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        res = await c.get("/api/_boom", headers=bearer(world["tokens"]["admin"]))
    assert res.status_code == 500
    assert res.json()["code"] == "internal_error"
    assert res.json()["message"] == "Terjadi kesalahan pada server."
    async with api_ctx.db.uow() as uow:
        rows = (await uow.execute("SELECT body FROM wa_outbox WHERE origin = 'alert'")).all()
    assert any("ZeroDivisionError" in r[0] for r in rows)
