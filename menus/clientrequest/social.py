"""clientrequest → `2️⃣ Operasional Media Sosial` (CONV-150..154)."""

from __future__ import annotations

from datetime import timedelta

from core.ingest.context import load_client as load_accounts
from core.ingest.manual import ManualInputError, register_tiktok_post
from core.manual_posts.deps import open_ingest_deps
from core.post_candidates import Candidate
from core.reports import ReportError, build_report
from core.social.links import tiktok_video_id
from core.task_posts import (
    NotInTaskList,
    find_task_post,
    remove_task_post,
    render_confirmation,
    render_removal,
)
from core.timefmt import jam_upload, tgl_panjang
from core.timewindow import to_wib, today_wib
from menus.clientrequest.menu import AFTER_PICK, MENU, guarded, picker, still_admin
from menus.clientrequest.users import aggregator_start
from menus.framework import Reply, StepContext, group, option, parse_number
from menus.framework.menu import ask
from menus.oprrequest.common import report_reply
from menus.oprrequest.fetching import engagement_text, fetch, posts_text, todays_instagram_links

MODES_PROMPT = (
    "Pilih mode absensi:\n1️⃣ Akumulasi (Semua)\n2️⃣ Hanya Sudah\n3️⃣ Hanya Belum\n"
    "4️⃣ Per Konten (Semua)\n5️⃣ Per Konten Sudah\n6️⃣ Per Konten Belum"
)
MODES = {1: ("UNIT", "all"), 2: ("UNIT", "sudah"), 3: ("UNIT", "belum"), 4: ("KONTEN", "all"),
         5: ("KONTEN", "sudah"), 6: ("KONTEN", "belum")}  # fmt: skip


def _ctx_line(ctx: StepContext) -> str:
    return f"*{ctx.data.get('client_nama', ctx.client_id)}* ({ctx.client_id})"


async def _named(ctx: StepContext) -> None:
    row = (
        await ctx.uow.execute(
            "SELECT nama FROM clients WHERE UPPER(client_id) = UPPER(:c)", {"c": ctx.client_id or ""}
        )
    ).first()
    ctx.data["client_nama"] = row.nama if row else ctx.client_id


async def _after_ig(ctx: StepContext) -> Reply:
    await _named(ctx)
    return Reply.nothing().show(IG)


async def _after_tt(ctx: StepContext) -> Reply:
    await _named(ctx)
    return Reply.nothing().show(TT)


AFTER_PICK["instagram"] = _after_ig
AFTER_PICK["tiktok"] = _after_tt


def _fetch_posts(platform: str):
    async def handler(ctx: StepContext) -> Reply:
        cid = ctx.client_id or ""

        async def job(jctx: StepContext) -> Reply:
            result, error = await fetch(jctx, cid, [platform], posts_only=True)
            if error or result is None:
                return Reply.text(f"❌ Fetch gagal: {error}", code="fetch_failed").then_menu()
            if platform == "instagram":
                links = [f"{x}/" for x in await todays_instagram_links(jctx, cid)]
            else:
                from menus.oprrequest.fetching import todays_tiktok_videos

                videos = await todays_tiktok_videos(jctx, cid)
                links = [
                    f"https://www.tiktok.com/@{v['client_tiktok'] or ''}/video/{v['video_id']}"
                    for v in videos
                ]
            return Reply.text(posts_text(result, platform, links), code="fetched").then_menu()

        return Reply.nothing().background("Processing fetch data...", job)

    return guarded(handler)


def _fetch_engagement(platform: str):
    async def handler(ctx: StepContext) -> Reply:
        cid = ctx.client_id or ""

        async def job(jctx: StepContext) -> Reply:
            result, error = await fetch(jctx, cid, [platform], engagement_only=True)
            if error or result is None:
                return Reply.text(f"❌ Fetch gagal: {error}", code="fetch_failed").then_menu()
            texts = [engagement_text(s) for s in result.engagement.values()]
            return Reply.text("\n".join(texts) or "ℹ️ Tidak ada yang diambil.", code="fetched").then_menu()

        return Reply.nothing().background("Processing fetch data...", job)

    return guarded(handler)


def _attendance(platform: str):
    async def handler(ctx: StepContext) -> Reply:
        ctx.data["att_platform"] = platform
        return Reply.nothing().ask(attendance_mode, MODES_PROMPT)

    return guarded(handler)


