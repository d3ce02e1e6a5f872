"""Complaint messages (§15: CONV-200..208): recognition, parsing, scope, automatic check, diagnosis,
reply, repeat/limit rules and the username-change confirmation `ya konfirmasi ig|tiktok`.

Used as a structured message (private chats and allow-listed groups) and by clientrequest →
Response Komplain (CONV-155, admin scope).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from core.amplify.tasks import TaskClient, open_tasks, reporter_by_user_id, task_clients
from core.email.messages import complaint_mail
from core.email.outbox import enqueue_email
from core.phones import normalize_phone, phone_to_jid
from core.social.handles import HandleError, parse_handle
from core.timefmt import hari_tanggal, jam
from core.timewindow import today_wib
from menus.framework import REGISTRY, Reply, StepContext, Structured, authorize
from menus.userrequest import rules
from menus.userrequest.blocks import load_user, own_record

ISSUE_HEADERS = (
    "kendala", "rincian kendala", "detail kendala", "uraian kendala", "keterangan kendala",
    "deskripsi kendala", "kendala yang dihadapi", "kendala yang dialami", "kendala berikut",
)  # fmt: skip
FIELD_KEYS = [
    ("nrp/nip", "nrp"), ("nrp", "nrp"), ("nip", "nrp"), ("nama", "name"), ("polres", "unit"), ("satker", "unit"),
    ("username instagram", "instagram"), ("username ig", "instagram"), ("instagram", "instagram"), ("ig", "instagram"),
    ("username tiktok", "tiktok"), ("tiktok", "tiktok"),
]  # fmt: skip
TOPICS = {
    "instagram": ("instagram", "ig", "insta", "like", "likes"),
    "tiktok": ("tiktok", "tik tok", "tt", "komentar", "comment"),
    "amplifikasi": ("link", "amplifikasi", "share", "repost", "absen kurang", "terabsen kurang"),
    "data": ("nama", "pangkat", "satfung", "jabatan", "username", "ganti", "update"),
}
MARKERS = re.compile(r"^\s*(?:[-•●*_]+|\d+[.)])\s*")
CONFIRM_TTL_S = 900


@dataclass
class Complaint:
    fields: dict[str, str] = field(default_factory=dict)
    issues: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _clean_line(line: str) -> str:
    return line.strip().lstrip("*_ ").rstrip("*: ").strip()


def _header_index(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        text = MARKERS.sub("", line).strip().lstrip("*_").strip().lower()
        if text.startswith("pesan komplain"):
            return i
    return None


def _field(line: str) -> tuple[str, str] | None:
    text = MARKERS.sub("", line).replace("：", ":").strip().strip("*_")
    if ":" not in text:
        return None
    key, value = text.split(":", 1)
    k = " ".join(key.strip().strip("*_").lower().split())
    for prefix, name in FIELD_KEYS:
        if k == prefix or (k.startswith(prefix) and len(prefix) > 2):
            return name, value.strip().strip("*_").strip()
    return None


def recognise(message) -> bool:
    """CONV-200: the `Pesan Komplain` header line (NRP field checked by the handler)."""
    text = message.text or ""
    first = text.strip().split(maxsplit=1)[0].lower() if text.strip() else ""
    return first not in ("wagateway", "wabot") and _header_index(text.split("\n")) is not None


def parse(text: str) -> Complaint | None:
    """CONV-201."""
    lines = text.split("\n")
    start = _header_index(lines)
    if start is None:
        return None
    out = Complaint()
    in_issues = False
    raw_issues: list[tuple[bool, str]] = []
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        found = _field(line)
        if found:
            out.fields.setdefault(found[0], found[1])
            continue
        stripped = _clean_line(MARKERS.sub("", line)).lower()
        is_head = stripped in ISSUE_HEADERS or any(stripped.startswith(h + ":") for h in ISSUE_HEADERS)
        if is_head:
            in_issues = True
            after = line.split(":", 1)[1].strip().strip("*_").strip() if ":" in line else ""
            if after:
                raw_issues.append((False, after))
            continue
        if in_issues:
            raw_issues.append((bool(MARKERS.match(line)), MARKERS.sub("", line).strip()))
    any_marker = any(m for m, _ in raw_issues)
    merged: list[str] = []
    for marked, text_ in raw_issues:
        if any_marker and not marked and merged:
            merged[-1] += " " + text_
        else:
            merged.append(text_)
    for issue in merged:
        issue = " ".join(issue.split())
        if not issue:
            continue
        issue = issue[0].upper() + issue[1:]
        out.issues.append(issue if issue[-1] in ".!?" else issue + ".")
    for platform in ("instagram", "tiktok"):
        raw = out.fields.get(platform)
        if raw:
            try:
                out.fields[platform] = parse_handle(raw, platform)  # type: ignore[arg-type]
            except HandleError as exc:
                out.fields.pop(platform)
                if exc.reason == "content_link":
                    out.notes.append(f"Username {platform} berisi link konten; yang diharapkan link profil.")
    return out


def topics(issues: list[str]) -> set[str]:
    found: set[str] = set()
    for issue in issues:
        words = f" {re.sub(r'[^a-z0-9]+', ' ', issue.lower())} "
        for topic, keys in TOPICS.items():
            if any(f" {k} " in words for k in keys):
                found.add(topic)
    return found


async def _engagement(ctx: StepContext, user: dict[str, Any], platform: str, handle: str) -> dict[str, Any]:
    """Recorded engagement of `handle` over the person's task posts: today and the last 7 days."""
    reporter = await reporter_by_user_id(ctx.uow, user["user_id"])
    clients = [c for c in await task_clients(ctx.uow, reporter) if c.active] if reporter else []
    today = today_wib(ctx.received_at)
    if platform == "instagram":
        week = await open_tasks(ctx.uow, clients, today, 7)
        ids = [t.shortcode for t in week]
        days = {t.shortcode: t.op_date for t in week}
        rows = await ctx.uow.execute(
            "SELECT shortcode AS id, likes AS people, updated_at FROM insta_like WHERE shortcode = ANY(:ids)",
            {"ids": ids},
        )
    else:
        lo = today - timedelta(days=6)
        from core.timewindow import range_window

        win = range_window(lo, today, today)
        vids = await ctx.uow.execute(
            "SELECT video_id, created_at FROM tiktok_post WHERE UPPER(client_id) = ANY(:c) AND created_at >= :lo AND created_at < :hi",
            {"c": [c.client_id.upper() for c in clients], "lo": win.start_utc, "hi": win.end_utc},
        )
        from core.timewindow import wib_date_of

        days = {r.video_id: wib_date_of(r.created_at) for r in vids}
        ids = list(days)
        rows = await ctx.uow.execute(
            "SELECT video_id AS id, comments AS people, updated_at FROM tiktok_comment WHERE video_id = ANY(:ids)",
            {"ids": ids},
        )
    done: set[str] = set()
    last_fetch = None
    for r in rows:
        people = r.people if isinstance(r.people, list) else json.loads(r.people or "[]")
        names = {str(p.get("username") if isinstance(p, dict) else p).lower().lstrip("@") for p in people}
        if handle in names:
            done.add(r.id)
        if days.get(r.id) == today and (last_fetch is None or r.updated_at > last_fetch):
            last_fetch = r.updated_at
    today_ids = [i for i in ids if days.get(i) == today]
    last_day = max((days[i] for i in done), default=None)
    return {
        "today_total": len(today_ids),
        "today_done": len([i for i in today_ids if i in done]),
        "week_total": len(ids),
        "week_done": len(done),
        "last_day": last_day,
        "last_fetch": last_fetch,
        "missing_today": [i for i in today_ids if i not in done],
        "missing_week": [i for i in ids if i not in done],
    }


