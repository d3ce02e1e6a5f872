"""Manual post input (46, 47) and task-post removal (53): the link prompts and the confirmation.

Navigation words (`back`, `kembali`, `0`, `menu`, `batal`) never reach these steps: the framework
handles them first, so they can never be taken for a shortcode (DIR-0.10, DIR-90).
"""

from __future__ import annotations

import logging

from core.amplify.shortlinks import ShortLinkResolver, cached_resolver
from core.ingest.context import ClientAccounts, load_client
from core.manual_posts.deps import open_ingest_deps
from core.manual_posts.register import error_ref, register_posts
from core.manual_posts.render import render_manual_input
from core.post_candidates import Candidate, ParsedPosts, Platform, parse_posts
from core.task_posts import (
    NotInTaskList,
    TaskPost,
    find_task_post,
    remove_task_post,
    render_confirmation,
    render_not_found,
    render_removal,
)
from menus.dirrequest.base import MENU, denied, still_allowed
from menus.dirrequest.run import actor_tag
from menus.framework.context import StepContext
from menus.framework.menu import OptionHandler
from menus.framework.reply import Reply
from menus.framework.vocabulary import yes_no

log = logging.getLogger(__name__)

IG_PROMPT = "\n".join(
    [
        "📥 *Input IG post manual*",
        "Kirim satu atau beberapa link post/reel Instagram (maksimal 10, pisahkan dengan spasi atau baris baru).",
        "Contoh: https://www.instagram.com/p/XXXXXXXXXXX/",
        "Shortcode saja (mis. XXXXXXXXXXX) juga diterima.",
        "Ketik *back* untuk kembali ke menu atau *batal* untuk menutup.",
    ]
)
TT_PROMPT = "\n".join(
    [
        "📥 *Input TikTok post manual*",
        "Kirim link post TikTok, shortlink, atau video ID numerik (maksimal 10).",
        "Contoh: https://www.tiktok.com/@akun/video/7000000000000000000",
        "Contoh shortlink: https://vt.tiktok.com/XXXXXXXXX/",
        "Ketik *back* untuk kembali ke menu atau *batal* untuk menutup.",
    ]
)
DELETE_PROMPT = "\n".join(
    [
        "🗑️ *Hapus post tugas*",
        "Kirim link post tugas yang ingin dihapus dari daftar tugas client. Instagram atau TikTok dikenali otomatis.",
        "Contoh: https://www.instagram.com/p/XXXXXXXXXXX/ atau https://www.tiktok.com/@akun/video/7000000000000000000",
        "Menghapus post juga menghapus data engagement yang tersimpan (likes/komentar dan laporan link amplifikasi),"
        " dan post tidak akan masuk daftar tugas client lagi.",
        "Ketik *back* untuk kembali ke menu atau *batal* untuk menutup.",
    ]
)

IG_INVALID = "❌ Link Instagram tidak valid. Kirim URL post/reel Instagram yang benar atau ketik *batal*."
TT_INVALID = "❌ Input TikTok tidak valid. Kirim link post TikTok atau video ID numerik, atau ketik *batal*."
IG_ONLY_TIKTOK = "❌ Itu link/ID TikTok. Gunakan menu 47 untuk TikTok, atau kirim link Instagram di sini."
TT_ONLY_IG = "❌ Itu post Instagram. Gunakan menu 46 untuk Instagram, atau kirim link TikTok di sini."
DELETE_UNKNOWN = "❌ Link tidak dikenali. Kirim link post Instagram/TikTok yang valid atau ketik *batal*."
AUTO_INVALID = "❌ Link tidak dikenali. Kirim link Instagram/TikTok yang valid (termasuk shortlink TikTok) atau ketik *batal*."
AUTO_PROMPT = "\n".join(
    [
        "📥 *Input post manual (IG/TikTok)*",
        "Kirim link post Instagram atau TikTok (shortlink juga bisa, maksimal 10); platform dikenali dari tiap link.",
        "Contoh: https://www.instagram.com/p/XXXXXXXXXXX/",
        "Contoh: https://www.tiktok.com/@akun/video/7000000000000000000",
        "Contoh shortlink: https://vt.tiktok.com/XXXXXXXXX/",
        "Ketik *back* untuk kembali ke menu atau *batal* untuk menutup.",
    ]
)
DELETE_ONE = "❌ Kirim satu link atau ID saja untuk satu kali penghapusan."


def resolver(ctx: StepContext) -> ShortLinkResolver:
    """Short links are resolved by following redirects (cached); tests inject their own resolver."""
    injected = ctx.services.extra.get("shortlink_resolver")
    return injected if injected is not None else cached_resolver(ctx.services.redis)


async def _client(ctx: StepContext) -> ClientAccounts:
    return await load_client(ctx.uow, ctx.client_id or "")


async def _register(ctx: StepContext, parts: list[tuple[Platform, ParsedPosts]]) -> Reply:
    """Register each platform's part; one message, the Instagram part first (DIR-46.6, DIR-60.6)."""
    client = await _client(ctx)
    texts = []
    async with open_ingest_deps(ctx.services) as deps:
        for platform, parsed in parts:
            result = await register_posts(
                deps, client.client_id, platform, parsed, ctx.received_at, actor=actor_tag(ctx)
            )
            texts.append(render_manual_input(result, client.tiktok))
    return Reply.text("\n\n".join(texts)).then_menu()