@MENU.step(choice=True)
async def attendance_mode(ctx: StepContext, text: str) -> Reply:
    n = parse_number(text)
    if n not in MODES:
        return ctx.reprompt("Pilihan tidak dikenal. Balas angka 1–6.", code="invalid_choice")
    shape, mode = MODES[n]
    prefix = "REP-IG" if ctx.data.get("att_platform") == "instagram" else "REP-TT"
    return (await report_reply(ctx, f"{prefix}-{shape}", ctx.client_id or "", mode=mode)).then_menu()


# --- TikTok manual fetch / delete (CONV-152 items 4, 5) ------------------------------------------


@MENU.step
async def tiktok_manual(ctx: StepContext, text: str) -> Reply:
    if not tiktok_video_id(text.strip()) and "tiktok.com" not in text:
        return ctx.reprompt("Format link/ID TikTok tidak dikenali. Kirim link video TikTok atau ID videonya.")
    try:
        async with open_ingest_deps(ctx.services) as deps:
            token = text.strip()
            if not tiktok_video_id(token):
                from core.amplify.shortlinks import cached_resolver

                token = await cached_resolver(ctx.services.redis)(token) or token
            reg = await register_tiktok_post(deps, ctx.client_id or "", token, input_time=ctx.received_at)
    except ManualInputError as exc:
        return ctx.reprompt(exc.message)
    when = reg.original_created_at or reg.created_at
    caption = (reg.caption or "").strip()[:200] or "-"
    return Reply.text(
        "\n".join(
            [
                "✅ Konten TikTok tercatat",
                f"Client: {reg.client_id}",
                f"Video ID: {reg.post_id}",
                f"Upload: {tgl_panjang(to_wib(when))} {jam_upload(when)} WIB" if when else "Upload: -",
                f"Likes: {reg.like_count if reg.like_count is not None else '-'}",
                f"Komentar: {reg.comment_count if reg.comment_count is not None else '-'}",
                f"Caption: {caption}",
            ]
        ),
        code="tiktok_registered",
    ).then_menu()


@MENU.step
async def tiktok_delete(ctx: StepContext, text: str) -> Reply:
    video_id = tiktok_video_id(text.strip())
    if not video_id:
        return ctx.reprompt("Format link/ID TikTok tidak dikenali. Kirim link video TikTok atau ID videonya.")
    async with ctx.services.db.uow() as uow:
        accounts = await load_accounts(uow, ctx.client_id or "")
    try:
        post = await find_task_post(ctx.services.db, accounts, Candidate("tiktok", video_id, text.strip()))
    except NotInTaskList as exc:
        if exc.other_unit:
            return ctx.reprompt(f"Video ini milik {exc.other_unit}, bukan client ini.", code="not_found")
        return ctx.reprompt("Video tidak ditemukan.", code="not_found")
    ctx.data["delete_video"] = {"id": video_id, "token": text.strip()}
    return Reply.text(render_confirmation(post)).ask(
        tiktok_delete_confirm, "Ketik *ya hapus* untuk menghapus konten ini, atau *back* untuk batal."
    )


@MENU.step(choice=True)
async def tiktok_delete_confirm(ctx: StepContext, text: str) -> Reply:
    if " ".join(text.lower().split()) != "ya hapus":
        return ctx.reprompt(
            "Ketik tepat *ya hapus* untuk menghapus, atau *back* untuk batal.", code="invalid_choice"
        )
    info = ctx.data.get("delete_video", {})
    async with ctx.services.db.uow() as uow:
        accounts = await load_accounts(uow, ctx.client_id or "")
    try:
        post = await find_task_post(ctx.services.db, accounts, Candidate("tiktok", info["id"], info["token"]))
    except NotInTaskList:
        return Reply.text("❌ Video sudah tidak ada.", code="not_found").then_menu()
    removal = await remove_task_post(ctx.services.db, accounts, post, info["token"], ctx.services.redis)
    return Reply.text(render_removal(removal, accounts), code="tiktok_deleted").then_menu()


IG = MENU.level(
    "ig_ops",
    title="Proses Instagram",
    top=False,
    context_line=lambda ctx: f"Proses Instagram untuk {_ctx_line(ctx)}:",
    items=(
        group(
            None,
            option("Fetch Konten IG", _fetch_posts("instagram"), key="posts"),
            option("Fetch Likes IG", _fetch_engagement("instagram"), key="likes"),
            option("Absensi Likes IG", _attendance("instagram"), key="att"),
        ),
    ),
)