async def _profile(ctx: StepContext, platform: str, handle: str) -> dict[str, Any] | None:
    from core.manual_posts.deps import open_ingest_deps

    try:
        async with open_ingest_deps(ctx.services) as deps:
            if platform == "instagram":
                data = await asyncio.wait_for(deps.social.instagram.profile(handle), 10)
                return {
                    "exists": bool(data), "private": bool(data.get("is_private")), "posts": data.get("media_count"),
                    "followers": data.get("follower_count"), "following": data.get("following_count"),
                    "photo": bool(data.get("profile_pic_url")),
                }  # fmt: skip
            data = await asyncio.wait_for(deps.social.tiktok.user_info(handle), 10)
            return {
                "exists": bool(data), "private": bool(data.get("private") or data.get("privateAccount")),
                "posts": data.get("video_count"), "followers": data.get("follower_count"),
                "following": data.get("following_count"), "photo": bool(data.get("avatar_url")),
            }  # fmt: skip
    except Exception:  # noqa: BLE001 - EXTERNAL_NA: the check continues without the profile (CONV-204)
        return None


def _diagnose(
    user: dict[str, Any], stored: str | None, reported: str | None, prof: dict | None, eng: dict
) -> str:
    """CONV-205: first match."""
    if user.get("status") is False:
        return "USER_INACTIVE"
    if not stored:
        return "USERNAME_EMPTY"
    if reported and reported != stored:
        return "USERNAME_MISMATCH"
    if prof is not None and not prof["exists"]:
        return "ACCOUNT_NOT_FOUND"
    if prof is not None and prof["private"]:
        return "ACCOUNT_PRIVATE"
    total, done = (
        (eng["today_total"], eng["today_done"])
        if eng["today_total"]
        else (eng["week_total"], eng["week_done"])
    )
    if total and done >= total:
        return "RECORDED"
    if done:
        return "PARTIAL"
    if eng["today_total"] and eng["week_done"]:
        return "SYNC_PENDING"
    return "NOT_RECORDED"


