"""Link reports over HTTP on the shared service (API-75 … API-77, API-18)."""

from __future__ import annotations

import httpx

from core.fakes.rapidapi import FakeRapidApi
from core.timewindow import now_utc
from tests.api.conftest import bearer

TASK = "TASKpost001"


def tok(world, kind: str) -> dict[str, str]:
    return bearer(world["tokens"][kind])


async def _task(api_ctx, shortcode: str = TASK, client_id: str = "POLRES_A") -> None:
    async with api_ctx.db.uow() as uow:
        await uow.execute(
            "INSERT INTO insta_post (shortcode, client_id, caption, created_at) VALUES (:s, :c, 'Giat', :t)",
            {"s": shortcode, "c": client_id, "t": now_utc().replace(tzinfo=None)},
        )
        await uow.commit()


async def test_api75_member_reports_links_and_gets_the_thank_you(
    client: httpx.AsyncClient, world, api_ctx
) -> None:
    await _task(api_ctx)
    body = {"shortcode": f"https://www.instagram.com/p/{TASK}/", "instagram_link": "https://www.instagram.com/p/AMPmember01/",
            "facebook_link": "https://www.facebook.com/anggota.a/posts/123456789"}  # fmt: skip
    res = await client.post("/api/link-reports", json=body, headers=tok(world, "personnel"))
    assert res.status_code == 201, res.text
    report = res.json()["data"]
    assert (report["shortcode"], report["user_id"], report["report_source"]) == (TASK, "77010001", "api")
    dup = await client.post("/api/link-reports", json=body, headers=tok(world, "personnel"))
    assert dup.status_code == 201 and dup.headers["x-duplicate-request"] == "true"  # API-18 replay
    async with api_ctx.db.uow() as uow:
        chats = [r[0] for r in await uow.execute("SELECT chat_id FROM wa_outbox WHERE origin = 'api'")]
    assert "6281300000003@s.whatsapp.net" in chats

    listing = await client.get("/api/link-reports", headers=tok(world, "operator"))
    data = listing.json()["data"]
    assert data["pagination"] == {"total": 1, "limit": 20, "offset": 0, "page": 1, "totalPages": 1}
    assert data["items"][0]["caption"] == "Giat"
    one = await client.get(f"/api/link-reports/{TASK}?user_id=77010001", headers=tok(world, "operator"))
    assert one.status_code == 200 and one.json()["data"]["facebook_link"]
    mine = await client.get(f"/api/link-reports/{TASK}", headers=tok(world, "personnel"))
    assert mine.status_code == 200


async def test_api75_rejections(client: httpx.AsyncClient, world, api_ctx) -> None:
    await _task(api_ctx)
    res = await client.post("/api/link-reports", json={"shortcode": TASK}, headers=tok(world, "personnel"))
    assert (res.status_code, res.json()["message"]) == (400, "minimal satu link wajib diisi")
    res = await client.post("/api/link-reports", json={"shortcode": "NOTATASK99", "instagram_link":
                            "https://www.instagram.com/p/AMPmember02/"}, headers=tok(world, "personnel"))  # fmt: skip
    assert res.status_code == 400 and res.json()["code"] == "post_not_found"
    res = await client.post("/api/link-reports", json={"shortcode": TASK, "tiktok_link":
                            "https://www.instagram.com/p/AMPmember03/"}, headers=tok(world, "personnel"))  # fmt: skip
    assert res.status_code == 400 and res.json()["code"] == "platform_mismatch"
    res = await client.post("/api/link-reports", json={"shortcode": TASK, "user_id": "77010002", "instagram_link":
                            "https://www.instagram.com/p/AMPmember04/"}, headers=tok(world, "personnel"))  # fmt: skip
    assert res.status_code == 403
    res = await client.post("/api/link-reports", json={"shortcode": TASK, "user_id": "77010002", "instagram_link":
                            "https://www.instagram.com/p/AMPmember05/"}, headers=tok(world, "viewer"))  # fmt: skip
    assert res.status_code == 403
    res = await client.post("/api/link-reports", json={"shortcode": TASK, "user_id": "77020002", "instagram_link":
                            "https://www.instagram.com/p/AMPmember06/"}, headers=tok(world, "operator"))  # fmt: skip
    assert res.status_code == 403  # member of another client