TT = MENU.level(
    "tt_ops",
    title="Proses TikTok",
    top=False,
    context_line=lambda ctx: f"Proses TikTok untuk {_ctx_line(ctx)}:",
    items=(
        group(
            None,
            option("Fetch Konten", _fetch_posts("tiktok"), key="posts"),
            option("Fetch Komentar", _fetch_engagement("tiktok"), key="comments"),
            option("Absensi Komentar", _attendance("tiktok"), key="att"),
            option(
                "Manual Fetch Konten TikTok",
                guarded(ask(tiktok_manual, "Kirim link video TikTok, short link, atau ID video.")),
                key="manual",
            ),
            option(
                "Hapus Konten TikTok",
                guarded(ask(tiktok_delete, "Kirim link atau ID video TikTok yang akan dihapus.")),
                key="delete",
            ),
        ),
    ),
)


# --- Absensi Username Instagram / TikTok (CONV-153) -----------------------------------------------

USERNAME_MODES = {1: "all", 2: "sudah", 3: "belum"}
USERNAME_MODE_PROMPT = (
    "Pilih tipe absensi username:\n1. Semua\n2. Sudah\n3. Belum\nBalas 1–3, *back* untuk kembali."
)


def _username_after_pick(platform: str):
    async def after(ctx: StepContext) -> Reply:
        ctx.data["username_platform"] = platform
        return Reply.nothing().ask(username_mode, USERNAME_MODE_PROMPT)

    return after


AFTER_PICK["username_instagram"] = _username_after_pick("instagram")
AFTER_PICK["username_tiktok"] = _username_after_pick("tiktok")


@MENU.step(choice=True)
async def username_mode(ctx: StepContext, text: str) -> Reply:
    n = parse_number(text)
    if n not in USERNAME_MODES:
        return ctx.reprompt("Pilihan tidak dikenal. Balas angka 1–3.", code="invalid_choice")
    if not still_admin(ctx):
        return Reply.text("❌ Anda tidak memiliki akses ke menu ini.", code="deny_admin")
    platform = ctx.data.get("username_platform", "instagram")
    reply = await report_reply(
        ctx, "REP-USERNAME-PLATFORM", ctx.client_id or "", mode=USERNAME_MODES[n], variant=platform
    )
    return reply.show(SOCIAL)


# --- Download Sheet Amplifikasi (CONV-154) -------------------------------------------------------


def _sheet(last_month: bool):
    async def after(ctx: StepContext) -> Reply:
        cid = ctx.client_id or ""
        today = today_wib(ctx.received_at)
        ref = today.replace(day=1) - timedelta(days=1) if last_month else today

        async def job(jctx: StepContext) -> Reply:
            try:
                out = await build_report(
                    jctx.services.db, "XLS-AMP-MONTH", client_id=cid, ref_date=ref, now=jctx.received_at
                )
            except ReportError as exc:
                return Reply.text(f"❌ {exc.message}", code="report_error").show(SOCIAL)
            if not out.files:
                return Reply.text(out.text or "ℹ️ Tidak ada data.", code="empty").show(SOCIAL)
            reply = Reply.text(out.text, code="sheet") if out.text else Reply.nothing(code="sheet")
            for f in out.files:
                reply = reply.and_document(f.name, f.content, mimetype=f.mimetype)
            return reply.show(SOCIAL)

        return Reply.nothing().background("Menyiapkan sheet amplifikasi...", job)

    return after


AFTER_PICK["sheet_this"] = _sheet(False)
AFTER_PICK["sheet_last"] = _sheet(True)

SOCIAL = MENU.level(
    "social",
    title="Operasional Media Sosial",
    top=False,
    items=(
        group(
            None,
            option("Proses Instagram", picker("instagram", "instagram"), key="ig"),
            option("Proses TikTok", picker("tiktok", "tiktok"), key="tt"),
            option("Absensi Username Instagram", picker("active", "username_instagram"), key="user_ig"),
            option("Absensi Username TikTok", picker("active", "username_tiktok"), key="user_tt"),
            option("Download Sheet Amplifikasi", picker("active", "sheet_this"), key="sheet"),
            option(
                "Download Sheet Amplifikasi Bulan sebelumnya",
                picker("active", "sheet_last"),
                key="sheet_last",
            ),
            option("Refresh Aggregator Direktorat", guarded(aggregator_start), key="aggregator"),
        ),
    ),
)