ADVICE = {
    "USER_INACTIVE": "Minta operator satuan mengaktifkan kembali akun Anda.",
    "USERNAME_EMPTY": "Daftarkan username lewat *userrequest* atau minta operator satuan.",
    "USERNAME_MISMATCH": "Cicero memakai username yang tersimpan; konfirmasi perubahan dikirim ke nomor terdaftar.",
    "ACCOUNT_NOT_FOUND": "Akun tidak ditemukan; perbaiki username.",
    "ACCOUNT_PRIVATE": "Ubah akun menjadi publik.",
    "RECORDED": "Data sudah tercatat; rekap yang Anda lihat dibuat sebelum pengambilan data terakhir.",
    "PARTIAL": "Sebagian tugas belum tercatat; periksa tugas yang belum.",
    "SYNC_PENDING": "Kemungkinan belum diambil; tunggu pengambilan data berikutnya dan gunakan akun terdaftar.",
    "NOT_RECORDED": "Pastikan akun yang dipakai adalah akun terdaftar, publik, memiliki foto profil dan postingan.",
}


async def _check(ctx: StepContext, c: Complaint, user: dict[str, Any]) -> tuple[str, str, list[str]]:
    """The response text, its code, and the diagnosis and steps alone (the CONV-209 summary)."""
    tags = topics(c.issues)
    platforms = [p for p in ("instagram", "tiktok") if p in tags] or ["instagram", "tiktok"]
    lines = ["📋 *Hasil Pengecekan Komplain*", "", "👤 *Data Pelapor*"]
    lines += [
        f"NRP/NIP: {user['user_id']}", f"Nama: {user.get('nama') or '-'}", f"Pangkat: {user.get('title') or '-'}",
        f"Satfung: {user.get('divisi') or '-'}", f"Polres: {user.get('client_name') or user.get('client_id') or '-'}",
        f"Status: {'🔴 NONAKTIF' if user.get('status') is False else '🟢 AKTIF'}",
        f"Instagram: @{user.get('insta') or '-'}", f"TikTok: @{user.get('tiktok') or '-'}",
    ]  # fmt: skip
    if not ctx.is_group:
        lines.append(f"WhatsApp: {user.get('whatsapp') or '-'}")
    lines += ["", "*Rincian Kendala*"] + [f"{i}. {t}" for i, t in enumerate(c.issues, start=1)]
    steps: list[str] = []
    diagnoses: list[str] = []
    profiles: list[str] = []
    for platform in platforms:
        col = "insta" if platform == "instagram" else "tiktok"
        stored = (user.get(col) or "").lower().lstrip("@") or None
        reported = c.fields.get(platform)
        handle = stored or reported
        eng = await _engagement(ctx, user, platform, handle) if handle else {
            "today_total": 0, "today_done": 0, "week_total": 0, "week_done": 0, "last_day": None,
            "last_fetch": None, "missing_today": [], "missing_week": []}  # fmt: skip
        prof = await _profile(ctx, platform, handle) if handle else None
        label = "Instagram" if platform == "instagram" else "TikTok"
        if handle and prof is not None:
            profiles.append(
                f"{label} @{handle}: {'ada' if prof['exists'] else 'tidak ada'}, {'privat' if prof['private'] else 'publik'}, "
                f"post {prof['posts'] or 0}, pengikut {prof['followers'] or 0}, mengikuti {prof['following'] or 0}, "
                f"foto profil {'ada' if prof['photo'] else 'tidak ada'}"
            )
        elif handle:
            profiles.append(f"{label}: EXTERNAL_NA (profil tidak dapat diperiksa)")
        match = "belum terdaftar" if not stored else "tidak dilaporkan" if not reported else (
            "cocok" if reported == stored else "tidak cocok")  # fmt: skip
        block = [
            f"🔎 *{label}*",
            f"Username: terdaftar @{stored or '-'}, dilaporkan @{reported or '-'} ({match})",
        ]
        block.append(f"Hari ini: {eng['today_done']} dari {eng['today_total']} konten tercatat")
        block.append(f"7 hari terakhir: {eng['week_done']} dari {eng['week_total']} konten")
        block.append(f"Terakhir tercatat: {hari_tanggal(eng['last_day']) if eng['last_day'] else '-'}")
        if eng["last_fetch"] is not None:
            block.append(f"Pengambilan data terakhir hari ini: {jam(eng['last_fetch'])} WIB")
        if user.get("exception"):
            block.append("Personel exception selalu dihitung sudah melaksanakan.")
        code = _diagnose(user, stored, reported, prof, eng)
        if prof is not None and (not prof["photo"] or not prof["posts"]):
            code += " + LOW_TRUST"
        diagnoses.append(f"{label}: {code}")
        steps.append(ADVICE[code.split(" ")[0]])
        lines += ["", *block]
        if code.startswith("USERNAME_MISMATCH") and reported:
            await _offer_confirmation(ctx, user, platform, reported)
    if profiles:
        lines += ["", "📱 *Status Akun Sosial Media*", *profiles]
    if "amplifikasi" in tags:
        reporter = await reporter_by_user_id(ctx.uow, user["user_id"])
        clients: list[TaskClient] = (
            [c for c in await task_clients(ctx.uow, reporter) if c.active] if reporter else []
        )
        todays = [t for t in await open_tasks(ctx.uow, clients, today_wib(ctx.received_at), 1)]
        done = {
            r[0]
            for r in await ctx.uow.execute(
                "SELECT shortcode FROM link_report WHERE user_id = :u UNION SELECT shortcode FROM link_report_khusus WHERE user_id = :u",
                {"u": user["user_id"]},
            )
        }
        missing = [t.link for t in todays if t.shortcode not in done][:10]
        lines += ["", "🔗 *Amplifikasi*"] + (missing or ["Semua tugas hari ini sudah dilaporkan."])
        lines.append("Laporkan link dengan membalas pesan tugas atau menyertakan link post resmi.")
    outcome = ["*Diagnosis*", *diagnoses, "", "*Langkah tindak lanjut*"]
    outcome += [f"{i}. {s}" for i, s in enumerate(dict.fromkeys(steps), start=1)]
    lines += ["", *outcome]
    if c.notes:
        lines += ["", *c.notes]
    return "\n".join(lines), "complaint_checked", outcome