async def _run_input(ctx: StepContext, parts: list[tuple[Platform, ParsedPosts]]) -> Reply:
    count = sum(len(p.candidates) for _, p in parts)
    if count > 1:  # DIR-0.12: several links are heavy

        async def job(job_ctx: StepContext) -> Reply:
            return await _register(job_ctx, parts)

        return Reply.nothing().background(f"Memproses {count} link, mohon tunggu...", job)
    return await _register(ctx, parts)


async def _manual_input(ctx: StepContext, text: str, platform: Platform) -> Reply:
    if not still_allowed(ctx):
        return denied()
    if not text.strip():  # DIR-46.2: an empty message re-sends the prompt
        return Reply.text(ctx.prompt or "", code="invalid_value").stay()
    parsed = await parse_posts(text, {platform}, resolver(ctx))
    if not parsed.candidates:
        other = parsed.only_other_platform
        if platform == "instagram":
            hint = IG_ONLY_TIKTOK if other == "tiktok" else IG_INVALID
        else:
            hint = TT_ONLY_IG if other == "instagram" else TT_INVALID
        return ctx.reprompt(hint, code="invalid_value", exact=True)
    return await _run_input(ctx, [(platform, parsed)])


@MENU.step(name="input_ig_manual")
async def input_ig_manual(ctx: StepContext, text: str) -> Reply:
    return await _manual_input(ctx, text, "instagram")


@MENU.step(name="input_tiktok_manual")
async def input_tiktok_manual(ctx: StepContext, text: str) -> Reply:
    return await _manual_input(ctx, text, "tiktok")


async def input_post_manual(ctx: StepContext, text: str) -> Reply:
    """DIR-60.6: the chakranarayana variant of 46 detects the platform of every link (step of that view)."""
    if not still_allowed(ctx):
        return denied()
    if not text.strip():
        return Reply.text(ctx.prompt or "", code="invalid_value").stay()
    parsed = await parse_posts(text, {"instagram", "tiktok"}, resolver(ctx))
    if not parsed.candidates:
        return ctx.reprompt(AUTO_INVALID, code="invalid_value", exact=True)
    ig = ParsedPosts([c for c in parsed.candidates if c.platform == "instagram"], parsed.rejections,
                     parsed.ignored_over_limit)  # fmt: skip
    tt = ParsedPosts([c for c in parsed.candidates if c.platform == "tiktok"])
    if not ig.candidates:
        tt.rejections, tt.ignored_over_limit = ig.rejections, ig.ignored_over_limit
    parts: list[tuple[Platform, ParsedPosts]] = [
        (p, x) for p, x in (("instagram", ig), ("tiktok", tt)) if x.candidates
    ]
    return await _run_input(ctx, parts)


@MENU.step(name="delete_task_post")
async def delete_task_post(ctx: StepContext, text: str) -> Reply:
    if not still_allowed(ctx):
        return denied()
    parsed = await parse_posts(text, {"instagram", "tiktok"}, resolver(ctx))
    if len(parsed.candidates) > 1:
        return ctx.reprompt(DELETE_ONE, code="invalid_value", exact=True)
    if not parsed.candidates:
        return ctx.reprompt(DELETE_UNKNOWN, code="invalid_value", exact=True)
    cand = parsed.candidates[0]
    client = await _client(ctx)
    try:
        post = await find_task_post(ctx.services.db, client, cand)
    except NotInTaskList as exc:
        return ctx.reprompt(render_not_found(exc, client), code="not_found", exact=True)
    ctx.data["pending_removal"] = {
        "platform": post.platform,
        "content_id": post.content_id,
        "link": text.strip(),
    }
    return Reply.nothing().ask(delete_task_post_confirm, render_confirmation(post))


@MENU.step(choice=True, name="delete_task_post_confirm")
async def delete_task_post_confirm(ctx: StepContext, text: str) -> Reply:
    answer = yes_no(text)
    if answer is None:
        return ctx.reprompt(
            "Balas *ya* untuk menghapus atau *tidak* untuk membatalkan.", code="invalid_choice"
        )
    pending = ctx.data.pop("pending_removal", None) or {}
    if not answer:
        return Reply.text("✅ Penghapusan post tugas dibatalkan.").then_menu()
    if not still_allowed(ctx):
        return denied()
    client = await _client(ctx)
    try:
        post: TaskPost = await find_task_post(
            ctx.services.db, client, Candidate(pending["platform"], pending["content_id"], pending["link"])
        )
        removal = await remove_task_post(ctx.services.db, client, post, pending["link"], ctx.services.redis)
    except NotInTaskList as exc:
        return Reply.text(render_not_found(exc, client)).then_menu()
    except Exception:  # DIR-53.7: nothing changed (one transaction), the menu follows
        ref = error_ref()
        log.exception("task_post_removal_failed", extra={"ref": ref, "content_id": pending.get("content_id")})
        return Reply.text(
            f"❌ Gagal menghapus post tugas: kesalahan internal, tidak ada data yang berubah. (ref: {ref})"
        ).then_menu()
    return Reply.text(render_removal(removal, client)).then_menu()


def ask_manual(platform: Platform) -> OptionHandler:
    async def handler(ctx: StepContext) -> Reply:
        if not still_allowed(ctx):
            return denied()
        if platform == "instagram":
            return Reply.nothing().ask(input_ig_manual, IG_PROMPT)
        return Reply.nothing().ask(input_tiktok_manual, TT_PROMPT)

    return handler


async def ask_delete(ctx: StepContext) -> Reply:
    if not still_allowed(ctx):
        return denied()
    return Reply.nothing().ask(delete_task_post, DELETE_PROMPT)