async def test_api76_update_and_delete(client: httpx.AsyncClient, world, api_ctx) -> None:
    await _task(api_ctx)
    res = await client.put(f"/api/link-reports/{TASK}", json={"user_id": "77010002", "instagram_link":
                           "https://www.instagram.com/p/AMPmember07/"}, headers=tok(world, "operator"))  # fmt: skip
    assert (res.status_code, res.json()["message"]) == (404, "Laporan link tidak ditemukan")
    res = await client.post("/api/link-reports", json={"shortcode": TASK, "user_id": "77010002", "instagram_link":
                            "https://www.instagram.com/p/AMPmember08/"}, headers=tok(world, "operator"))  # fmt: skip
    assert res.status_code == 201, res.text
    res = await client.put(f"/api/link-reports/{TASK}", json={"user_id": "77010002", "twitter_link":
                           "https://x.com/anggota/status/1234567890"}, headers=tok(world, "operator"))  # fmt: skip
    assert res.status_code == 200 and res.json()["data"]["twitter_link"]
    assert res.json()["data"]["instagram_link"]
    res = await client.delete(f"/api/link-reports/{TASK}?user_id=77010002", headers=tok(world, "directorate"))
    assert res.status_code == 403
    res = await client.delete(f"/api/link-reports/{TASK}?user_id=77010002", headers=tok(world, "operator"))
    assert res.status_code == 200
    res = await client.delete(f"/api/link-reports/{TASK}?user_id=77010002", headers=tok(world, "operator"))
    assert res.status_code == 404


async def test_api77_khusus_validation_order(client: httpx.AsyncClient, world) -> None:
    cases = [
        ({}, 400, "client_id is required"),
        ({"client_id": "POLRES_A"}, 400, "instagram_link is required"),
        ({"client_id": "POLRES_A", "instagram_link": "bukan tautan"}, 400, "instagram_link must be a valid URL"),
        ({"client_id": "POLRES_A", "instagram_link": "https://www.tiktok.com/@a/video/1234567890123456789"}, 400,
         "instagram_link must be a valid Instagram post URL"),
        ({"client_id": "POLRES_A", "instagram_link": "https://www.instagram.com/p/KHUSUS0001/",
          "facebook_link": "https://facebook.com/x/posts/1"}, 400,
         "Only instagram_link is allowed for special assignment uploads"),
    ]  # fmt: skip
    for body, status, message in cases:
        res = await client.post("/api/link-reports-khusus", json=body, headers=tok(world, "personnel"))
        assert (res.status_code, res.json()["message"]) == (status, message), body
    res = await client.post("/api/link-reports-khusus", json={"client_id": "POLRES_B", "instagram_link":
                            "https://www.instagram.com/p/KHUSUS0001/"}, headers=tok(world, "personnel"))  # fmt: skip
    assert res.status_code == 403


async def test_api77_khusus_registration_and_ownership(
    client: httpx.AsyncClient, world, api_ctx, fake_rapidapi: FakeRapidApi
) -> None:
    fake_rapidapi.instagram.add_post("akun.khusus.a", "KHUSUS0002", taken_at=now_utc())
    link = "https://www.instagram.com/p/KHUSUS0002/"
    await client.post("/api/link-reports-khusus", json={"client_id": "POLRES_A", "instagram_link": link},
                      headers=tok(world, "personnel"))  # fmt: skip
    async with api_ctx.db.uow() as uow:
        owner = (
            await uow.execute("SELECT client_id FROM insta_post_khusus WHERE shortcode = 'KHUSUS0002'")
        ).scalar()
    assert owner == "POLRES_A"
    res = await client.post("/api/link-reports-khusus", json={"client_id": "POLRES_B", "user_id": "77020002",
                            "instagram_link": link}, headers=tok(world, "admin"))  # fmt: skip
    assert res.status_code == 409 and res.json()["message"].startswith("Link tugas khusus sudah diinput")
    res = await client.post("/api/link-reports-khusus", json={"client_id": "POLRES_A", "instagram_link":
                            "https://www.instagram.com/p/HILANG0003/"}, headers=tok(world, "personnel"))  # fmt: skip
    assert (res.status_code, res.json()["message"]) == (404, "Post Instagram tidak ditemukan")


async def test_api77_khusus_upload_is_recorded(
    client: httpx.AsyncClient, world, fake_rapidapi: FakeRapidApi
) -> None:
    fake_rapidapi.instagram.add_post("akun.khusus.a", "KHUSUS0004", taken_at=now_utc())
    res = await client.post("/api/link-reports-khusus", json={"client_id": "POLRES_A", "instagram_link":
                            "https://www.instagram.com/p/KHUSUS0004/"}, headers=tok(world, "personnel"))  # fmt: skip
    assert res.status_code == 201, res.text
    report = res.json()["data"]
    assert (report["shortcode"], report["user_id"], report["report_source"]) == (
        "KHUSUS0004",
        "77010001",
        "api",
    )
    assert report["instagram_link"] == "https://www.instagram.com/p/KHUSUS0004/"