async def _offer_confirmation(ctx: StepContext, user: dict[str, Any], platform: str, handle: str) -> None:
    """CONV-208: ask the number bound to the NRP to confirm the reported handle."""
    if not user.get("whatsapp"):
        return
    try:
        await rules.parse_handle_field(ctx.uow, handle, platform, user["user_id"])  # type: ignore[arg-type]
    except rules.RuleError:
        return
    short = "ig" if platform == "instagram" else "tiktok"
    redis = ctx.services.redis
    await redis.client.set(
        redis.key("confirm", user["whatsapp"], short),
        json.dumps({"nrp": user["user_id"], "handle": handle}),
        ex=CONFIRM_TTL_S,
    )
    stored = user.get("insta" if platform == "instagram" else "tiktok") or "-"
    ctx.pending_out = getattr(ctx, "pending_out", [])  # type: ignore[attr-defined]
    ctx.pending_out.append(  # type: ignore[attr-defined]
        (
            phone_to_jid(user["whatsapp"]),
            f"⚠️ *Konfirmasi Perubahan Username*\n{'Instagram' if platform == 'instagram' else 'TikTok'}: "
            f"terdaftar @{stored}, dilaporkan @{handle}.\nBalas tepat *ya konfirmasi {short}* dalam 15 menit untuk mengganti.",
        )
    )


