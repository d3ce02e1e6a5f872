"""The outbox API (DLV-1..DLV-7): normalised recipients, idempotency, chunking, documents."""

from __future__ import annotations

import pytest

from core.outbox import (
    OutboxError,
    chunk_text,
    enqueue_document,
    enqueue_text,
    key_for,
    mime_for,
    safe_file_name,
)


async def rows(db, sql="SELECT * FROM wa_outbox ORDER BY outbox_id"):
    async with db.uow() as uow:
        return (await uow.execute(sql)).mappings().all()


async def test_enqueue_text_normalises_chat_and_is_idempotent_dlv5(db):
    async with db.uow() as uow:
        first = await enqueue_text(
            uow,
            "0812-1111-2222",
            "Halo",
            origin="reply",
            idempotency_key="reply:main:M1:0",
            session="main",
            priority=0,
        )
        again = await enqueue_text(
            uow,
            "6281211112222",
            "Halo",
            origin="reply",
            idempotency_key="reply:main:M1:0",
            session="main",
            priority=0,
        )
        await uow.commit()
    assert len(first) == 1 and again == []
    (row,) = await rows(db)
    assert row["chat_id"] == "6281211112222@s.whatsapp.net"
    assert row["idempotency_key"] == "reply:main:M1:0:1"
    assert row["allow_fallback"] is False and row["expires_at"] is not None  # DLV-15, DLV-18
    assert row["status"] == "pending" and row["max_attempts"] == 5


async def test_enqueue_rejects_bad_recipient_and_empty_text(db):
    async with db.uow() as uow:
        with pytest.raises(OutboxError) as bad:
            await enqueue_text(uow, "12345", "x", origin="system", idempotency_key="sys:1")
        assert bad.value.reason.startswith("invalid_recipient")
        with pytest.raises(OutboxError):
            await enqueue_text(uow, "6281211112222", "  \n ", origin="system", idempotency_key="sys:2")
    assert await rows(db) == []


def test_chunking_prefers_blank_lines_then_lines_dlv6():
    para = ("a" * 300 + "\n") * 5
    text = (para + "\n") * 4  # 4 paragraphs of ~1505 chars
    parts = chunk_text(text, 4000)
    assert len(parts) == 2 and all(len(p) <= 4000 for p in parts)
    assert parts[0].endswith("a") and not parts[1].startswith("\n")
    hard = "👍🏽" * 3000
    pieces = chunk_text(hard, 1001)
    assert "".join(pieces) == hard and all(len(p) <= 1001 for p in pieces)
    assert all(not p.startswith("\U0001f3fd") for p in pieces)  # skin tone never split off
    assert chunk_text("short", 4000) == ["short"]


async def test_long_text_becomes_ordered_parts(db):
    text = "\n".join(f"baris {i} " + "x" * 80 for i in range(200))
    async with db.uow() as uow:
        ids = await enqueue_text(uow, "6281211112222", text, origin="job:x", idempotency_key="job:x:1")
        await uow.commit()
    got = await rows(db)
    assert len(ids) == len(got) > 1
    assert [r["part_index"] for r in got] == list(range(1, len(got) + 1))
    assert "".join(r["body"] + "\n" for r in got).strip() == text
    assert got[0]["allow_fallback"] is True and got[0]["session_name"] == "main"


async def test_document_stored_once_with_mime_and_caption_dlv3_dlv7(db):
    async with db.uow() as uow:
        ids = await enqueue_document(
            uow,
            "120363000000000001@g.us",
            b"PK\x03\x04data",
            "Rekap: Nov/2026.xlsx",
            caption="Rekap",
            origin="job:y",
            idempotency_key="job:y:1",
        )
        again = await enqueue_document(
            uow,
            "120363000000000001@g.us",
            b"PK\x03\x04data",
            "Rekap: Nov/2026.xlsx",
            origin="job:y",
            idempotency_key="job:y:1",
        )
        await uow.commit()
    assert len(ids) == 1 and again == []
    (doc,) = await rows(db, "SELECT * FROM wa_outbox_document")
    assert doc["file_name"] == "Rekap_ Nov_2026.xlsx"
    assert doc["mimetype"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    (row,) = await rows(db)
    assert row["kind"] == "document" and row["body"] == "Rekap" and row["document_id"] == doc["document_id"]


async def test_long_caption_goes_as_text_after_document(db):
    async with db.uow() as uow:
        await enqueue_document(
            uow, "6281211112222", b"x", "a.txt", caption="c" * 2000, origin="api", idempotency_key="api:r:1"
        )
        await uow.commit()
    got = await rows(db)
    assert [r["kind"] for r in got] == ["document", "text"] and got[0]["body"] is None


def test_pure_helpers():
    assert key_for("k" * 300).startswith("h:") and key_for("short") == "short"
    assert mime_for("x.csv") == "text/csv" and mime_for("x.bin") == "application/octet-stream"
    assert len(safe_file_name("a" * 200 + ".xlsx")) == 120 and safe_file_name("a" * 200 + ".xlsx").endswith(
        ".xlsx"
    )


async def test_requeue_and_cancel_dlv17(db):
    from core.outbox import cancel, requeue, requeue_recent_dead

    async with db.uow() as uow:
        (dead,) = await enqueue_text(uow, "6281211112222", "a", origin="system", idempotency_key="r1")
        (live,) = await enqueue_text(uow, "6281211112223", "b", origin="system", idempotency_key="r2")
        (old,) = await enqueue_text(uow, "6281211112224", "c", origin="system", idempotency_key="r3")
        await uow.execute(
            "UPDATE wa_outbox SET status = 'dead_letter', attempt_count = 5 WHERE outbox_id IN (:a, :b)",
            {"a": dead, "b": old},
        )
        await uow.execute(
            "UPDATE wa_outbox SET updated_at = now() - interval '2 days' WHERE outbox_id = :b", {"b": old}
        )
        assert await requeue(uow, dead) is True
        assert await requeue(uow, live) is False  # only dead/expired rows are re-queued
        assert await cancel(uow, live) is True and await cancel(uow, live) is False
        assert await requeue_recent_dead(uow) == 0  # the other dead letter is older than 24 h
        await uow.commit()
    got = {r["outbox_id"]: r for r in await rows(db)}
    assert (got[dead]["status"], got[dead]["attempt_count"], got[dead]["idempotency_key"]) == (
        "pending",
        0,
        "r1:1",
    )
    assert got[live]["status"] == "canceled" and got[old]["status"] == "dead_letter"