async def check_complaint(ctx: StepContext, text: str, *, admin_scope: bool = False) -> Reply:
    ctx.pending_out = []  # type: ignore[attr-defined]  # CONV-208 confirmations to other numbers
    complaint = parse(text)
    if complaint is None:
        return Reply.nothing()
    if "nrp" not in complaint.fields:
        if ctx.is_group:
            return Reply.nothing(code="complaint_format")
        return Reply.text(
            "ℹ️ Format komplain:\nPesan Komplain\nNRP: 81120345\nNama: BUDI\nKendala:\n- likes belum tercatat",
            code="complaint_format",
        )
    try:
        nrp = rules.parse_nrp(complaint.fields["nrp"])
    except rules.RuleError as exc:
        return Reply.text(f"❌ {exc.reason}", code="invalid_value")
    user = await load_user(ctx.uow, nrp)
    if user is None:
        return Reply.text(f"❌ NRP/NIP {nrp} tidak ditemukan.", code="not_found")
    if not admin_scope and not await _allowed(ctx, user):
        return Reply.text("❌ Personel tersebut di luar cakupan client Anda.", code="deny_scope")
    if not complaint.issues:
        return Reply.text(
            "ℹ️ Tuliskan kendala di bawah baris *Kendala*, satu per baris.", code="complaint_no_issue"
        )
    redis = ctx.services.redis
    digest = hashlib.sha256(f"{ctx.sender}|{nrp}|{'|'.join(complaint.issues)}".encode()).hexdigest()[:24]
    if not await redis.client.set(redis.key("complaint", "seen", digest), "1", nx=True, ex=600):
        return Reply.text(
            "ℹ️ Komplain yang sama sudah diperiksa dalam 10 menit terakhir.", code="complaint_repeat"
        )
    rate_key = redis.key("complaint", "rate", ctx.sender or "-")
    count = await redis.client.incr(rate_key)
    if count == 1:
        await redis.client.expire(rate_key, 3600)
    if count > 10:
        return Reply.text("❌ Terlalu banyak komplain dari nomor ini dalam satu jam.", code="rate_limited")
    text_out, code, outcome = await _check(ctx, complaint, user)
    reply = Reply.text(text_out, code=code)
    for to, msg in getattr(ctx, "pending_out", []):
        reply = reply.and_text(msg, to=to)
    reply = await _tell_the_person(ctx, user, text_out, outcome, digest, reply)
    if not user.get("whatsapp") and any("USERNAME_MISMATCH" in line for line in text_out.split("\n")):
        reply = reply.and_text(
            "Personel belum punya nomor terdaftar: daftar lewat *userrequest* atau minta operator."
        )
    return reply


async def _tell_the_person(
    ctx: StepContext, user: dict[str, Any], text_out: str, outcome: list[str], digest: str, reply: Reply
) -> Reply:
    """CONV-209: a complaint made by someone else (an operator, an admin, a group) also reaches the
    person: a short summary on their bound number, else the whole response by e-mail (JOB-63,
    through the durable email outbox), else nothing."""
    bound = normalize_phone(user.get("whatsapp"))
    if not ctx.is_group and bound is not None and normalize_phone(ctx.sender) == bound:
        return reply  # the person asked themselves
    name = user.get("nama") or user["user_id"]
    if bound is not None:
        summary = [
            f"📋 *Tindak Lanjut Komplain*\nKomplain atas nama {name} ({user['user_id']}) sudah diperiksa.",
            "",
        ]
        return reply.and_text("\n".join([*summary, *outcome]), to=phone_to_jid(bound))
    email = (user.get("email") or "").strip()
    if email:
        await enqueue_email(
            ctx.uow,
            email,
            complaint_mail(name, text_out),
            origin="complaint",
            idempotency_key=f"complaint:{digest}",
        )
    return reply


async def _allowed(ctx: StepContext, user: dict[str, Any]) -> bool:
    """CONV-40 complaint row; in allow-listed groups: personnel of the group's client(s)."""
    if ctx.is_group:
        rows = await ctx.uow.execute(
            "SELECT client_id FROM clients WHERE client_group ILIKE :g", {"g": f"%{ctx.chat_id}%"}
        )
        return (user.get("client_id") or "").upper() in {r.client_id.upper() for r in rows}
    access = authorize(ctx.actor, "complaint")
    if not access.allowed:
        return False
    if access.scope is None:
        return True
    if access.code == "own_nrp":
        own = await own_record(ctx.uow, ctx.sender)
        return own is not None and own["user_id"] == user["user_id"]
    ids = {c.client_id.upper() for c in access.scope}
    return (user.get("client_id") or "").upper() in ids or bool(
        ids & {r.upper() for r in user.get("roles") or []}
    )


async def handle_complaint(ctx: StepContext, text: str) -> Reply:
    if not ctx.is_group and not authorize(ctx.actor, "complaint").allowed:
        return Reply.text(
            "❌ Daftarkan nomor Anda terlebih dahulu lewat *userrequest*.", code="register_first"
        )
    return await check_complaint(ctx, text)


# --- `ya konfirmasi ig|tiktok` (CONV-208) ---------------------------------------------------------

CONFIRM_RE = re.compile(r"^\s*ya konfirmasi (ig|tiktok)\s*$", re.IGNORECASE)


def recognise_confirmation(message) -> bool:
    return not message.is_group and CONFIRM_RE.match(message.text or "") is not None


async def handle_confirmation(ctx: StepContext, text: str) -> Reply:
    short = CONFIRM_RE.match(text).group(1).lower()  # type: ignore[union-attr]
    redis = ctx.services.redis
    key = redis.key("confirm", ctx.sender or "-", short)
    raw = await redis.client.get(key)
    if not raw:
        return Reply.nothing(code="no_pending")  # ordinary text from any other number
    pending = json.loads(raw)
    user = await own_record(ctx.uow, ctx.sender)
    if user is None or user["user_id"] != pending["nrp"]:
        return Reply.nothing(code="no_pending")
    platform = "instagram" if short == "ig" else "tiktok"
    try:
        value = await rules.parse_handle_field(ctx.uow, pending["handle"], platform, user["user_id"])
    except rules.RuleError as exc:
        await redis.client.delete(key)
        return Reply.text(f"❌ {exc.reason}", code="invalid_value")
    from core.accounts.access import Caller
    from menus.userrequest.menu import write_field

    caller = Caller("personnel", user_id=user["user_id"], actor_id=ctx.sender, channel="whatsapp")
    await write_field(ctx, caller, user, "insta" if platform == "instagram" else "tiktok", value)
    await redis.client.delete(key)
    return Reply.text(
        f"✅ Username {'Instagram' if platform == 'instagram' else 'TikTok'} diganti menjadi @{value}.",
        code="updated",
    )


REGISTRY.add_structured(
    Structured(
        name="username_confirm",
        capability="complaints",
        recognise=recognise_confirmation,
        handle=handle_confirmation,
        order=40,
        entry=None,
        private=True,
        groups=False,
    )  # fmt: skip
)
REGISTRY.add_structured(
    Structured(
        name="complaint",
        capability="complaints",
        recognise=recognise,
        handle=handle_complaint,
        order=70,
        entry="complaint",
        private=True,
        groups=True,
    )  # fmt: skip
)
